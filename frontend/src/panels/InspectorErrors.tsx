// Error handling: the Retry and Catch editors of Task, Parallel and Map states.
import type { InspectorContext } from "./inspectorContext";
import { targetOptions } from "./inspectorContext";
import { NumberField, Section, SelectField, TextField } from "./fields";
import {
  PREDEFINED_ERRORS, errorListFromText, errorListToText, newCatcher, newRetrier, setField, setListItem,
  type StateJson,
} from "./stateFields";

export function ErrorHandlingTab({ context }: { context: InspectorContext }) {
  const { state, change, problems } = context;
  const retriers = Array.isArray(state.Retry) ? (state.Retry as StateJson[]) : [];
  const catchers = Array.isArray(state.Catch) ? (state.Catch as StateJson[]) : [];
  const setItem = (key: "Retry" | "Catch", index: number, value: StateJson | undefined, field = "") =>
    change(setListItem(state, key, index, value), `${key}/${index}/${field}`);
  return (
    <>
      <datalist id="stepcraft-error-names">
        {PREDEFINED_ERRORS.map((name) => <option key={name} value={name} />)}
      </datalist>
      <Section title="Retry" actions={<button type="button" onClick={() => setItem("Retry", retriers.length, newRetrier())}>Add retrier</button>}>
        {retriers.length === 0 ? <p className="field-help">No retries: an error goes to the catchers at once.</p> : null}
        {retriers.map((retrier, index) => {
          const label = `Retrier ${index + 1}`;
          const at = `/Retry/${index}`;
          const set = (key: string) => (value: unknown) => setItem("Retry", index, setField(retrier, key, value), key);
          return (
            <fieldset key={index} className="error-item" data-testid={`retrier-${index + 1}`}>
              <legend>{label}</legend>
              <TextField label={`${label} errors`} value={errorListToText(retrier.ErrorEquals)} list="stepcraft-error-names"
                onChange={(text) => set("ErrorEquals")(errorListFromText(text ?? ""))} problems={problems(`${at}/ErrorEquals`)}
                help="ErrorEquals, comma separated (States.ALL matches any error)." />
              <NumberField label={`${label} interval seconds`} value={retrier.IntervalSeconds} onChange={set("IntervalSeconds")}
                problems={problems(`${at}/IntervalSeconds`)} placeholder="1" />
              <NumberField label={`${label} max attempts`} value={retrier.MaxAttempts} onChange={set("MaxAttempts")}
                problems={problems(`${at}/MaxAttempts`)} placeholder="3" />
              <NumberField label={`${label} backoff rate`} value={retrier.BackoffRate} onChange={set("BackoffRate")}
                problems={problems(`${at}/BackoffRate`)} placeholder="2.0" />
              <NumberField label={`${label} max delay seconds`} value={retrier.MaxDelaySeconds} onChange={set("MaxDelaySeconds")}
                problems={problems(`${at}/MaxDelaySeconds`)} />
              <SelectField label={`${label} jitter strategy`} value={typeof retrier.JitterStrategy === "string" ? retrier.JitterStrategy : ""}
                options={[{ value: "", label: "None (default)" }, { value: "FULL", label: "FULL" }, { value: "NONE", label: "NONE" }]}
                onChange={(value) => set("JitterStrategy")(value || undefined)} problems={problems(`${at}/JitterStrategy`)} />
              <button type="button" onClick={() => setItem("Retry", index, undefined)} aria-label={`Remove retrier ${index + 1}`}>
                Remove retrier
              </button>
            </fieldset>
          );
        })}
      </Section>
      <Section title="Catch" actions={
        <button type="button" onClick={() => setItem("Catch", catchers.length, newCatcher(context.siblings[0] ?? ""))}>
          Add catcher
        </button>
      }>
        {catchers.length === 0 ? <p className="field-help">No catchers: an error that outlasts the retries fails the workflow.</p> : null}
        {catchers.map((catcher, index) => {
          const label = `Catcher ${index + 1}`;
          const at = `/Catch/${index}`;
          const set = (key: string) => (value: unknown) => setItem("Catch", index, setField(catcher, key, value), key);
          return (
            <fieldset key={index} className="error-item" data-testid={`catcher-${index + 1}`}>
              <legend>{label}</legend>
              <TextField label={`${label} errors`} value={errorListToText(catcher.ErrorEquals)} list="stepcraft-error-names"
                onChange={(text) => set("ErrorEquals")(errorListFromText(text ?? ""))} problems={problems(`${at}/ErrorEquals`)} />
              <SelectField label={`${label} next state`} value={typeof catcher.Next === "string" ? catcher.Next : ""}
                options={targetOptions(context.siblings, catcher.Next, false)} onChange={set("Next")} problems={problems(`${at}/Next`)} />
              {context.jsonata ? null : (
                <TextField label={`${label} result path`} value={catcher.ResultPath === null ? "null" : catcher.ResultPath}
                  onChange={(value) => set("ResultPath")(value === "null" ? null : value)} problems={problems(`${at}/ResultPath`)}
                  placeholder="$" help="Where the error output ({Error, Cause}) goes in the input." />
              )}
              <button type="button" onClick={() => setItem("Catch", index, undefined)} aria-label={`Remove catcher ${index + 1}`}>
                Remove catcher
              </button>
            </fieldset>
          );
        })}
      </Section>
    </>
  );
}
