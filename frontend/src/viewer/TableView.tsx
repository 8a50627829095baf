// The table view: one row per state visit, Map/Parallel visits expandable into iterations and branches, and a
// timeline (Gantt) column where failed attempts are red and retry back-off grey. Virtualised: a Map of
// 10,000 items opens into 10,000 rows without 10,000 DOM rows.
import { memo, useMemo, useState } from "react";
import type { HistoryEvent, StateStatus, VisitSummary } from "../core/summaries";
import { type TableRow, tableRows, type VisitNode } from "./executionModel";
import { formatDuration } from "./format";
import { StatusBadge } from "./StatusBadge";
import { placeOnTimeline, visitSegments } from "./timeline";
import type { LiveExecution } from "./useExecutionLive";
import { useNow } from "./useNow";
import { VirtualRows } from "./VirtualRows";

interface TableViewProps {
  tree: VisitNode[];
  live: LiveExecution;
  statesByName: Record<string, Record<string, unknown>>;
  expanded: ReadonlySet<string>;
  onExpanded: (keys: ReadonlySet<string>) => void;
  selectedVisitId: number | null;
  onSelectVisit: (visit: VisitSummary) => void;
}

const ROW_HEIGHT = 30;

export function TableView({ tree, live, statesByName, expanded, onExpanded, selectedVisitId, onSelectVisit }: TableViewProps) {
  const [statusFilter, setStatusFilter] = useState<StateStatus | "">("");
  const running = live.detail?.status === "RUNNING";
  const now = useNow(running, 500);
  const rows = useMemo(() => tableRows(tree, expanded, statusFilter), [tree, expanded, statusFilter]);

  // Events grouped by visit once per batch, for the timeline bars.
  const { events, eventCount, visitOfEvent } = live;
  const eventsByVisit = useMemo(() => {
    const grouped = new Map<number, HistoryEvent[]>();
    for (let i = 0; i < eventCount; i++) {
      const visitId = visitOfEvent(events[i].id);
      if (visitId === null || visitId === undefined) continue;
      const list = grouped.get(visitId);
      if (list) list.push(events[i]);
      else grouped.set(visitId, [events[i]]);
    }
    return grouped;
  }, [events, eventCount, visitOfEvent]);

  const origin = live.detail ? Date.parse(live.detail.start_date) : 0;
  const end = live.detail?.stop_date ? Date.parse(live.detail.stop_date) : now;
  const total = Math.max(1, end - origin);

  const toggle = (key: string) => {
    const next = new Set(expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onExpanded(next);
  };

  return (
    <div className="table-view" data-testid="table-view">
      <div className="toolbar">
        <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as StateStatus | "")} aria-label="Status">
          <option value="">Any status</option>
          {(["IN_PROGRESS", "SUCCEEDED", "FAILED", "CAUGHT_ERROR", "CANCELLED"] as const).map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
        <span className="muted">{rows.length} rows</span>
        <span className="spacer" />
        <span className="timeline-key"><i className="seg seg-attempt-failed" /> failed attempt <i className="seg seg-backoff" /> back-off</span>
      </div>
      <div className="visit-table">
        <div className="visit-row visit-head">
          <span>Name</span><span>Type</span><span>Status</span><span>Resource</span><span>Started after</span>
          <span>Duration</span><span>Timeline</span>
        </div>
        <VirtualRows className="visit-scroller" count={rows.length} rowHeight={ROW_HEIGHT} overscan={12}
          rowKey={(index) => rows[index].key}>
          {(index, rowProps) => {
            const row = rows[index];
            return (
              <div {...rowProps} className="virtual-row" style={{ ...rowProps.style, height: ROW_HEIGHT }}>
                {row.kind === "visit" ? (
                  <VisitRow row={row} state={statesByName[row.node.visit.name]} events={eventsByVisit.get(row.node.visit.id)}
                    origin={origin} total={total} now={now} open={expanded.has(row.key)} selected={row.node.visit.id === selectedVisitId}
                    onToggle={toggle} onSelect={onSelectVisit} />
                ) : (
                  <GroupRow row={row} open={expanded.has(row.key)} onToggle={toggle} />
                )}
              </div>
            );
          }}
        </VirtualRows>
      </div>
    </div>
  );
}

interface VisitRowProps {
  row: Extract<TableRow, { kind: "visit" }>;
  state: Record<string, unknown> | undefined;
  events: HistoryEvent[] | undefined;
  origin: number;
  total: number;
  now: number;
  open: boolean;
  selected: boolean;
  onToggle: (key: string) => void;
  onSelect: (visit: VisitSummary) => void;
}

const VisitRow = memo(function VisitRow({ row, state, events, origin, total, now, open, selected, onToggle, onSelect }: VisitRowProps) {
  const visit = row.node.visit;
  const segments = visitSegments(visit, events ?? [], now);
  const resource = typeof state?.Resource === "string" ? state.Resource : "";
  const duration = visit.duration_ms ?? (visit.status === "IN_PROGRESS" ? now - Date.parse(visit.entered_at) : null);
  return (
    <div className={`visit-row${selected ? " selected" : ""}`} onClick={() => onSelect(visit)} data-testid="visit-row"
      data-visit-name={visit.name} data-status={visit.status}>
      <span style={{ paddingLeft: row.depth * 16 }} className="name-cell">
        {row.expandable ? (
          <button type="button" className="expander" aria-expanded={open}
            onClick={(e) => { e.stopPropagation(); onToggle(row.key); }}>{open ? "▾" : "▸"}</button>
        ) : <span className="expander-space" />}
        {visit.name}{visit.visit > 0 && <span className="muted"> #{visit.visit + 1}</span>}
      </span>
      <span>{visit.type}</span>
      <span><StatusBadge status={visit.status} /></span>
      <span className="ellipsis" title={resource}>{resource.split(":").pop()}</span>
      <span>{formatDuration(Date.parse(visit.entered_at) - origin)}</span>
      <span>{formatDuration(duration)}</span>
      <span className="timeline-cell">
        {segments.map((s, i) => {
          const { left, width } = placeOnTimeline(s.start, s.end, origin, total);
          const kind = s.kind === "state" ? `status-${visit.status.toLowerCase().replace("_", "-")}` : s.kind;
          return <i key={i} className={`seg seg-${kind}`} style={{ left: `${left}%`, width: `${width}%` }} title={s.label} />;
        })}
      </span>
    </div>
  );
});

function GroupRow({ row, open, onToggle }: { row: Extract<TableRow, { kind: "group" }>; open: boolean; onToggle: (key: string) => void }) {
  const label = row.group.kind === "iteration" ? `Iteration ${row.group.index}` : `Branch ${row.group.index + 1}`;
  return (
    <div className="visit-row group-row" onClick={() => onToggle(row.key)} data-testid="group-row">
      <span style={{ paddingLeft: row.depth * 16 }} className="name-cell">
        <button type="button" className="expander" aria-expanded={open}>{open ? "▾" : "▸"}</button>
        {label}
      </span>
      <span className="muted">{row.group.nodes.length} states</span>
      <span><StatusBadge status={row.group.status} /></span>
      <span /><span /><span /><span />
    </div>
  );
}
