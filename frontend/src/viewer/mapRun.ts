// Map Runs (a Distributed Map's child executions): the REST shapes (executions/serializers.py MapRun*Output)
// and the pure decisions the Map Run page and the execution page make from them. No React:
// tests/viewer/mapRun.test.ts.
import { isRecord } from "../core/pointer";

export type MapRunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

/** ListMapRuns' row (GET /api/executions/<id>/map-runs/). */
export interface MapRunSummary {
  id: string;
  map_run_arn: string;
  execution_id: string;
  execution_arn: string;
  state_machine_arn: string;
  /** The Distributed Map state's name. */
  state: string;
  label: string;
  status: MapRunStatus;
  start_date: string;
  stop_date: string | null;
}

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timed_out: number;
  aborted: number;
  total: number;
  results_written: number;
  failures_not_redrivable: number;
  pending_redrive: number;
}

/** DescribeMapRun (GET /api/map-runs/<id>/). */
export interface MapRunDetail extends MapRunSummary {
  child_type: "STANDARD" | "EXPRESS";
  /** 0: no limit. */
  max_concurrency: number;
  tolerated_failure_count: number | null;
  tolerated_failure_percentage: number | null;
  redrive_count: number;
  redrive_date: string | null;
  item_counts: MapRunCounts;
  execution_counts: MapRunCounts;
}

/** The statuses a child execution can have, for the Map Run page's filter (no PENDING_REDRIVE: a child is
 *  redriven through its Map Run, never on its own). */
export const CHILD_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/** How often a running Map Run is read again: there is no websocket for Map Runs. */
export const MAP_RUN_POLL_MS = 2000;

/** Whether to read a Map Run again later: only while it runs (its counts can still change). */
export function mapRunPolls(status: MapRunStatus | null | undefined): boolean {
  return status === "RUNNING";
}

/** Whether any of these Map Runs still runs (the execution page polls their counts until none does). */
export function anyMapRunPolls(runs: Iterable<{ status: MapRunStatus }>): boolean {
  for (const run of runs) if (mapRunPolls(run.status)) return true;
  return false;
}

export type CountKey = "succeeded" | "failed" | "timed_out" | "aborted" | "running" | "pending";

/** Item processing statuses in the order the page lists them and the bar draws them (finished first, as AWS). */
export const COUNT_ROWS: { key: CountKey; label: string; tone: string }[] = [
  { key: "pending", label: "Pending", tone: "not-started" },
  { key: "running", label: "Running", tone: "in-progress" },
  { key: "succeeded", label: "Succeeded", tone: "succeeded" },
  { key: "failed", label: "Failed", tone: "failed" },
  { key: "timed_out", label: "Timed out", tone: "failed" },
  { key: "aborted", label: "Aborted", tone: "cancelled" },
];

const BAR_ORDER: CountKey[] = ["succeeded", "failed", "timed_out", "aborted", "running", "pending"];

export interface BarSegment {
  key: CountKey;
  label: string;
  tone: string;
  count: number;
  /** Share of the bar, 0–100; the segments shown add up to 100. */
  percent: number;
}

/** The proportional bar's segments: one per status with items, in BAR_ORDER, as shares of the items. The
 *  denominator is the larger of `total` and the statuses' sum, so a count that ran ahead of `total` (a redrive
 *  in progress) never draws a bar longer than 100 %. No items: no segments. */
export function countSegments(counts: MapRunCounts): BarSegment[] {
  const sum = BAR_ORDER.reduce((n, key) => n + Math.max(0, counts[key]), 0);
  const whole = Math.max(counts.total, sum);
  if (whole <= 0) return [];
  const rows = new Map(COUNT_ROWS.map((r) => [r.key, r]));
  return BAR_ORDER.filter((key) => counts[key] > 0).map((key) => {
    const row = rows.get(key)!;
    return { key, label: row.label, tone: row.tone, count: counts[key], percent: (counts[key] / whole) * 100 };
  });
}

/** "5/6": the node badge of a Distributed Map whose Map Run's counts are known. */
export function countsBadge(counts: MapRunCounts): string {
  return `${counts.succeeded}/${counts.total}`;
}

/** ToleratedFailureCount / ToleratedFailurePercentage as the header says them ("None" when neither is set). */
export function toleratedFailures(count: number | null, percentage: number | null): string {
  const parts: string[] = [];
  if (count !== null) parts.push(`${count} item${count === 1 ? "" : "s"}`);
  if (percentage !== null) parts.push(`${percentage} %`);
  return parts.length ? parts.join(" or ") : "None";
}

/** MaxConcurrency: 0 means no limit. */
export function maxConcurrency(value: number): string {
  return value > 0 ? String(value) : "No limit";
}

/** The execution's name from its ARN (`…:execution:<machine>[/<label>]:<name>`). */
export function executionNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(":") + 1);
}

/** Key of the Map Run events a history holds so far: it changes when a Map Run starts, is redriven or ends, which
 *  is when the execution page reads its Map Runs again. */
export function mapRunEventsKey(runs: Iterable<{ arn: string | null; status: string } | null>): string {
  const parts: string[] = [];
  for (const run of runs) if (run) parts.push(`${run.arn ?? "?"}=${run.status}`);
  return parts.join("|");
}


/** What a Distributed Map's child execution runs: the Map state's ItemProcessor (or Iterator) as a state machine
 *  of its own, with the machine's QueryLanguage, as AWS shows a child execution's definition. The Map is found by
 *  name at any depth (state names are unique in a machine); undefined if there is no such Map. */
export function processorDefinition(definition: unknown, mapState: string): Record<string, unknown> | undefined {
  const find = (scope: unknown): Record<string, unknown> | undefined => {
    const states = isRecord(scope) ? scope.States : undefined;
    if (!isRecord(states)) return undefined;
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      const processor = state.ItemProcessor ?? state.Iterator;
      if (name === mapState && state.Type === "Map" && isRecord(processor)) return processor;
      for (const inner of [...(Array.isArray(state.Branches) ? state.Branches : []), processor]) {
        const found = find(inner);
        if (found) return found;
      }
    }
    return undefined;
  };
  const processor = find(definition);
  if (!processor) return undefined;
  const { ProcessorConfig: _config, ...machine } = processor;
  const language = isRecord(definition) ? definition.QueryLanguage : undefined;
  return language !== undefined && machine.QueryLanguage === undefined ? { QueryLanguage: language, ...machine } : machine;
}
