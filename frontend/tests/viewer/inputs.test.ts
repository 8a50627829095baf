// The start dialog's JSON check and remembered inputs, durations, and event filtering.
import { describe, expect, it } from "vitest";
import { checkJson, lineAndColumn } from "../../src/viewer/jsonInput";
import { MAX_RECENT_INPUTS, recentInputs, rememberInput } from "../../src/viewer/recentInputs";
import { formatDuration } from "../../src/viewer/format";
import { eventTone, filterEvents } from "../../src/viewer/eventFilter";

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("checkJson", () => {
  it("accepts any JSON value", () => {
    expect(checkJson('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(checkJson("42")).toEqual({ ok: true, value: 42 });
  });

  it("says on which line and column the mistake is", () => {
    const check = checkJson('{\n  "a": 1,\n  "b": }');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect([check.line, check.column]).toEqual([3, 9]); // at the "}" where a value should be
      expect(check.message).toMatch(/^Line 3, column 9: /);
    }
    const empty = checkJson("  ");
    expect(empty.ok).toBe(false);
  });

  it("points past the end for an unfinished document", () => {
    const check = checkJson('{"a": ');
    expect(check.ok || [check.line, check.column]).toEqual([1, 7]);
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("recent inputs", () => {
  it("keeps the last five per machine, newest first, without repeats", () => {
    const store = new MemoryStorage();
    for (let i = 0; i < 7; i++) rememberInput("m1", `{"n": ${i}}`, store);
    rememberInput("m1", '{ "n":4 }', store); // the same JSON, spaced differently: moves to the front
    expect(recentInputs("m1", store)).toEqual(['{ "n":4 }', '{"n": 6}', '{"n": 5}', '{"n": 3}', '{"n": 2}']);
    expect(recentInputs("m1", store)).toHaveLength(MAX_RECENT_INPUTS);
    expect(recentInputs("m2", store)).toEqual([]);
  });

  it("survives broken or missing storage", () => {
    const store = new MemoryStorage();
    store.setItem("stepcraft.recentInputs.m1", "not json");
    expect(recentInputs("m1", store)).toEqual([]);
    expect(rememberInput("m1", "{}", null)).toEqual(["{}"]);
  });
});

describe("formatDuration", () => {
  it.each([
    [null, "—"], [850, "850 ms"], [1234, "1.23 s"], [12_345, "12.3 s"], [245_000, "4 min 05 s"], [7_380_000, "2 h 03 min"],
  ])("%s ms -> %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("events filter", () => {
  const events = ["ExecutionStarted", "TaskStateEntered", "TaskFailed", "TaskStateExited", "MapIterationAborted"]
    .map((type, i) => ({ id: i + 1, timestamp: "", type }));
  it("colours failures and filters by type text and by kind", () => {
    expect(eventTone("LambdaFunctionTimedOut")).toBe("failed");
    expect(filterEvents(events, events.length, "task", "").map((e) => e.id)).toEqual([2, 3, 4]);
    expect(filterEvents(events, events.length, "", "failed").map((e) => e.type)).toEqual(["TaskFailed", "MapIterationAborted"]);
    expect(filterEvents(events, 2, "", "").length).toBe(2);
  });
});
