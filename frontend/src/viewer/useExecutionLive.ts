// One execution, live: its REST detail, the definition it ran, and its history over the websocket, folded
// into state visits once per animation frame (a burst of thousands of events costs one render).
import { useEffect, useState } from "react";
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
    const pending: HistoryEvent[] = [];
    let lastStatus: string | null = null;

    const readDetail = () =>
      api.get<ExecutionDetail>(`/api/executions/${executionId}/`).then((d) => {
        if (!cancelled) {
          lastStatus = d.status;
          setDetail(d);
        }
        return d;
      });

    const flush = () => {
      frame = 0;
      if (cancelled || !summarizer) return;
      summarizer.addEvents(pending.splice(0));
      const folded = summarizer;
      setSnapshot({
        visits: folded.summaries(), events: live.events, eventCount: live.events.length,
        visitOfEvent: (id) => folded.visitOfEvent(id),
      });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };

    const live = new ExecutionStream(executionId, {
      onEvents: (events) => {
        pending.push(...events);
        schedule();
      },
      onExecution: (summary: ExecutionSummary) => {
        setDetail((current) => (current ? { ...current, ...summary } : current));
        // Output, error and cause are not in the summary: read them when the status changes.
        if (lastStatus !== null && summary.status !== lastStatus) void readDetail().catch(() => {});
        lastStatus = summary.status;
      },
      onState: (state) => !cancelled && setStream(state),
    });
    live.start();

    readDetail()
      .then(async (d) => {
        const loaded = await loadDefinition(d);
        if (cancelled) return;
        setDefinition(loaded);
        // Parallel branches are numbered from the definition: fold only once it is known.
        summarizer = new Summarizer(outline(loaded.definition).branchStarts);
        pending.splice(0, pending.length, ...live.events);
        schedule();
      })
      .catch((error: unknown) => !cancelled && setLoadError(error instanceof Error ? error.message : String(error)));

    return () => {
      cancelled = true;
      live.stop();
      if (frame) cancelAnimationFrame(frame);
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
