// One execution, live: its REST detail, the definition it ran, and its history over the websocket, folded
// into state visits in animation frames. No frame does more than a slice of work: events are folded
// FOLD_BUDGET_MS at a time (the rest waits for the next frame), and while the server replays a long history
// (pages of 1,000 events) the page re-renders at most every REPLAY_RENDER_MS, then once the replay is
// over; live events re-render at the next frame (for a big execution, at most every BIG_LIVE_RENDER_MS).
import { startTransition, useEffect, useState } from "react";
import { api } from "../api/client";
import { ExecutionStream, type ExecutionSummary, type StreamState } from "../core/executionStream";
import { type HistoryEvent, outline, Summarizer, type VisitSummary } from "../core/summaries";
import { type ExecutionDefinition, type ExecutionDetail, loadDefinition } from "./api";

export interface LiveExecution {
  detail: ExecutionDetail | null;
  definition: ExecutionDefinition | null;
  loadError: string | null;
  stream: StreamState;
  visits: VisitSummary[];
  /** Every event so far, sorted by id (the same array grows; `eventCount` changes with it). */
  events: HistoryEvent[];
  eventCount: number;
  /** The visit an event belongs to (its StateEntered id), null for execution events. */
  visitOfEvent: (eventId: number) => number | null | undefined;
  /** Re-read the detail (after Stop or Redrive, for the new status at once). */
  refresh: () => void;
}

const NO_EVENTS: HistoryEvent[] = [];
/** Folding events stops for the frame after this long (the rest waits for the next frame)... */
const FOLD_BUDGET_MS = 12;
/** ...checked every this many events. */
const FOLD_SLICE = 250;
/** While the server replays history, the page re-renders at most this often. */
const REPLAY_RENDER_MS = 250;
/** Live, an execution of more visits than this re-renders at most every BIG_LIVE_RENDER_MS (a render costs
 *  time in proportion to the visits: a 10,000-item Map's would otherwise fill every frame). */
const BIG_EXECUTION_VISITS = 2000;
const BIG_LIVE_RENDER_MS = 200;

export function useExecutionLive(executionId: string): LiveExecution {
  const [detail, setDetail] = useState<ExecutionDetail | null>(null);
  const [definition, setDefinition] = useState<ExecutionDefinition | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamState>({ kind: "connecting" });
  const [snapshot, setSnapshot] = useState({
    visits: [] as VisitSummary[], events: NO_EVENTS, eventCount: 0,
    visitOfEvent: (() => undefined) as LiveExecution["visitOfEvent"],
  });
  const [refreshes, setRefreshes] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let summarizer: Summarizer | null = null;
    let frame = 0;
    let timer = 0;
    let pending: HistoryEvent[] = [];
    let lastStatus: string | null = null;
    let replaying = true; // until the server says "live": render the replay in a few steps, not per page
    let rendered = -Infinity; // when the last snapshot was published (performance.now())
    let stale = false; // events folded since then
    let visitCount = 0; // in the last snapshot: a big execution re-renders live at most every BIG_LIVE_RENDER_MS

    const readDetail = () =>
      api.get<ExecutionDetail>(`/api/executions/${executionId}/`).then((d) => {
        if (!cancelled) {
          lastStatus = d.status;
          setDetail(d);
        }
        return d;
      });

    const publish = () => {
      if (!summarizer) return;
      const folded = summarizer;
      rendered = performance.now();
      stale = false;
      const visits = folded.summaries();
      visitCount = visits.length;
      // A transition: React renders the page for the new snapshot in slices, yielding to input and paint.
      startTransition(() => setSnapshot({
        visits, events: live.events, eventCount: live.events.length,
        visitOfEvent: (id) => folded.visitOfEvent(id),
      }));
    };

    const flush = () => {
      frame = 0;
      if (cancelled || !summarizer) return;
      const started = performance.now();
      let taken = 0;
      while (taken < pending.length && performance.now() - started < FOLD_BUDGET_MS) {
        summarizer.addEvents(pending.slice(taken, taken + FOLD_SLICE));
        taken += FOLD_SLICE;
        stale = true;
      }
      pending = taken < pending.length ? pending.slice(taken) : [];
      if (pending.length) {
        schedule(); // more to fold: in the next frame, after the browser painted and took input
      } else if (stale) {
        const interval = replaying ? REPLAY_RENDER_MS : visitCount > BIG_EXECUTION_VISITS ? BIG_LIVE_RENDER_MS : 0;
        const wait = rendered + interval - performance.now();
        if (wait <= 0) publish();
        else if (!timer) {
          timer = window.setTimeout(() => {
            timer = 0;
            schedule();
          }, wait);
        }
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };

    const live = new ExecutionStream(executionId, {
      onEvents: (events) => {
        for (const event of events) pending.push(event);
        schedule();
      },
      onExecution: (summary: ExecutionSummary) => {
        setDetail((current) => (current ? { ...current, ...summary } : current));
        // Output, error and cause are not in the summary: read them when the status changes.
        if (lastStatus !== null && summary.status !== lastStatus) void readDetail().catch(() => {});
        lastStatus = summary.status;
      },
      onState: (state) => {
        if (cancelled) return;
        const wasReplaying = replaying;
        replaying = state.kind !== "live";
        if (wasReplaying && !replaying) {
          // The replay is over: render what it brought now (flush publishes at once when not replaying).
          if (timer) window.clearTimeout(timer);
          timer = 0;
          rendered = -Infinity;
          schedule();
        }
        setStream(state);
      },
    });
    live.start();

    readDetail()
      .then(async (d) => {
        const loaded = await loadDefinition(d);
        if (cancelled) return;
        setDefinition(loaded);
        // Parallel branches are numbered from the definition: fold only once it is known.
        summarizer = new Summarizer(outline(loaded.definition).branchStarts);
        pending = live.events.slice();
        stale = true; // render once even for an execution without events yet
        schedule();
      })
      .catch((error: unknown) => !cancelled && setLoadError(error instanceof Error ? error.message : String(error)));

    return () => {
      cancelled = true;
      live.stop();
      if (frame) cancelAnimationFrame(frame);
      if (timer) window.clearTimeout(timer);
    };
  }, [executionId]);

  useEffect(() => {
    if (!refreshes) return;
    let cancelled = false;
    api.get<ExecutionDetail>(`/api/executions/${executionId}/`).then((d) => !cancelled && setDetail(d)).catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [executionId, refreshes]);

  return { detail, definition, loadError, stream, ...snapshot, refresh: () => setRefreshes((n) => n + 1) };
}
