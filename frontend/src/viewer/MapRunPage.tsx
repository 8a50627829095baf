// A Distributed Map's Map Run (/map-runs/:mapRunId), as the AWS console's Map Run page: its summary and
// settings, the items by status, and its child executions filtered by status and name. There is no websocket for
// Map Runs: while one runs, its counts and the shown rows are read again every MAP_RUN_POLL_MS.
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, ApiError, errorMessage } from "../api/client";
import { CopyButton } from "./CopyButton";
import { ExecutionFilters, usePagedExecutions } from "./ExecutionFilters";
import { elapsedMs, formatDuration, formatTime } from "./format";
import { ItemProcessingStatus } from "./ItemProcessingStatus";
import {
  CHILD_STATUSES, executionNameOfArn, MAP_RUN_POLL_MS, mapRunPolls, maxConcurrency, type MapRunDetail, toleratedFailures,
} from "./mapRun";
import { startPolling } from "./polling";
import { StatusBadge } from "./StatusBadge";
import { useNow } from "./useNow";
import { VirtualRows } from "./VirtualRows";
import "./viewer.css";

const ROW_HEIGHT = 32;

/** A 4xx will not mend by asking again (gone, or not yours); anything else might. */
const retryable = (error: unknown) => !(error instanceof ApiError && error.status >= 400 && error.status < 500);

export default function MapRunPage() {
  const { mapRunId = "" } = useParams();
  const [run, setRun] = useState<MapRunDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const children = usePagedExecutions(`/api/map-runs/${mapRunId}/executions/`, status, search);
  const running = mapRunPolls(run?.status);
  const now = useNow(running || children.rows.some((r) => r.status === "RUNNING"));

  useEffect(() => {
    setRun(null);
    setLoadError(null);
    return startPolling({
      load: () => api.get<MapRunDetail>(`/api/map-runs/${mapRunId}/`),
      onResult: (detail) => {
        setRun(detail);
        setLoadError(null);
        setReads((n) => n + 1);
      },
      again: (detail) => mapRunPolls(detail.status),
      onError: (error) => setLoadError(errorMessage(error)),
      retry: retryable,
      intervalMs: MAP_RUN_POLL_MS,
    });
  }, [mapRunId]);

  // Every read of the Map Run after the first re-reads the rows too (the first comes with the list's own first
  // page), the last one included: the rows then show how the run ended. Through a ref, so that a change of filter
  // (a new `refresh`) does not itself re-read.
  const refresh = useRef(children.refresh);
  refresh.current = children.refresh;
  useEffect(() => {
    if (reads > 1) void refresh.current().catch(() => {});
  }, [reads]);

  if (!run) {
    return <div className="page">{loadError ? <div className="error-text">{loadError}</div> : <div className="loading">Loading…</div>}</div>;
  }

  const parentName = executionNameOfArn(run.execution_arn);
  const mapRunName = run.map_run_arn.slice(run.map_run_arn.lastIndexOf(":") + 1);
  return (
    <div className="page map-run-page" data-testid="map-run-page" data-map-run-status={run.status}>
      <nav className="breadcrumb small-text" aria-label="Breadcrumb">
        <Link to={`/executions/${run.execution_id}`} data-testid="map-run-parent">{parentName}</Link>
        {" › "}
        <Link to={`/executions/${run.execution_id}?state=${encodeURIComponent(run.state)}`} data-testid="map-run-state">
          {run.state}
        </Link>
        {" › "}Map Run
      </nav>
      <div className="page-title">
        <h1 title={run.map_run_arn}>Map Run {run.label}</h1>
        <StatusBadge status={run.status} testId="map-run-status" />
        {running && <span className="live-dot live-live" title={`Refreshed every ${MAP_RUN_POLL_MS / 1000} s while it runs`} />}
      </div>
      {loadError && <div className="error-text">{loadError}</div>}
      <div className="arn-line">
        <code className="ellipsis" title={run.map_run_arn} data-testid="map-run-arn">{run.map_run_arn}</code>
        <CopyButton text={run.map_run_arn} title="Copy the Map Run ARN" testId="copy-map-run-arn" />
      </div>
      <dl className="execution-facts">
        <div><dt>Execution</dt><dd><Link to={`/executions/${run.execution_id}`}>{parentName}</Link></dd></div>
        <div><dt>Map state</dt><dd>
          <Link to={`/executions/${run.execution_id}?state=${encodeURIComponent(run.state)}`}>{run.state}</Link>
        </dd></div>
        <div><dt>Started</dt><dd>{formatTime(run.start_date)}</dd></div>
        <div><dt>Ended</dt><dd>{formatTime(run.stop_date)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(elapsedMs(run.start_date, run.stop_date, now))}</dd></div>
        <div><dt>Child executions</dt><dd>{run.child_type === "EXPRESS" ? "Express" : "Standard"}</dd></div>
        <div><dt>Max concurrency</dt><dd data-testid="map-run-max-concurrency">{maxConcurrency(run.max_concurrency)}</dd></div>
        <div><dt>Tolerated failures</dt><dd data-testid="map-run-tolerated">
          {toleratedFailures(run.tolerated_failure_count, run.tolerated_failure_percentage)}
        </dd></div>
        <div><dt>Redrives</dt><dd>
          {run.redrive_count}{run.redrive_date && <span className="muted"> · last {formatTime(run.redrive_date)}</span>}
        </dd></div>
        <div><dt>Map Run name</dt><dd className="muted">{mapRunName}</dd></div>
      </dl>

      <section className="map-run-section">
        <h2>Item processing status</h2>
        <ItemProcessingStatus counts={run.item_counts} />
      </section>

      <section className="map-run-section">
        <h2>Executions</h2>
        <ExecutionFilters statuses={CHILD_STATUSES} status={status} onStatus={setStatus} onSearch={setSearch} />
        {children.error && <div className="error-text">{children.error}</div>}
        <div className="child-table" data-testid="map-run-executions">
          <div className="child-row child-head">
            <span>Name</span><span>Status</span><span>Started</span><span>Ended</span><span>Duration</span>
          </div>
          <VirtualRows className="child-scroller" count={children.rows.length} rowHeight={ROW_HEIGHT} overscan={10}
            rowKey={(index) => children.rows[index].id} role="list" aria-label="Child executions">
            {(index, rowProps) => {
              const row = children.rows[index];
              return (
                <div {...rowProps} className="virtual-row child-row" role="listitem" data-testid="map-run-execution"
                  data-execution-id={row.id} data-status={row.status}>
                  <span className="ellipsis"><Link to={`/executions/${row.id}`} title={row.name}>{row.name}</Link></span>
                  <span><StatusBadge status={row.status} /></span>
                  <span>{formatTime(row.start_date)}</span>
                  <span>{formatTime(row.stop_date)}</span>
                  <span>{formatDuration(elapsedMs(row.start_date, row.stop_date, now))}</span>
                </div>
              );
            }}
          </VirtualRows>
        </div>
        {!children.loading && !children.rows.length && !children.error && (
          <div className="empty">{status || search ? "No child execution matches." : "No child executions yet."}</div>
        )}
        {children.loading && <div className="loading">Loading…</div>}
        {children.next && <button type="button" onClick={() => void children.loadMore()}>Load more</button>}
      </section>
    </div>
  );
}
