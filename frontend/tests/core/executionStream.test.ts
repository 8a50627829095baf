// The websocket clients against a fake socket and fake timers: subscribe cursor, de-duplication, ordering,
// reconnect with backoff from the right cursor, final close codes, and list merging.
import { describe, expect, it } from "vitest";
import {
  CLOSE_NOT_FOUND,
  CLOSE_NOT_SIGNED_IN,
  executionListPath,
  ExecutionListStream,
  ExecutionStream,
  type ExecutionSummary,
  mergeExecution,
  type SocketLike,
  type StreamEnvironment,
  type StreamState,
  websocketUrl,
} from "../../src/core/executionStream";
import type { HistoryEvent } from "../../src/core/summaries";

class FakeSocket implements SocketLike {
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;

  constructor(readonly url: string) {}

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
  }
  // server side
  open() {
    this.onopen?.({});
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

class FakeEnvironment implements StreamEnvironment {
  sockets: FakeSocket[] = [];
  timers: { callback: () => void; ms: number; cancelled: boolean }[] = [];

  connect = (url: string) => {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  };
  setTimeout = (callback: () => void, ms: number) => {
    const timer = { callback, ms, cancelled: false };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    (handle as { cancelled: boolean }).cancelled = true;
  };
  get socket() {
    return this.sockets[this.sockets.length - 1];
  }
  /** Run the pending timer (the reconnect) and return its delay. */
  fire(): number {
    const timer = this.timers.shift()!;
    if (!timer.cancelled) timer.callback();
    return timer.ms;
  }
}

function event(id: number, type = "PassStateEntered"): HistoryEvent {
  return { id, previousEventId: id - 1, timestamp: "2025-01-01T00:00:00Z", type };
}

const SUMMARY = { id: "e1", name: "run", status: "RUNNING" } as ExecutionSummary;

function follow() {
  const env = new FakeEnvironment();
  const received: number[][] = [];
  const states: StreamState[] = [];
  const executions: ExecutionSummary[] = [];
  const stream = new ExecutionStream("e1", {
    onEvents: (events) => received.push(events.map((e) => e.id)),
    onExecution: (e) => executions.push(e),
    onState: (s) => states.push(s),
  }, env, "ws://test/ws/executions/e1/");
  stream.start();
  return { env, stream, received, states, executions };
}

describe("ExecutionStream", () => {
  it("subscribes from 0, takes the replay, then goes live", () => {
    const { env, stream, received, states, executions } = follow();
    expect(env.socket.url).toBe("ws://test/ws/executions/e1/");
    env.socket.open();
    expect(env.socket.sent).toEqual([{ type: "subscribe", after: 0 }]);
    env.socket.push({ type: "events", events: [event(1), event(2)], execution: SUMMARY });
    env.socket.push({ type: "live" });
    env.socket.push({ type: "events", events: [event(3)], execution: { ...SUMMARY, status: "SUCCEEDED" } });
    expect(received).toEqual([[1, 2], [3]]);
    expect(stream.events.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(executions.map((e) => e.status)).toEqual(["RUNNING", "SUCCEEDED"]);
    expect(states.map((s) => s.kind)).toEqual(["connecting", "replaying", "live"]);
  });

  it("ignores events it already has and keeps out-of-order ones sorted", () => {
    const { env, stream, received } = follow();
    env.socket.open();
    env.socket.push({ type: "events", events: [event(1), event(4), event(2)] });
    env.socket.push({ type: "events", events: [event(2), event(3), event(4)] });
    env.socket.push({ type: "events", events: [event(1)] });
    expect(received).toEqual([[1, 2, 4], [3]]);
    expect(stream.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });

  it("reconnects after a drop with backoff, resuming after the last event it holds", () => {
    const { env, stream, states } = follow();
    env.socket.open();
    env.socket.push({ type: "events", events: [event(1), event(2), event(3)] });
    env.socket.drop();
    expect(states[states.length - 1]).toEqual({ kind: "reconnecting", inMs: 500 });
    expect(env.fire()).toBe(500);
    expect(env.sockets).toHaveLength(2);
    env.socket.open();
    expect(env.socket.sent).toEqual([{ type: "subscribe", after: 3 }]);
    // Failing again and again (no message got through): the wait doubles up to 5 s.
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      env.socket.drop();
      delays.push(env.fire());
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    // A working connection resets the backoff.
    env.socket.open();
    env.socket.push({ type: "live" });
    env.socket.drop();
    expect(env.fire()).toBe(500);
    expect(stream.cursor).toBe(3);
  });

  it("resumes below a gap, so events a live batch overtook are not lost", () => {
    const { env, stream } = follow();
    env.socket.open();
    env.socket.push({ type: "events", events: [event(1), event(2)] });
    env.socket.push({ type: "events", events: [event(5)] });
    expect(stream.cursor).toBe(2);
    env.socket.drop();
    env.fire();
    env.socket.open();
    expect(env.socket.sent).toEqual([{ type: "subscribe", after: 2 }]);
    env.socket.push({ type: "events", events: [event(3), event(4), event(5)] });
    expect(stream.cursor).toBe(5);
    expect(stream.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    [CLOSE_NOT_SIGNED_IN, /signed out/],
    [CLOSE_NOT_FOUND, /No such execution/],
  ])("stops for good on close code %i", (code, message) => {
    const { env, states } = follow();
    env.socket.open();
    env.socket.drop(code);
    const last = states[states.length - 1];
    expect(last.kind).toBe("closed");
    expect(last.kind === "closed" && last.message).toMatch(message);
    expect(env.timers).toHaveLength(0);
  });

  it("stop() closes the socket and cancels a pending reconnect", () => {
    const { env, stream } = follow();
    env.socket.open();
    env.socket.drop();
    stream.stop();
    env.fire();
    expect(env.sockets).toHaveLength(1);

    const other = follow();
    other.env.socket.open();
    other.stream.stop();
    expect(other.env.socket.closedWith).toBe(1000);
    other.env.socket.drop(1000); // the close event after stop() must not reconnect
    expect(other.env.timers).toHaveLength(0);
  });

  it("ignores messages that are not JSON or not its own", () => {
    const { env, received } = follow();
    env.socket.open();
    env.socket.onmessage?.({ data: "not json" });
    env.socket.push({ type: "error", message: "?" });
    env.socket.push({ type: "events", events: "nope" });
    expect(received).toEqual([]);
  });

  it("takes events from REST too, without repeating them from the socket", () => {
    const { env, stream, received } = follow();
    stream.addEvents([event(1), event(2)]);
    env.socket.open();
    expect(env.socket.sent).toEqual([{ type: "subscribe", after: 2 }]);
    env.socket.push({ type: "events", events: [event(2), event(3)] });
    expect(received).toEqual([[1, 2], [3]]);
  });
});

describe("ExecutionListStream", () => {
  it("reports pushed executions and asks for a reload whenever it (re)subscribes", () => {
    const env = new FakeEnvironment();
    const pushed: string[] = [];
    let resumed = 0;
    const stream = new ExecutionListStream({
      onExecution: (e) => pushed.push(`${e.name}:${e.status}`),
      onSubscribed: () => resumed++,
    }, "m1", env, "ws://test/ws/state-machines/m1/executions/");
    stream.start();
    env.socket.open();
    expect(resumed).toBe(1); // what started before the list's socket was subscribed shows up
    env.socket.push({ type: "execution", execution: SUMMARY });
    env.socket.drop();
    env.fire();
    env.socket.open();
    env.socket.push({ type: "execution", execution: { ...SUMMARY, status: "FAILED" } });
    expect(pushed).toEqual(["run:RUNNING", "run:FAILED"]);
    expect(resumed).toBe(2);
    stream.stop();
  });
});

describe("mergeExecution", () => {
  it("updates a listed execution in place and puts new ones first", () => {
    const a = { ...SUMMARY, id: "a", name: "a" };
    const b = { ...SUMMARY, id: "b", name: "b" };
    const list = [a, b];
    const updated = mergeExecution(list, { ...b, status: "SUCCEEDED" });
    expect(updated.map((e) => `${e.id}:${e.status}`)).toEqual(["a:RUNNING", "b:SUCCEEDED"]);
    expect(updated[0]).toBe(a);
    expect(mergeExecution(list, { ...SUMMARY, id: "c" }).map((e) => e.id)).toEqual(["c", "a", "b"]);
  });
});

describe("urls", () => {
  it("follows one machine's executions or all of them", () => {
    expect(executionListPath("m1")).toBe("/ws/state-machines/m1/executions/");
    expect(executionListPath()).toBe("/ws/executions/");
  });

  it("uses wss on https pages", () => {
    expect(websocketUrl("/ws/executions/", { protocol: "https:", host: "x.example:8443" }))
      .toBe("wss://x.example:8443/ws/executions/");
    expect(websocketUrl("/ws/executions/", { protocol: "http:", host: "localhost" })).toBe("ws://localhost/ws/executions/");
  });
});
