// Gantt segments: attempts (failed ones red), back-off gaps, and a plain bar for states without tasks.
import { describe, expect, it } from "vitest";
import type { HistoryEvent, VisitSummary } from "../../src/core/summaries";
import { placeOnTimeline, visitSegments } from "../../src/viewer/timeline";

const T = (s: number) => `2025-01-01T00:00:${String(s).padStart(2, "0")}Z`;
const at = (s: number) => Date.parse(T(s));
function ev(id: number, s: number, type: string, details: Record<string, unknown> = {}): HistoryEvent {
  return { id, previousEventId: id - 1, timestamp: T(s), type, taskEventDetails: details };
}
function visit(overrides: Partial<VisitSummary>): VisitSummary {
  return { id: 2, name: "Call", type: "Task", path: [], visit: 0, status: "SUCCEEDED", input: {}, output: {},
    entered_at: T(0), exited_at: T(20), duration_ms: 20000, attempts: 2, error: null, cause: null, invocations: [], ...overrides };
}

describe("visitSegments", () => {
  it("draws a failed attempt, the back-off, then the attempt that succeeded", () => {
    const segments = visitSegments(visit({}), [
      ev(3, 1, "TaskScheduled"), ev(4, 2, "TaskStarted"), ev(5, 4, "TaskFailed", { error: "Flaky" }),
      ev(6, 10, "TaskScheduled"), ev(7, 11, "TaskStarted"), ev(8, 19, "TaskSucceeded"),
    ], 0);
    expect(segments.map((s) => [s.kind, s.start, s.end])).toEqual([
      ["attempt-failed", at(1), at(4)], ["backoff", at(4), at(10)], ["attempt-succeeded", at(10), at(19)],
    ]);
    expect(segments[0].label).toBe("Attempt 1 failed: Flaky");
  });

  it("shows a back-off still waiting, up to now", () => {
    const segments = visitSegments(visit({ status: "IN_PROGRESS", exited_at: null }),
      [ev(3, 1, "LambdaFunctionScheduled"), ev(4, 3, "LambdaFunctionFailed")], at(8));
    expect(segments.map((s) => [s.kind, s.end])).toEqual([["attempt-failed", at(3)], ["backoff", at(8)]]);
  });

  it("draws a state without tasks as one bar", () => {
    expect(visitSegments(visit({ type: "Wait", attempts: 0 }), [], 0)).toEqual([
      { kind: "state", start: at(0), end: at(20), label: "SUCCEEDED" },
    ]);
  });
});

describe("placeOnTimeline", () => {
  it("places spans in percent of the execution, never invisible", () => {
    expect(placeOnTimeline(at(5), at(10), at(0), 20000)).toEqual({ left: 25, width: 25 });
    expect(placeOnTimeline(at(5), at(5), at(0), 20000).width).toBeGreaterThan(0);
  });
});
