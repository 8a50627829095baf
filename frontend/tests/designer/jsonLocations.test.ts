import { describe, expect, it } from "vitest";
import { escapeToken, jsonLocations, rangeOfPointer, stateAtOffset, unescapeToken } from "../../src/designer/jsonLocations";

const TEXT = JSON.stringify(
  { StartAt: "A/B", States: { "A/B": { Type: "Pass", Next: "C" }, C: { Type: "Choice", Choices: [{ Variable: "$.x", IsNull: true, Next: "A/B" }] } } },
  null,
  2,
);

describe("jsonLocations", () => {
  const ranges = jsonLocations(TEXT);
  const at = (pointer: string) => {
    const range = ranges.get(pointer)!;
    return TEXT.slice(range.from, range.to);
  };

  it("maps pointers to the text of their values", () => {
    expect(at("/StartAt")).toBe('"A/B"');
    expect(at("/States/A~1B/Next")).toBe('"C"');
    expect(at("/States/C/Choices/0/IsNull")).toBe("true");
    expect(JSON.parse(at("/States/C"))).toEqual({ Type: "Choice", Choices: [{ Variable: "$.x", IsNull: true, Next: "A/B" }] });
    expect(at("")).toBe(TEXT);
  });

  it("records where a member's key starts", () => {
    const range = ranges.get("/States/C")!;
    expect(TEXT.slice(range.keyFrom!, range.keyFrom! + 3)).toBe('"C"');
  });

  it("falls back to the nearest existing ancestor", () => {
    expect(rangeOfPointer(ranges, "/States/C/Default")).toEqual(ranges.get("/States/C"));
    expect(rangeOfPointer(new Map(), "/x")).toBeUndefined();
  });

  it("keeps what it read before invalid JSON and never throws", () => {
    const partial = jsonLocations('{"a": 1, "b": [tru');
    expect(partial.get("/a")).toEqual({ from: 6, to: 7, keyFrom: 1 });
    expect(() => jsonLocations("{")).not.toThrow();
    expect(() => jsonLocations("")).not.toThrow();
  });

  it("escapes pointer tokens", () => {
    expect(escapeToken("a/b~c")).toBe("a~1b~0c");
    expect(unescapeToken("a~1b~0c")).toBe("a/b~c");
  });
});

describe("stateAtOffset", () => {
  const text = JSON.stringify(
    { StartAt: "P", States: { P: { Type: "Parallel", Branches: [{ StartAt: "In", States: { In: { Type: "Pass", End: true } } }], End: true } } },
    null,
    2,
  );
  const ranges = jsonLocations(text);
  it("finds the innermost state around a position", () => {
    expect(stateAtOffset(ranges, text.indexOf('"Pass"'))).toBe("/States/P/Branches/0/States/In");
    expect(stateAtOffset(ranges, text.indexOf('"Parallel"'))).toBe("/States/P");
    expect(stateAtOffset(ranges, text.indexOf('"P"'))).toBeNull(); // StartAt's value is no state
    expect(stateAtOffset(ranges, 0)).toBeNull();
  });
});
