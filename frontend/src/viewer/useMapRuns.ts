// The Map Runs of an execution's Distributed Maps, for its page: the list (ListMapRuns), read again whenever the
// parent's history brings a MapRun* event, and the details (counts) of the runs on show (the graph's badges, the
// step panel's Map Run box), read again every MAP_RUN_POLL_MS while one of them runs. There is no websocket for a
// Map Run's counts: its child executions' events are in their own histories.
import { useEffect, useMemo, useState } from "react";
import { api } from "../api/client";
import { anyMapRunPolls, MAP_RUN_POLL_MS, type MapRunDetail, type MapRunSummary } from "./mapRun";
import { startPolling } from "./polling";

/** A page shows a handful of Map Runs at once (one per distributed Map, and the selected one); more than this
 *  many are not polled (a machine would need that many distributed Maps side by side). */
const MOST_DESCRIBED = 10;

export interface ExecutionMapRuns {
  runs: MapRunSummary[];
  /** By Map Run ARN: the details read so far of the runs asked for. */
  details: ReadonlyMap<string, MapRunDetail>;
}

/** `eventsKey` changes with the parent's MapRun* events (mapRunEventsKey): "" when it has none, then nothing
 *  is read. `wanted`: the ARNs of the runs whose counts the page shows. */
export function useMapRuns(executionId: string, eventsKey: string, wanted: readonly string[]): ExecutionMapRuns {
  const [runs, setRuns] = useState<MapRunSummary[]>([]);
  const [details, setDetails] = useState<ReadonlyMap<string, MapRunDetail>>(new Map());

  useEffect(() => {
    setRuns([]);
    setDetails(new Map());
  }, [executionId]);

  useEffect(() => {
    if (!eventsKey) return;
    let cancelled = false;
    api.get<{ map_runs: MapRunSummary[] }>(`/api/executions/${executionId}/map-runs/`)
      .then((answer) => !cancelled && setRuns(answer.map_runs))
      .catch(() => {}); // the step panel then shows what the parent's history says of the run
    return () => {
      cancelled = true;
    };
  }, [executionId, eventsKey]);

  const wantedKey = [...new Set(wanted)].sort().join(" ");
  const ids = useMemo(() => {
    const arns = new Set(wantedKey.split(" "));
    return runs.filter((r) => arns.has(r.map_run_arn)).slice(0, MOST_DESCRIBED).map((r) => r.id);
  }, [runs, wantedKey]);
  const idsKey = ids.join(",");

  useEffect(() => {
    if (!idsKey) return;
    // Restarted by a MapRun* event too (eventsKey): the first read after a run ended has its final counts.
    return startPolling({
      load: () => Promise.all(idsKey.split(",").map((id) => api.get<MapRunDetail>(`/api/map-runs/${id}/`))),
      onResult: (read) => setDetails((current) => {
        const next = new Map(current);
        for (const detail of read) next.set(detail.map_run_arn, detail);
        return next;
      }),
      again: anyMapRunPolls,
      intervalMs: MAP_RUN_POLL_MS,
    });
  }, [idsKey, eventsKey]);

  return { runs, details };
}
