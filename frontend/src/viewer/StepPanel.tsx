// The step panel: everything about the selected state's visit — status and timing, error, input and output,
// the data trace, each attempt, the handler's logs, Map iterations / Parallel branches, the state's
// definition and its events (all of them, in a virtualised list: a long-running loop's visit can have thousands).
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router-dom";
import type { HistoryEvent, VisitSummary } from "../core/summaries";
import { type Invocation, invocationsOf } from "./api";
import { dataTrace } from "./dataTrace";
import { eventTone } from "./eventFilter";
import {
  type ChildGroup, countGroups, eventsOfVisit, type FanOutInfo, findNode, type IterationChoices, type MapRunInfo,
  type VisitNode,
} from "./executionModel";
import { formatCount, formatDuration, formatTime } from "./format";
import { ItemProcessingStatus } from "./ItemProcessingStatus";
import { IterationPicker } from "./IterationPicker";
import { JsonView } from "./JsonView";
import type { MapRunDetail, MapRunSummary } from "./mapRun";
import { StatusBadge } from "./StatusBadge";
import { visitSegments } from "./timeline";
import type { LiveExecution } from "./useExecutionLive";
import { VirtualRows } from "./VirtualRows";

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
  /** The selected visit's fan-out as its own events tell it (a Map's item count, its Map Run). */
  fanOut?: FanOutInfo;
  /** The distributed Map this state runs inside, if any: its visits are in the Map Run's child executions. */
  distributedMap?: string;
  /** The selected distributed Map visit's Map Run as the API tells it (ListMapRuns' row, DescribeMapRun's
   *  counts), once read. */
  mapRun?: { summary?: MapRunSummary; detail?: MapRunDetail };
  onSelectVisit: (visit: VisitSummary) => void;
  onClose: () => void;
}

const VISITS_LISTED = 200;
const EVENT_ROW_HEIGHT = 22;

export function StepPanel(props: StepPanelProps) {
  const {
    executionId, name, visit, state, live, tree, choices, onChoices, onSelectVisit, onClose, fanOut, distributedMap, mapRun,
  } = props;
  const { events, eventCount, visitOfEvent, visits } = live;
  const visitEvents = useMemo(
    () => (visit ? eventsOfVisit(events, eventCount, visitOfEvent, visit.id) : ([] as HistoryEvent[])),
    [visit, events, eventCount, visitOfEvent],
  );
  const sameState = useMemo(() => visits.filter((v) => v.name === name), [visits, name]);
  // A state inside a 10,000-item Map has 10,000 visits: the list offers the first and last ones and the
  // one shown (the iteration picker reaches the others), not a <select> of 10,000 options.
  const visitOptions = useMemo(() => {
    if (sameState.length <= VISITS_LISTED) return sameState;
    const half = VISITS_LISTED / 2;
    const options = [...sameState.slice(0, half), ...sameState.slice(-half)];
    if (visit && !options.includes(visit)) options.splice(half, 0, visit);
    return options;
  }, [sameState, visit]);
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
          <span>Visit{sameState.length > VISITS_LISTED && ` (${sameState.length}; pick an iteration for the others)`}</span>
          <select value={visit?.id ?? ""} onChange={(e) => {
            const chosen = sameState.find((v) => v.id === Number(e.target.value));
            if (chosen) onSelectVisit(chosen);
          }}>
            {visitOptions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.path.map((p) => `${p.state}[${p.index}] › `).join("")}visit {v.visit + 1} · {v.status}
              </option>
            ))}
          </select>
        </label>
      )}
      {!visit ? (
        distributedMap ? (
          <p className="muted" data-testid="step-in-map-run">
            This state runs in the child executions of {distributedMap}'s Map Run (a distributed Map): their
            events are in their own histories, not in this execution's. {distributedMap}'s step panel shows the
            Map Run.
          </p>
        ) : <p className="muted">This state has not run{Object.keys(choices).length ? " in the chosen iteration" : ""}.</p>
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
          {fanOut?.mapRun && <MapRunBox run={fanOut.mapRun} length={fanOut.length} {...mapRun} />}
          {node && node.groups.length > 0 && (
            <Children node={node} choices={choices} onChoices={onChoices} length={fanOut?.length ?? null} />
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
            <VirtualRows className="step-events" count={visitEvents.length} rowHeight={EVENT_ROW_HEIGHT} overscan={10}
              rowKey={(index) => visitEvents[index].id} role="list" aria-label={`Events of ${name}`} data-testid="step-events">
              {(index, rowProps) => {
                const e = visitEvents[index];
                return (
                  <div {...rowProps} className={`virtual-row step-event${eventTone(e.type) === "failed" ? " tone-failed" : ""}`}
                    role="listitem" data-testid="step-event">
                    <code>{e.id}</code> {e.type} <span className="muted">{formatTime(e.timestamp)}</span>
                  </div>
                );
              }}
            </VirtualRows>
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

/** A collapsible section whose content is only rendered once opened: a big Map's data trace is half a dozen
 *  copies of a 10,000-item array, too much to build for a closed section. */
function Section({ title, open, children }: { title: string; open?: boolean; children: React.ReactNode }) {
  const [shown, setShown] = useState(Boolean(open));
  return (
    <details className="step-section" open={open} onToggle={(e) => {
      if ((e.currentTarget as HTMLDetailsElement).open) setShown(true);
    }}>
      <summary>{title}</summary>
      {shown && children}
    </details>
  );
}

/** A distributed Map's Map Run: its status and item counts as the API tells them (polled while it runs), else
 *  what the parent's history says (its start and end; the iterations are child executions with their own
 *  histories), and the way to the Map Run page. */
function MapRunBox({ run, length, summary, detail }: {
  run: MapRunInfo; length: number | null; summary?: MapRunSummary; detail?: MapRunDetail;
}) {
  const status = detail?.status ?? run.status;
  const id = detail?.id ?? summary?.id;
  return (
    <div className="map-run-box" data-testid="map-run-box" data-map-run-status={status}>
      <div className="map-run-box-head">
        <strong>Map Run</strong>
        <StatusBadge status={status} testId="map-run-box-status" />
        <span className="spacer" />
        {id && <Link to={`/map-runs/${id}`} data-testid="view-map-run">View Map Run</Link>}
      </div>
      <div className="muted">
        {length === null ? "Items not counted yet" : `${formatCount(length)} items`}
        {run.endedAt !== null && ` · ${formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt))}`}
      </div>
      {detail ? <ItemProcessingStatus counts={detail.item_counts} compact />
        : <div className="muted small-text">Item counts loading…</div>}
      {run.error && <div className="bad"><code>{run.error}</code>{run.cause && <> — {run.cause}</>}</div>}
      {run.arn && <div className="muted small-text ellipsis" title={run.arn}>{run.arn}</div>}
    </div>
  );
}

function Children({ node, choices, onChoices, length }: {
  node: VisitNode; choices: IterationChoices; onChoices: (c: IterationChoices) => void; length: number | null;
}) {
  const counts = countGroups(node.groups);
  const isMap = node.visit.type === "Map";
  return (
    <div className="step-children" data-testid="step-children">
      <div className="counts">
        {isMap ? "Iterations" : "Branches"}: {counts.total}
        {isMap && length !== null && length > counts.total && ` of ${length} items`}
        {" · "}<span className="ok">{counts.SUCCEEDED} succeeded</span>
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
