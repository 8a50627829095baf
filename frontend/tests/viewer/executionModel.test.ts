// The tree of iterations/branches, per-iteration statuses, the graph's colours for a chosen iteration,
// badges and table rows, on histories from tests/core/fixtures (real asl.run executions).
import { describe, expect, it } from "vitest";
import engineFixtures from "../core/fixtures/summaries.json";
import serverFixtures from "../core/fixtures/server_summaries.json";
import { type HistoryEvent, outline, Summarizer, summarize, type VisitSummary } from "../../src/core/summaries";
import {
  badgesByName,
  buildVisitTree,
  countGroups,
  distributedStates,
  eventsOfVisit,
  fanOutsOf,
  iterationsOf,
  keysToReveal,
  shownMapRunArns,
  statusByName,
  tableRows,
  visibleVisits,
  visitsOf,
} from "../../src/viewer/executionModel";

type Fixture = { definition: unknown; events: HistoryEvent[] };
const all = { ...engineFixtures, ...serverFixtures } as unknown as Record<string, Fixture>;

function load(name: string) {
  const { definition, events } = all[name];
  const { names, branchStarts } = outline(definition);
  const visits = summarize(events, { branchStarts });
  return { names, visits, tree: buildVisitTree(visits) };
}

describe("buildVisitTree", () => {
  it("puts each Map iteration's visits under the Map visit, with the iteration's status", () => {
    const { tree } = load("map_with_failure"); // items 1..4 one after another; item 3 fails, item 4 never starts
    expect(tree.map((n) => n.visit.name)).toEqual(["Fan"]);
    const fan = tree[0];
    expect(fan.groups.map((g) => [g.index, g.kind, g.status])).toEqual([
      [0, "iteration", "SUCCEEDED"], [1, "iteration", "SUCCEEDED"], [2, "iteration", "FAILED"],
    ]);
    expect(fan.groups[0].nodes.map((n) => n.visit.name)).toEqual(["Each", "Nap"]);
    expect(countGroups(fan.groups)).toMatchObject({ total: 3, SUCCEEDED: 2, FAILED: 1 });
    // The worker pool's interleaved run: the failing iteration cancels the one still waiting.
    const { tree: server } = load("server_map_failure");
    expect(server[0].groups.map((g) => [g.index, g.status])).toEqual([[1, "CANCELLED"], [2, "FAILED"]]);
  });

  it("numbers Parallel branches and nests a Map inside a branch", () => {
    const { tree } = load("server_parallel_with_map");
    const both = tree[0];
    expect(both.groups.map((g) => [g.index, g.kind, g.nodes.map((n) => n.visit.name)])).toEqual([
      [0, "branch", ["Left", "LeftDone"]], [1, "branch", ["Inner"]],
    ]);
    const inner = both.groups[1].nodes[0];
    expect(inner.groups.map((g) => g.nodes.map((n) => n.visit.name))).toEqual([["Double"], ["Double"], ["Double"]]);
    expect(tree.map((n) => n.visit.name)).toEqual(["Both", "Total"]);
  });

  it("calls an iteration still running when its Map is, cancelled when the Map is over", () => {
    const { tree } = load("map_running");
    expect(tree[0].groups.map((g) => g.status)).toEqual(["SUCCEEDED", "IN_PROGRESS"]);
    const { tree: failed } = load("interleaved_map_failure");
    expect(failed[0].groups.map((g) => g.status)).toEqual(["CANCELLED", "FAILED"]);
  });
});

