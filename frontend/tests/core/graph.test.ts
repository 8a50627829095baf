import { describe, expect, it } from "vitest";
import { aslToGraph, pointerOfStateName, type Graph } from "../../src/core/graph";
import { summarizeChoiceRule } from "../../src/core/choiceLabel";

const edgeOf = (graph: Graph, id: string) => graph.edges.find((e) => e.id === id);
const node = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id);

describe("aslToGraph", () => {
  const definition = {
    Comment: "every construct",
    StartAt: "Start here",
    States: {
      "Start here": { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Next: "Decide",
        Catch: [{ ErrorEquals: ["States.Timeout", "Custom"], Next: "Oops" }, { ErrorEquals: ["States.ALL"], Next: "Gone" }] },
      Decide: { Type: "Choice", Choices: [
        { Variable: "$.x", NumericEquals: 3, Next: "Fan" },
        { And: [{ Variable: "$.a", StringEquals: "b" }, { Not: { Variable: "$.c", IsPresent: true } }], Next: "Loop" },
      ], Default: "Done" },
      Fan: { Type: "Parallel", Next: "Done", Branches: [
        { StartAt: "B1", States: { B1: { Type: "Pass", End: true } } },
        { StartAt: "B2", States: { B2: { Type: "Wait", Seconds: 1, Next: "B3" }, B3: { Type: "Succeed" } } },
      ] },
      Loop: { Type: "Map", End: true, ItemProcessor: { StartAt: "Inner", States: {
        Inner: { Type: "Map", End: true, Iterator: { StartAt: "Deep", States: { Deep: { Type: "Pass", End: true } } } },
      } } },
      Oops: { Type: "Fail", Error: "E" },
      Done: { Type: "Succeed" },
      "a/b~c": { Type: "Pass", End: true },
    },
  };
  const graph = aslToGraph(definition);

  it("makes one node per state, nested ones included, with pointer ids and parents", () => {
    const states = graph.nodes.filter((n) => n.kind === "state");
    expect(states.map((n) => n.name).sort()).toEqual(
      ["B1", "B2", "B3", "Decide", "Deep", "Done", "Fan", "Inner", "Loop", "Oops", "Start here", "a/b~c"].sort());
    expect(node(graph, "/States/Fan/Branches/1/States/B3")).toMatchObject({ type: "Succeed", parent: "/States/Fan/Branches/1" });
    expect(node(graph, "/States/Fan/Branches/1")).toMatchObject({ kind: "branch", name: "Branch 2", parent: "/States/Fan", isContainer: true });
    expect(node(graph, "/States/Loop/ItemProcessor/States/Inner")).toMatchObject({ parent: "/States/Loop", isContainer: true });
    expect(node(graph, "/States/Loop/ItemProcessor/States/Inner/Iterator/States/Deep")).toMatchObject({ parent: "/States/Loop/ItemProcessor/States/Inner" });
    expect(node(graph, "/States/a~1b~0c")).toMatchObject({ name: "a/b~c", type: "Pass" });
    expect(node(graph, "/States/Fan")!.state).toBe(definition.States.Fan);
    expect(node(graph, "/States/Oops")!.isContainer).toBe(false);
  });

  it("lists parents before their children (React Flow sub-flows need it)", () => {
    const seen = new Set<string>();
    for (const n of graph.nodes) {
      if (n.parent) expect(seen.has(n.parent), n.id).toBe(true);
      seen.add(n.id);
    }
  });

  it("gives each scope start and end markers", () => {
    for (const scope of ["", "/States/Fan/Branches/0", "/States/Fan/Branches/1", "/States/Loop/ItemProcessor", "/States/Loop/ItemProcessor/States/Inner/Iterator"]) {
      expect(node(graph, `${scope}#start`)?.kind, scope).toBe("start");
      expect(node(graph, `${scope}#end`)?.kind, scope).toBe("end");
    }
    expect(edgeOf(graph, "/StartAt")).toMatchObject({ source: "#start", target: "/States/Start here", kind: "start" });
    expect(edgeOf(graph, "/States/Fan/Branches/1/StartAt")).toMatchObject({ source: "/States/Fan/Branches/1#start", target: "/States/Fan/Branches/1/States/B2" });
  });

  it("makes next, choice, default, catch and end edges with labels and field pointers", () => {
    expect(edgeOf(graph, "/States/Start here/Next")).toMatchObject({ kind: "next", source: "/States/Start here", target: "/States/Decide", pointer: "/States/Start here/Next" });
    expect(edgeOf(graph, "/States/Decide/Choices/0/Next")).toMatchObject({ kind: "choice", target: "/States/Fan", label: "$.x == 3" });
    expect(edgeOf(graph, "/States/Decide/Choices/1/Next")).toMatchObject({ kind: "choice", label: 'And($.a == "b", Not($.c is present))' });
    expect(edgeOf(graph, "/States/Decide/Default")).toMatchObject({ kind: "default", target: "/States/Done", label: "Default" });
    expect(edgeOf(graph, "/States/Start here/Catch/0/Next")).toMatchObject({ kind: "catch", target: "/States/Oops", label: "States.Timeout, Custom" });
    expect(edgeOf(graph, "/States/Loop/End")).toMatchObject({ kind: "end", target: "#end", pointer: "/States/Loop/End" });
    expect(edgeOf(graph, "/States/Done#end")).toMatchObject({ kind: "end", source: "/States/Done", target: "#end" });
    expect(edgeOf(graph, "/States/Oops#end")).toMatchObject({ kind: "end", target: "#end" });
    expect(edgeOf(graph, "/States/Fan/Branches/1/States/B3#end")).toMatchObject({ target: "/States/Fan/Branches/1#end" });
    expect(edgeOf(graph, "/States/Loop/ItemProcessor/States/Inner/Iterator/States/Deep/End")).toMatchObject({
      source: "/States/Loop/ItemProcessor/States/Inner/Iterator/States/Deep", target: "/States/Loop/ItemProcessor/States/Inner/Iterator#end" });
  });

  it("skips dangling transitions (the Catch to a missing state) and keeps edge ids unique", () => {
    expect(edgeOf(graph, "/States/Start here/Catch/1/Next")).toBeUndefined();
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
    // Every edge stays inside one scope.
    for (const e of graph.edges) expect(node(graph, e.source)!.parent, e.id).toBe(node(graph, e.target)!.parent);
  });

  it("never throws on invalid documents", () => {
    const bad: unknown[] = [null, 3, "x", [], {}, { States: 3 }, { StartAt: "Nope", States: { A: null, B: { Type: "Bogus", Next: 7 } } },
      { StartAt: "P", States: { P: { Type: "Parallel", Branches: [null, { States: [] }, 5] }, M: { Type: "Map", ItemProcessor: "x" },
        C: { Type: "Choice", Choices: "no", Default: 3 }, T: { Type: "Task", Catch: [null, { Next: "C" }] } } }];
    for (const definition of bad) expect(() => aslToGraph(definition)).not.toThrow();
    const graph = aslToGraph(bad[6]);
    expect(graph.nodes.filter((n) => n.kind === "state")).toHaveLength(2);
    expect(graph.nodes.find((n) => n.name === "B")!.type).toBeUndefined();
    expect(graph.edges).toHaveLength(0);
    const nested = aslToGraph(bad[7]);
    expect(nested.nodes.filter((n) => n.kind === "branch")).toHaveLength(3);
    expect(nested.edges.find((e) => e.kind === "catch")).toMatchObject({ target: "/States/C", label: "Catch" });
    expect(aslToGraph(null)).toEqual({ nodes: [], edges: [] });
  });

  it("finds a state's pointer by name", () => {
    expect(pointerOfStateName(graph, "Deep")).toBe("/States/Loop/ItemProcessor/States/Inner/Iterator/States/Deep");
    expect(pointerOfStateName(graph, "Branch 1")).toBeUndefined();
    expect(pointerOfStateName(graph, "nope")).toBeUndefined();
  });
});

describe("summarizeChoiceRule", () => {
  it.each([
    [{ Variable: "$.n", NumericGreaterThanEquals: 10 }, "$.n >= 10"],
    [{ Variable: "$.n", NumericLessThanPath: "$.max" }, "$.n < $.max"],
    [{ Variable: "$.s", StringMatches: "log-*.txt" }, '$.s matches "log-*.txt"'],
    [{ Variable: "$.b", BooleanEquals: false }, "$.b == false"],
    [{ Variable: "$.t", TimestampLessThan: "2024-01-01T00:00:00Z" }, '$.t < "2024-01-01T00:00:00Z"'],
    [{ Variable: "$.v", IsNull: false }, "$.v is not null"],
    [{ Or: [{ Variable: "$.a", IsString: true }, { Variable: "$.b", IsNumeric: true }] }, "Or($.a is string, $.b is numeric)"],
    [{ Condition: "{% $states.input.x > 1 %}" }, "$states.input.x > 1"],
    [{ Condition: true }, "true"],
    [{ Comment: "odd rule" }, "odd rule"],
    [null, "?"],
  ])("%j -> %s", (rule, label) => {
    expect(summarizeChoiceRule(rule)).toBe(label);
  });
});
