// The Choice rule builder: rules with And/Or/Not nesting, every comparison operator, Next per rule, Default.
import type { InspectorContext } from "./inspectorContext";
import { targetOptions } from "./inspectorContext";
import { Section, SelectField, TextField } from "./fields";
import {
  OPERATORS, addChildAt, childrenOf, newChoiceRule, operandKind, operandText, operandValue, operatorOf, ruleKind,
  setOperator, summarizeRule, unwrapRule, updateRuleAt, wrapRule, type Rule, type RulePath,
} from "./choiceRules";
import { setField, setListItem } from "./stateFields";

const OPERATOR_OPTIONS = OPERATORS.map((operator) => ({ value: operator.name, label: operator.name }));

export function ChoiceRules({ context }: { context: InspectorContext }) {
  const { state, change, problems } = context;
  const rules = Array.isArray(state.Choices) ? (state.Choices as Rule[]) : [];
  const setRule = (index: number, rule: Rule | undefined) => change(setListItem(state, "Choices", index, rule), `Choices/${index}`);
  const firstTarget = context.siblings[0] ?? "";
  return (
    <Section
      title="Choice rules"
      actions={
        <button type="button" onClick={() => setRule(rules.length, newChoiceRule(firstTarget, context.jsonata))}>
          Add rule
        </button>
      }
    >
      {rules.length === 0 ? <p className="field-help">A Choice needs at least one rule.</p> : null}
      {problems("/Choices").filter((p) => p.location.endsWith("/Choices")).map((p, i) => (
        <p key={i} className="problem-error">{p.message}</p>
      ))}
      {rules.map((rule, index) => (
        <fieldset className="choice-rule" key={index} data-testid={`choice-rule-${index + 1}`}>
          <legend>
            Rule {index + 1}: <span className="rule-summary">{summarizeRule(rule)}</span>
          </legend>
          <RuleEditor
            rule={rule}
            label={`Rule ${index + 1}`}
            path={[]}
            top
            onChange={(next) => setRule(index, next)}
            problems={(relative) => problems(`/Choices/${index}${relative}`)}
          />
          <SelectField
            label={`Rule ${index + 1} next state`}
            value={typeof rule.Next === "string" ? rule.Next : ""}
            options={targetOptions(context.siblings, rule.Next, false)}
            onChange={(value) => setRule(index, { ...rule, Next: value })}
            problems={problems(`/Choices/${index}/Next`)}
          />
          <div className="rule-actions">
            <button type="button" disabled={index === 0} onClick={() => change(setField(state, "Choices", swap(rules, index, index - 1)), "Choices")}>
              Move up
            </button>
            <button type="button" onClick={() => setRule(index, undefined)} aria-label={`Remove rule ${index + 1}`}>
              Remove rule
            </button>
          </div>
        </fieldset>
      ))}
      <SelectField
        label="Default state"
        value={typeof state.Default === "string" ? state.Default : ""}
        options={[{ value: "", label: "No default (States.NoChoiceMatched)" }, ...targetOptions(context.siblings, state.Default, false).slice(1)]}
        onChange={(value) => change(setField(state, "Default", value || undefined), "Default")}
        problems={problems("/Default")}
      />
    </Section>
  );
}

function swap<T>(list: T[], a: number, b: number): T[] {
  const copy = [...list];
  [copy[a], copy[b]] = [copy[b], copy[a]];
  return copy;
}

interface RuleEditorProps {
  rule: Rule;
  /** "Rule 1", "Rule 1.2": the prefix of every label inside, so each field has a unique label. */
  label: string;
  path: RulePath;
  top?: boolean;
  onChange: (rule: Rule | undefined) => void;
  problems: (relative: string) => import("../core/diagnostics").Diagnostic[];
}

