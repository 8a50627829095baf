import { describe, expect, it } from "vitest";
import { aslJson, aslYaml, parseJson, parseJsonOrYaml } from "../../src/designer/aslText";

describe("aslText", () => {
  it("writes 2-space JSON in the document's key order with a final newline", () => {
    const doc = { StartAt: "A", Comment: "ü", States: { A: { Type: "Pass", End: true } } };
    expect(aslJson(doc)).toBe(
      '{\n  "StartAt": "A",\n  "Comment": "ü",\n  "States": {\n    "A": {\n      "Type": "Pass",\n      "End": true\n    }\n  }\n}\n',
    );
  });

  it("round-trips through YAML", () => {
    const doc = { StartAt: "A", States: { A: { Type: "Wait", Seconds: 5, Next: "B" }, B: { Type: "Succeed" } } };
    expect(parseJsonOrYaml(aslYaml(doc))).toEqual({ ok: true, value: doc });
  });

  it("explains JSON it cannot read", () => {
    const result = parseJson('{"a": }');
    expect(result.ok).toBe(false);
    expect(parseJsonOrYaml("a: [1,\n").ok).toBe(false);
  });
});
