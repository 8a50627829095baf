// How the inspector's fields read and write a state's JSON: one key at a time, in ASL's usual key order.
import type { StateType } from "../core/graph";

export type StateJson = Record<string, unknown>;

/** The order keys get when the inspector adds them (keys already there stay where they are). */
export const KEY_ORDER = [
  "Type", "Comment", "QueryLanguage", "Resource", "Credentials",
  "InputPath", "Items", "ItemsPath", "ItemReader", "ItemSelector", "Parameters", "ItemBatcher",
  "MaxConcurrency", "MaxConcurrencyPath",
  "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath",
  "Arguments", "Result",
  "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
  "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
  "Choices", "Default", "Branches", "ItemProcessor", "Iterator",
  "ResultSelector", "ResultWriter", "ResultPath", "OutputPath", "Output", "Assign",
  "Error", "ErrorPath", "Cause", "CausePath",
  "Retry", "Catch", "Next", "End",
] as const;

const RANK = new Map<string, number>(KEY_ORDER.map((key, index) => [key, index]));

/**
 * A copy of `state` with `key` set to `value`, or removed when `value` is undefined. A new key goes
 * before the first known key that ranks after it; unknown keys (vendor extensions) are kept as they are.
 */
export function setField(state: StateJson, key: string, value: unknown): StateJson {
  if (value === undefined) {
    if (!(key in state)) return state;
    const { [key]: _removed, ...rest } = state;
    void _removed;
    return rest;
  }
  if (key in state) return { ...state, [key]: value };
  const rank = RANK.get(key) ?? Number.MAX_SAFE_INTEGER;
  const out: StateJson = {};
  let placed = false;
  for (const [existing, existingValue] of Object.entries(state)) {
    const existingRank = RANK.get(existing);
    if (!placed && existingRank !== undefined && existingRank > rank) {
      out[key] = value;
      placed = true;
    }
    out[existing] = existingValue;
  }
  if (!placed) out[key] = value;
  return out;
}

/** Several fields at once, in order. */
export function setFields(state: StateJson, changes: Record<string, unknown>): StateJson {
  return Object.entries(changes).reduce((current, [key, value]) => setField(current, key, value), state);
}

/** States that end the flow on their own: no Next or End. */
export const TERMINAL_TYPES: ReadonlySet<string> = new Set(["Choice", "Succeed", "Fail"]);

/** Next and End exclude each other: setting one removes the other (null Next = End). */
export function setTransition(state: StateJson, next: string | null): StateJson {
  if (next === null) return setFields(state, { Next: undefined, End: true });
  return setFields(state, { End: undefined, Next: next });
}

export function usesJsonata(state: StateJson, documentLanguage: unknown): boolean {
  return (state.QueryLanguage ?? documentLanguage) === "JSONata";
}

/** Which groups of fields a state type has (AWS's tables of fields per state type). */
export interface FieldSupport {
  transition: boolean; // Next/End
  inputOutputPaths: boolean; // InputPath/OutputPath
  parameters: boolean; // Parameters (JSONPath) / Arguments (JSONata)
  resultSelector: boolean;
  resultPath: boolean;
  output: boolean; // JSONata Output
  assign: boolean;
  retryCatch: boolean;
  timeouts: boolean;
}

export function fieldSupport(type: StateType | string): FieldSupport {
  const is = (...types: string[]) => types.includes(type);
  return {
    transition: !TERMINAL_TYPES.has(type),
    inputOutputPaths: !is("Fail"),
    parameters: is("Task", "Pass", "Parallel", "Map"),
    resultSelector: is("Task", "Parallel", "Map"),
    resultPath: is("Task", "Pass", "Parallel", "Map"),
    output: !is("Fail"),
    assign: !is("Succeed", "Fail"),
    retryCatch: is("Task", "Parallel", "Map"),
    timeouts: is("Task"),
  };
}

/** A number field's text to its JSON value: "" removes the field, anything not a number is kept as text. */
export function numberFromText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** A text field's value: "" removes the field. */
export function textOrUndefined(text: string): string | undefined {
  return text === "" ? undefined : text;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: "FULL" | "NONE";
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: unknown;
  Comment?: string;
}

/** The error names AWS defines (offered in ErrorEquals pickers; any name a handler raises is allowed too). */
export const PREDEFINED_ERRORS = [
  "States.ALL", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold", "States.HeartbeatTimeout",
  "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed", "States.NoChoiceMatched",
  "States.ParameterPathFailure", "States.Permissions", "States.QueryEvaluationError", "States.ResultPathMatchFailure",
  "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed", "States.Timeout",
] as const;

/** "States.TaskFailed, MyError" ⇄ ["States.TaskFailed", "MyError"]. */
export function errorListFromText(text: string): string[] {
  return text.split(",").map((part) => part.trim()).filter(Boolean);
}

export function errorListToText(errors: unknown): string {
  return Array.isArray(errors) ? errors.join(", ") : "";
}

export function newRetrier(): StateJson {
  return { ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };
}

export function newCatcher(next: string): StateJson {
  return { ErrorEquals: ["States.ALL"], Next: next };
}

/** Replace, add (index = length) or remove (value undefined) one item of an array field; [] removes the field. */
export function setListItem(state: StateJson, key: string, index: number, value: unknown): StateJson {
  const list = Array.isArray(state[key]) ? [...(state[key] as unknown[])] : [];
  if (value === undefined) list.splice(index, 1);
  else list[index] = value;
  return setField(state, key, list.length ? list : undefined);
}

/** Problems whose location is `pointer` or inside it. */
export function problemsAt<T extends { location: string }>(diagnostics: readonly T[], pointer: string): T[] {
  return diagnostics.filter((d) => d.location === pointer || d.location.startsWith(`${pointer}/`));
}
