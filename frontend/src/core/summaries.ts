// Per-state summaries of an execution, derived from its history events alone: a faithful port of
// `executions/summaries.py` (whose docstring explains the rules), so that the viewer can colour the
// graph from the events it streams instead of asking the server again. `GET /api/executions/<id>/states/`
// returns the Python module's output for the same events; tests/core/summaries.test.ts compares the two.
//
// Unlike the Python module, `Summarizer` is incremental: events fed in id order are applied one by
// one, and `summaries()` re-serialises only the visits that changed since the last call, so a
// 25,000-event history streaming in does not cost a full recomputation per batch.
import { isRecord } from "./pointer";

export type StateStatus = "NOT_STARTED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "CAUGHT_ERROR" | "CANCELLED";

export const NOT_STARTED = "NOT_STARTED";
export const IN_PROGRESS = "IN_PROGRESS";
export const SUCCEEDED = "SUCCEEDED";
export const FAILED = "FAILED";
export const CAUGHT_ERROR = "CAUGHT_ERROR";
export const CANCELLED = "CANCELLED";
export const STATUSES: readonly StateStatus[] = [NOT_STARTED, IN_PROGRESS, SUCCEEDED, FAILED, CAUGHT_ERROR, CANCELLED];

/** An AWS-shaped history event (GetExecutionHistory): id, previousEventId, timestamp, type, `<x>EventDetails`. */
export interface HistoryEvent {
  id: number;
  previousEventId?: number;
  timestamp: string;
  type: string;
  [detailsKey: string]: unknown;
}

export interface PathStep {
  state: string;
  index: number;
}

/** One entry into a state, as `GET /api/executions/<id>/states/` returns it. */
export interface VisitSummary {
  id: number;
  name: string;
  type: string;
  path: PathStep[];
  visit: number;
  status: StateStatus;
  input: unknown;
  output: unknown;
  entered_at: string;
  exited_at: string | null;
  duration_ms: number | null;
  attempts: number;
  error: string | null;
  cause: string | null;
  invocations: Record<string, unknown>[];
}

export const SCHEDULED = new Set(["TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled"]);
export const FAILURES = new Set([
  "TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
  "ActivityFailed", "ActivityScheduleFailed", "ActivityTimedOut",
  "LambdaFunctionFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut",
  "EvaluationFailed", "MapRunFailed",
]);
export const SUCCESSES = new Set(["TaskSucceeded", "ActivitySucceeded", "LambdaFunctionSucceeded", "MapRunSucceeded"]);
const FAN_OUT_ENDS: Record<string, [string, boolean]> = {
  MapStateSucceeded: ["Map", false], MapStateFailed: ["Map", true],
  ParallelStateSucceeded: ["Parallel", false], ParallelStateFailed: ["Parallel", true],
};
const ITERATION_EVENTS = new Set(["MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed",
  "MapIterationAborted"]);
// Worst first: what a state's node shows when its visits (iterations, branches) differ.
const ROLL_UP: StateStatus[] = [IN_PROGRESS, FAILED, CAUGHT_ERROR, CANCELLED, SUCCEEDED];

/** The `<x>EventDetails` object of an AWS-shaped event ({} when it has none). */
export function detailsOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith("EventDetails") && value !== null && typeof value === "object" && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  }
  return {};
}

/** Payloads travel as JSON text: the value, or the text itself when it is not JSON. */
export function parseJsonText(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Microseconds since the epoch of an ISO 8601 time (as Python's `datetime.fromisoformat`), else null.
 *  Microseconds, not `Date.parse`'s milliseconds: durations must match the server's to the microsecond. */
export function isoMicros(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const m = ISO.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const seconds = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0) / 1000;
  if (Number.isNaN(seconds)) return null;
  let offset = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offset = (digits[0] === "-" ? -1 : 1) * (+digits.slice(1, 3) * 3600 + +digits.slice(3, 5) * 60);
  }
  return (seconds - offset) * 1e6 + (frac ? +frac.padEnd(6, "0") : 0);
}

/** (Map/Parallel visit id, iteration or branch index) pairs, outermost first. */
type Thread = [number, number][];

function threadKey(thread: Thread): string {
  return thread.map(([id, index]) => `${id}:${index}`).join("/");
}

class Visit {
  output: unknown = null;
  exitedAt: string | null = null;
  endedAt: string | null = null;
  status: StateStatus | null = null; // null while open
  attempts = 0;
  error: string | null = null;
  cause: string | null = null;
  lastFailed = false; // its latest task/branch outcome was a failure
  failedHere = false; // an ending event points at it: the failure came from here
  fanning = false; // a Map/Parallel waiting for its children
  failedChild: Visit | null = null; // the child visit its failure came from
  branchesSeen = 0;
  invocations: Record<string, unknown>[] = [];

