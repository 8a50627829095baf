// Map settings: items, item selector, concurrency, tolerated failure and the processor's mode.
import type { InspectorContext } from "./inspectorContext";
import { JsonField, NumberField, Section, SelectField, TextField } from "./fields";
import { setField } from "./stateFields";

export function MapSettings({ context }: { context: InspectorContext }) {
  const { state, change, problems, jsonata } = context;
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  const processorKey = "ItemProcessor" in state || !("Iterator" in state) ? "ItemProcessor" : "Iterator";
  const processor = (state[processorKey] ?? {}) as Record<string, unknown>;
  const config = (processor.ProcessorConfig ?? {}) as Record<string, unknown>;
  const setConfig = (key: string, value: unknown) => {
    const nextConfig = setField(config, key, value);
    const nextProcessor = setField(processor, "ProcessorConfig", Object.keys(nextConfig).length ? nextConfig : undefined);
    change(setField(state, processorKey, nextProcessor), `${processorKey}/ProcessorConfig`);
  };
  return (
    <Section title="Map settings">
      {jsonata ? (
        <JsonField label="Items" value={state.Items} onChange={set("Items")} problems={problems("/Items")} rows={2}
          help="A JSON array or a JSONata expression string; the state input when absent." />
      ) : (
        <TextField label="ItemsPath" value={state.ItemsPath} onChange={set("ItemsPath")} problems={problems("/ItemsPath")}
          placeholder="$.items" help="Where the array is in the input ($ when absent)." />
      )}
      <JsonField label="ItemSelector" value={state.ItemSelector} onChange={set("ItemSelector")} problems={problems("/ItemSelector")}
        help={jsonata ? "Each iteration's input; $states.context.Map.Item.Value is the item." : "Each iteration's input; $$.Map.Item.Value is the item."} />
      <NumberField label="MaxConcurrency" value={state.MaxConcurrency} onChange={set("MaxConcurrency")} problems={problems("/MaxConcurrency")}
        help="0 or empty: as many as possible." />
      {jsonata ? null : (
        <TextField label="MaxConcurrencyPath" value={state.MaxConcurrencyPath} onChange={set("MaxConcurrencyPath")} problems={problems("/MaxConcurrencyPath")} />
      )}
      <NumberField label="ToleratedFailurePercentage" value={state.ToleratedFailurePercentage} onChange={set("ToleratedFailurePercentage")}
        problems={problems("/ToleratedFailurePercentage")} />
      {jsonata ? null : (
        <TextField label="ToleratedFailurePercentagePath" value={state.ToleratedFailurePercentagePath}
          onChange={set("ToleratedFailurePercentagePath")} problems={problems("/ToleratedFailurePercentagePath")} />
      )}
      <NumberField label="ToleratedFailureCount" value={state.ToleratedFailureCount} onChange={set("ToleratedFailureCount")}
        problems={problems("/ToleratedFailureCount")} />
      {jsonata ? null : (
        <TextField label="ToleratedFailureCountPath" value={state.ToleratedFailureCountPath}
          onChange={set("ToleratedFailureCountPath")} problems={problems("/ToleratedFailureCountPath")} />
      )}
      <SelectField
        label="Processing mode"
        value={typeof config.Mode === "string" ? config.Mode : ""}
        options={[
          { value: "", label: "Inline (default)" },
          { value: "INLINE", label: "INLINE" },
          { value: "DISTRIBUTED", label: "DISTRIBUTED" },
        ]}
        onChange={(value) => setConfig("Mode", value || undefined)}
        problems={problems(`/${processorKey}/ProcessorConfig`)}
      />
      {config.Mode === "DISTRIBUTED" ? (
        <SelectField
          label="Child execution type"
          value={typeof config.ExecutionType === "string" ? config.ExecutionType : "STANDARD"}
          options={[{ value: "STANDARD", label: "STANDARD" }, { value: "EXPRESS", label: "EXPRESS" }]}
          onChange={(value) => setConfig("ExecutionType", value)}
        />
      ) : null}
    </Section>
  );
}
