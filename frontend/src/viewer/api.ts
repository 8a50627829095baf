// The REST shapes the viewer reads (executions/serializers.py) and the calls that fetch them.
import { api, query } from "../api/client";
import type { ExecutionSummary } from "../core/executionStream";

export interface ExecutionDetail extends ExecutionSummary {
  input: unknown;
  output: unknown;
  error: string | null;
  cause: string | null;
  redrive_date: string | null;
  revision_id: string;
  parent_id: string | null;
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
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The definition the execution runs: its revision's exact text, even if the machine was edited since
 *  (GET /api/executions/<id>/state-machine/, as AWS's DescribeStateMachineForExecution). */
export async function loadDefinition(execution: ExecutionDetail): Promise<ExecutionDefinition> {
  const machine = await api.get<{ definition: string }>(`/api/executions/${execution.id}/state-machine/`);
  return { definition: parse(machine.definition), text: machine.definition };
}

/** Every page of a cursor-paginated list (the `next` links are absolute URLs or paths). */
export async function allPages<T>(path: string, limit = 20): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null = path;
  for (let i = 0; next && i < limit; i++) {
    const page: Page<T> = await api.get<Page<T>>(next);
    rows.push(...page.results);
    next = page.next ? new URL(page.next, window.location.origin).pathname + new URL(page.next, window.location.origin).search : null;
  }
  return rows;
}

export function invocationsOf(executionId: string, state: string): Promise<Invocation[]> {
  return allPages<Invocation>(`/api/executions/${executionId}/invocations/${query({ state })}`);
}