  constructor(
    readonly id: number, // the StateEntered event's id
    readonly name: string,
    readonly type: string,
    readonly thread: Thread,
    readonly threadKey: string,
    readonly path: PathStep[],
    readonly number: number, // 0 for the first visit of this state in this thread, 1 for the next (loops)
    readonly enteredAt: string,
    readonly input: unknown,
  ) {}

  asJson(): VisitSummary {
    const entered = isoMicros(this.enteredAt);
    const ended = isoMicros(this.exitedAt ?? this.endedAt);
    return {
      id: this.id, name: this.name, type: this.type, path: this.path, visit: this.number,
      status: this.status ?? IN_PROGRESS, input: this.input, output: this.output,
      entered_at: this.enteredAt, exited_at: this.exitedAt ?? this.endedAt,
      duration_ms: entered !== null && ended !== null ? ((ended - entered) / 1e6) * 1000 : null,
      attempts: this.attempts, error: this.error, cause: this.cause, invocations: this.invocations,
    };
  }
}

/** Each Parallel state's `{StartAt of a branch: branch index}`. */
export type BranchStarts = Record<string, Record<string, number>>;

/** Feeds events in id order; an event older than the last one applied replays everything (rare: only
 *  when replayed and live events cross), so callers may pass events in any order. */
export class Summarizer {
  private visits: Visit[] = [];
  private byId = new Map<number, Visit>();
  private owner = new Map<number, Visit | null>(); // event id -> its visit (null: an execution event)
  private types = new Map<number, string>();
  private iterationIndex = new Map<number, number>(); // MapIterationStarted id -> index
  private counts = new Map<string, number>();
  private open = new Map<number, Visit>();
  // Big Maps have thousands of threads: ending one must not look at every open visit.
  private openIn = new Map<string, Map<number, Visit>>();
  private subthreads = new Map<string, Map<string, Thread>>();
  private applied: HistoryEvent[] = [];
  private lastId = 0;
  private dirty = new Set<Visit>();
  private cache: VisitSummary[] = [];

  constructor(private readonly branchStarts: BranchStarts = {}) {}

  /** Apply new events (any order, duplicates ignored). */
  addEvents(events: Iterable<HistoryEvent>): void {
    const fresh = [...events].filter((e) => !this.owner.has(Number(e.id)) && !this.types.has(Number(e.id)));
    if (!fresh.length) return;
    fresh.sort((a, b) => Number(a.id) - Number(b.id));
    if (Number(fresh[0].id) <= this.lastId) {
      const all = [...this.applied, ...fresh].sort((a, b) => Number(a.id) - Number(b.id));
      this.reset();
      fresh.splice(0, fresh.length, ...all);
    }
    for (const event of fresh) {
      if (this.types.has(Number(event.id))) continue;
      this.add(event);
      this.applied.push(event);
      this.lastId = Number(event.id);
    }
  }

  /** Every visit, in the order states were entered (unchanged visits keep their objects). */
  summaries(): VisitSummary[] {
    if (this.cache.length === this.visits.length && !this.dirty.size) return this.cache;
    const next = this.cache.slice(0, this.visits.length);
    for (let i = this.cache.length; i < this.visits.length; i++) this.dirty.add(this.visits[i]);
    const index = this.indexOfVisit();
    for (const visit of this.dirty) next[index.get(visit.id)!] = visit.asJson();
    this.dirty.clear();
    this.cache = next;
    return next;
  }

  /** The id of the visit (its StateEntered event id) an event belongs to: null for execution events,
   *  undefined for an event not applied (yet). Not in the Python module: the viewer's per-step events. */
  visitOfEvent(eventId: number): number | null | undefined {
    if (!this.owner.has(eventId)) return this.types.has(eventId) ? null : undefined;
    return this.owner.get(eventId)?.id ?? null;
  }

  /** Attach task invocations (see `summarize`); for a one-off summary, not the live one. */
  attach(invocations: Iterable<Record<string, unknown>>): void {
    attachInvocations(this.visits, invocations);
    this.visits.forEach((v) => this.dirty.add(v));
  }

  private positions = new Map<number, number>();
  private indexOfVisit(): Map<number, number> {
    for (let i = this.positions.size; i < this.visits.length; i++) this.positions.set(this.visits[i].id, i);
    return this.positions;
  }

