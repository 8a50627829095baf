import { describe, expect, it } from "vitest";
import {
  OPERATORS, addChildAt, newChoiceRule, operandValue, operatorOf, ruleKind, setOperator, summarizeRule, unwrapRule,
  updateRuleAt, wrapRule,
} from "../../src/panels/choiceRules";

describe("operators", () => {
  it("cover every comparison operator of ASL", () => {
    const names = OPERATORS.map((operator) => operator.name);
    for (const prefix of ["String", "Numeric", "Timestamp"]) {
      for (const relation of ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]) {
        expect(names).toContain(`${prefix}${relation}`);
        expect(names).toContain(`${prefix}${relation}Path`);
      }
    }
    for (const name of ["StringMatches", "BooleanEquals", "BooleanEqualsPath", "IsNull", "IsPresent", "IsNumeric",
      "IsString", "IsBoolean", "IsTimestamp"]) expect(names).toContain(name);
    expect(names.length).toBe(39); // 3×5×2 comparisons, StringMatches, BooleanEquals(Path), 6 type tests
  });

  it("converts operand text by the operator's kind", () => {
    expect(operandValue("NumericGreaterThan", "10")).toBe(10);
    expect(operandValue("NumericGreaterThan", "1e")).toBe("1e");
    expect(operandValue("BooleanEquals", "false")).toBe(false);
    expect(operandValue("IsPresent", "true")).toBe(true);
    expect(operandValue("StringEquals", "42")).toBe("42");
    expect(operandValue("NumericEqualsPath", "$.limit")).toBe("$.limit");
  });

  it("switches operators in place with a fitting operand", () => {
    const rule = { Variable: "$.n", StringEquals: "a", Next: "B" };
    const numeric = setOperator(rule, "NumericLessThan");
    expect(numeric).toEqual({ Variable: "$.n", NumericLessThan: 0, Next: "B" });
    expect(Object.keys(numeric)).toEqual(["Variable", "NumericLessThan", "Next"]);
    expect(setOperator(numeric, "NumericLessThanPath")).toEqual({ Variable: "$.n", NumericLessThanPath: "$.", Next: "B" });
    expect(setOperator(rule, "IsNull")).toEqual({ Variable: "$.n", IsNull: true, Next: "B" });
    expect(setOperator(rule, "StringMatches")).toEqual({ Variable: "$.n", StringMatches: "a", Next: "B" });
  });
});

describe("nesting", () => {
  const top = { Variable: "$.a", NumericEquals: 1, Next: "Done" };

  it("wraps a top-level rule in And, keeping Next at the rule", () => {
    const and = wrapRule(top, "And");
    expect(and).toEqual({ And: [{ Variable: "$.a", NumericEquals: 1 }, { Variable: "$.value", StringEquals: "" }], Next: "Done" });
    expect(ruleKind(and)).toBe("And");
    expect(unwrapRule(and)).toEqual({ Variable: "$.a", NumericEquals: 1, Next: "Done" });
  });

  it("wraps in Not and edits nested rules by path", () => {
    const not = wrapRule(top, "Not");
    expect(not).toEqual({ Not: { Variable: "$.a", NumericEquals: 1 }, Next: "Done" });
    const edited = updateRuleAt(not, [0], (rule) => setOperator(rule, "IsPresent"));
    expect(edited).toEqual({ Not: { Variable: "$.a", IsPresent: true }, Next: "Done" });
  });

  it("adds and removes children at any depth", () => {
    let rule = wrapRule(top, "Or");
    rule = updateRuleAt(rule, [1], (child) => wrapRule(child, "And"))!;
    rule = addChildAt(rule, [1]);
    expect((rule.Or as { And: unknown[] }[])[1].And).toHaveLength(3);
    rule = updateRuleAt(rule, [1, 2], () => undefined)!;
    expect((rule.Or as { And: unknown[] }[])[1].And).toHaveLength(2);
    rule = updateRuleAt(rule, [0], () => undefined)!;
    expect((rule.Or as unknown[]).length).toBe(1);
  });

  it("summarizes rules for labels", () => {
    expect(summarizeRule(top)).toBe("$.a == 1");
    expect(summarizeRule({ Variable: "$.s", StringEquals: "x" })).toBe('$.s == "x"');
    expect(summarizeRule({ Variable: "$.s", StringLessThanPath: "$.t" })).toBe("$.s < $.t");
    expect(summarizeRule({ Variable: "$.s", IsNull: false })).toBe("$.s not is null");
    expect(summarizeRule({ And: [top, { Not: { Variable: "$.b", BooleanEquals: true } }] })).toBe(
      "$.a == 1 and not ($.b == true)",
    );
    expect(summarizeRule({ Condition: "{% $x > 1 %}" })).toBe("{% $x > 1 %}");
  });

  it("creates rules in the state's query language", () => {
    expect(newChoiceRule("B", false)).toEqual({ Variable: "$.value", StringEquals: "", Next: "B" });
    expect(Object.keys(newChoiceRule("B", true))).toEqual(["Condition", "Next"]);
    expect(operatorOf({ Variable: "$.x", TimestampEqualsPath: "$.y" })).toBe("TimestampEqualsPath");
  });
});
