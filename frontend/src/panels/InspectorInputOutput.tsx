// Input/Output: the JSONPath processing stages (InputPath → Parameters → ResultSelector → ResultPath →
// OutputPath), or JSONata's Arguments/Output; Assign in both.
import type { InspectorContext } from "./inspectorContext";
import { JsonField, Section, TextField } from "./fields";
import { fieldSupport, setField } from "./stateFields";

/** The "key.$" fields of a payload template: the values it takes from the input or context. */
function dynamicKeys(template: unknown, prefix = ""): string[] {
  if (!template || typeof template !== "object" || Array.isArray(template)) return [];
  return Object.entries(template as Record<string, unknown>).flatMap(([key, value]) =>
    key.endsWith(".$") ? [`${prefix}${key} ← ${String(value)}`] : dynamicKeys(value, `${prefix}${key}.`),
  );
}

function PayloadTemplate({ label, value, onChange, problems, help }: {
  label: string; value: unknown; onChange: (value: unknown) => void;
  problems: import("../core/diagnostics").Diagnostic[]; help: string;
}) {
  const dynamic = dynamicKeys(value);
  return (
    <JsonField
      label={label}
      value={value}
      onChange={onChange}
      problems={problems}
      rows={6}
      help={
        <>
          {help} Keys ending in <code>.$</code> take a path ($.x, $$.Execution.Id) or an intrinsic function.
          {dynamic.length ? (
            <ul className="template-keys">{dynamic.map((line) => <li key={line}><code>{line}</code></li>)}</ul>
          ) : null}
        </>
      }
    />
  );
}

export function InputOutputTab({ context }: { context: InspectorContext }) {
  const { state, change, problems, jsonata } = context;
  const type = String(state.Type ?? "");
  const support = fieldSupport(type);
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  if (jsonata) {
    return (
      <Section title="Input and output (JSONata)">
        {support.parameters && type !== "Pass" ? (
          <JsonField label="Arguments" value={state.Arguments} onChange={set("Arguments")} problems={problems("/Arguments")}
            help="The task's or branches' input: JSON with {% … %} expressions." />
        ) : null}
        {support.output ? (
          <JsonField label="Output" value={state.Output} onChange={set("Output")} problems={problems("/Output")}
            help="The state's output; $states.result is the result, $states.input the input." />
        ) : null}
        {support.assign ? (
          <JsonField label="Assign" value={state.Assign} onChange={set("Assign")} problems={problems("/Assign")}
            help="Variables to set: {&quot;name&quot;: value or {% expression %}}." />
        ) : null}
        {!support.output ? <p className="field-help">A Fail state has no input or output processing.</p> : null}
      </Section>
    );
  }
  if (!support.inputOutputPaths) {
    return <Section title="Input and output"><p className="field-help">A Fail state has no input or output processing.</p></Section>;
  }
  return (
    <Section title="Input and output">
      <TextField label="InputPath" value={state.InputPath} onChange={set("InputPath")} problems={problems("/InputPath")}
        placeholder="$" help="The part of the state input it works on ($ when empty)." />
      {support.parameters ? (
        <PayloadTemplate label="Parameters" value={state.Parameters} onChange={set("Parameters")} problems={problems("/Parameters")}
          help={type === "Task" ? "The task's input (payload template)." : "The effective input (payload template)."} />
      ) : null}
      {support.resultSelector ? (
        <PayloadTemplate label="ResultSelector" value={state.ResultSelector} onChange={set("ResultSelector")} problems={problems("/ResultSelector")}
          help="Reshapes the result before ResultPath." />
      ) : null}
      {support.resultPath ? (
        <TextField label="ResultPath" value={state.ResultPath === null ? "null" : state.ResultPath}
          onChange={(value) => set("ResultPath")(value === "null" ? null : value)} problems={problems("/ResultPath")}
          placeholder="$" help="Where the result goes in the input ($ replaces it; null discards the result)." />
      ) : null}
      <TextField label="OutputPath" value={state.OutputPath} onChange={set("OutputPath")} problems={problems("/OutputPath")}
        placeholder="$" help="The part of the result passed on." />
      {support.assign ? (
        <JsonField label="Assign" value={state.Assign} onChange={set("Assign")} problems={problems("/Assign")}
          help="Workflow variables to set (read with $name)." />
      ) : null}
    </Section>
  );
}
