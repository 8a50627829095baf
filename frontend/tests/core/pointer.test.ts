import { describe, expect, it } from "vitest";
import { escapeToken, getAtPointer, isPointerPrefix, joinPointer, parsePointer, unescapeToken } from "../../src/core/pointer";

describe("JSON pointers", () => {
  it("escapes and parses RFC 6901 tokens", () => {
    expect(escapeToken("a/b~c")).toBe("a~1b~0c");
    expect(unescapeToken("a~1b~0c")).toBe("a/b~c");
    expect(unescapeToken("~01")).toBe("~1");
    expect(joinPointer("/States", "x/y", 0)).toBe("/States/x~1y/0");
    expect(parsePointer("/States/x~1y/0")).toEqual(["States", "x/y", "0"]);
    expect(parsePointer("")).toEqual([]);
  });

  it("reads values and tells ancestors token-wise", () => {
    const doc = { States: { "a/b": { Branches: [{ StartAt: "X" }] } } };
    expect(getAtPointer(doc, "/States/a~1b/Branches/0/StartAt")).toBe("X");
    expect(getAtPointer(doc, "/States/a~1b/Branches/01")).toBeUndefined();
    expect(getAtPointer(doc, "/States/missing/x")).toBeUndefined();
    expect(getAtPointer(doc, "/toString")).toBeUndefined();
    expect(getAtPointer(doc, "")).toBe(doc);
    expect(isPointerPrefix("/States/A", "/States/A/Next")).toBe(true);
    expect(isPointerPrefix("/States/A", "/States/AB")).toBe(false);
    expect(isPointerPrefix("", "/States")).toBe(true);
  });
});
