// The Gantt bars of the table view: a visit's span, cut into task attempts (a failed attempt red) and the
// back-off gaps between them (grey), from the visit's own history events.

import { detailsOf, FAILURES, type HistoryEvent, SCHEDULED, SUCCESSES, type VisitSummary } from "../core/summaries";

export type SegmentKind = "attempt-failed" | "attempt-succeeded" | "attempt-running" | "backoff" | "state";

export interface Segment {
  kind: SegmentKind;
  start: number; // ms since the epoch
  end: number;
  label: string;
}

/** Segments of one visit; `now` ends what is still running. */
export function visitSegments(visit: VisitSummary, events: HistoryEvent[], now: number): Segment[] {
  const entered = Date.parse(visit.entered_at);
  const ended = visit.exited_at ? Date.parse(visit.exited_at) : now;
  const segments: Segment[] = [];
  let attemptStart: number | null = null;
  let lastFailureEnd: number | null = null;
  let attempt = 0;
  for (const event of events) {
    const at = Date.parse(event.timestamp);
    if (SCHEDULED.has(event.type)) {
      if (lastFailureEnd !== null && at > lastFailureEnd) {
        segments.push({ kind: "backoff", start: lastFailureEnd, end: at, label: "Retry back-off" });
      }
      attempt += 1;
      attemptStart = at;
    } else if (attemptStart !== null && FAILURES.has(event.type)) {
      const error = detailsOf(event).error;
      segments.push({ kind: "attempt-failed", start: attemptStart, end: at,
        label: `Attempt ${attempt} failed${error ? `: ${String(error)}` : ""}` });
      attemptStart = null;
      lastFailureEnd = at;
    } else if (attemptStart !== null && SUCCESSES.has(event.type)) {
      segments.push({ kind: "attempt-succeeded", start: attemptStart, end: at, label: `Attempt ${attempt} succeeded` });
      attemptStart = null;
      lastFailureEnd = null;
    }
  }
  if (attemptStart !== null) {
    segments.push({ kind: visit.status === "IN_PROGRESS" ? "attempt-running" : "attempt-failed", start: attemptStart,
      end: ended, label: `Attempt ${attempt} ${visit.status === "IN_PROGRESS" ? "running" : visit.status.toLowerCase()}` });
  } else if (lastFailureEnd !== null && visit.status === "IN_PROGRESS") {
    segments.push({ kind: "backoff", start: lastFailureEnd, end: ended, label: "Retry back-off" });
  }
  if (!segments.length) segments.push({ kind: "state", start: entered, end: ended, label: visit.status });
  return segments;
}

/** Where a span sits on a timeline from `origin` lasting `total` ms, in percent (never zero-width). */
export function placeOnTimeline(start: number, end: number, origin: number, total: number): { left: number; width: number } {
  if (!(total > 0)) return { left: 0, width: 100 };
  const left = Math.min(100, Math.max(0, ((start - origin) / total) * 100));
  const width = Math.max(0.4, Math.min(100 - left, ((end - start) / total) * 100));
  return { left, width };
}