function RuleEditor({ rule, label, top, onChange, problems }: RuleEditorProps) {
  const kind = ruleKind(rule);
  if (kind === "condition") {
    return (
      <TextField label={`${label} condition`} value={rule.Condition} onChange={(value) => onChange({ ...rule, Condition: value ?? "" })}
        problems={problems("/Condition")} help="A JSONata expression: {% … %}" />
    );
  }
  if (kind === "And" || kind === "Or" || kind === "Not") {
    const children = childrenOf(rule);
    const childPointer = (index: number) => (kind === "Not" ? "/Not" : `/${kind}/${index}`);
    return (
      <div className={`rule-group rule-${kind.toLowerCase()}`}>
        <div className="rule-group-header">
          <SelectField
            label={`${label} combinator`}
            value={kind}
            options={[{ value: "And", label: "And (all of)" }, { value: "Or", label: "Or (any of)" }, { value: "Not", label: "Not" }]}
            onChange={(value) => onChange(switchCombinator(rule, value as "And" | "Or" | "Not"))}
          />
          <button type="button" onClick={() => onChange(unwrapRule(rule))}>Ungroup</button>
          {kind !== "Not" ? (
            <button type="button" onClick={() => onChange(addChildAt(rule, []))}>Add condition</button>
          ) : null}
        </div>
        {children.map((child, index) => (
          <div className="rule-child" key={index}>
            <RuleEditor
              rule={child}
              label={`${label}.${index + 1}`}
              path={[index]}
              onChange={(next) => onChange(updateRuleAt(rule, [index], () => next) ?? (top ? { ...rule } : undefined))}
              problems={(relative) => problems(`${childPointer(index)}${relative}`)}
            />
          </div>
        ))}
      </div>
    );
  }
  const operator = operatorOf(rule) ?? "StringEquals";
  const kindOfOperand = operandKind(operator);
  return (
    <div className="rule-comparison">
      <TextField label={`${label} variable`} value={rule.Variable} onChange={(value) => onChange({ ...rule, Variable: value ?? "" })}
        problems={problems("/Variable")} placeholder="$.field" />
      <SelectField label={`${label} operator`} value={operator} options={OPERATOR_OPTIONS}
        onChange={(value) => onChange(setOperator(rule, value))} problems={problems(`/${operator}`)} />
      {kindOfOperand === "boolean" || kindOfOperand === "typeTest" ? (
        <SelectField label={`${label} value`} value={String(rule[operator] !== false)}
          options={[{ value: "true", label: "true" }, { value: "false", label: "false" }]}
          onChange={(value) => onChange({ ...rule, [operator]: operandValue(operator, value) })} />
      ) : (
        <TextField label={`${label} value`} value={operandText(rule[operator])}
          onChange={(value) => onChange({ ...rule, [operator]: operandValue(operator, value ?? "") })}
          placeholder={kindOfOperand === "path" ? "$.other" : kindOfOperand === "timestamp" ? "2030-01-01T00:00:00Z" : ""} />
      )}
      <div className="rule-actions">
        <button type="button" onClick={() => onChange(wrapRule(rule, "And"))}>And…</button>
        <button type="button" onClick={() => onChange(wrapRule(rule, "Or"))}>Or…</button>
        <button type="button" onClick={() => onChange(wrapRule(rule, "Not"))}>Not</button>
        {!top ? <button type="button" onClick={() => onChange(undefined)} aria-label={`Remove ${label}`}>Remove</button> : null}
      </div>
    </div>
  );
}

/** And ⇄ Or keeps the children; to Not keeps the first child; from Not to And/Or adds a second. */
function switchCombinator(rule: Rule, to: "And" | "Or" | "Not"): Rule {
  const from = ruleKind(rule);
  if (from === to) return rule;
  const children = childrenOf(rule);
  const { And: _a, Or: _o, Not: _n, ...rest } = rule;
  void _a; void _o; void _n;
  if (to === "Not") return { Not: children[0], ...rest };
  if (from === "Not") return wrapRule({ ...children[0], ...rest }, to);
  return { [to]: children, ...rest };
}