  private reset(): void {
    this.visits = [];
    this.byId.clear();
    this.owner.clear();
    this.types.clear();
    this.iterationIndex.clear();
    this.counts.clear();
    this.open.clear();
    this.openIn.clear();
    this.subthreads.clear();
    this.applied = [];
    this.lastId = 0;
    this.dirty.clear();
    this.cache = [];
    this.positions.clear();
  }

  // -- helpers --

  private spawner(visit: Visit): Visit | null {
    return visit.thread.length ? (this.byId.get(visit.thread[visit.thread.length - 1][0]) ?? null) : null;
  }

  /** `visit` or the nearest Map/Parallel visit enclosing it that is `wanted`; else the latest such. */
  private climb(visit: Visit | null, wanted: (v: Visit) => boolean): Visit | null {
    while (visit !== null) {
      if (wanted(visit)) return visit;
      visit = this.spawner(visit);
    }
    for (let i = this.visits.length - 1; i >= 0; i--) {
      const v = this.visits[i];
      if (this.open.has(v.id) && wanted(v)) return v;
    }
    return null;
  }

  private end(visit: Visit, status: StateStatus, when: string): void {
    visit.status = status;
    visit.endedAt = when;
    visit.fanning = false;
    this.open.delete(visit.id);
    this.openIn.get(visit.threadKey)?.delete(visit.id);
    this.dirty.add(visit);
  }

  /** End a visit its thread's end leaves open: FAILED where the failure came from, else CANCELLED. */
  private stop(visit: Visit, when: string, cancel: boolean): void {
    const failed = !cancel && (visit.failedHere || visit.lastFailed || visit.type === "Fail");
    this.end(visit, failed ? FAILED : CANCELLED, when);
  }

  private endAll(when: string, cancel = false): void {
    for (const visit of [...this.open.values()]) this.stop(visit, when, cancel);
  }

  /** End the open visits of `threads` and of every thread started inside them. */
  private endThreads(threads: Thread[], when: string, cancel = false): void {
    const stack = [...threads];
    while (stack.length) {
      const thread = stack.pop()!;
      const key = threadKey(thread);
      for (const visit of [...(this.openIn.get(key)?.values() ?? [])]) this.stop(visit, when, cancel);
      stack.push(...(this.subthreads.get(key)?.values() ?? []));
    }
  }

  private childrenOf(visit: Visit): Thread[] {
    return [...(this.subthreads.get(visit.threadKey)?.values() ?? [])].filter(
      (thread) => thread[thread.length - 1][0] === visit.id,
    );
  }

  /** Give a failure's error to the visit it ended and, down the chain, to where it came from. */
  private blame(visit: Visit | null, error: unknown, cause: unknown): void {
    while (visit !== null && visit.error === null) {
      visit.error = (error ?? null) as string | null;
      visit.cause = (cause ?? null) as string | null;
      this.dirty.add(visit);
      visit = visit.failedChild;
    }
  }

  // -- events --

  private add(event: HistoryEvent): void {
    const eventId = Number(event.id);
    const previous = Number(event.previousEventId || 0);
    const kind = String(event.type);
    const details = detailsOf(event);
    const when = String(event.timestamp ?? "");
    this.types.set(eventId, kind);
    if (kind.endsWith("StateEntered")) {
      this.enter(eventId, previous, kind.slice(0, -"StateEntered".length), details, when);
    } else if (kind.startsWith("Execution")) {
      this.owner.set(eventId, null);
      this.executionEvent(kind, this.owner.get(previous) ?? null, details, when);
    } else if (kind.endsWith("StateExited")) {
      this.exited(eventId, previous, kind.slice(0, -"StateExited".length), details, when);
    } else if (ITERATION_EVENTS.has(kind)) {
      this.iteration(eventId, previous, kind, details, when);
    } else if (kind in FAN_OUT_ENDS) {
      this.fanOutEnded(eventId, previous, kind, when);
    } else {
      this.stateEvent(eventId, this.owner.get(previous) ?? null, kind, details, when);
    }
  }

