// React Flow canvas for an ASL definition: read-only (viewer) or editable (designer, when `editing` is given).
// Node positions always come from the ELK layout, so the graph stays tidy: dragging a state only picks a drop
// target (an edge or a container) and the document operation decides where it goes.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import {
  applyNodeChanges, Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow,
  type Connection, type FinalConnectionState, type Node, type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./canvas.css";
import { aslToGraph, type GraphEdge, type GraphNode, type StatePointer, type StateType } from "../core/graph";
import { layoutGraph, MARKER_SIZE, STATE_NODE_SIZE, warmUpLayout, type Layout } from "../core/layout";
import type { DropTarget } from "../core/document";
import { buildFlow, layoutKey, type FlowNode } from "./buildFlow";
import {
  CanvasStoreContext, createCanvasStore, hasPaletteData, PALETTE_MIME, STATUS_CLASS, type CanvasDiagnostic, type CanvasStore, type StateStatus,
} from "./canvasStore";
import { NODE_TYPES } from "./nodes";
import { EDGE_TYPES } from "./FlowEdgeView";

export type { DropTarget } from "../core/document";
export type { StateStatus, CanvasDiagnostic } from "./canvasStore";
export { PALETTE_MIME } from "./canvasStore";
export { StatusLegend } from "./StatusLegend";
export { exportCanvasImage, downloadCanvasImage } from "./exportImage";

/** What a palette entry carries in its HTML5 drag (dataTransfer type PALETTE_MIME, JSON). */
export interface PaletteItem {
  type: StateType;
  name?: string;
  state?: Record<string, unknown>;
}

export interface WorkflowCanvasProps {
  definition: unknown;
  direction?: "DOWN" | "RIGHT";
  statusByName?: Record<string, StateStatus>;
  badgesByName?: Record<string, string>;
  diagnosticsByNode?: Record<string, CanvasDiagnostic[]>;
  selected?: string | null;
  onSelect?: (nodeId: string | null) => void;
  editing?: CanvasEditing;
  className?: string;
}

export interface CanvasEditing {
  onDropNew(item: PaletteItem, target: DropTarget): void;
  onMoveState(pointer: StatePointer, target: DropTarget): void;
  onConnect(source: StatePointer, sourceHandle: string, target: StatePointer): void;
  onDelete(pointers: StatePointer[]): void;
}

// The pages that show a canvas load this module first, then fetch their data: start the layout engine meanwhile.
warmUpLayout();

/** The smallest zoom the automatic fit goes to: below it, labels are unreadable. */
const READABLE_ZOOM = 0.6;

export function WorkflowCanvas(props: WorkflowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}
export default WorkflowCanvas;

function layoutSize(node: GraphNode) {
  if (node.kind === "start" || node.kind === "end") return node.parent === null ? MARKER_SIZE : { width: 56, height: 24 };
  return STATE_NODE_SIZE;
}

function readPaletteItem(event: { dataTransfer: DataTransfer | null }): PaletteItem | null {
  try {
    const item = JSON.parse(event.dataTransfer?.getData(PALETTE_MIME) ?? "");
    return item && typeof item.type === "string" ? (item as PaletteItem) : null;
  } catch {
    return null;
  }
}

interface Laid {
  key: string;
  structure: string;
  graph: ReturnType<typeof aslToGraph>;
  layout: Layout;
}

/** Node ids and parents only: when this changes the view is fitted again. */
function structureKey(nodes: GraphNode[]): string {
  return nodes.map((node) => `${node.id}<${node.parent ?? ""}`).join("\n");
}

