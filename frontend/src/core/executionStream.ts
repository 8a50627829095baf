// Websocket clients of the live viewer (server side: executions/consumers.py).
//
// ExecutionStream follows one execution: it subscribes with the last event id it holds, receives the
// replay then live batches, and on a dropped connection reconnects with backoff (0.5 s doubling to 5 s)
// from its cursor. It de-duplicates by event id and keeps the events sorted, so a replay crossing a live
// batch never shows an event twice or out of order. ExecutionListStream follows a list of executions.
// No React here, and the socket and timers are injectable: tests/core/executionStream.test.ts drives
// both with fakes.

import type { HistoryEvent } from "./summaries";

/** ExecutionSummaryOutput (REST list rows and websocket payloads). */
export interface ExecutionSummary {
  id: string;
  execution_arn: string;
  name: string;
  status: ExecutionStatus;
  type: "STANDARD" | "EXPRESS";
  state_machine_id: string;
  state_machine_name: string;
  state_machine_arn: string;
  state_machine_version_arn: string | null;
  start_date: string;
  stop_date: string | null;
  redrive_count: number;
  /** The Map Run of a Distributed Map's child execution, else null. */
  map_run_arn?: string | null;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

/** The part of the browser's WebSocket the clients use. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface StreamEnvironment {
  connect: (url: string) => SocketLike;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Where a stream is: connecting (first time), replaying, live, reconnecting, or stopped for good. */
export type StreamState =
  | { kind: "connecting" }
  | { kind: "replaying" }
  | { kind: "live" }
  | { kind: "reconnecting"; inMs: number }
  | { kind: "closed"; code: number; message: string };

export const CLOSE_NOT_SIGNED_IN = 4401;
export const CLOSE_NOT_FOUND = 4404;
const CLOSE_BAD_MESSAGE = 4400;
export const FIRST_RETRY_MS = 500;
export const MAX_RETRY_MS = 5000;

const FINAL_CLOSES: Record<number, string> = {
  [CLOSE_NOT_SIGNED_IN]: "You are signed out. Sign in again to follow this execution live.",
  [CLOSE_NOT_FOUND]: "No such execution, or you may not see it.",
  [CLOSE_BAD_MESSAGE]: "The server did not understand the viewer's request.",
};

/** ws(s)://<this host><path>. */
export function websocketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

export function browserEnvironment(): StreamEnvironment {
  return {
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
}

/** Reconnects with exponential backoff until stopped or closed with a final code. */
abstract class ReconnectingSocket {
  private socket: SocketLike | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: unknown = null;
  private stopped = false;

  protected constructor(
    private readonly url: string,
    protected readonly env: StreamEnvironment,
    private readonly onState: (state: StreamState) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.onState({ kind: "connecting" });
    this.open();
  }

  /** Close for good (the page is leaving). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onopen = socket.onerror = null;
      socket.close(1000);
    }
  }

  protected abstract opened(): void;
  protected abstract received(message: Record<string, unknown>): void;

  protected send(message: unknown): void {
    this.socket?.send(JSON.stringify(message));
  }

  protected setState(state: StreamState): void {
    this.onState(state);
  }

  /** The connection works: the next drop starts the backoff afresh. */
  protected healthy(): void {
    this.retryMs = FIRST_RETRY_MS;
  }

  private open(): void {
    this.timer = null;
    const socket = this.env.connect(this.url);
    this.socket = socket;
    socket.onopen = () => this.opened();
    socket.onmessage = (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return; // not ours to understand; the protocol only sends JSON
      }
      if (message && typeof message === "object") this.received(message as Record<string, unknown>);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const final = FINAL_CLOSES[event.code];
      if (final) {
        this.stopped = true;
        this.onState({ kind: "closed", code: event.code, message: final });
        return;
      }
      const delay = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      this.onState({ kind: "reconnecting", inMs: delay });
      this.timer = this.env.setTimeout(() => this.open(), delay);
    };
    socket.onerror = () => {}; // a close follows every error; that is where we act
  }
}

export interface ExecutionStreamHandlers {
  /** New events (never seen before), sorted by id. */
  onEvents(events: HistoryEvent[]): void;
  /** The execution's summary as of the latest batch. */
  onExecution?(execution: ExecutionSummary): void;
  onState?(state: StreamState): void;
}

/** One execution's history, replayed then live, de-duplicated and kept sorted by event id. */
export class ExecutionStream extends ReconnectingSocket {
  /** Every event received, sorted by id. */
  readonly events: HistoryEvent[] = [];
  private readonly seen = new Set<number>();
  private contiguous = 0; // every id in 1..contiguous is held: the safe cursor to resume from

