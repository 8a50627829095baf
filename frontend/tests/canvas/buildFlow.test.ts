import { describe, expect, it } from "vitest";
import { aslToGraph } from "../../src/core/graph";
import { layoutGraph } from "../../src/core/layout";
import { buildFlow, layoutKey, midpoint, roundedPath, sourceHandleOf, sourceHandles } from "../../src/canvas/buildFlow";
import { resourceShortName } from "../../src/canvas/labels";

const definition = {
  StartAt: "T",
  States: {
    T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f:live" },
      Next: "C", Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }] },
    C: { Type: "Choice", Choices: [{ Variable: "$.a", IsPresent: true, Next: "P" }, { Variable: "$.b", IsNull: true, Next: "F" }], Default: "P" },
    P: { Type: "Parallel", End: true, Branches: [{ StartAt: "B", States: { B: { Type: "Pass", End: true } } }] },
    F: { Type: "Fail" },
  },
};

describe("buildFlow", () => {
  it("turns the laid-out graph into React Flow nodes and edges with matching handles", async () => {
    const graph = aslToGraph(definition);
    const layout = await layoutGraph(graph, { direction: "DOWN" });
    const { nodes, edges } = buildFlow(graph, layout, "DOWN");
    const byId = new Map(nodes.map((n) => [n.id, n]));
    // Parents come before children, child positions are relative.
    nodes.forEach((node, i) => {
      if (node.parentId) expect(nodes.findIndex((n) => n.id === node.parentId)).toBeLessThan(i);
    });
    expect(byId.get("/States/P")!.type).toBe("container");
    expect(byId.get("/States/P/Branches/0")!.type).toBe("container");
    expect(byId.get("/States/P/Branches/0/States/B")).toMatchObject({ type: "state", parentId: "/States/P/Branches/0" });
    expect(byId.get("#start")!.type).toBe("marker");
    // Every edge leaves from a handle its source node renders.
    for (const edge of edges) {
      const source = byId.get(edge.source)!;
      expect(source.data.handles.map((h) => h.id), edge.id).toContain(edge.sourceHandle);
      expect(edge.data!.points.length).toBeGreaterThanOrEqual(2);
    }
    // Fail -> End is not drawn; the root End stays visible because P ends there.
    expect(edges.find((e) => e.id === "/States/F#end")).toBeUndefined();
    expect(byId.get("#end")!.hidden).toBe(false);
    const catchEdge = edges.find((e) => e.id === "/States/T/Catch/0/Next")!;
    expect(catchEdge.sourceHandle).toBe("catch-0");
    expect(catchEdge.data).toMatchObject({ sourceName: "T", targetName: "F" });
    // Edge routes inside containers are shifted into canvas coordinates.
    const inner = edges.find((e) => e.id === "/States/P/Branches/0/StartAt")!;
    const branchBox = layout.nodes["/States/P/Branches/0"];
    const parallelBox = layout.nodes["/States/P"];
    expect(inner.data!.points[0].x).toBeCloseTo(layout.edges[inner.id].points[0].x + branchBox.x + parallelBox.x);
  });

  it("hides an End marker nothing reaches", async () => {
    const graph = aslToGraph({ StartAt: "S", States: { S: { Type: "Succeed" } } });
    const { nodes } = buildFlow(graph, await layoutGraph(graph, { direction: "RIGHT" }), "RIGHT");
    expect(nodes.find((n) => n.id === "#end")!.hidden).toBe(true);
  });

  it("derives handles per outgoing kind", () => {
    const graph = aslToGraph(definition);
    const handles = (id: string) => sourceHandles(graph.nodes.find((n) => n.id === id)!).map((h) => h.id);
    expect(handles("/States/T")).toEqual(["next", "catch-0"]);
    expect(handles("/States/C")).toEqual(["choice-0", "choice-1", "default"]);
    expect(handles("/States/F")).toEqual([]);
    expect(handles("#start")).toEqual(["out"]);
    expect(sourceHandleOf(graph.edges.find((e) => e.id === "/States/C/Choices/1/Next")!)).toBe("choice-1");
    expect(sourceHandleOf(graph.edges.find((e) => e.id === "/States/P/End")!)).toBe("next");
  });

  it("keys the layout on structure and labels only", () => {
    const changedContent = structuredClone(definition);
    (changedContent.States.T as Record<string, unknown>).Comment = "edited";
    expect(layoutKey(aslToGraph(changedContent), "DOWN")).toBe(layoutKey(aslToGraph(definition), "DOWN"));
    const changedLabel = structuredClone(definition);
    changedLabel.States.C.Choices[0] = { Variable: "$.z", IsPresent: true, Next: "P" };
    expect(layoutKey(aslToGraph(changedLabel), "DOWN")).not.toBe(layoutKey(aslToGraph(definition), "DOWN"));
    expect(layoutKey(aslToGraph(definition), "RIGHT")).not.toBe(layoutKey(aslToGraph(definition), "DOWN"));
  });
});

describe("geometry helpers", () => {
  it("rounds corners and finds the halfway point", () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 10 }])).toBe("M 0 0 L 0 10");
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 20 }, { x: 20, y: 20 }])).toContain("Q 0 20");
    expect(midpoint([{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 10, y: 10 }])).toEqual({ x: 0, y: 10 });
  });
});

describe("resourceShortName", () => {
  it.each([
    [{ Resource: "arn:aws:lambda:us-east-1:111111111111:function:ship-a" }, "ship-a"],
    [{ Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f:live" } }, "lambda:invoke · f"],
    [{ Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "g" } }, "lambda:invoke · g"],
    [{ Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken" }, "sqs:sendMessage.waitForTaskToken"],
    [{ Resource: "arn:aws:states:::aws-sdk:dynamodb:getItem" }, "dynamodb:getItem"],
    [{ Resource: "arn:aws:states:us-east-1:1:activity:approve" }, "activity:approve"],
    [{}, undefined],
  ])("%j -> %s", (state, expected) => {
    expect(resourceShortName(state)).toBe(expected);
  });
});