function useLaidOutGraph(definition: unknown, direction: "DOWN" | "RIGHT") {
  const graph = useMemo(() => aslToGraph(definition), [definition]);
  const key = useMemo(() => layoutKey(graph, direction), [graph, direction]);
  const [laid, setLaid] = useState<Laid | null>(null);
  const [error, setError] = useState<string | null>(null);
  const graphRef = useRef(graph);
  graphRef.current = graph;
  useEffect(() => {
    let cancelled = false;
    const toLay = graphRef.current;
    layoutGraph(toLay, { direction, sizes: layoutSize })
      .then((layout) => {
        if (!cancelled) {
          setLaid({ key, structure: structureKey(toLay.nodes), graph: toLay, layout });
          setError(null);
        }
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
    };
  }, [key, direction]);
  // The newest graph goes with the layout as long as the layout still fits it (same nodes, edges and labels);
  // otherwise the previous picture stays up until the new layout is ready.
  const current = laid && laid.key === key ? { ...laid, graph } : laid;
  return { laid: current, error };
}

function CanvasInner(props: WorkflowCanvasProps) {
  const { definition, direction = "DOWN", editing, selected = null, className } = props;
  const [store] = useState<CanvasStore>(createCanvasStore);
  const { laid, error } = useLaidOutGraph(definition, direction);
  const graph = laid?.graph;
  const layout = laid?.layout;
  const flow = useMemo(() => (graph && layout ? buildFlow(graph, layout, direction) : { nodes: [], edges: [] }), [graph, layout, direction]);
  const [nodes, setNodes] = useState<FlowNode[]>(flow.nodes);
  useEffect(() => setNodes(flow.nodes), [flow.nodes]);
  const { fitView, setViewport } = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);

  // Latest props for callbacks registered once.
  const latest = useRef(props);
  latest.current = props;
  const graphRef = useRef(graph);
  graphRef.current = graph;

  const resetDrag = useCallback(() => {
    store.setState({ dragActive: false, draggedNode: null, hoverTarget: null });
  }, [store]);

  useLayoutEffect(() => {
    store.setState({
      statusByName: props.statusByName,
      badgesByName: props.badgesByName,
      diagnosticsByNode: props.diagnosticsByNode,
      selected,
      editing: Boolean(editing),
    });
  }, [store, props.statusByName, props.badgesByName, props.diagnosticsByNode, selected, editing]);

  useLayoutEffect(() => {
    store.setState({
      dropOn: (target, event) => {
        const item = readPaletteItem(event);
        resetDrag();
        if (item) latest.current.editing?.onDropNew(item, target);
      },
    });
  }, [store, resetDrag]);

  // Fit the view on first layout and whenever the set of nodes changes (not on status or label updates). It runs
  // once the new nodes are in React Flow's store (its effects run before ours in the same commit).
  const fittedStructure = useRef<string | null>(null);
  useEffect(() => {
    if (!laid || nodes !== flow.nodes || fittedStructure.current === laid.structure) return;
    fittedStructure.current = laid.structure;
    const frame = requestAnimationFrame(() => {
      const element = wrapper.current;
      const { width, height } = laid.layout;
      const fits = element && width && height
        ? Math.min(element.clientWidth / (width * 1.24), element.clientHeight / (height * 1.24)) >= READABLE_ZOOM
        : true;
      if (fits || !element) {
        void fitView({ padding: 0.12, maxZoom: 1 });
        return;
      }
      // Too big to fit at a readable size (a long workflow): show where it starts, centred across the flow,
      // instead of a wall of unreadable boxes. The Fit button still shows the whole of it.
      const across = (space: number, size: number) => (space - size * READABLE_ZOOM) / 2;
      void setViewport(direction === "DOWN"
        ? { x: across(element.clientWidth, width), y: 24, zoom: READABLE_ZOOM }
        : { x: 24, y: across(element.clientHeight, height), zoom: READABLE_ZOOM });
    });
    return () => cancelAnimationFrame(frame);
  }, [laid, nodes, flow.nodes, fitView, setViewport, direction]);

  useEffect(() => {
    const end = () => resetDrag();
    window.addEventListener("dragend", end);
    window.addEventListener("drop", end);
    return () => {
      window.removeEventListener("dragend", end);
      window.removeEventListener("drop", end);
    };
  }, [resetDrag]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    // Only React Flow's own bookkeeping (measurements, drag positions); selection and removal are ours.
    const kept = changes.filter((change) => change.type === "dimensions" || change.type === "position");
    if (kept.length) setNodes((current) => applyNodeChanges(kept, current));
  }, []);

  const onNodeClick = useCallback((_: unknown, node: Node) => {
    const data = (node as FlowNode).data;
    if (data.node.kind === "state") latest.current.onSelect?.(node.id);
  }, []);
  const onPaneClick = useCallback(() => latest.current.onSelect?.(null), []);

  /** The edge or container under the pointer while a placed state is dragged. An edge's insertion target wins;
   *  otherwise the innermost container under the pointer decides, so a state over its own container's empty area
   *  stays where it is (never "into the container around that one", which for a branch would add a new branch).
   *  The dragged state moves with the pointer: neither it nor anything nested in it is a target. */
  const targetUnderPointer = useCallback((x: number, y: number, dragged: string): string | null => {
    const inDragged = (id: string) => id === dragged || id.startsWith(`${dragged}/`);
    const graph = graphRef.current;
    const parent = graph?.nodes.find((n) => n.id === dragged)?.parent ?? null;
    const elements = document.elementsFromPoint(x, y);
    for (const element of elements) {
      const edgeId = element.closest("[data-drop-edge]")?.getAttribute("data-drop-edge");
      const edge = edgeId ? graph?.edges.find((e) => e.id === edgeId) : undefined;
      if (edge && !inDragged(edge.source) && !inDragged(edge.target)) return edge.id;
    }
    for (const element of elements) {
      const containerId = element.closest("[data-drop-container]")?.getAttribute("data-drop-container");
      if (!containerId || inDragged(containerId)) continue;
      return containerId === parent ? null : containerId;
    }
    return null;
  }, []);

  const onNodeDragStart = useCallback((_: unknown, node: Node) => {
    store.setState({ dragActive: true, draggedNode: node.id, hoverTarget: null });
  }, [store]);
  const onNodeDrag = useCallback((event: MouseEvent | TouchEvent, node: Node) => {
    const point = "touches" in event ? event.touches[0] : event;
    if (!point) return;
    const target = targetUnderPointer(point.clientX, point.clientY, node.id);
    if (store.getState().hoverTarget !== target) store.setState({ hoverTarget: target });
  }, [store, targetUnderPointer]);
  const onNodeDragStop = useCallback((_: unknown, node: Node) => {
    const hover = store.getState().hoverTarget;
    resetDrag();
    setNodes(flow.nodes); // back to the layout position; a move re-lays the graph out anyway
    if (!hover || !graphRef.current) return;
    const edge = graphRef.current.edges.find((e: GraphEdge) => e.id === hover);
    const target: DropTarget | null = edge ? { kind: "edge", edge } : graphRef.current.nodes.some((n) => n.id === hover) ? { kind: "container", containerId: hover } : null;
    if (target) latest.current.editing?.onMoveState(node.id, target);
  }, [store, resetDrag, flow.nodes]);

  const onConnect = useCallback((connection: Connection) => {
    if (connection.source && connection.target && connection.sourceHandle) {
      latest.current.editing?.onConnect(connection.source, connection.sourceHandle, connection.target);
    }
  }, []);
  const isValidConnection = useCallback((connection: Connection | { source: string; target: string }) => {
    const nodesById = graphRef.current?.nodes;
    const source = nodesById?.find((n) => n.id === connection.source);
    const target = nodesById?.find((n) => n.id === connection.target);
    // ASL transitions never leave their scope.
    return Boolean(source && target && source.parent === target.parent && (target.kind === "state" || target.kind === "end"));
  }, []);

  // React Flow connects only when the pointer is let go on (or near) the target's input handle; people let go
  // anywhere on the state they mean, as in Workflow Studio: a connection released on a node's body connects too.
  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
    if (connection.isValid || !connection.fromNode || !connection.fromHandle?.id || connection.fromHandle.type !== "source") return;
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const targetId = document.elementFromPoint(point.clientX, point.clientY)?.closest(".react-flow__node")?.getAttribute("data-id");
    const source = connection.fromNode.id;
    if (!targetId || targetId === source || !isValidConnection({ source, target: targetId })) return;
    latest.current.editing?.onConnect(source, connection.fromHandle.id, targetId);
  }, [isValidConnection]);

  const onKeyDown = useCallback((event: KeyboardEvent) => {
    const current = latest.current;
    if (!current.editing || !current.selected || (event.key !== "Delete" && event.key !== "Backspace")) return;
    const element = event.target as HTMLElement;
    if (element.closest("input, textarea, select, [contenteditable=true], .cm-editor")) return;
    if (!graphRef.current?.nodes.some((n) => n.id === current.selected && n.kind === "state")) return;
    event.preventDefault();
    current.editing.onDelete([current.selected]);
  }, []);

  // Palette drags over the empty pane: drop targets appear, and a drop here places the state unconnected.
  const onDragOver = useCallback((event: DragEvent) => {
    if (!latest.current.editing || !hasPaletteData(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    store.getState().setHover("canvas");
  }, [store]);
  const onDragLeave = useCallback((event: DragEvent) => {
    const next = event.relatedTarget as globalThis.Node | null;
    if (!next || !wrapper.current?.contains(next)) resetDrag();
  }, [resetDrag]);
  const onDrop = useCallback((event: DragEvent) => {
    if (!latest.current.editing || !hasPaletteData(event)) return;
    event.preventDefault();
    store.getState().dropOn({ kind: "canvas" }, event);
  }, [store]);

  const minimapColor = useCallback((node: Node) => {
    const data = (node as FlowNode).data;
    if (data.node.kind === "branch") return "transparent";
    const status = props.statusByName ? props.statusByName[data.node.name] ?? "NOT_STARTED" : undefined;
    return status && status !== "NOT_STARTED" ? `var(--status-${STATUS_CLASS[status]})` : "#c5ccd6";
  }, [props.statusByName]);

  const classes = ["sc-canvas", editing ? "sc-editing" : "sc-readonly", className ?? ""].join(" ");
  return (
    <CanvasStoreContext.Provider value={store}>
      <div ref={wrapper} className={classes} data-testid="workflow-canvas" data-layout-ready={laid ? "true" : "false"}
        tabIndex={0} onKeyDown={onKeyDown} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
        <ReactFlow
          nodes={nodes}
          edges={flow.edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          onNodeDragStart={editing ? onNodeDragStart : undefined}
          onNodeDrag={editing ? onNodeDrag : undefined}
          onNodeDragStop={editing ? onNodeDragStop : undefined}
          onConnect={editing ? onConnect : undefined}
          onConnectEnd={editing ? onConnectEnd : undefined}
          isValidConnection={isValidConnection}
          nodesDraggable={Boolean(editing)}
          nodesConnectable={Boolean(editing)}
          elementsSelectable={false}
          deleteKeyCode={null}
          nodeDragThreshold={4}
          minZoom={0.1}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} size={1} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} />
        </ReactFlow>
        {error ? <div className="sc-canvas-error error-text">Layout failed: {error}</div> : null}
      </div>
    </CanvasStoreContext.Provider>
  );
}
