import { describe, expect, it } from "vitest";
import { aslToGraph, type Graph } from "../../src/core/graph";
import { absolutePosition, isTerminalEdge, layoutGraph, type Layout, type NodeLayout } from "../../src/core/layout";
import { generateMachine } from "./generatedMachine";

const near = (a: number, b: number) => Math.abs(a - b) <= 1.5;

/** Whether point (x, y) lies on the border of `box` (container coordinates). */
function onBorder(box: NodeLayout, x: number, y: number): boolean {
  const withinX = x >= box.x - 1.5 && x <= box.x + box.width + 1.5;
  const withinY = y >= box.y - 1.5 && y <= box.y + box.height + 1.5;
  return (withinX && (near(y, box.y) || near(y, box.y + box.height))) ||
    (withinY && (near(x, box.x) || near(x, box.x + box.width)));
}

function overlaps(a: NodeLayout, b: NodeLayout): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function checkStructure(graph: Graph, layout: Layout) {
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const node of graph.nodes) {
    const box = layout.nodes[node.id];
    expect(box, node.id).toBeDefined();
    expect(box.parent).toBe(node.parent);
    expect(box.width).toBeGreaterThan(0);
    if (node.parent) {
      const parent = layout.nodes[node.parent];
      // Children are positioned relative to their container and fit inside it.
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(parent.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.height + 0.5);
    }
  }
  // Siblings never overlap.
  const byParent = new Map<string | null, NodeLayout[]>();
  for (const box of Object.values(layout.nodes)) byParent.set(box.parent, [...(byParent.get(box.parent) ?? []), box]);
  for (const siblings of byParent.values()) {
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) expect(overlaps(siblings[i], siblings[j]), `${siblings[i].id} / ${siblings[j].id}`).toBe(false);
    }
  }
  for (const edge of graph.edges) {
    if (isTerminalEdge(edge, nodeById)) {
      expect(layout.edges[edge.id]).toBeUndefined();
      continue;
    }
    const route = layout.edges[edge.id];
    expect(route, edge.id).toBeDefined();
    expect(route.container).toBe(nodeById.get(edge.source)!.parent);
    expect(route.points.length).toBeGreaterThanOrEqual(2);
    const first = route.points[0];
    const last = route.points[route.points.length - 1];
    expect(onBorder(layout.nodes[edge.source], first.x, first.y), `${edge.id} starts on its source`).toBe(true);
    expect(onBorder(layout.nodes[edge.target], last.x, last.y), `${edge.id} ends on its target`).toBe(true);
    if (edge.label) expect(route.label).toBeDefined();
  }
}

describe("layoutGraph", () => {
  it("lays out a generated 300-state machine: every node placed, containers fit, routes join their nodes", async () => {
    const graph = aslToGraph(generateMachine(300));
    expect(graph.nodes.filter((n) => n.kind === "state")).toHaveLength(300);
    const layout = await layoutGraph(graph, { direction: "DOWN" });
    checkStructure(graph, layout);
    // Top to bottom: the chain's successive blocks go down the page.
    const y = (name: string) => absolutePosition(layout, graph.nodes.find((n) => n.name === name)!.id).y;
    expect(y("Task 0")).toBeLessThan(y("Choose 0"));
    expect(y("Pause 0")).toBeLessThan(y("Task 1"));
    expect(y("Task 28")).toBeLessThan(y("Task 29"));
  }, 30_000);

  it("puts Parallel branches side by side (DOWN: same row; RIGHT: same column)", async () => {
    const definition = {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel", End: true, Branches: [
            { StartAt: "A", States: { A: { Type: "Pass", Next: "A2" }, A2: { Type: "Pass", End: true } } },
            { StartAt: "B", States: { B: { Type: "Pass", End: true } } },
            { StartAt: "C", States: { C: { Type: "Map", End: true, ItemProcessor: { StartAt: "D", States: { D: { Type: "Pass", End: true } } } } } },
          ],
        },
      },
    };
    const graph = aslToGraph(definition);
    const down = await layoutGraph(graph, { direction: "DOWN" });
    checkStructure(graph, down);
    const branches = [0, 1, 2].map((i) => down.nodes[`/States/P/Branches/${i}`]);
    expect(branches.every((b) => b.parent === "/States/P")).toBe(true);
    expect(new Set(branches.map((b) => b.y)).size).toBe(1);
    expect(branches[0].x + branches[0].width).toBeLessThanOrEqual(branches[1].x);
    expect(branches[1].x + branches[1].width).toBeLessThanOrEqual(branches[2].x);
    // The nested Map is a container sized around its processor.
    const map = down.nodes["/States/P/Branches/2/States/C"];
    const inner = down.nodes["/States/P/Branches/2/States/C/ItemProcessor/States/D"];
    expect(inner.parent).toBe("/States/P/Branches/2/States/C");
    expect(map.height).toBeGreaterThan(inner.height * 2);

    const right = await layoutGraph(graph, { direction: "RIGHT" });
    checkStructure(graph, right);
    const rightBranches = [0, 1, 2].map((i) => right.nodes[`/States/P/Branches/${i}`]);
    expect(new Set(rightBranches.map((b) => b.x)).size).toBe(1);
    expect(rightBranches[0].y + rightBranches[0].height).toBeLessThanOrEqual(rightBranches[1].y);
    // Left to right inside a branch.
    const a = right.nodes["/States/P/Branches/0/States/A"];
    const a2 = right.nodes["/States/P/Branches/0/States/A2"];
    expect(a.x).toBeLessThan(a2.x);
  });

  it("uses the sizes it is given for leaf nodes", async () => {
    const graph = aslToGraph({ StartAt: "A", States: { A: { Type: "Pass", End: true } } });
    const layout = await layoutGraph(graph, { direction: "DOWN", sizes: (node) => (node.kind === "state" ? { width: 300, height: 70 } : undefined) });
    expect(layout.nodes["/States/A"]).toMatchObject({ width: 300, height: 70 });
    expect(layout.nodes["#start"].width).toBeLessThan(300);
  });

  it("lays out invalid documents without throwing", async () => {
    for (const definition of [null, {}, { StartAt: "X", States: { A: { Type: "Pass", Next: "Nope" } } }, { States: { M: { Type: "Map" } } }]) {
      const graph = aslToGraph(definition);
      const layout = await layoutGraph(graph, { direction: "DOWN" });
      expect(Object.keys(layout.nodes)).toHaveLength(graph.nodes.length);
    }
  });
});
