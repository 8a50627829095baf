// Layered ELK layout of a graph. Parallel states, their branches and Map states are ELK compound nodes, laid out
// bottom-up (ELK's SEPARATE_CHILDREN), so positions come back relative to the parent container and every
// container is sized to fit its children. Edge routes are relative to the container the edge lives in.
import ElkApi from "elkjs/lib/elk-api.js";
import type { ELK, ElkExtendedEdge, ElkNode, LayoutOptions as ElkOptions } from "elkjs/lib/elk-api";
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";
import type { Graph, GraphEdge, GraphNode } from "./graph";

export type LayoutDirection = "DOWN" | "RIGHT";
export interface Size { width: number; height: number }
export interface Point { x: number; y: number }
export interface NodeLayout {
  id: string;
  /** Top-left corner relative to the parent container node (absolute for root nodes). */
  x: number;
  y: number;
  width: number;
  height: number;
  parent: string | null;
}
export interface EdgeLayout {
  id: string;
  /** Route points relative to `container`'s top-left corner (the canvas origin when null): start, bends, end. */
  points: Point[];
  /** Where ELK placed the label (top-left corner, same coordinates as `points`), when the edge has one. */
  label?: Point & Size;
  container: string | null;
}
export interface Layout {
  nodes: Record<string, NodeLayout>;
  edges: Record<string, EdgeLayout>;
  width: number;
  height: number;
}
export interface LayoutOptions {
  direction: LayoutDirection;
  /** Sizes of leaf nodes by node id, or a function of the node; containers are sized by ELK. */
  sizes?: Record<string, Size> | ((node: GraphNode) => Size | undefined);
}

export const STATE_NODE_SIZE: Size = { width: 200, height: 48 };
export const MARKER_SIZE: Size = { width: 72, height: 28 };
export const MAX_LABEL_WIDTH = 180;
export const LABEL_HEIGHT = 20;
/** Space above a container's children for its title bar. */
export const CONTAINER_HEADER = 36;

/** The box an edge label occupies; the canvas draws labels at the same size (truncating the text). */
export function labelSize(text: string): Size {
  return { width: Math.min(MAX_LABEL_WIDTH, Math.ceil(text.length * 6.4) + 14), height: LABEL_HEIGHT };
}

export function defaultNodeSize(node: GraphNode): Size {
  return node.kind === "start" || node.kind === "end" ? MARKER_SIZE : STATE_NODE_SIZE;
}

/** In a browser ELK runs in a Web Worker, so laying out a big machine never freezes the page; elsewhere (tests,
 *  or a browser that refuses the worker) the same code runs in-process. */
let elkEngine: Promise<ELK> | null = null;
let workerFailed = false;

function inProcessElk(): Promise<ELK> {
  return import("elkjs/lib/elk.bundled.js").then((module) => new module.default());
}

function getElk(): Promise<ELK> {
  elkEngine ??= typeof Worker !== "undefined" && !workerFailed
    ? Promise.resolve(new ElkApi({ workerFactory: () => new Worker(elkWorkerUrl) }))
    : inProcessElk();
  return elkEngine;
}

/** Start ELK (its worker, and the JIT on its code) ahead of the first real layout: a page calls this while it
 *  still fetches the definition, so the first layout does not pay the start-up too. */
export function warmUpLayout(): void {
  void runElk({ id: "warm-up", layoutOptions: layeredOptions("DOWN"), children: [
    { id: "a", width: 10, height: 10 }, { id: "b", width: 10, height: 10 },
  ], edges: [{ id: "ab", sources: ["a"], targets: ["b"] }] }).catch(() => undefined);
}

async function runElk(graph: ElkNode): Promise<ElkNode> {
  try {
    return await (await getElk()).layout(graph);
  } catch (error) {
    if (workerFailed || typeof Worker === "undefined") throw error;
    workerFailed = true; // e.g. a worker blocked by the page's policy: fall back once, in-process
    elkEngine = null;
    return (await getElk()).layout(graph);
  }
}

/** Succeed/Fail -> End edges are not laid out (nor drawn): a Fail is visibly terminal, and routing every one of
 *  them to the scope's single End marker crosses the whole diagram (and costs ELK thousands of dummy nodes). */
export function isTerminalEdge(edge: GraphEdge, nodeById: ReadonlyMap<string, GraphNode>): boolean {
  if (edge.kind !== "end") return false;
  const type = nodeById.get(edge.source)?.type;
  return type === "Succeed" || type === "Fail";
}

function layeredOptions(direction: LayoutDirection): ElkOptions {
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction,
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.spacing.nodeNode": "36",
    "elk.layered.spacing.nodeNodeBetweenLayers": "44",
    "elk.spacing.edgeLabel": "4",
    "elk.spacing.edgeNode": "16",
    "elk.layered.spacing.edgeNodeBetweenLayers": "16",
    // Keep the document's state order where the layering allows it, so the picture matches the JSON.
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    "elk.layered.mergeEdges": "false",
    // Fewer crossing-minimisation sweeps (default 7): workflows are mostly chains, and this is the
    // dominant cost of laying out a few hundred states.
    "elk.layered.thoroughness": "2",
  };
}

