// Readable one-line summaries of Choice rules for edge labels: `$.x == 3`, `And($.a > 1, $.b is present)`.
import { isRecord } from "./pointer";

const COMPARISONS: Record<string, string> = {
  Equals: "==",
  LessThan: "<",
  GreaterThan: ">",
  LessThanEquals: "<=",
  GreaterThanEquals: ">=",
};
const TYPE_PREFIXES = ["String", "Numeric", "Boolean", "Timestamp"];
const TYPE_TESTS: Record<string, string> = {
  IsNull: "null",
  IsPresent: "present",
  IsNumeric: "numeric",
  IsString: "string",
  IsBoolean: "boolean",
  IsTimestamp: "timestamp",
};

/** A JSONata `{% expr %}` shown as its expression; anything else as JSON. */
function jsonataExpression(text: string): string {
  const match = /^\{%([\s\S]*)%\}$/.exec(text.trim());
  return match ? match[1].trim() : text;
}

function comparison(rule: Record<string, unknown>): string | undefined {
  const variable = typeof rule.Variable === "string" ? rule.Variable : "?";
  for (const [key, value] of Object.entries(rule)) {
    if (key in TYPE_TESTS) return `${variable} is ${value === false ? "not " : ""}${TYPE_TESTS[key]}`;
    if (key === "StringMatches") return `${variable} matches ${JSON.stringify(value)}`;
    const prefix = TYPE_PREFIXES.find((p) => key.startsWith(p));
    if (!prefix) continue;
    let operator = key.slice(prefix.length);
    const isPath = operator.endsWith("Path");
    if (isPath) operator = operator.slice(0, -4);
    const symbol = COMPARISONS[operator];
    if (!symbol) continue;
    const operand = isPath && typeof value === "string" ? value : JSON.stringify(value);
    return `${variable} ${symbol} ${operand}`;
  }
  return undefined;
}

/** One Choice rule (or nested boolean expression) as text; never throws. */
export function summarizeChoiceRule(rule: unknown): string {
  if (!isRecord(rule)) return "?";
  if (typeof rule.Condition === "string") return jsonataExpression(rule.Condition);
  if (typeof rule.Condition === "boolean") return String(rule.Condition);
  if (Array.isArray(rule.And)) return `And(${rule.And.map(summarizeChoiceRule).join(", ")})`;
  if (Array.isArray(rule.Or)) return `Or(${rule.Or.map(summarizeChoiceRule).join(", ")})`;
  if (rule.Not !== undefined) return `Not(${summarizeChoiceRule(rule.Not)})`;
  return comparison(rule) ?? (typeof rule.Comment === "string" ? rule.Comment : "Rule");
}
