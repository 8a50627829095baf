import { describe, expect, it } from "vitest";
import { COALESCE_MS, HISTORY_LIMIT, canRedo, canUndo, record, redo, startHistory, undo } from "../../src/store/history";

describe("history", () => {
  it("undoes and redoes recorded snapshots in order", () => {
    let h = startHistory("a");
    h = record(h, "b", { now: 0 });
    h = record(h, "c", { now: 5000 });
    expect(h.present).toBe("c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect([h.present, canUndo(h), canRedo(h)]).toEqual(["a", false, true]);
    h = redo(redo(h));
    expect([h.present, canRedo(h)]).toEqual(["c", false]);
  });

  it("a new edit after undo drops the redo branch", () => {
    let h = record(record(startHistory(1), 2, { now: 0 }), 3, { now: 5000 });
    h = record(undo(h), 4, { now: 10000 });
    expect(h.future).toEqual([]);
    expect(undo(h).present).toBe(2);
  });

  it("merges quick edits with the same key into one undo step", () => {
    let h = startHistory("");
    h = record(h, "H", { coalesceKey: "field:Comment", now: 0 });
    h = record(h, "He", { coalesceKey: "field:Comment", now: 200 });
    h = record(h, "Hey", { coalesceKey: "field:Comment", now: 400 });
    expect(undo(h).present).toBe("");
    const later = record(h, "Hey!", { coalesceKey: "field:Comment", now: 400 + COALESCE_MS });
    expect(undo(later).present).toBe("Hey");
    const otherField = record(h, "x", { coalesceKey: "field:Name", now: 500 });
    expect(undo(otherField).present).toBe("Hey");
  });

  it("undo breaks a coalescing run", () => {
    let h = record(startHistory("a"), "ab", { coalesceKey: "k", now: 0 });
    h = record(undo(h), "ac", { coalesceKey: "k", now: 10 });
    expect(undo(h).present).toBe("a");
  });

  it("ignores a no-op edit and bounds the past", () => {
    const h = startHistory({ x: 1 });
    expect(record(h, h.present)).toBe(h);
    let long = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) long = record(long, i, { now: i * 10_000 });
    expect(long.past.length).toBe(HISTORY_LIMIT);
    expect(undo(long).present).toBe(HISTORY_LIMIT + 19);
  });

  it("undo and redo at the ends return the same history", () => {
    const h = startHistory("a");
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });
});
