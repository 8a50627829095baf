// The step panel: everything about the selected state's visit — status and timing, error, input and output,
// the data trace, each attempt, the handler's logs, Map iterations / Parallel branches, the state's
// definition and its events.
import { useEffect, useMemo, useState } from "react";
import type { HistoryEvent, VisitSummary } from "../core/summaries";
import { type Invocation, invocationsOf } from "./api";
import { dataTrace } from "./dataTrace";
import { type ChildGroup, countGroups, findNode, type IterationChoices, type VisitNode } from "./executionModel";
import { formatDuration, formatTime } from "./format";
import { IterationPicker } from "./IterationPicker";
import { JsonView } from "./JsonView";
import { StatusBadge } from "./StatusBadge";
import { visitSegments } from "./timeline";
import type { LiveExecution } from "./useExecutionLive";

interface StepPanelProps {
  executionId: string;
  name: string;
  visit: VisitSummary | undefined;
  state: Record<string, unknown> | undefined;
  live: LiveExecution;
  tree: VisitNode[];
  choices: IterationChoices;
  onChoices: (choices: IterationChoices) => void;
  queryLanguage: unknown;
  onSelectVisit: (visit: VisitSummary) => void;
  onClose: () => void;
}

export function StepPanel(props: StepPanelProps) {
  const { executionId, name, visit, state, live, tree, choices, onChoices, onSelectVisit, onClose } = props;
  const { events, eventCount, visitOfEvent, visits } = live;
  const visitEvents = useMemo(() => {
    if (!visit) return [] as HistoryEvent[];
    const mine: HistoryEvent[] = [];
    for (let i = 0; i < eventCount; i++) if (visitOfEvent(events[i].id) === visit.id) mine.push(events[i]);
    return mine;
  }, [visit, events, eventCount, visitOfEvent]);
  const sameState = useMemo(() => visits.filter((v) => v.name === name), [visits, name]);
  const node = visit ? findNode(tree, visit.id) : undefined;
  const trace = useMemo(() => (visit ? dataTrace(state, visit, visitEvents, props.queryLanguage) : []),
    [state, visit, visitEvents, props.queryLanguage]);
  const attempts = useMemo(() => (visit ? visitSegments(visit, visitEvents, Date.now()).filter((s) => s.kind !== "state") : []),
    [visit, visitEvents]);

  return (
    <aside className="step-panel" data-testid="step-panel" data-step-name={name}>
      <div className="step-panel-head">
        <h2>{name}</h2>
        {visit ? <StatusBadge status={visit.status} testId="step-status" /> : <StatusBadge status="NOT_STARTED" testId="step-status" />}
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose} aria-label="Close the step panel">✕</button>
      </div>
      {sameState.length > 1 && (
        <label className="field-inline">
          <span>Visit</span>
          <select value={visit?.id ?? ""} onChange={(e) => {
            const chosen = sameState.find((v) => v.id === Number(e.target.value));
            if (chosen) onSelectVisit(chosen);
          }}>
            {sameState.map((v) => (
              <option key={v.id} value={v.id}>
                {v.path.map((p) => `${p.state}[${p.index}] › `).join("")}visit {v.visit + 1} · {v.status}
              </option>
            ))}
          </select>
        </label>
      )}
      {!visit ? (
        <p className="muted">This state has not run{Object.keys(choices).length ? " in the chosen iteration" : ""}.</p>
      ) : (
        <>
          <dl className="step-facts">
            <div><dt>Type</dt><dd>{visit.type}</dd></div>
            <div><dt>Entered</dt><dd>{formatTime(visit.entered_at)}</dd></div>
            <div><dt>Ended</dt><dd>{formatTime(visit.exited_at)}</dd></div>
            <div><dt>Duration</dt><dd>{formatDuration(visit.duration_ms)}</dd></div>
            {visit.attempts > 0 && <div><dt>Attempts</dt><dd>{visit.attempts}</dd></div>}
            {visit.path.length > 0 && (
              <div><dt>In</dt><dd>{visit.path.map((p) => `${p.state} ${p.index}`).join(" › ")}</dd></div>
            )}
            {typeof state?.TimeoutSeconds === "number" && <div><dt>Timeout</dt><dd>{state.TimeoutSeconds} s</dd></div>}
            {typeof state?.HeartbeatSeconds === "number" && <div><dt>Heartbeat</dt><dd>{state.HeartbeatSeconds} s</dd></div>}
          </dl>
          {(visit.error || visit.cause) && (
            <div className={`step-error ${visit.status === "CAUGHT_ERROR" ? "caught" : ""}`} data-testid="step-error">
              <div><span className="muted">Error</span> <code>{visit.error}</code></div>
              {visit.cause && <div className="cause"><span className="muted">Cause</span> <code>{visit.cause}</code></div>}
            </div>
          )}
          {node && node.groups.length > 0 && (
            <Children node={node} choices={choices} onChoices={onChoices} />
          )}
          <Section title="Input and output" open>
            <JsonView value={visit.input} label="Input" testId="step-input" />
            <JsonView value={visit.exited_at && visit.status !== "FAILED" && visit.status !== "CANCELLED" ? visit.output : undefined}
              label="Output" testId="step-output" />
          </Section>
          <Section title="Data trace">
            <ol className="data-trace">
              {trace.map((s, i) => (
                <li key={i} className={s.known ? "" : "unknown"}>
                  <div className="trace-label">
                    <strong>{s.label}</strong>
                    {s.field && <code>{s.field}</code>}
                  </div>
                  {s.note && <div className="muted small-text">{s.note}</div>}
                  {s.known && <JsonView value={s.value} />}
                </li>
              ))}
            </ol>
          </Section>
          {attempts.length > 0 && (
            <Section title={`Attempts (${visit.attempts})`} open={visit.attempts > 1}>
              <ol className="attempts">
                {attempts.map((s, i) => (
                  <li key={i} className={`attempt-${s.kind}`}>
                    {s.label} · {formatDuration(s.end - s.start)} · {formatTime(new Date(s.start).toISOString())}
                  </li>
                ))}
              </ol>
            </Section>
          )}
          {visit.type === "Task" && <Logs executionId={executionId} visit={visit} sameState={sameState} />}
          <Section title={`Events (${visitEvents.length})`}>
            <ul className="step-events">
              {visitEvents.map((e) => (
                <li key={e.id} className={/(Failed|TimedOut|Aborted)$/.test(e.type) ? "tone-failed" : ""}>
                  <code>{e.id}</code> {e.type} <span className="muted">{formatTime(e.timestamp)}</span>
                </li>
              ))}
            </ul>
          </Section>
        </>
      )}
      {state && (
        <Section title="Definition">
          <JsonView value={state} />
        </Section>
      )}
    </aside>
  );
}

