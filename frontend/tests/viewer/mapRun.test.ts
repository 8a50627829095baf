// Map Runs: counts -> the proportional bar, the header's wording, when to poll, a child's processor definition.
import { describe, expect, it } from "vitest";
import {
  anyMapRunPolls, countsBadge, countSegments, executionNameOfArn, type MapRunCounts, mapRunEventsKey, mapRunPolls,
  maxConcurrency, processorDefinition, toleratedFailures,
} from "../../src/viewer/mapRun";

function counts(overrides: Partial<MapRunCounts>): MapRunCounts {
  return { pending: 0, running: 0, succeeded: 0, failed: 0, timed_out: 0, aborted: 0, total: 0, results_written: 0,
    failures_not_redrivable: 0, pending_redrive: 0, ...overrides };
}

describe("countSegments", () => {
  it("draws one segment per status with items, finished first, as shares of the total", () => {
    const segments = countSegments(counts({ succeeded: 5, failed: 1, running: 2, pending: 2, total: 10 }));
    expect(segments.map((s) => [s.key, s.count, s.percent])).toEqual([
      ["succeeded", 5, 50], ["failed", 1, 10], ["running", 2, 20], ["pending", 2, 20],
    ]);
    expect(segments.map((s) => s.tone)).toEqual(["succeeded", "failed", "in-progress", "not-started"]);
  });

  it("never draws past 100 % when the counts ran ahead of the total", () => {
    const segments = countSegments(counts({ succeeded: 3, running: 1, total: 2 }));
    expect(segments.reduce((sum, s) => sum + s.percent, 0)).toBeCloseTo(100);
    expect(segments[0].percent).toBe(75);
  });

  it("draws nothing for a Map Run of no items", () => {
    expect(countSegments(counts({}))).toEqual([]);
  });

  it("leaves room for items not counted under any status", () => {
    // total 4, only one succeeded so far and nothing pending yet (the counts lag): a quarter of the bar.
    expect(countSegments(counts({ succeeded: 1, total: 4 })).map((s) => s.percent)).toEqual([25]);
  });
});

describe("the Map Run's header", () => {
  it("badges succeeded of total", () => {
    expect(countsBadge(counts({ succeeded: 5, failed: 1, total: 6 }))).toBe("5/6");
  });

  it("says the tolerated failures as set", () => {
    expect(toleratedFailures(null, null)).toBe("None");
    expect(toleratedFailures(1, null)).toBe("1 item");
    expect(toleratedFailures(0, null)).toBe("0 items");
    expect(toleratedFailures(3, 12.5)).toBe("3 items or 12.5 %");
    expect(toleratedFailures(null, 10)).toBe("10 %");
  });

  it("says no limit for a max concurrency of 0", () => {
    expect(maxConcurrency(0)).toBe("No limit");
    expect(maxConcurrency(40)).toBe("40");
  });

  it("names an execution from its ARN, a child's too", () => {
    expect(executionNameOfArn("arn:aws:states:us-east-1:123456789012:execution:Orders:run-1")).toBe("run-1");
    expect(executionNameOfArn("arn:aws:states:us-east-1:123456789012:execution:Orders/Items:abc")).toBe("abc");
  });
});

describe("polling decisions", () => {
  it("polls a Map Run only while it runs", () => {
    expect(mapRunPolls("RUNNING")).toBe(true);
    for (const status of ["SUCCEEDED", "FAILED", "ABORTED"] as const) expect(mapRunPolls(status)).toBe(false);
    expect(mapRunPolls(undefined)).toBe(false);
    expect(anyMapRunPolls([{ status: "SUCCEEDED" }, { status: "RUNNING" }])).toBe(true);
    expect(anyMapRunPolls([{ status: "SUCCEEDED" }, { status: "FAILED" }])).toBe(false);
    expect(anyMapRunPolls([])).toBe(false);
  });

  it("keys the parent's Map Run events so that a start or an end reads the Map Runs again", () => {
    expect(mapRunEventsKey([null, null])).toBe("");
    const started = mapRunEventsKey([{ arn: "arn:run", status: "RUNNING" }, null]);
    const ended = mapRunEventsKey([{ arn: "arn:run", status: "SUCCEEDED" }, null]);
    expect(started).not.toBe("");
    expect(ended).not.toBe(started);
    expect(mapRunEventsKey([{ arn: "arn:run", status: "RUNNING" }])).toBe(started);
  });
});

describe("processorDefinition", () => {
  const PROCESSOR = { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "Touch",
    States: { Touch: { Type: "Pass", End: true } } };

  it("cuts a distributed Map's processor out of the machine, as the child execution's own machine", () => {
    const machine = { QueryLanguage: "JSONata", StartAt: "Each", States: {
      Each: { Type: "Map", End: true, ItemProcessor: PROCESSOR } } };
    expect(processorDefinition(machine, "Each")).toEqual({
      QueryLanguage: "JSONata", StartAt: "Touch", States: { Touch: { Type: "Pass", End: true } } });
  });

  it("finds the Map at any depth, in a Parallel branch or another Map's processor", () => {
    const inner = { Type: "Map", End: true, ItemProcessor: PROCESSOR };
    const machine = { StartAt: "Both", States: { Both: { Type: "Parallel", End: true, Branches: [
      { StartAt: "Outer", States: { Outer: { Type: "Map", End: true, Iterator: {
        StartAt: "Deep", States: { Deep: inner } } } } },
    ] } } };
    expect(processorDefinition(machine, "Deep")).toEqual({ StartAt: "Touch", States: { Touch: { Type: "Pass", End: true } } });
  });

  it("is undefined when no Map has that name", () => {
    expect(processorDefinition({ StartAt: "A", States: { A: { Type: "Pass", End: true } } }, "A")).toBeUndefined();
    expect(processorDefinition(null, "Each")).toBeUndefined();
  });
});
