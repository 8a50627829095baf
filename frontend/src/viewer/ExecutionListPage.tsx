// Executions: all the user may see (/executions/) or one machine's (/machines/:machineId/executions),
// filtered by status and name on the server, paged by cursor, with status changes pushed over a websocket.
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api } from "../api/client";
import { ExecutionListStream, mergeExecution, type StreamState } from "../core/executionStream";
import { ExecutionFilters, usePagedExecutions } from "./ExecutionFilters";
import { elapsedMs, formatDuration, formatTime } from "./format";
import { StartExecutionDialog } from "./StartExecutionDialog";
import { StatusBadge } from "./StatusBadge";
import { useNow } from "./useNow";
import "./viewer.css";

export { StartExecutionDialog } from "./StartExecutionDialog";

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

interface Machine {
  id: string;
  name: string;
  access: string;
  sample_input: unknown;
}

export default function ExecutionListPage() {
  const { machineId } = useParams();
  const [machine, setMachine] = useState<Machine | null>(null);
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [starting, setStarting] = useState(false);
  const [streamState, setStreamState] = useState<StreamState>({ kind: "connecting" });
  const base = machineId ? `/api/state-machines/${machineId}/executions/` : "/api/executions/";
  const { rows, setRows, next, loading, error, loadMore, reload } = usePagedExecutions(base, status, search);
  const filters = useRef({ status, search });
  filters.current = { status, search };
  const now = useNow(rows.some((r) => r.status === "RUNNING"));

  useEffect(() => {
    setMachine(null);
    if (machineId) api.get<Machine>(`/api/state-machines/${machineId}/`).then(setMachine).catch(() => {});
  }, [machineId]);

  useEffect(() => {
    const stream = new ExecutionListStream({
      onExecution: (execution) => {
        const { status: wanted, search: text } = filters.current;
        const matches = (!wanted || execution.status === wanted)
          && (!text || execution.name.toLowerCase().includes(text.toLowerCase()));
        setRows((current) => {
          if (matches) return mergeExecution(current, execution);
          // It no longer matches the filter (e.g. RUNNING -> SUCCEEDED under "Running"): drop it.
          return current.filter((e) => e.id !== execution.id);
        });
      },
      onSubscribed: reload,
      onState: setStreamState,
    }, machineId);
    stream.start();
    return () => stream.stop();
  }, [machineId, setRows, reload]);

  const canRun = machine && machine.access !== "VIEW";
  return (
    <div className="page execution-list-page">
      <div className="page-title">
        <h1>
          {machineId ? (
            <>
              Executions of <Link to={`/machines/${machineId}/design`}>{machine?.name ?? "…"}</Link>
            </>
          ) : "Executions"}
        </h1>
        <span className={`live-dot live-${streamState.kind}`} title={streamTitle(streamState)} />
        <span className="spacer" />
        {machineId && (
          <button type="button" className="primary" onClick={() => setStarting(true)} disabled={!canRun}
            data-testid="start-execution">
            Start execution
          </button>
        )}
      </div>
      <ExecutionFilters statuses={STATUSES} status={status} onStatus={setStatus} onSearch={setSearch} />
      {error && <div className="error-text">{error}</div>}
      <table className="data-table" data-testid="execution-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            {!machineId && <th>State machine</th>}
            <th>Started</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-execution-id={row.id} data-status={row.status}>
              <td><Link to={`/executions/${row.id}`}>{row.name}</Link></td>
              <td><StatusBadge status={row.status} /></td>
              {!machineId && (
                <td><Link to={`/machines/${row.state_machine_id}/executions`}>{row.state_machine_name}</Link></td>
              )}
              <td>{formatTime(row.start_date)}</td>
              <td>{formatDuration(elapsedMs(row.start_date, row.stop_date, now))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && !rows.length && !error && (
        <div className="empty">{status || search ? "No execution matches." : "No executions yet."}</div>
      )}
      {loading && <div className="loading">Loading…</div>}
      {next && <button type="button" onClick={() => void loadMore()}>Load more</button>}
      {starting && machineId && (
        <StartExecutionDialog machineId={machineId} machineName={machine?.name} sampleInput={machine?.sample_input}
          onClose={() => setStarting(false)} />
      )}
    </div>
  );
}

export function streamTitle(state: StreamState): string {
  switch (state.kind) {
    case "live": return "Live: changes appear as they happen";
    case "connecting": case "replaying": return "Connecting…";
    case "reconnecting": return `Connection lost; retrying in ${(state.inMs / 1000).toFixed(1)} s`;
    case "closed": return state.message;
  }
}
