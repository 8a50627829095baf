// The TypeScript port against the Python module: fixtures/summaries.json holds histories (real asl.run
// executions, and hand-written ones a worker pool would write) with executions.summaries' output for
// each. Regenerate with `.venv/bin/python frontend/tests/core/fixtures/generate_summaries.py`.
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/summaries.json";
import serverFixtures from "./fixtures/server_summaries.json";
import {
  type HistoryEvent,
  isoMicros,
  outline,
  rollUp,
  summarize,
  Summarizer,
  type VisitSummary,
} from "../../src/core/summaries";

interface Fixture {
  definition: unknown;
  events: HistoryEvent[];
  expected: { states: VisitSummary[]; by_state: Record<string, string> };
}

const all = fixtures as unknown as Record<string, Fixture>;

function expectSameSummaries(actual: VisitSummary[], expected: VisitSummary[]) {
  // Durations are floats computed from microseconds on both sides; everything else must be identical.
  expect(actual.map((s) => ({ ...s, duration_ms: null }))).toEqual(expected.map((s) => ({ ...s, duration_ms: null })));
  actual.forEach((s, i) => {
    if (expected[i].duration_ms === null) expect(s.duration_ms).toBeNull();
    else expect(s.duration_ms).toBeCloseTo(expected[i].duration_ms!, 6);
  });
}

/** A deterministic shuffle (the stream may deliver replayed and live events out of order). */
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe("summaries match executions/summaries.py", () => {
  it("has fixtures covering every status", () => {
    const seen = new Set(Object.values(all).flatMap((f) => Object.values(f.expected.by_state)));
    expect([...seen].sort()).toEqual(
      ["CANCELLED", "CAUGHT_ERROR", "FAILED", "IN_PROGRESS", "NOT_STARTED", "SUCCEEDED"],
    );
  });

  for (const [name, fixture] of Object.entries(all)) {
    describe(name, () => {
      const { names, branchStarts } = outline(fixture.definition);

      it("summarises every visit as Python does", () => {
        expectSameSummaries(summarize(fixture.events, { branchStarts }), fixture.expected.states);
      });

      it("rolls up one status per state name as Python does", () => {
        const states = summarize(fixture.events, { branchStarts });
        expect(rollUp(states, names)).toEqual(fixture.expected.by_state);
      });

      it("gives the same answer fed one event at a time, with the summary read after each", () => {
        const summarizer = new Summarizer(branchStarts);
        let states: VisitSummary[] = [];
        for (const event of fixture.events) {
          summarizer.addEvents([event]);
          states = summarizer.summaries();
        }
        expectSameSummaries(states, fixture.expected.states);
      });

      it("gives the same answer for out-of-order batches with duplicates", () => {
        const summarizer = new Summarizer(branchStarts);
        const events = shuffled(fixture.events, 7);
        for (let i = 0; i < events.length; i += 3) {
          summarizer.addEvents(events.slice(i, i + 3));
          summarizer.addEvents(fixture.events.slice(0, 2)); // replays overlap what was streamed
          summarizer.summaries();
        }
        expectSameSummaries(summarizer.summaries(), fixture.expected.states);
      });
    });
  }
});

// Recorded from a running server (record_server_summaries.py): the durable runtime's interleaved histories, its task
// invocations, and the REST /states/ answer.
describe("summaries match GET /api/executions/<id>/states/", () => {
  const recorded = serverFixtures as unknown as Record<string, Fixture & { invocations: Record<string, unknown>[] }>;
  for (const [name, fixture] of Object.entries(recorded)) {
    it(name, () => {
      const { names, branchStarts } = outline(fixture.definition);
      const states = summarize(fixture.events, { branchStarts, invocations: fixture.invocations });
      expectSameSummaries(states, fixture.expected.states);
      expect(rollUp(states, names)).toEqual(fixture.expected.by_state);
    });
  }
});

describe("incremental summaries", () => {
  it("keeps the objects of visits that did not change", () => {
    const { events } = all.task_then_pass;
    const summarizer = new Summarizer();
    summarizer.addEvents(events.slice(0, 6)); // Work exited
    const first = summarizer.summaries();
    summarizer.addEvents(events.slice(6, 7)); // Done entered
    const second = summarizer.summaries();
    expect(second[0]).toBe(first[0]);
    expect(second.map((s) => [s.name, s.status])).toEqual([["Work", "SUCCEEDED"], ["Done", "IN_PROGRESS"]]);
    expect(summarizer.summaries()).toBe(second);
  });
});

describe("isoMicros", () => {
  it("reads the server's ISO 8601 times to the microsecond", () => {
    const a = isoMicros("2025-03-04T10:00:01.250001+00:00")!;
    const b = isoMicros("2025-03-04T10:00:05.123456Z")!;
    expect(b - a).toBe(3_873_455);
    expect(isoMicros("2025-03-04T12:00:00+02:00")).toBe(isoMicros("2025-03-04T10:00:00Z"));
    expect(isoMicros("not a time")).toBeNull();
    expect(isoMicros(null)).toBeNull();
  });
});
