// The REST shapes the viewer reads (executions/serializers.py) and the calls that fetch them.
import { api, query } from "../api/client";
import type { ExecutionSummary } from "../core/executionStream";
import { type MapRunDetail, processorDefinition } from "./mapRun";

export interface ExecutionDetail extends ExecutionSummary {
  input: unknown;
  output: unknown;
  error: string | null;
  cause: string | null;
  redrive_date: string | null;
  revision_id: string;
  parent_id: string | null;
  /** The Map Run of a Distributed Map's child execution (its definition is that Map's ItemProcessor). */
  map_run_id: string | null;
  access: "VIEW" | "RUN" | "EDIT" | "OWNER";
}

export interface Page<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Invocation {
  id: string;
  state: string;
  path: { state: string; index: number }[];
  attempt: number;
  resource: string;
  input: unknown;
  output: unknown;
  error: string | null;
  cause: string | null;
  logs: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface ExecutionDefinition {
  definition: unknown;
  /** The definition text exactly as saved (what "Definition" shows and exports). */
  text: string;
  /** A child execution's Map Run (its label and parent name the page's breadcrumb). */
  mapRun?: MapRunDetail;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The definition the execution runs: its revision's exact text, even if the machine was edited since
 *  (GET /api/executions/<id>/state-machine/, as AWS's DescribeStateMachineForExecution). A Distributed Map's child
 *  execution runs only that Map's ItemProcessor: the server answers with the whole machine, so the processor is
 *  cut out of it here (its history names only the processor's states, and AWS shows a child that way). */
export async function loadDefinition(execution: ExecutionDetail): Promise<ExecutionDefinition> {
  const [machine, mapRun] = await Promise.all([
    api.get<{ definition: string }>(`/api/executions/${execution.id}/state-machine/`),
    execution.map_run_id ? api.get<MapRunDetail>(`/api/map-runs/${execution.map_run_id}/`) : Promise.resolve(undefined),
  ]);
  const definition = parse(machine.definition);
  const processor = mapRun ? processorDefinition(definition, mapRun.state) : undefined;
  if (processor) return { definition: processor, text: JSON.stringify(processor, null, 2), mapRun };
  return { definition, text: machine.definition, mapRun };
}

/** The path and query of a `next`/`previous` link (absolute URLs or paths), for api.get. */
export function pathOf(link: string): string {
  const url = new URL(link, window.location.origin);
  return url.pathname + url.search;
}

/** Every page of a cursor-paginated list (the `next` links are absolute URLs or paths). */
export async function allPages<T>(path: string, limit = 20): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null = path;
  for (let i = 0; next && i < limit; i++) {
    const page: Page<T> = await api.get<Page<T>>(next);
    rows.push(...page.results);
    next = page.next ? pathOf(page.next) : null;
  }
  return rows;
}

export function invocationsOf(executionId: string, state: string): Promise<Invocation[]> {
  return allPages<Invocation>(`/api/executions/${executionId}/invocations/${query({ state })}`);
}