  constructor(
    executionId: string,
    private readonly handlers: ExecutionStreamHandlers,
    env: StreamEnvironment = browserEnvironment(),
    url: string = websocketUrl(`/ws/executions/${executionId}/`),
  ) {
    super(url, env, (state) => handlers.onState?.(state));
  }

  /** The id the next subscription resumes after. Not simply the highest id held: if a live batch
   *  overtook a replay, ids below it may be missing, and resuming from the highest would skip them. */
  get cursor(): number {
    return this.contiguous;
  }

  protected opened(): void {
    this.setState({ kind: "replaying" });
    this.send({ type: "subscribe", after: this.cursor });
  }

  protected received(message: Record<string, unknown>): void {
    if (message.type === "live") {
      this.healthy();
      this.setState({ kind: "live" });
    } else if (message.type === "events") {
      this.healthy();
      if (Array.isArray(message.events)) this.addEvents(message.events as HistoryEvent[]);
      if (message.execution && typeof message.execution === "object") {
        this.handlers.onExecution?.(message.execution as ExecutionSummary);
      }
    }
  }

  /** Add events from any source (also a REST page); returns and reports those not held before. */
  addEvents(incoming: HistoryEvent[]): HistoryEvent[] {
    const fresh: HistoryEvent[] = [];
    for (const event of incoming) {
      const id = Number(event.id);
      if (!Number.isFinite(id) || this.seen.has(id)) continue;
      this.seen.add(id);
      fresh.push(event);
    }
    if (!fresh.length) return fresh;
    fresh.sort((a, b) => a.id - b.id);
    const last = this.events.length ? this.events[this.events.length - 1].id : 0;
    if (fresh[0].id > last) {
      for (const event of fresh) this.events.push(event);
    } else {
      this.events.push(...fresh);
      this.events.sort((a, b) => a.id - b.id);
    }
    while (this.seen.has(this.contiguous + 1)) this.contiguous += 1;
    this.handlers.onEvents(fresh);
    return fresh;
  }
}

export interface ExecutionListStreamHandlers {
  onExecution(execution: ExecutionSummary): void;
  /** The socket is open, so subscribed (the server accepts it only then): changes before it were missed, whether
   *  before the first connection or during a drop; reload the list. */
  onSubscribed?(): void;
  onState?(state: StreamState): void;
}

/** Starts and status changes of executions: all the user may see, or one state machine's. */
export class ExecutionListStream extends ReconnectingSocket {

  constructor(
    private readonly handlers: ExecutionListStreamHandlers,
    machineId?: string,
    env: StreamEnvironment = browserEnvironment(),
    url: string = websocketUrl(executionListPath(machineId)),
  ) {
    super(url, env, (state) => handlers.onState?.(state));
  }

  protected opened(): void {
    this.healthy();
    this.setState({ kind: "live" });
    this.handlers.onSubscribed?.();
  }

  protected received(message: Record<string, unknown>): void {
    if (message.type === "execution" && message.execution && typeof message.execution === "object") {
      this.handlers.onExecution(message.execution as ExecutionSummary);
    }
  }
}

/** The list socket's path: one machine's executions, or all the user may see. */
export function executionListPath(machineId?: string): string {
  return machineId ? `/ws/state-machines/${machineId}/executions/` : "/ws/executions/";
}

/** Merge a pushed execution into a list by id (newest first for ones not listed yet). */
export function mergeExecution(list: ExecutionSummary[], execution: ExecutionSummary): ExecutionSummary[] {
  const index = list.findIndex((e) => e.id === execution.id);
  if (index === -1) return [execution, ...list];
  const next = [...list];
  next[index] = { ...list[index], ...execution };
  return next;
}
