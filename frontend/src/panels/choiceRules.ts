// The Choice rule builder's model: ASL's comparison operators and And/Or/Not nesting, on plain rule JSON.

export type Rule = Record<string, unknown>;
export type OperandKind = "string" | "number" | "boolean" | "timestamp" | "path" | "typeTest";

const SCALAR_OPERATORS: [prefix: string, kind: OperandKind][] = [
  ["String", "string"],
  ["Numeric", "number"],
  ["Timestamp", "timestamp"],
];
const RELATIONS = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

/** Every comparison operator ASL has, with the kind of value it compares with. */
export const OPERATORS: { name: string; kind: OperandKind; symbol: string }[] = [
  ...SCALAR_OPERATORS.flatMap(([prefix, kind]) =>
    RELATIONS.flatMap((relation) => [
      { name: `${prefix}${relation}`, kind, symbol: symbolOf(relation) },
      { name: `${prefix}${relation}Path`, kind: "path" as OperandKind, symbol: symbolOf(relation) },
    ]),
  ),
  { name: "StringMatches", kind: "string", symbol: "matches" },
  { name: "BooleanEquals", kind: "boolean", symbol: "==" },
  { name: "BooleanEqualsPath", kind: "path", symbol: "==" },
  ...["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"].map((name) => ({
    name,
    kind: "typeTest" as OperandKind,
    symbol: name.replace(/^Is/, "is ").toLowerCase(),
  })),
];

const BY_NAME = new Map(OPERATORS.map((operator) => [operator.name, operator]));

function symbolOf(relation: string): string {
  return { Equals: "==", LessThan: "<", GreaterThan: ">", LessThanEquals: "<=", GreaterThanEquals: ">=" }[relation]!;
}

export type RuleKind = "And" | "Or" | "Not" | "comparison" | "condition";

export function ruleKind(rule: Rule): RuleKind {
  if (Array.isArray(rule.And)) return "And";
  if (Array.isArray(rule.Or)) return "Or";
  if (rule.Not && typeof rule.Not === "object") return "Not";
  if (typeof rule.Condition === "string") return "condition";
  return "comparison";
}

/** The comparison operator key of a rule ("StringEquals"), or undefined. */
export function operatorOf(rule: Rule): string | undefined {
  return Object.keys(rule).find((key) => BY_NAME.has(key));
}

export function operandKind(operator: string): OperandKind {
  return BY_NAME.get(operator)?.kind ?? "string";
}

/** The operand as the text its input shows. */
export function operandText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The text of an operand input as the JSON value the operator takes (text kept when it is not one yet). */
export function operandValue(operator: string, text: string): unknown {
  switch (operandKind(operator)) {
    case "number": {
      const number = Number(text.trim());
      return text.trim() !== "" && Number.isFinite(number) ? number : text;
    }
    case "boolean":
    case "typeTest":
      return text === "true";
    default:
      return text;
  }
}

/** The default operand when switching to an operator of another kind. */
function defaultOperand(operator: string, previous: unknown): unknown {
  const kind = operandKind(operator);
  if (kind === "boolean" || kind === "typeTest") return typeof previous === "boolean" ? previous : true;
  if (kind === "number") return typeof previous === "number" ? previous : 0;
  if (kind === "path") return typeof previous === "string" && previous.startsWith("$") ? previous : "$.";
  return typeof previous === "string" && !previous.startsWith("$") ? previous : "";
}

/** Change a comparison's operator in place of the old one (the key keeps its position). */
export function setOperator(rule: Rule, operator: string): Rule {
  const old = operatorOf(rule);
  const value = defaultOperand(operator, old ? rule[old] : undefined);
  if (!old) return { ...rule, [operator]: value };
  const out: Rule = {};
  for (const [key, existing] of Object.entries(rule)) {
    if (key === old) out[operator] = value;
    else out[key] = existing;
  }
  return out;
}

export function newComparison(): Rule {
  return { Variable: "$.value", StringEquals: "" };
}

/** A new top-level rule (with its Next) in the query language of the state. */
export function newChoiceRule(next: string, jsonata: boolean): Rule {
  return jsonata ? { Condition: "{% $states.input.value = true %}", Next: next } : { ...newComparison(), Next: next };
}