function Section({ title, open, children }: { title: string; open?: boolean; children: React.ReactNode }) {
  return (
    <details className="step-section" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

function Children({ node, choices, onChoices }: { node: VisitNode; choices: IterationChoices; onChoices: (c: IterationChoices) => void }) {
  const counts = countGroups(node.groups);
  const isMap = node.visit.type === "Map";
  return (
    <div className="step-children" data-testid="step-children">
      <div className="counts">
        {isMap ? "Iterations" : "Branches"}: {counts.total} · <span className="ok">{counts.SUCCEEDED} succeeded</span>
        {" · "}<span className="bad">{counts.FAILED} failed</span> · {counts.CANCELLED} aborted · {counts.IN_PROGRESS} in progress
      </div>
      {isMap ? (
        <IterationPicker mapName={node.visit.name} groups={node.groups} value={choices[node.visit.name]}
          onChange={(index) => {
            const next = { ...choices };
            if (index === undefined) delete next[node.visit.name];
            else next[node.visit.name] = index;
            onChoices(next);
          }} />
      ) : (
        <ul className="branches">
          {node.groups.map((g: ChildGroup) => (
            <li key={g.index}>Branch {g.index + 1} <StatusBadge status={g.status} /> <span className="muted">
              {g.nodes.map((n) => n.visit.name).join(" → ")}</span></li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The handler's invocations of this visit (one per attempt) with what they logged. */
function Logs({ executionId, visit, sameState }: { executionId: string; visit: VisitSummary; sameState: VisitSummary[] }) {
  const [invocations, setInvocations] = useState<Invocation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const settled = visit.status !== "IN_PROGRESS";
  useEffect(() => {
    let cancelled = false;
    invocationsOf(executionId, visit.name)
      .then((all) => !cancelled && setInvocations(all))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [executionId, visit.name, visit.attempts, settled]);
  // As the server attaches them: the latest visit of this state, in this path, entered before it started.
  const mine = (invocations ?? []).filter((inv) => {
    const samePlace = (v: VisitSummary) => JSON.stringify(v.path) === JSON.stringify(inv.path.map((p) => ({ state: p.state, index: p.index })));
    const started = Date.parse(inv.started_at);
    const candidates = sameState.filter((v) => samePlace(v) && Date.parse(v.entered_at) <= started);
    return candidates[candidates.length - 1]?.id === visit.id;
  });
  return (
    <Section title={`Logs${invocations ? ` (${mine.length} invocation${mine.length === 1 ? "" : "s"})` : ""}`} open>
      {error && <div className="error-text">{error}</div>}
      {!invocations && !error && <div className="muted">Loading…</div>}
      {invocations && !mine.length && <div className="muted">No handler invocation recorded for this visit.</div>}
      {mine.map((inv) => (
        <div key={inv.id} className="invocation" data-testid="invocation">
          <div className="invocation-head">
            Attempt {inv.attempt + 1} · {inv.resource.split(":").pop()} · {formatDuration(inv.duration_ms)}
            {inv.error && <span className="bad"> · {inv.error}</span>}
          </div>
          <pre className="logs">{inv.logs || "(nothing logged)"}</pre>
        </div>
      ))}
    </Section>
  );
}
