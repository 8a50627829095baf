// The execution's summary and actions, and the error banner that jumps to the failing state.
import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import type { VisitSummary } from "../core/summaries";
import { elapsedMs, formatDuration, formatTime } from "./format";
import { JsonView } from "./JsonView";
import { StartExecutionDialog } from "./StartExecutionDialog";
import { StatusBadge } from "./StatusBadge";
import { executionNameOfArn } from "./mapRun";
import type { LiveExecution } from "./useExecutionLive";
import { useNow } from "./useNow";
import { streamTitle } from "./ExecutionListPage";

const ENDED_BADLY = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

/** Where a failure came from: the deepest failed visit carrying the execution's error (the chain of
 *  Map/Parallel visits above it carries the same error). */
export function failingVisit(visits: VisitSummary[], error: string | null): VisitSummary | undefined {
  let best: VisitSummary | undefined;
  for (const visit of visits) {
    if (visit.status !== "FAILED" || (error !== null && visit.error !== null && visit.error !== error)) continue;
    if (!best || visit.path.length >= best.path.length) best = visit;
  }
  return best;
}

export function ExecutionHeader({ live, onShowStep }: { live: LiveExecution; onShowStep: (visit: VisitSummary) => void }) {
  const detail = live.detail!;
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [restarting, setRestarting] = useState(false);
  const [showData, setShowData] = useState(false);
  const running = detail.status === "RUNNING";
  const now = useNow(running);
  // A Map Run's child is stopped and redriven with its parent, and runs only the Map's processor: no actions of
  // its own (the server refuses them).
  const mapRun = live.definition?.mapRun;
  const child = detail.map_run_id !== null;
  const canRun = detail.access !== "VIEW" && !child;
  const failing = ENDED_BADLY.has(detail.status) ? failingVisit(live.visits, detail.error) : undefined;

  const act = async (action: "stop" | "redrive") => {
    setBusy(action);
    setActionError(null);
    try {
      await api.post(`/api/executions/${detail.id}/${action}/`, action === "stop"
        ? { error: "Stopped", cause: "Stopped from the execution page." } : undefined);
      live.refresh();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const exportJson = () => {
    const blob = new Blob([JSON.stringify({ execution: detail, events: live.events }, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${detail.state_machine_name}-${detail.name}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="execution-header">
      {child && (
        <nav className="breadcrumb small-text" aria-label="Breadcrumb" data-testid="map-run-breadcrumb">
          Child execution of{" "}
          <Link to={`/map-runs/${detail.map_run_id}`} data-testid="breadcrumb-map-run">
            Map Run {mapRun ? mapRun.label : "…"}
          </Link>
          {" of "}
          <Link to={`/executions/${detail.parent_id ?? mapRun?.execution_id ?? ""}`} data-testid="breadcrumb-parent">
            {mapRun ? executionNameOfArn(mapRun.execution_arn) : "its parent execution"}
          </Link>
        </nav>
      )}
      <div className="page-title">
        <h1 title={detail.execution_arn}>{detail.name}</h1>
        <StatusBadge status={detail.status} testId="execution-status" />
        <span className={`live-dot live-${live.stream.kind}`} title={streamTitle(live.stream)} data-testid="stream-state"
          data-stream={live.stream.kind} />
        <span className="spacer" />
        {running && canRun && (
          <button type="button" className="danger" onClick={() => void act("stop")} disabled={busy !== null}
            data-testid="stop-execution">
            {busy === "stop" ? "Stopping…" : "Stop"}
          </button>
        )}
        {ENDED_BADLY.has(detail.status) && canRun && (
          <button type="button" onClick={() => void act("redrive")} disabled={busy !== null} data-testid="redrive-execution">
            {busy === "redrive" ? "Redriving…" : "Redrive"}
          </button>
        )}
        {canRun && (
          <button type="button" onClick={() => setRestarting(true)} data-testid="new-execution">
            New execution with this input
          </button>
        )}
        <button type="button" onClick={exportJson} title="Download the execution and its events as JSON">Export JSON</button>
      </div>
      {live.stream.kind === "closed" && <div className="error-text">{live.stream.message}</div>}
      {actionError && <div className="error-text">{actionError}</div>}
      <dl className="execution-facts">
        <div><dt>State machine</dt><dd>
          {detail.state_machine_name} · <Link to={`/machines/${detail.state_machine_id}/design`}>Edit</Link>
          {" · "}<Link to={`/machines/${detail.state_machine_id}/executions`}>Executions</Link>
        </dd></div>
        <div><dt>Started</dt><dd>{formatTime(detail.start_date)}</dd></div>
        <div><dt>Ended</dt><dd>{formatTime(detail.stop_date)}</dd></div>
        <div><dt>Duration</dt><dd data-testid="execution-duration">
          {formatDuration(elapsedMs(detail.start_date, detail.stop_date, now))}
        </dd></div>
        <div><dt>State transitions</dt><dd>{live.visits.length}</dd></div>
        {detail.redrive_count > 0 && <div><dt>Redrives</dt><dd>{detail.redrive_count}</dd></div>}
        {detail.state_machine_version_arn && <div><dt>Version</dt><dd>{detail.state_machine_version_arn.split(":").pop()}</dd></div>}
        {detail.parent_id && !child && <div><dt>Started by</dt><dd><Link to={`/executions/${detail.parent_id}`}>Parent execution</Link></dd></div>}
      </dl>
      {ENDED_BADLY.has(detail.status) && (detail.error || detail.cause) && (
        <div className="error-banner" role="alert" data-testid="error-banner">
          <div className="error-banner-text">
            <strong>
              {detail.status === "ABORTED" ? "Execution stopped" : detail.status === "TIMED_OUT" ? "Execution timed out" : "Execution failed"}
            </strong>
            <div><span className="muted">Error</span> <code data-testid="error-name">{detail.error ?? "—"}</code></div>
            {detail.cause && <div className="cause"><span className="muted">Cause</span> <code>{detail.cause}</code></div>}
          </div>
          {failing && (
            <button type="button" onClick={() => onShowStep(failing)} data-testid="show-failing-step">
              Show step: {failing.name}
            </button>
          )}
        </div>
      )}
      <details className="execution-data" open={showData} onToggle={(e) => setShowData((e.target as HTMLDetailsElement).open)}>
        <summary>Execution input and output</summary>
        <div className="side-by-side">
          <JsonView value={detail.input} label="Input" testId="execution-input-json" />
          <JsonView value={detail.status === "SUCCEEDED" ? detail.output : undefined} label="Output" testId="execution-output-json" />
        </div>
      </details>
      {restarting && (
        <StartExecutionDialog machineId={detail.state_machine_id} machineName={detail.state_machine_name}
          initialInput={JSON.stringify(detail.input, null, 2)} onClose={() => setRestarting(false)} />
      )}
    </div>
  );
}