/** The boolean-expression part of a rule: everything but Next, Comment and Assign. */
function expressionOf(rule: Rule): Rule {
  const { Next: _n, Comment: _c, Assign: _a, Output: _o, ...expression } = rule;
  void _n; void _c; void _a; void _o;
  return expression;
}

function withoutExpression(rule: Rule): Rule {
  const out: Rule = {};
  for (const key of ["Comment", "Next", "Assign", "Output"]) if (key in rule) out[key] = rule[key];
  return out;
}

/** Wrap the rule's expression in And/Or (with a second comparison) or Not; a top-level rule keeps its Next. */
export function wrapRule(rule: Rule, kind: "And" | "Or" | "Not"): Rule {
  const expression = expressionOf(rule);
  const { Next, Comment, Assign, Output } = withoutExpression(rule);
  const wrapped: Rule = kind === "Not" ? { Not: expression } : { [kind]: [expression, newComparison()] };
  return dropUndefined({ Comment, ...wrapped, Next, Assign, Output });
}

/** Replace an And/Or/Not with its first child expression (keeping Next). */
export function unwrapRule(rule: Rule): Rule {
  const kind = ruleKind(rule);
  const children = childrenOf(rule);
  if ((kind !== "And" && kind !== "Or" && kind !== "Not") || !children.length) return rule;
  const { Next, Comment, Assign, Output } = withoutExpression(rule);
  return dropUndefined({ Comment, ...children[0], Next, Assign, Output });
}

export function childrenOf(rule: Rule): Rule[] {
  const kind = ruleKind(rule);
  if (kind === "And" || kind === "Or") return rule[kind] as Rule[];
  if (kind === "Not") return [rule.Not as Rule];
  return [];
}

/** A path of child indexes from a rule to one of its nested rules ([] is the rule itself). */
export type RulePath = number[];

export function updateRuleAt(rule: Rule, path: RulePath, update: (nested: Rule) => Rule | undefined): Rule | undefined {
  if (!path.length) return update(rule);
  const [index, ...rest] = path;
  const kind = ruleKind(rule);
  if (kind === "Not") {
    const child = updateRuleAt(rule.Not as Rule, rest, update);
    return child === undefined ? undefined : { ...rule, Not: child }; // removing Not's only child removes the Not
  }
  if (kind !== "And" && kind !== "Or") return rule;
  const children = [...(rule[kind] as Rule[])];
  const child = updateRuleAt(children[index], rest, update);
  if (child === undefined) children.splice(index, 1);
  else children[index] = child;
  return { ...rule, [kind]: children };
}

/** Add a comparison to the And/Or at `path`. */
export function addChildAt(rule: Rule, path: RulePath): Rule {
  return (
    updateRuleAt(rule, path, (nested) => {
      const kind = ruleKind(nested);
      return kind === "And" || kind === "Or" ? { ...nested, [kind]: [...(nested[kind] as Rule[]), newComparison()] } : nested;
    }) ?? rule
  );
}

/** A one-line summary of a rule, as edge labels and rule headers show it: `$.x == "a" and not $.y is null`. */
export function summarizeRule(rule: Rule): string {
  switch (ruleKind(rule)) {
    case "condition":
      return String(rule.Condition);
    case "Not":
      return `not (${summarizeRule(rule.Not as Rule)})`;
    case "And":
    case "Or": {
      const kind = ruleKind(rule);
      const parts = (rule[kind] as Rule[]).map((child) => {
        const text = summarizeRule(child);
        return ruleKind(child) === "And" || ruleKind(child) === "Or" ? `(${text})` : text;
      });
      return parts.join(kind === "And" ? " and " : " or ");
    }
    default: {
      const operator = operatorOf(rule);
      if (!operator) return String(rule.Variable ?? "?");
      const info = BY_NAME.get(operator)!;
      if (info.kind === "typeTest") return `${rule.Variable} ${rule[operator] === false ? "not " : ""}${info.symbol}`;
      const value = rule[operator];
      return `${rule.Variable} ${info.symbol} ${info.kind === "path" ? value : JSON.stringify(value)}`;
    }
  }
}

function dropUndefined(rule: Rule): Rule {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
}