  private enter(eventId: number, previous: number, type: string, details: Record<string, unknown>, when: string) {
    const name = details.name === undefined ? "" : String(details.name);
    const before = this.owner.get(previous) ?? null;
    const beforeType = this.types.get(previous);
    let thread: Thread = [];
    let path: PathStep[] = [];
    if (before !== null && beforeType === "MapIterationStarted") {
      const index = this.iterationIndex.get(previous) ?? 0;
      thread = [...before.thread, [before.id, index]];
      path = [...before.path, { state: before.name, index }];
    } else if (before !== null && beforeType === "ParallelStateStarted") {
      const known = this.branchStarts[before.name]?.[name];
      const index = known === undefined ? before.branchesSeen : known;
      before.branchesSeen += 1;
      thread = [...before.thread, [before.id, index]];
      path = [...before.path, { state: before.name, index }];
    } else if (before !== null) {
      thread = before.thread;
      path = before.path;
    }
    const key = thread === before?.thread ? before.threadKey : threadKey(thread);
    if (thread.length && before !== null && key !== before.threadKey) {
      let subs = this.subthreads.get(before.threadKey);
      if (!subs) this.subthreads.set(before.threadKey, (subs = new Map()));
      subs.set(key, thread);
    }
    const countKey = `${key}|${name}`;
    const number = this.counts.get(countKey) ?? 0;
    this.counts.set(countKey, number + 1);
    const visit = new Visit(eventId, name, type, thread, key, path, number, when, parseJsonText(details.input) ?? null);
    this.visits.push(visit);
    this.byId.set(eventId, visit);
    this.open.set(eventId, visit);
    let openHere = this.openIn.get(key);
    if (!openHere) this.openIn.set(key, (openHere = new Map()));
    openHere.set(eventId, visit);
    this.owner.set(eventId, visit);
    this.dirty.add(visit);
  }

  private executionEvent(kind: string, before: Visit | null, details: Record<string, unknown>, when: string) {
    if (kind === "ExecutionFailed") {
      if (before !== null && this.open.has(before.id)) {
        before.failedHere = true;
        this.blame(before, details.error, details.cause);
      }
      this.endAll(when);
    } else if (kind === "ExecutionAborted" || kind === "ExecutionTimedOut" || kind === "ExecutionSucceeded") {
      this.endAll(when, true); // (nothing is open when an execution succeeds)
    }
  }

  private stateEvent(eventId: number, visit: Visit | null, kind: string, details: Record<string, unknown>,
    when: string) {
    this.owner.set(eventId, visit);
    if (visit === null) return;
    if (SCHEDULED.has(kind)) {
      visit.attempts += 1;
    } else if (FAILURES.has(kind)) {
      visit.lastFailed = true;
      visit.error = (details.error ?? null) as string | null;
      visit.cause = (details.cause ?? null) as string | null;
    } else if (SUCCESSES.has(kind)) {
      visit.lastFailed = false;
      visit.error = visit.cause = null;
    } else if (kind === "MapStateStarted" || kind === "ParallelStateStarted") {
      visit.fanning = true;
    } else if (kind.endsWith("StateAborted") && visit.fanning) { // a Map or Parallel stopped: so are its children
      visit.fanning = false;
      this.endThreads(this.childrenOf(visit), when, true);
    }
    this.dirty.add(visit);
  }

  private exited(eventId: number, previous: number, type: string, details: Record<string, unknown>, when: string) {
    const name = details.name;
    const visit = this.climb(this.owner.get(previous) ?? null,
      (v) => this.open.has(v.id) && v.name === name && v.type === type);
    this.owner.set(eventId, visit);
    if (visit === null) return;
    visit.output = parseJsonText(details.output) ?? null;
    visit.exitedAt = when;
    this.end(visit, visit.lastFailed ? CAUGHT_ERROR : SUCCEEDED, when);
  }

  private iteration(eventId: number, previous: number, kind: string, details: Record<string, unknown>, when: string) {
    const before = this.owner.get(previous) ?? null;
    const name = details.name;
    const index = Math.trunc(Number(details.index ?? 0));
    const visit = this.climb(before, (v) => v.fanning && v.type === "Map" && v.name === name);
    this.owner.set(eventId, visit);
    if (visit === null) return;
    if (kind === "MapIterationStarted") {
      this.iterationIndex.set(eventId, index);
      return;
    }
    const iteration: Thread = [...visit.thread, [visit.id, index]];
    if (kind === "MapIterationFailed" && before !== null && this.open.has(before.id)
      && startsWith(before.thread, iteration)) {
      before.failedHere = true;
      visit.failedChild = visit.failedChild ?? before;
    }
    this.endThreads([iteration], when, kind === "MapIterationAborted");
  }

  private fanOutEnded(eventId: number, previous: number, kind: string, when: string) {
    const [type, failed] = FAN_OUT_ENDS[kind];
    const before = this.owner.get(previous) ?? null;
    const visit = this.climb(before, (v) => v.fanning && v.type === type);
    this.owner.set(eventId, visit);
    if (visit === null) return;
    const depth = visit.thread.length;
    if (failed && before !== null && this.open.has(before.id) && before.thread.length > depth
      && before.thread[depth][0] === visit.id) {
      before.failedHere = true;
      visit.failedChild = visit.failedChild ?? before;
    }
    visit.lastFailed = failed;
    visit.fanning = false;
    this.dirty.add(visit);
    this.endThreads(this.childrenOf(visit), when);
  }
}