describe("statusByName with an iteration chosen", () => {
  it("shows the worst of all iterations by default and one iteration when chosen", () => {
    const { tree, names } = load("map_with_failure");
    expect(statusByName(tree, {}, names)).toMatchObject({ Fan: "FAILED", Each: "FAILED", Nap: "SUCCEEDED", After: "NOT_STARTED" });
    expect(statusByName(tree, { Fan: 0 }, names)).toMatchObject({ Each: "SUCCEEDED", Nap: "SUCCEEDED", Fan: "FAILED" });
    expect(statusByName(tree, { Fan: 2 }, names)).toMatchObject({ Each: "FAILED", Nap: "NOT_STARTED" });
  });

  it("picks the chosen iteration's visit for the step panel", () => {
    const { tree } = load("map_with_failure");
    const [each] = visitsOf(tree, { Fan: 2 }, "Each");
    expect(each.path).toEqual([{ state: "Fan", index: 2 }]);
    expect(each.status).toBe("FAILED");
  });

  it("offers the iterations of the Map for the picker, and of an inner Map within the chosen branch", () => {
    const { tree } = load("map_with_failure");
    expect(iterationsOf(tree, {}, "Fan").map((g) => g.index)).toEqual([0, 1, 2]);
    const nested = load("server_parallel_with_map");
    expect(iterationsOf(nested.tree, {}, "Inner").map((g) => g.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(iterationsOf(nested.tree, {}, "Left")).toEqual([]);
  });
});

describe("badges", () => {
  it("counts a Map's finished iterations and a Task's retries", () => {
    expect(badgesByName(load("map_running").tree, {})).toEqual({ Fan: "1/2" });
    expect(badgesByName(load("retry_then_success").tree, {})).toEqual({ Call: "Retries 2" });
  });
});

describe("tableRows", () => {
  it("opens a Map into iteration rows, and an iteration into its visits", () => {
    const { tree } = load("map_with_failure");
    const id = tree[0].visit.id;
    expect(tableRows(tree, new Set()).map((r) => r.key)).toEqual([`v${id}`, ...load("map_with_failure").tree.slice(1).map((n) => `v${n.visit.id}`)]);
    const open = tableRows(tree, new Set([`v${id}`, `v${id}/2`]));
    expect(open.map((r) => (r.kind === "group" ? `group ${r.group.index}` : r.node.visit.name))).toEqual([
      "Fan", "group 0", "group 1", "group 2", "Each",
    ]);
    expect(open.map((r) => r.depth)).toEqual([0, 1, 1, 1, 2]);
  });

  it("filters by status but keeps the containers that hold a match", () => {
    const { tree } = load("map_with_failure");
    const id = tree[0].visit.id;
    const failed = tableRows(tree, new Set([`v${id}`, `v${id}/2`]), "FAILED");
    expect(failed.map((r) => (r.kind === "group" ? `group ${r.group.index}` : r.node.visit.name))).toEqual(["Fan", "group 2", "Each"]);
  });

  it("knows which rows to open to reveal a deep visit", () => {
    const { tree, visits } = load("server_parallel_with_map");
    const double = visits.filter((v: VisitSummary) => v.name === "Double")[1];
    const both = tree[0].visit.id;
    const inner = tree[0].groups[1].nodes[0].visit.id;
    expect(keysToReveal(tree, double.id)).toEqual([`v${both}`, `v${both}/1`, `v${inner}`, `v${inner}/1`]);
  });
});

// asl.run of a distributed Map over [1, 2, 3], and of one whose items all fail: the iterations are child
// executions, so the parent history holds only the Map's own events and the Map Run's start and end.
const DISTRIBUTED = {
  StartAt: "Each",
  States: { Each: { Type: "Map", End: true, ItemProcessor: {
    ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "Touch",
    States: { Touch: { Type: "Pass", End: true } } } } },
};
const T = "2024-01-01T00:00:00Z";
const RUN_ARN = "arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/Each:2ca0dfe2-4185-4da2-9591-57a253a50861";
const distributedEvents = (end: HistoryEvent[]): HistoryEvent[] => [
  { id: 1, previousEventId: 0, timestamp: T, type: "ExecutionStarted", executionStartedEventDetails: { input: "[1,2,3]" } },
  { id: 2, previousEventId: 0, timestamp: T, type: "MapStateEntered", stateEnteredEventDetails: { name: "Each", input: "[1,2,3]" } },
  { id: 3, previousEventId: 2, timestamp: T, type: "MapStateStarted", mapStateStartedEventDetails: { length: 3 } },
  { id: 4, previousEventId: 3, timestamp: "2024-01-01T00:00:01Z", type: "MapRunStarted", mapRunStartedEventDetails: { mapRunArn: RUN_ARN } },
  ...end,
];
const SUCCEEDED_RUN: HistoryEvent[] = [
  { id: 5, previousEventId: 4, timestamp: "2024-01-01T00:00:03Z", type: "MapRunSucceeded" },
  { id: 6, previousEventId: 5, timestamp: T, type: "MapStateSucceeded" },
  { id: 7, previousEventId: 5, timestamp: T, type: "MapStateExited", stateExitedEventDetails: { name: "Each", output: "[1,2,3]" } },
  { id: 8, previousEventId: 7, timestamp: T, type: "ExecutionSucceeded", executionSucceededEventDetails: { output: "[1,2,3]" } },
];
const FAILED_RUN: HistoryEvent[] = [
  { id: 5, previousEventId: 4, timestamp: T, type: "MapRunFailed", mapRunFailedEventDetails: { error: "Bad", cause: "item" } },
  { id: 6, previousEventId: 5, timestamp: T, type: "MapStateFailed" },
  { id: 7, previousEventId: 6, timestamp: T, type: "ExecutionFailed", executionFailedEventDetails: { error: "Bad", cause: "item" } },
];

function live(events: HistoryEvent[]) {
  const summarizer = new Summarizer();
  summarizer.addEvents(events);
  const visits = summarizer.summaries();
  const fanOuts = fanOutsOf(events, events.length, (id) => summarizer.visitOfEvent(id));
  return { visits, tree: buildVisitTree(visits), fanOuts };
}

describe("distributed Map", () => {
  it("tells the item count and the Map Run's outcome from the Map's own events", () => {
    const running = live(distributedEvents([]));
    const mapVisit = running.visits[0].id;
    expect(running.fanOuts.get(mapVisit)).toEqual({ length: 3, mapRun: {
      arn: RUN_ARN, status: "RUNNING", error: null, cause: null, startedAt: "2024-01-01T00:00:01Z", endedAt: null } });
    const done = live(distributedEvents(SUCCEEDED_RUN));
    expect(done.fanOuts.get(mapVisit)?.mapRun).toMatchObject({ status: "SUCCEEDED", endedAt: "2024-01-01T00:00:03Z" });
    expect(badgesByName(done.tree, {}, done.fanOuts)).toEqual({ Each: "3 items" });
    // Once the Map Run's counts are read (DescribeMapRun), the badge tells succeeded of total.
    const counts = { pending: 0, running: 0, succeeded: 2, failed: 1, timed_out: 0, aborted: 0, total: 3,
      results_written: 0, failures_not_redrivable: 0, pending_redrive: 0 };
    expect(badgesByName(done.tree, {}, done.fanOuts, new Map([[RUN_ARN, counts]]))).toEqual({ Each: "2/3" });
    expect(badgesByName(done.tree, {}, done.fanOuts, new Map([["arn:another", counts]]))).toEqual({ Each: "3 items" });
    expect(shownMapRunArns(done.tree, {}, done.fanOuts)).toEqual([RUN_ARN]);
    const failed = live(distributedEvents(FAILED_RUN));
    expect(failed.fanOuts.get(mapVisit)?.mapRun).toMatchObject({ status: "FAILED", error: "Bad", cause: "item" });
    expect(failed.visits[0].status).toBe("FAILED");
  });

  it("knows which states run in a distributed Map's child executions", () => {
    expect([...distributedStates(DISTRIBUTED)]).toEqual([["Touch", "Each"]]);
    expect(distributedStates(all.map_with_failure.definition).size).toBe(0);
  });

  it("counts an inline Map's iterations against all its items", () => {
    const events = all.map_running.events;
    const { visits, tree, fanOuts } = live(events);
    const fan = visits.find((v) => v.name === "Fan")!;
    const length = fanOuts.get(fan.id)?.length ?? null;
    expect(length).not.toBeNull();
    expect(badgesByName(tree, {}, fanOuts)).toEqual({ Fan: `1/${Math.max(2, length!)}` });
  });
});

describe("a 10,000-item Map", () => {
  // Iterations as the runtime's worker pool records them: out of order, so the tree must sort them.
  const visits: VisitSummary[] = [];
  const base = { type: "Pass", visit: 0, status: "SUCCEEDED" as const, input: null, output: null, entered_at: T,
    exited_at: T, duration_ms: 0, attempts: 0, error: null, cause: null, invocations: [] };
  visits.push({ ...base, id: 1, name: "Fan", type: "Map", path: [] });
  const order = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
  order.forEach((index, i) => visits.push({ ...base, id: i + 2, name: "Touch", path: [{ state: "Fan", index }] }));

  it("builds the tree in linear time, iterations sorted, and the graph's lists once per tree", () => {
    const started = performance.now();
    const tree = buildVisitTree(visits);
    expect(performance.now() - started).toBeLessThan(1000); // the quadratic search took seconds here
    expect(tree[0].groups.map((g) => g.index)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(countGroups(tree[0].groups)).toMatchObject({ total: 10_000, SUCCEEDED: 10_000 });
    expect(visibleVisits(tree, {})).toBe(visibleVisits(tree, {}));
    expect(visibleVisits(tree, { Fan: 42 }).map((v) => v.path[0]?.index ?? null)).toEqual([null, 42]);
    expect(badgesByName(tree, {})).toEqual({ Fan: "10000/10000" });
  });
});

describe("eventsOfVisit", () => {
  it("lists one visit's events in history order, from the events received so far", () => {
    const events = all.map_with_failure.events;
    const summarizer = new Summarizer();
    summarizer.addEvents(events);
    const visits = summarizer.summaries();
    const visitOfEvent = (id: number) => summarizer.visitOfEvent(id);
    const failing = visits.find((v) => v.status === "FAILED" && v.path.length > 0)!;
    const mine = eventsOfVisit(events, events.length, visitOfEvent, failing.id);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.every((e) => visitOfEvent(e.id) === failing.id)).toBe(true);
    expect(mine.map((e) => e.id)).toEqual([...mine.map((e) => e.id)].sort((a, b) => a - b));
    expect(mine[0].type).toMatch(/StateEntered$/);
    // Every event of the history belongs to at most one visit: the visits' lists partition the state events.
    const total = visits.reduce((sum, v) => sum + eventsOfVisit(events, events.length, visitOfEvent, v.id).length, 0);
    expect(total).toBe(events.filter((e) => typeof visitOfEvent(e.id) === "number").length);
    // Only the first `count` events are looked at (the live buffer may be longer than what has arrived).
    const firstOfItsOwn = events.findIndex((e) => e.id === mine[1].id);
    expect(eventsOfVisit(events, firstOfItsOwn, visitOfEvent, failing.id)).toEqual([mine[0]]);
  });
});
