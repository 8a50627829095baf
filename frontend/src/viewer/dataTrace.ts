// The stage-by-stage data trace of a state visit (the AWS console's "Advanced view"):
// state input → InputPath → Parameters → result → ResultSelector → ResultPath → OutputPath.
// The history gives the input, the effective parameters of a task (its Scheduled event), the task's result
// and the output; the stages between are computed from the state's definition where they use plain paths.
// A stage that needs what the browser cannot evaluate (intrinsic functions, the context object) is
// shown as unknown rather than guessed.

import { detailsOf, FAILURES, type HistoryEvent, parseJsonText, SCHEDULED, SUCCESSES, type VisitSummary } from "../core/summaries";
import { isRecord } from "../core/pointer";

export interface TraceStage {
  /** "State input", "InputPath", "Parameters", "Task result", "ResultSelector", "ResultPath", "OutputPath". */
  label: string;
  /** The field's value in the definition, when it has one ("$.order"), or why the stage applies. */
  field?: string;
  known: boolean;
  value?: unknown;
  /** Why the value is unknown, or where a known one comes from. */
  note?: string;
}

const UNKNOWN = Symbol("unknown");
type Maybe = unknown | typeof UNKNOWN;

/** Steps of a plain JSONPath ($.a.b, $['a'], $.a[0]); null when it uses anything else. */
export function parsePath(path: string): (string | number)[] | null {
  if (path === "$") return [];
  if (!path.startsWith("$") || path.startsWith("$$")) return null;
  const steps: (string | number)[] = [];
  const pattern = /\.([A-Za-z_][\w-]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]/y;
  let at = 1;
  while (at < path.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(path);
    if (!m) return null;
    steps.push(m[1] ?? m[2] ?? m[3] ?? Number(m[4]));
    at = pattern.lastIndex;
  }
  return steps;
}

export function readPath(value: unknown, path: string): Maybe {
  const steps = parsePath(path);
  if (!steps) return UNKNOWN;
  let current: unknown = value;
  for (const step of steps) {
    if (typeof step === "number" ? Array.isArray(current) && step < current.length : isRecord(current) && step in current) {
      current = (current as Record<string | number, unknown>)[step];
    } else {
      return UNKNOWN; // the engine fails the state here; the trace cannot say more
    }
  }
  return current;
}

/** ResultPath: put `result` into a copy of `input` (null keeps the input, "$" replaces it). */
export function writePath(input: unknown, path: string | null, result: unknown): Maybe {
  if (path === null) return input;
  const steps = parsePath(path);
  if (!steps || steps.some((s) => typeof s === "number")) return UNKNOWN;
  if (!steps.length) return result;
  const root: Record<string, unknown> = isRecord(input) ? structuredClone(input) : {};
  let node = root;
  steps.forEach((step, i) => {
    if (i === steps.length - 1) node[step as string] = result;
    else {
      if (!isRecord(node[step as string])) node[step as string] = {};
      node = node[step as string] as Record<string, unknown>;
    }
  });
  return root;
}

