// The events view: the raw history, virtualised (25,000 rows scroll smoothly), filtered by type and by kind,
// failures in red, the count shown against the 25,000-event limit. Clicking an event selects its state.
import { useMemo, useState } from "react";
import { detailsOf, type VisitSummary } from "../core/summaries";
import { type EventTone, eventTone, filterEvents, HISTORY_LIMIT } from "./eventFilter";
import { formatTime } from "./format";
import type { LiveExecution } from "./useExecutionLive";
import { VirtualRows } from "./VirtualRows";

interface EventsViewProps {
  live: LiveExecution;
  selectedVisitId: number | null;
  onSelectVisit: (visit: VisitSummary) => void;
}

const ROW_HEIGHT = 28;

export function EventsView({ live, selectedVisitId, onSelectVisit }: EventsViewProps) {
  const [text, setText] = useState("");
  const [tone, setTone] = useState<EventTone | "">("");
  const [openId, setOpenId] = useState<number | null>(null);
  const { events, eventCount, visitOfEvent, visits } = live;
  const shown = useMemo(() => filterEvents(events, eventCount, text, tone), [events, eventCount, text, tone]);
  // Visits are in the order states were entered, which is the order of their ids: a binary search finds
  // one without a 10,000-entry map built per update.
  const visitById = useMemo(() => ({ get: (id: number) => findVisit(visits, id) }), [visits]);
  // Only the open row (its details shown) is taller than the others.
  const openIndex = useMemo(() => {
    const index = openId === null ? -1 : shown.findIndex((event) => event.id === openId);
    return index < 0 ? null : index;
  }, [shown, openId]);
  const start = live.detail ? Date.parse(live.detail.start_date) : 0;

  return (
    <div className="events-view" data-testid="events-view">
      <div className="toolbar">
        <input type="search" placeholder="Filter by type (e.g. Failed, TaskStateEntered)" value={text}
          onChange={(e) => setText(e.target.value)} aria-label="Filter by event type" />
        <select value={tone} onChange={(e) => setTone(e.target.value as EventTone | "")} aria-label="Event status">
          <option value="">All events</option>
          <option value="failed">Failures</option>
          <option value="succeeded">Successes</option>
          <option value="started">Starts</option>
        </select>
        <span className="spacer" />
        <span className={eventCount > HISTORY_LIMIT * 0.9 ? "error-text" : "muted"} data-testid="event-count">
          {shown.length !== eventCount && `${shown.length.toLocaleString()} shown · `}
          {eventCount.toLocaleString()} of {HISTORY_LIMIT.toLocaleString()} events
        </span>
      </div>
      <div className="event-row event-head">
        <span>ID</span><span>Type</span><span>Step</span><span>Timestamp</span><span>Elapsed</span><span>Details</span>
      </div>
      <VirtualRows className="event-scroller" count={shown.length} rowHeight={ROW_HEIGHT} overscan={20}
        rowKey={(index) => shown[index].id} measuredIndex={openIndex}>
        {(index, rowProps) => {
          const event = shown[index];
          const visit = visitById.get(visitOfEvent(event.id) ?? -1);
          const details = detailsOf(event);
          const open = openId === event.id;
          return (
            <div {...rowProps}
              className={`virtual-row event-row tone-${eventTone(event.type)}${open ? " open" : ""}${visit && visit.id === selectedVisitId ? " selected" : ""}`}
              data-testid="event-row" data-event-type={event.type}
              onClick={() => { setOpenId(open ? null : event.id); if (visit) onSelectVisit(visit); }}>
              <span>{event.id}</span>
              <span>{event.type}</span>
              <span className="ellipsis">{visit ? visit.name + visit.path.map((p) => ` [${p.index}]`).join("") : ""}</span>
              <span>{formatTime(event.timestamp)}</span>
              <span>{`${Math.max(0, Date.parse(event.timestamp) - start)} ms`}</span>
              {open ? <pre className="event-details">{JSON.stringify(details, null, 2)}</pre>
                : <span className="ellipsis muted">{Object.keys(details).length ? summaryText(details) : ""}</span>}
            </div>
          );
        }}
      </VirtualRows>
    </div>
  );
}

/** The visit with that id (visits sorted by id), if any. */
function findVisit(visits: VisitSummary[], id: number): VisitSummary | undefined {
  let low = 0;
  let high = visits.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = visits[middle].id;
    if (at === id) return visits[middle];
    if (at < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** One line of an event's details: the start of its JSON (a Map's 10,000-item input is 100 kB of text,
 *  slow to lay out in a row that shows 100 characters of it; opening the row shows all of it). */
function summaryText(details: Record<string, unknown>): string {
  const text = JSON.stringify(details);
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
}

const SUMMARY_CHARS = 400;
