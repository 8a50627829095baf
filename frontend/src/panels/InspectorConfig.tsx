// Configuration: name, comment, query language, the type's own fields and the transition.
import { useEffect, useId, useState } from "react";
import { newStateTemplate } from "../core/document";
import type { InspectorContext } from "./inspectorContext";
import { targetOptions } from "./inspectorContext";
import { JsonField, NumberField, Section, SelectField, TextField } from "./fields";
import { fieldSupport, setField, setFields, setTransition, textOrUndefined } from "./stateFields";
import { ChoiceRules } from "./InspectorChoice";
import { MapSettings } from "./InspectorMap";

const MAX_NAME = 80; // AWS's limit on state names

export function StateNameField({ name, taken, onRename }: { name: string; taken: string[]; onRename: (name: string) => void }) {
  const id = useId();
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const problem =
    text.trim() === "" ? "A state needs a name." :
    text.length > MAX_NAME ? `At most ${MAX_NAME} characters.` :
    text !== name && taken.includes(text) ? `There is already a state named ${text} here.` : null;
  const commit = () => {
    if (!problem && text !== name) onRename(text);
    else if (problem) setText(name);
  };
  return (
    <div className={`field${problem ? " field-invalid" : ""}`}>
      <label htmlFor={id}>State name</label>
      <input
        id={id}
        type="text"
        value={text}
        aria-invalid={Boolean(problem) || undefined}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit();
          if (event.key === "Escape") setText(name);
        }}
      />
      <div className="field-help">References to it (Next, Default, Catch, StartAt) follow a rename.</div>
      {problem ? <ul className="field-problems"><li className="problem-error">{problem}</li></ul> : null}
    </div>
  );
}

export function ConfigurationTab({ context, onRename }: { context: InspectorContext; onRename: (name: string) => void }) {
  const { state, change, problems } = context;
  const type = String(state.Type ?? "");
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  const support = fieldSupport(type);
  return (
    <>
      <Section title="Configuration">
        <StateNameField name={context.name} taken={context.allNames} onRename={onRename} />
        <div className="field">
          <span className="field-static-label">Type</span>
          <span className="field-static" data-testid="inspector-type">{type}</span>
        </div>
        <TextField label="Comment" value={state.Comment} onChange={set("Comment")} problems={problems("/Comment")} multiline />
        <SelectField
          label="QueryLanguage"
          value={typeof state.QueryLanguage === "string" ? state.QueryLanguage : ""}
          options={[
            { value: "", label: "Inherit from the workflow" },
            { value: "JSONPath", label: "JSONPath" },
            { value: "JSONata", label: "JSONata" },
          ]}
          onChange={(value) => set("QueryLanguage")(textOrUndefined(value))}
          problems={problems("/QueryLanguage")}
        />
        {type === "Task" ? <TaskFields context={context} /> : null}
        {type === "Pass" && !context.jsonata ? (
          <JsonField label="Result" value={state.Result} onChange={set("Result")} problems={problems("/Result")}
            help="A fixed output instead of the input (JSON)." />
        ) : null}
        {type === "Wait" ? <WaitFields context={context} /> : null}
        {type === "Fail" ? <FailFields context={context} /> : null}
        {type === "Parallel" ? <BranchesField context={context} /> : null}
        {support.transition ? (
          <SelectField
            label="Next state"
            value={typeof state.Next === "string" ? state.Next : ""}
            options={targetOptions(context.siblings, state.Next, true)}
            onChange={(value) => change(setTransition(state, value || null), "Next")}
            problems={[...problems("/Next"), ...problems("/End")]}
          />
        ) : null}
        {type === "Succeed" ? <p className="field-help">Succeed ends this workflow (or its branch) successfully.</p> : null}
      </Section>
      {type === "Choice" ? <ChoiceRules context={context} /> : null}
      {type === "Map" ? <MapSettings context={context} /> : null}
    </>
  );
}