function containerOptions(node: GraphNode, direction: LayoutDirection): ElkOptions {
  const header = node.kind === "branch" ? 28 : CONTAINER_HEADER;
  const options: ElkOptions = {
    ...layeredOptions(direction),
    "elk.padding": `[top=${header},left=14,bottom=14,right=14]`,
    "elk.nodeSize.constraints": "[MINIMUM_SIZE]",
    "elk.nodeSize.minimum": `(${STATE_NODE_SIZE.width}, ${STATE_NODE_SIZE.height + header})`,
  };
  if (node.kind === "branch") {
    // Branches of one Parallel share a layer; line them up at the top (left) edge rather than centred.
    options["elk.alignment"] = direction === "DOWN" ? "TOP" : "LEFT";
  }
  if (node.type === "Parallel") {
    // Branches are unconnected; keeping them in one component puts them in one layer: side by side.
    options["elk.separateConnectedComponents"] = "false";
    options["elk.spacing.nodeNode"] = "24";
  }
  return options;
}

function leafSize(node: GraphNode, sizes: LayoutOptions["sizes"]): Size {
  const given = typeof sizes === "function" ? sizes(node) : sizes?.[node.id];
  return given ?? defaultNodeSize(node);
}

/** The ELK input graph: one ELK node per graph node, nested like the graph; edges in their scope's container. */
function toElkGraph(graph: Graph, options: LayoutOptions): ElkNode {
  const root: ElkNode = {
    id: "__root__",
    layoutOptions: {
      ...layeredOptions(options.direction),
      "elk.json.shapeCoords": "PARENT",
      "elk.json.edgeCoords": "CONTAINER",
      "elk.padding": "[top=12,left=12,bottom=12,right=12]",
    },
    children: [],
    edges: [],
  };
  const elkById = new Map<string, ElkNode>();
  const hasChildren = new Set(graph.nodes.map((node) => node.parent).filter((p): p is string => p !== null));
  for (const node of graph.nodes) {
    const container = node.isContainer && hasChildren.has(node.id);
    const elkNode: ElkNode = container
      ? { id: node.id, layoutOptions: containerOptions(node, options.direction), children: [], edges: [] }
      : { id: node.id, ...leafSize(node, options.sizes) };
    elkById.set(node.id, elkNode);
    const parent = node.parent === null ? root : elkById.get(node.parent);
    (parent ?? root).children!.push(elkNode);
  }
  const nodeById = new Map(graph.nodes.map((node) => [node.id, node]));
  for (const edge of graph.edges) {
    if (!elkById.has(edge.source) || !elkById.has(edge.target)) continue;
    if (isTerminalEdge(edge, nodeById)) continue;
    const containerId = nodeById.get(edge.source)?.parent ?? null;
    const container = containerId === null ? root : elkById.get(containerId) ?? root;
    const elkEdge: ElkExtendedEdge = { id: edge.id, sources: [edge.source], targets: [edge.target] };
    if (edge.label) elkEdge.labels = [{ id: `${edge.id}#label`, text: edge.label, ...labelSize(edge.label) }];
    (container.edges ??= []).push(elkEdge);
  }
  return root;
}

function collect(elkNode: ElkNode, parent: string | null, layout: Layout): void {
  for (const child of elkNode.children ?? []) {
    layout.nodes[child.id] = {
      id: child.id, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0, parent,
    };
    collect(child, child.id, layout);
  }
  for (const edge of (elkNode.edges ?? []) as ElkExtendedEdge[]) {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      if (points.length === 0) points.push(section.startPoint);
      points.push(...(section.bendPoints ?? []), section.endPoint);
    }
    const label = edge.labels?.[0];
    layout.edges[edge.id] = {
      id: edge.id,
      points: points.map(({ x, y }) => ({ x, y })),
      label: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : undefined,
      container: parent,
    };
  }
}

/** Lays the graph out; positions are relative to the parent container, containers are sized to fit. */
export async function layoutGraph(graph: Graph, options: LayoutOptions): Promise<Layout> {
  const started = performance.now();
  const result = await runElk(toElkGraph(graph, options));
  const layout: Layout = { nodes: {}, edges: {}, width: result.width ?? 0, height: result.height ?? 0 };
  collect(result, null, layout);
  // Visible in the browser's performance timeline (and read by benchmarks/designer.py).
  performance.measure?.("stepcraft:layout", { start: started, detail: { nodes: graph.nodes.length } });
  return layout;
}

/** Absolute (canvas) position of a node's top-left corner: its position plus every ancestor's. */
export function absolutePosition(layout: Layout, id: string | null): Point {
  let x = 0;
  let y = 0;
  for (let current = id ? layout.nodes[id] : undefined; current; current = current.parent ? layout.nodes[current.parent] : undefined) {
    x += current.x;
    y += current.y;
  }
  return { x, y };
}
