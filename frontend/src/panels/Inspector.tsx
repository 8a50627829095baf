// The inspector of the selected state: Configuration, Input/Output and Error handling tabs, as in Workflow Studio.
import { useMemo, useState } from "react";
import { getState } from "../core/document";
import type { Diagnostic } from "../core/diagnostics";
import type { HandlerInfo } from "../designer/paletteItems";
import { ConfigurationTab } from "./InspectorConfig";
import { ErrorHandlingTab } from "./InspectorErrors";
import { InputOutputTab } from "./InspectorInputOutput";
import type { InspectorContext } from "./inspectorContext";
import { fieldSupport, problemsAt, usesJsonata, type StateJson } from "./stateFields";
import { allStateNames, scopeStateNames, splitStatePointer } from "./scope";

type Tab = "config" | "io" | "errors";

export interface InspectorProps {
  document: Record<string, unknown>;
  pointer: string | null;
  diagnostics: Diagnostic[];
  handlers: HandlerInfo[];
  onChange(pointer: string, state: StateJson, field: string): void;
  onRename(pointer: string, name: string): void;
}

export function Inspector({ document, pointer, diagnostics, handlers, onChange, onRename }: InspectorProps) {
  const [tab, setTab] = useState<Tab>("config");
  const place = pointer ? splitStatePointer(pointer) : null;
  const state = pointer && place ? getState(document, pointer) : undefined;
  const allNames = useMemo(() => allStateNames(document), [document]);
  const stateProblems = useMemo(() => (pointer ? problemsAt(diagnostics, pointer) : []), [diagnostics, pointer]);

  if (!pointer || !place || !state) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="empty">Select a state on the canvas to edit it, or drag one in from the palette.</p>
        <WorkflowFields document={document} diagnostics={diagnostics} />
      </aside>
    );
  }
  const siblings = scopeStateNames(document, place.scope).filter((name) => name !== place.name);
  const context: InspectorContext = {
    pointer,
    name: place.name,
    state,
    jsonata: usesJsonata(state, document.QueryLanguage),
    siblings,
    allNames,
    handlers,
    problems: (relative) => problemsAt(stateProblems, `${pointer}${relative}`),
    change: (next, field) => onChange(pointer, next, field),
  };
  const support = fieldSupport(String(state.Type ?? ""));
  const shownTab: Tab = tab === "errors" && !support.retryCatch ? "config" : tab;
  const tabs: [Tab, string][] = [["config", "Configuration"], ["io", "Input/Output"], ...(support.retryCatch ? [["errors", "Error handling"] as [Tab, string]] : [])];
  const countIn = (prefixes: string[]) =>
    stateProblems.filter((d) => prefixes.some((p) => d.location.startsWith(`${pointer}/${p}`))).length;
  const errorCount = countIn(["Retry", "Catch"]);
  const ioCount = countIn(["InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Arguments", "Output", "Assign"]);
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2 title={pointer}>{place.name}</h2>
      <div className="tabs" role="tablist">
        {tabs.map(([id, label]) => {
          const count = id === "errors" ? errorCount : id === "io" ? ioCount : stateProblems.length - errorCount - ioCount;
          return (
            <button key={id} role="tab" type="button" aria-selected={shownTab === id} className={shownTab === id ? "active" : ""}
              onClick={() => setTab(id)}>
              {label}
              {count > 0 ? <span className="tab-badge" aria-label={`${count} problems`}>{count}</span> : null}
            </button>
          );
        })}
      </div>
      <div className="inspector-body" role="tabpanel">
        {shownTab === "config" ? <ConfigurationTab context={context} onRename={(name) => onRename(pointer, name)} /> : null}
        {shownTab === "io" ? <InputOutputTab context={context} /> : null}
        {shownTab === "errors" ? <ErrorHandlingTab context={context} /> : null}
      </div>
    </aside>
  );
}

/** With nothing selected: the workflow's own fields, read-only here (edit them in the code view). */
function WorkflowFields({ document, diagnostics }: { document: Record<string, unknown>; diagnostics: Diagnostic[] }) {
  const rootProblems = diagnostics.filter((d) => !d.location.startsWith("/States/"));
  return (
    <dl className="workflow-fields">
      <dt>StartAt</dt>
      <dd>{String(document.StartAt ?? "")}</dd>
      {document.QueryLanguage ? (<><dt>QueryLanguage</dt><dd>{String(document.QueryLanguage)}</dd></>) : null}
      {document.TimeoutSeconds !== undefined ? (<><dt>TimeoutSeconds</dt><dd>{String(document.TimeoutSeconds)}</dd></>) : null}
      {rootProblems.length ? (
        <>
          <dt>Workflow problems</dt>
          <dd><ul className="field-problems">{rootProblems.map((d, i) => <li key={i} className={d.severity === "ERROR" ? "problem-error" : "problem-warning"}>{d.message}</li>)}</ul></dd>
        </>
      ) : null}
    </dl>
  );
}