function TaskFields({ context }: { context: InspectorContext }) {
  const { state, change, problems } = context;
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  return (
    <>
      <TextField
        label="Resource"
        value={state.Resource}
        onChange={set("Resource")}
        problems={problems("/Resource")}
        list="stepcraft-handler-arns"
        help="A function ARN of a registered handler, or arn:aws:states:::lambda:invoke with FunctionName."
      />
      <datalist id="stepcraft-handler-arns">
        {context.handlers.map((handler) => (
          <option key={handler.name} value={handler.arn}>{handler.description}</option>
        ))}
        <option value="arn:aws:states:::lambda:invoke">Lambda Invoke</option>
      </datalist>
      <NumberField label="TimeoutSeconds" value={state.TimeoutSeconds} onChange={set("TimeoutSeconds")} problems={problems("/TimeoutSeconds")} />
      <TextField label="TimeoutSecondsPath" value={state.TimeoutSecondsPath} onChange={set("TimeoutSecondsPath")} problems={problems("/TimeoutSecondsPath")} />
      <NumberField label="HeartbeatSeconds" value={state.HeartbeatSeconds} onChange={set("HeartbeatSeconds")} problems={problems("/HeartbeatSeconds")} />
      <TextField label="HeartbeatSecondsPath" value={state.HeartbeatSecondsPath} onChange={set("HeartbeatSecondsPath")} problems={problems("/HeartbeatSecondsPath")} />
    </>
  );
}

function WaitFields({ context }: { context: InspectorContext }) {
  const { state, change, problems } = context;
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  return (
    <>
      <p className="field-help">Exactly one of Seconds, Timestamp, SecondsPath or TimestampPath.</p>
      <NumberField label="Seconds" value={state.Seconds} onChange={set("Seconds")} problems={problems("/Seconds")} />
      <TextField label="Timestamp" value={state.Timestamp} onChange={set("Timestamp")} problems={problems("/Timestamp")} placeholder="2030-01-01T00:00:00Z" />
      {context.jsonata ? null : (
        <>
          <TextField label="SecondsPath" value={state.SecondsPath} onChange={set("SecondsPath")} problems={problems("/SecondsPath")} placeholder="$.delay" />
          <TextField label="TimestampPath" value={state.TimestampPath} onChange={set("TimestampPath")} problems={problems("/TimestampPath")} placeholder="$.until" />
        </>
      )}
    </>
  );
}

function FailFields({ context }: { context: InspectorContext }) {
  const { state, change, problems } = context;
  const set = (key: string) => (value: unknown) => change(setField(state, key, value), key);
  return (
    <>
      <TextField label="Error" value={state.Error} onChange={set("Error")} problems={problems("/Error")} placeholder="MyError" />
      {context.jsonata ? null : <TextField label="ErrorPath" value={state.ErrorPath} onChange={set("ErrorPath")} problems={problems("/ErrorPath")} />}
      <TextField label="Cause" value={state.Cause} onChange={set("Cause")} problems={problems("/Cause")} multiline />
      {context.jsonata ? null : <TextField label="CausePath" value={state.CausePath} onChange={set("CausePath")} problems={problems("/CausePath")} />}
    </>
  );
}

function BranchesField({ context }: { context: InspectorContext }) {
  const { state, change } = context;
  const branches = Array.isArray(state.Branches) ? (state.Branches as unknown[]) : [];
  const addBranch = () => {
    // A new branch is a copy of the Parallel template's branch (one Pass), named to stay unique.
    const template = newStateTemplate("Parallel") as { Branches?: unknown[] };
    const branch = template.Branches?.[0] ?? { StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } };
    change(setFields(state, { Branches: [...branches, uniqueBranch(branch, context, branches.length + 1)] }), "Branches");
  };
  return (
    <div className="field">
      <span className="field-static-label">Branches</span>
      <ul className="branch-list">
        {branches.map((_, index) => (
          <li key={index}>
            Branch {index + 1}
            <button
              type="button"
              className="link-button"
              disabled={branches.length <= 1}
              aria-label={`Remove branch ${index + 1}`}
              onClick={() => change(setField(state, "Branches", branches.filter((__, i) => i !== index)), "Branches")}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={addBranch}>Add branch</button>
    </div>
  );
}

/** State names are unique across the whole definition in ASL: rename the template's Pass for the new branch. */
function uniqueBranch(branch: unknown, context: InspectorContext, number: number): unknown {
  const b = branch as { StartAt?: string; States?: Record<string, unknown> };
  const first = b.StartAt ?? "Pass";
  const taken = new Set(context.allNames);
  const name = `Branch ${number} step`;
  let unique = name;
  for (let i = 1; taken.has(unique); i++) unique = `${name} (${i})`;
  const states = b.States ?? {};
  return { ...b, StartAt: unique, States: { [unique]: states[first] ?? { Type: "Pass", End: true } } };
}