function startsWith(thread: Thread, prefix: Thread): boolean {
  if (thread.length < prefix.length) return false;
  return prefix.every(([id, index], i) => thread[i][0] === id && thread[i][1] === index);
}

function attachInvocations(visits: Visit[], invocations: Iterable<Record<string, unknown>>): void {
  const byPlace = new Map<string, Visit[]>();
  const place = (path: PathStep[], name: string) => JSON.stringify([path.map((p) => [p.state, p.index]), name]);
  for (const visit of visits) {
    const key = place(visit.path, visit.name);
    const list = byPlace.get(key);
    if (list) list.push(visit);
    else byPlace.set(key, [visit]);
  }
  for (const invocation of invocations) {
    const rawPath = Array.isArray(invocation.path) ? invocation.path : [];
    const path = rawPath.map((step: unknown) => {
      const [state, index] = Array.isArray(step) ? step : [(step as PathStep).state, (step as PathStep).index];
      return { state: String(state), index: Math.trunc(Number(index)) };
    });
    const started = isoMicros(invocation.started_at);
    let chosen: Visit | null = null;
    for (const visit of byPlace.get(place(path, String(invocation.state))) ?? []) {
      const entered = isoMicros(visit.enteredAt);
      if (started === null || entered === null || entered <= started) chosen = visit;
    }
    if (chosen !== null) {
      const { path: _path, state: _state, ...rest } = invocation;
      chosen.invocations.push(rest);
    }
  }
}

/** One summary per state visit, in the order states were entered (as Python's `summarize`). */
export function summarize(events: Iterable<HistoryEvent>, options: {
  branchStarts?: BranchStarts; invocations?: Iterable<Record<string, unknown>>;
} = {}): VisitSummary[] {
  const summarizer = new Summarizer(options.branchStarts ?? {});
  summarizer.addEvents(events);
  if (options.invocations) summarizer.attach(options.invocations);
  return summarizer.summaries();
}

/** One status per state name, for the graph: NOT_STARTED if never entered; otherwise the worst
 *  status among its threads (iterations, branches), each thread counting its latest visit. */
export function rollUp(summaries: Iterable<VisitSummary>, stateNames: Iterable<string> = []): Record<string, StateStatus> {
  const latest = new Map<string, [string, StateStatus]>();
  for (const summary of summaries) {
    // (path, name) as a string without JSON: this runs once per visit, 10,000s of them, on every update.
    let key = "";
    for (const step of summary.path) key += `${step.state}\u0001${step.index}\u0000`;
    latest.set(`${key}\u0002${summary.name}`, [summary.name, summary.status]);
  }
  const rolled: Record<string, StateStatus> = {};
  for (const name of stateNames) rolled[name] = NOT_STARTED;
  for (const [name, status] of latest.values()) {
    const current = rolled[name] ?? NOT_STARTED;
    rolled[name] = current === NOT_STARTED ? status : worst(current, status);
  }
  return rolled;
}

function worst(a: StateStatus, b: StateStatus): StateStatus {
  // Python's min(key=_ROLL_UP.index) on a status outside the list raises; NOT_STARTED never reaches here.
  return ROLL_UP.indexOf(b) < ROLL_UP.indexOf(a) ? b : a;
}

/** Every state name of a definition (nested ones too), and each Parallel's branch start states. */
export function outline(definition: unknown): { names: string[]; branchStarts: BranchStarts } {
  const names: string[] = [];
  const branchStarts: BranchStarts = {};
  const walk = (scope: unknown): void => {
    const states = isRecord(scope) ? scope.States : undefined;
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      names.push(name);
      if (!isRecord(state)) continue;
      const branches = state.Branches;
      if (Array.isArray(branches)) {
        const starts: Record<string, number> = {};
        // Every top-level state of a branch, not only its StartAt: a redriven branch resumes where it failed.
        branches.forEach((b, i) => {
          if (isRecord(b) && isRecord(b.States)) for (const inner of Object.keys(b.States)) starts[inner] = i;
        });
        branchStarts[name] = starts;
        branches.forEach(walk);
      }
      walk(state.ItemProcessor || state.Iterator);
    }
  };
  walk(definition);
  return { names, branchStarts };
}
