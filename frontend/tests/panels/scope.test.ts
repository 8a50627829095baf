import { describe, expect, it } from "vitest";
import { allStateNames, scopeStateNames, splitStatePointer } from "../../src/panels/scope";

const DOC = {
  StartAt: "P",
  States: {
    P: {
      Type: "Parallel",
      Branches: [{ StartAt: "A", States: { A: { Type: "Pass", Next: "B/1" }, "B/1": { Type: "Succeed" } } }],
      Next: "M",
    },
    M: { Type: "Map", ItemProcessor: { StartAt: "C", States: { C: { Type: "Pass", End: true } } }, End: true },
  },
};

describe("scope", () => {
  it("splits a state pointer into its scope and name", () => {
    expect(splitStatePointer("/States/P")).toEqual({ scope: "", name: "P" });
    expect(splitStatePointer("/States/P/Branches/0/States/B~11")).toEqual({ scope: "/States/P/Branches/0", name: "B/1" });
    expect(splitStatePointer("/States/P/Branches/0")).toBeNull();
    expect(splitStatePointer("")).toBeNull();
  });

  it("lists the transition targets of a scope", () => {
    expect(scopeStateNames(DOC, "")).toEqual(["P", "M"]);
    expect(scopeStateNames(DOC, "/States/P/Branches/0")).toEqual(["A", "B/1"]);
    expect(scopeStateNames(DOC, "/States/M/ItemProcessor")).toEqual(["C"]);
    expect(scopeStateNames(DOC, "/States/Nope")).toEqual([]);
  });

  it("lists every name of the definition", () => {
    expect(allStateNames(DOC)).toEqual(["P", "A", "B/1", "M", "C"]);
  });
});
