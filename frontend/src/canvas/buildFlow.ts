// Graph + layout -> React Flow nodes and edges (pure; the canvas components render them).
import type { Edge, Node } from "@xyflow/react";
import type { Graph, GraphEdge, GraphNode } from "../core/graph";
import { absolutePosition, isTerminalEdge, type Layout, type Point } from "../core/layout";
import { isRecord } from "../core/pointer";

export interface SourceHandle {
  id: string; // "next", "choice-<i>", "default", "catch-<i>", "out" (start marker)
  kind: "next" | "choice" | "default" | "catch" | "out";
  label: string;
}

export interface FlowNodeData extends Record<string, unknown> {
  node: GraphNode;
  handles: SourceHandle[];
  direction: "DOWN" | "RIGHT";
}

export interface FlowEdgeData extends Record<string, unknown> {
  edge: GraphEdge;
  /** Route in canvas coordinates. */
  points: Point[];
  /** Label box in canvas coordinates. */
  labelBox?: { x: number; y: number; width: number; height: number };
  /** Names of the two ends, for `edge-drop-<source>-<target>` test ids. */
  sourceName: string;
  targetName: string;
  direction: "DOWN" | "RIGHT";
}

export type FlowNode = Node<FlowNodeData>;
export type FlowEdge = Edge<FlowEdgeData>;

const NEXT_TYPES = new Set(["Task", "Pass", "Wait", "Parallel", "Map"]);

/** The outgoing connection points of a node, one per transition field it has (or could have). */
export function sourceHandles(node: GraphNode): SourceHandle[] {
  if (node.kind === "start") return [{ id: "out", kind: "out", label: "Start" }];
  if (node.kind !== "state") return [];
  const state = node.state ?? {};
  const handles: SourceHandle[] = [];
  if (node.type === "Choice") {
    const choices = Array.isArray(state.Choices) ? state.Choices : [];
    choices.forEach((_, i) => handles.push({ id: `choice-${i}`, kind: "choice", label: `Rule ${i + 1}` }));
    handles.push({ id: "default", kind: "default", label: "Default" });
  } else if (node.type === undefined || NEXT_TYPES.has(node.type)) {
    handles.push({ id: "next", kind: "next", label: "Next" });
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      const errors = isRecord(catcher) && Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(", ") : "";
      handles.push({ id: `catch-${i}`, kind: "catch", label: `Catch ${errors}`.trim() });
    });
  }
  return handles;
}

/** The handle an edge leaves from (matches sourceHandles). */
export function sourceHandleOf(edge: GraphEdge): string {
  if (edge.kind === "start") return "out";
  if (edge.kind === "default") return "default";
  const indexed = /\/(Choices|Catch)\/(\d+)\/Next$/.exec(edge.pointer ?? "");
  if (indexed) return `${indexed[1] === "Choices" ? "choice" : "catch"}-${indexed[2]}`;
  return "next";
}

export const NODE_TYPE_BY_KIND = { state: "state", branch: "container", start: "marker", end: "marker" } as const;

/** React Flow nodes (parents before children, positions relative to the parent) and edges (absolute routes). */
export function buildFlow(graph: Graph, layout: Layout, direction: "DOWN" | "RIGHT"): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = [];
  const nodeById = new Map(graph.nodes.map((node) => [node.id, node]));
  const connected = new Set<string>();
  for (const edge of graph.edges) {
    if (!isTerminalEdge(edge, nodeById) && layout.edges[edge.id]) connected.add(edge.target);
  }
  for (const node of graph.nodes) {
    const box = layout.nodes[node.id];
    if (!box) continue;
    const isContainerBox = node.isContainer && graph.nodes.some((child) => child.parent === node.id);
    nodes.push({
      id: node.id,
      type: isContainerBox ? "container" : NODE_TYPE_BY_KIND[node.kind],
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      parentId: node.parent ?? undefined,
      // An End marker nothing leads to (every path ends in Succeed/Fail) is not worth showing.
      hidden: node.kind === "end" && !connected.has(node.id),
      draggable: node.kind === "state",
      selectable: false,
      connectable: node.kind === "state" || node.kind === "start" || node.kind === "end",
      data: { node, handles: sourceHandles(node), direction },
      zIndex: undefined,
    });
  }
  const edges: FlowEdge[] = [];
  for (const edge of graph.edges) {
    const route = layout.edges[edge.id];
    if (!route || isTerminalEdge(edge, nodeById)) continue;
    const origin = absolutePosition(layout, route.container);
    const points = route.points.map((p) => ({ x: p.x + origin.x, y: p.y + origin.y }));
    const labelBox = route.label ? { ...route.label, x: route.label.x + origin.x, y: route.label.y + origin.y } : undefined;
    edges.push({
      id: edge.id,
      type: "flow",
      source: edge.source,
      target: edge.target,
      sourceHandle: sourceHandleOf(edge),
      targetHandle: "in",
      selectable: false,
      data: {
        edge, points, labelBox,
        sourceName: nodeById.get(edge.source)?.name ?? "",
        targetName: nodeById.get(edge.target)?.name ?? "",
        direction,
      },
    });
  }
  return { nodes, edges };
}

/** Identifies what the layout depends on: when it is unchanged, a document edit needs no new layout. */
export function layoutKey(graph: Graph, direction: string): string {
  const parts: string[] = [direction];
  for (const node of graph.nodes) parts.push(`${node.id}|${node.kind}|${node.parent ?? ""}|${node.isContainer}`);
  for (const edge of graph.edges) parts.push(`${edge.id}|${edge.source}|${edge.target}|${edge.label ?? ""}`);
  return parts.join("\n");
}

/** SVG path through the route's points with rounded corners. */
export function roundedPath(points: Point[], radius = 8): string {
  if (points.length === 0) return "";
  let path = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const current = points[i];
    const next = points[i + 1];
    if (!next) {
      path += ` L ${current.x} ${current.y}`;
      break;
    }
    const previous = points[i - 1];
    const inLength = Math.hypot(current.x - previous.x, current.y - previous.y);
    const outLength = Math.hypot(next.x - current.x, next.y - current.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r < 0.5) {
      path += ` L ${current.x} ${current.y}`;
      continue;
    }
    const before = { x: current.x - ((current.x - previous.x) / inLength) * r, y: current.y - ((current.y - previous.y) / inLength) * r };
    const after = { x: current.x + ((next.x - current.x) / outLength) * r, y: current.y + ((next.y - current.y) / outLength) * r };
    path += ` L ${before.x} ${before.y} Q ${current.x} ${current.y} ${after.x} ${after.y}`;
  }
  return path;
}

/** The point halfway along a polyline (where an unlabelled edge's drop target sits). */
export function midpoint(points: Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let remaining = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (remaining <= lengths[i] && lengths[i] > 0) {
      const t = remaining / lengths[i];
      return { x: points[i].x + (points[i + 1].x - points[i].x) * t, y: points[i].y + (points[i + 1].y - points[i].y) * t };
    }
    remaining -= lengths[i];
  }
  return points[points.length - 1];
}
