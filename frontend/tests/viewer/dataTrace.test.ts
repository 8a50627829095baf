// The data trace: JSONPath stages computed from the definition, the task's facts read from its events.
import { describe, expect, it } from "vitest";
import fixtures from "../core/fixtures/summaries.json";
import { type HistoryEvent, summarize, type VisitSummary } from "../../src/core/summaries";
import { applyTemplate, dataTrace, parsePath, readPath, writePath } from "../../src/viewer/dataTrace";

function visit(overrides: Partial<VisitSummary>): VisitSummary {
  return { id: 2, name: "S", type: "Pass", path: [], visit: 0, status: "SUCCEEDED", input: {}, output: {},
    entered_at: "2025-01-01T00:00:00Z", exited_at: "2025-01-01T00:00:01Z", duration_ms: 1000, attempts: 0,
    error: null, cause: null, invocations: [], ...overrides };
}

describe("paths", () => {
  it("reads plain JSONPath and refuses what it cannot evaluate", () => {
    expect(parsePath("$.a['b c'][2].d")).toEqual(["a", "b c", 2, "d"]);
    expect(parsePath("$..a")).toBeNull();
    expect(parsePath("$$.Execution.Id")).toBeNull();
    expect(readPath({ a: [{ b: 1 }] }, "$.a[0].b")).toBe(1);
    expect(typeof readPath({}, "$.missing")).toBe("symbol");
  });

  it("writes a ResultPath into a copy of the input", () => {
    const input = { order: { id: 1 } };
    expect(writePath(input, "$.order.total", 5)).toEqual({ order: { id: 1, total: 5 } });
    expect(input).toEqual({ order: { id: 1 } });
    expect(writePath(input, null, 5)).toBe(input);
    expect(writePath(input, "$", 5)).toBe(5);
  });

  it("applies payload templates with .$ fields, and gives up on intrinsic functions", () => {
    expect(applyTemplate({ "id.$": "$.order.id", fixed: [1, { "x.$": "$.n" }] }, { order: { id: 7 }, n: 2 }))
      .toEqual({ id: 7, fixed: [1, { x: 2 }] });
    expect(typeof applyTemplate({ "n.$": "States.MathAdd($.n, 1)" }, { n: 1 })).toBe("symbol");
  });
});

describe("dataTrace", () => {
  it("traces a Pass state through InputPath, Parameters, ResultPath and OutputPath", () => {
    const state = { Type: "Pass", InputPath: "$.order", Parameters: { "total.$": "$.amount" }, ResultPath: "$.summary",
      OutputPath: "$.summary", End: true };
    const input = { order: { amount: 12 }, keep: true };
    const trace = dataTrace(state, visit({ input, output: { total: 12 } }), []);
    expect(trace.map((s) => [s.label, s.known ? s.value : "?"])).toEqual([
      ["State input", input],
      ["InputPath", { amount: 12 }],
      ["Parameters", { total: 12 }],
      ["Result", { total: 12 }],
      ["ResultPath", { order: { amount: 12 }, keep: true, summary: { total: 12 } }],
      ["OutputPath", { total: 12 }],
    ]);
  });

  it("takes a task's parameters and result from its events (the last attempt's)", () => {
    const { definition, events } = (fixtures as unknown as Record<string, { definition: { States: Record<string, Record<string, unknown>> }; events: HistoryEvent[] }>).retry_then_success;
    const [call] = summarize(events);
    const trace = dataTrace(definition.States.Call, call, events.filter((e) => e.id >= call.id));
    expect(trace.map((s) => s.label)).toEqual(["State input", "Task result", "State output"]);
    expect(trace[1].value).toEqual({ ok: { a: 1 } });
    expect(trace[2].value).toEqual(call.output);
  });

  it("shows a caught error through the catcher's ResultPath", () => {
    const state = { Type: "Task", Resource: "x", Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "R" }] };
    const trace = dataTrace(state, visit({ type: "Task", status: "CAUGHT_ERROR", error: "E", cause: "c", input: { a: 1 },
      output: { a: 1, error: { Error: "E", Cause: "c" } } }), []);
    expect(trace.map((s) => s.label)).toEqual(["State input", "Error output", "ResultPath"]);
    expect(trace[1].field).toBe("Catch → R");
    expect(trace[2].value).toEqual({ a: 1, error: { Error: "E", Cause: "c" } });
  });

  it("marks stages it cannot compute as unknown instead of guessing", () => {
    const state = { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)" }, End: true };
    const trace = dataTrace(state, visit({ input: { n: 1 }, output: { n: 2 } }), []);
    expect(trace.find((s) => s.label === "Parameters")?.known).toBe(false);
    expect(trace[trace.length - 1]).toMatchObject({ label: "State output", known: true, value: { n: 2 } });
  });

  it("has no output for a state still running", () => {
    const trace = dataTrace({ Type: "Wait", Seconds: 5 }, visit({ type: "Wait", status: "IN_PROGRESS", exited_at: null, output: null }), []);
    expect(trace[trace.length - 1]).toMatchObject({ known: false });
  });
});