/** A payload template (Parameters, ResultSelector, ItemSelector) with plain `"key.$": "$.path"` fields. */
export function applyTemplate(template: unknown, input: unknown): Maybe {
  if (Array.isArray(template)) {
    const items = template.map((item) => applyTemplate(item, input));
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (!isRecord(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) {
      if (typeof value !== "string") return UNKNOWN;
      const read = readPath(input, value);
      if (read === UNKNOWN) return UNKNOWN;
      out[key.slice(0, -2)] = read;
    } else {
      const inner = applyTemplate(value, input);
      if (inner === UNKNOWN) return UNKNOWN;
      out[key] = inner;
    }
  }
  return out;
}

function stage(label: string, value: Maybe, field?: string, note?: string): TraceStage {
  return value === UNKNOWN
    ? { label, field, known: false, note: note ?? "Not computable in the browser (intrinsic functions or the context object)." }
    : { label, field, known: true, value, note };
}

function show(value: unknown): string {
  return value === null ? "null" : typeof value === "string" ? value : JSON.stringify(value);
}

/** The task's last outcome in this visit: its effective parameters, and its result or error. */
function taskFacts(events: HistoryEvent[]) {
  let parameters: Maybe = UNKNOWN;
  let result: Maybe = UNKNOWN;
  let error: { Error: unknown; Cause: unknown } | null = null;
  for (const event of events) {
    const details = detailsOf(event);
    if (SCHEDULED.has(event.type)) {
      parameters = parseJsonText(details.parameters ?? details.input);
      result = UNKNOWN;
      error = null;
    } else if (SUCCESSES.has(event.type)) {
      result = parseJsonText(details.output) ?? null;
    } else if (FAILURES.has(event.type)) {
      error = { Error: details.error ?? null, Cause: details.cause ?? null };
    }
  }
  return { parameters, result, error };
}

/** The catcher that took an error (first whose ErrorEquals matches, as the engine decides). */
function matchingCatcher(state: Record<string, unknown>, error: string): Record<string, unknown> | undefined {
  const catchers = Array.isArray(state.Catch) ? state.Catch.filter(isRecord) : [];
  return catchers.find((c) => {
    const names = Array.isArray(c.ErrorEquals) ? c.ErrorEquals : [];
    return names.includes(error) || names.includes("States.ALL")
      || (names.includes("States.TaskFailed") && !error.startsWith("States."));
  });
}

export function dataTrace(state: Record<string, unknown> | undefined, visit: VisitSummary, events: HistoryEvent[],
  queryLanguage: unknown = "JSONPath"): TraceStage[] {
  const stages: TraceStage[] = [stage("State input", visit.input)];
  const finished = visit.exited_at !== null && visit.status !== "FAILED" && visit.status !== "CANCELLED";
  const output = finished ? visit.output : UNKNOWN;
  const outputNote = finished ? undefined : "The state has no output (yet).";
  if (!state) return [...stages, stage("State output", output, undefined, outputNote)];
  const isTask = state.Type === "Task";
  const facts = taskFacts(events);
  if ((state.QueryLanguage ?? queryLanguage) === "JSONata") {
    if (state.Arguments !== undefined || isTask) {
      stages.push(stage("Arguments", isTask ? facts.parameters : UNKNOWN, state.Arguments ? "Arguments" : undefined,
        isTask ? undefined : "JSONata is evaluated by the server only."));
    }
    if (isTask) stages.push(stage("Task result", facts.error ?? facts.result));
    stages.push(stage("Output", output, state.Output !== undefined ? show(state.Output) : undefined, outputNote));
    return stages;
  }

  const inputPath = state.InputPath === undefined ? "$" : (state.InputPath as string | null);
  const effective: Maybe = inputPath === null ? {} : readPath(visit.input, inputPath);
  if (state.InputPath !== undefined) stages.push(stage("InputPath", effective, show(inputPath)));

  const template = state.Type === "Map" ? undefined : state.Parameters;
  let parameters: Maybe = effective;
  if (isTask && facts.parameters !== UNKNOWN) {
    parameters = facts.parameters;
    if (template !== undefined) stages.push(stage("Parameters", parameters, "Parameters", "As the task received it."));
  } else if (template !== undefined) {
    parameters = effective === UNKNOWN ? UNKNOWN : applyTemplate(template, effective);
    stages.push(stage("Parameters", parameters, "Parameters"));
  }

  const caught = visit.status === "CAUGHT_ERROR" && visit.error ? matchingCatcher(state, visit.error) : undefined;
  if (caught) {
    const errorOutput = { Error: visit.error, Cause: visit.cause };
    stages.push(stage("Error output", errorOutput, `Catch → ${String(caught.Next)}`));
    const path = caught.ResultPath === undefined ? "$" : (caught.ResultPath as string | null);
    stages.push(stage("ResultPath", finished ? visit.output : writePath(visit.input, path, errorOutput), show(path),
      "The catcher's ResultPath; its output goes to the catcher's Next state."));
    return stages;
  }

  let result: Maybe = UNKNOWN;
  if (isTask) result = facts.result;
  else if (state.Type === "Pass") result = state.Result !== undefined ? state.Result : parameters;
  else if (state.Type === "Map" || state.Type === "Parallel") result = UNKNOWN;
  else if (state.Type === "Choice" || state.Type === "Wait" || state.Type === "Succeed") {
    // No result: the output is the effective input through OutputPath.
    const outputPath = state.OutputPath === undefined ? "$" : (state.OutputPath as string | null);
    if (state.OutputPath !== undefined) stages.push(stage("OutputPath", output, show(outputPath), outputNote));
    else stages.push(stage("State output", output, undefined, outputNote));
    return stages;
  }
  if (isTask || state.Type === "Pass" || result !== UNKNOWN) {
    stages.push(stage(isTask ? "Task result" : "Result", result, undefined,
      isTask && result === UNKNOWN ? (facts.error ? "The task failed." : "No result yet.") : undefined));
  } else {
    stages.push(stage("Result", UNKNOWN, undefined, `The ${String(state.Type)} state's children's outputs, combined by the server.`));
  }

  let selected = result;
  if (state.ResultSelector !== undefined) {
    selected = result === UNKNOWN ? UNKNOWN : applyTemplate(state.ResultSelector, result);
    stages.push(stage("ResultSelector", selected, "ResultSelector"));
  }

  const resultPath = state.ResultPath === undefined ? "$" : (state.ResultPath as string | null);
  const placed = selected === UNKNOWN && resultPath !== null ? UNKNOWN : writePath(visit.input, resultPath, selected);
  const outputPath = state.OutputPath === undefined ? "$" : (state.OutputPath as string | null);
  if (state.ResultPath !== undefined || state.OutputPath !== undefined) {
    // After ResultPath is the output itself when there is no OutputPath: the recorded output is the truth.
    const afterResultPath = state.OutputPath === undefined && finished ? output : placed;
    stages.push(stage("ResultPath", afterResultPath, show(resultPath)));
  }
  stages.push(stage(state.OutputPath !== undefined ? "OutputPath" : "State output", output,
    state.OutputPath !== undefined ? show(outputPath) : undefined, outputNote));
  return stages;
}
