// Custom React Flow nodes: states, containers (Parallel / branch / Map) and Start/End markers. Each is memo'd and
// reads its fast-changing bits (status, badge, problems, selection) from the canvas store by narrow selectors.
import { memo, type DragEvent, type ReactNode } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { GraphNode } from "../core/graph";
import type { FlowNode, SourceHandle } from "./buildFlow";
import { hasPaletteData, STATUS_CLASS, useCanvas, type CanvasDiagnostic } from "./canvasStore";
import { resourceShortName, TYPE_GLYPHS } from "./labels";

const NO_PROBLEMS: CanvasDiagnostic[] = [];

function useNodeStatus(node: GraphNode) {
  const status = useCanvas((s) => (s.statusByName ? s.statusByName[node.name] ?? "NOT_STARTED" : undefined));
  const badge = useCanvas((s) => s.badgesByName?.[node.name]);
  const problems = useCanvas((s) => s.diagnosticsByNode?.[node.id] ?? NO_PROBLEMS);
  const selected = useCanvas((s) => s.selected === node.id);
  return { status, badge, problems, selected };
}

function DiagnosticsMarker({ problems }: { problems: CanvasDiagnostic[] }) {
  if (problems.length === 0) return null;
  const severity = problems.some((p) => p.severity === "ERROR") ? "error" : "warning";
  const text = problems.map((p) => `${p.severity === "ERROR" ? "Error" : "Warning"}: ${p.message}`).join("\n");
  return (
    <span className={`sc-diag sc-diag-${severity}`} data-testid="node-diagnostics" data-severity={severity.toUpperCase()} title={text} aria-label={text}>
      {severity === "error" ? "!" : "?"}
      <span className="sc-diag-tooltip" role="tooltip">{text}</span>
    </span>
  );
}

function SourceHandles({ handles, direction, editing }: { handles: SourceHandle[]; direction: "DOWN" | "RIGHT"; editing: boolean }) {
  const main = handles.filter((h) => h.kind !== "catch");
  const catches = handles.filter((h) => h.kind === "catch");
  const mainSide = direction === "DOWN" ? Position.Bottom : Position.Right;
  const catchSide = direction === "DOWN" ? Position.Right : Position.Bottom;
  const place = (side: Position, i: number, n: number) => {
    const offset = `${((i + 1) / (n + 1)) * 100}%`;
    return side === Position.Bottom || side === Position.Top ? { left: offset } : { top: offset };
  };
  return (
    <>
      {main.map((h, i) => (
        <Handle key={h.id} id={h.id} type="source" position={mainSide} style={place(mainSide, i, main.length)}
          isConnectable={editing} className={`sc-handle sc-handle-${h.kind}`} title={editing ? `${h.label}: drag to a state` : undefined}
          data-testid={`handle-${h.id}`} />
      ))}
      {catches.map((h, i) => (
        <Handle key={h.id} id={h.id} type="source" position={catchSide} style={place(catchSide, i, catches.length)}
          isConnectable={editing} className="sc-handle sc-handle-catch" title={editing ? `${h.label}: drag to a state` : undefined}
          data-testid={`handle-${h.id}`} />
      ))}
    </>
  );
}

function TargetHandle({ direction, editing }: { direction: "DOWN" | "RIGHT"; editing: boolean }) {
  return <Handle id="in" type="target" position={direction === "DOWN" ? Position.Top : Position.Left} isConnectable={editing} className="sc-handle sc-handle-in" />;
}

function stateAttributes(node: GraphNode, status: string | undefined, selected: boolean) {
  return {
    "data-testid": "state-node",
    "data-state-name": node.name,
    "data-state-type": node.type ?? "Unknown",
    ...(status ? { "data-status": status } : {}),
    "data-selected": selected ? "true" : undefined,
  };
}

function StateBody({ node, badge, problems }: { node: GraphNode; badge?: string; problems: CanvasDiagnostic[] }) {
  const resource = node.type === "Task" ? resourceShortName(node.state) : undefined;
  return (
    <>
      <div className="sc-state-title">
        <span className="sc-glyph" aria-hidden="true">{node.type ? TYPE_GLYPHS[node.type] : "?"}</span>
        <span className="sc-name" title={node.name}>{node.name}</span>
      </div>
      <div className="sc-state-sub" title={resource}>
        {node.type ?? "Unknown type"}
        {resource ? <span className="sc-resource"> · {resource}</span> : null}
      </div>
      {badge ? <span className="sc-badge" data-testid="state-badge">{badge}</span> : null}
      <DiagnosticsMarker problems={problems} />
    </>
  );
}

export const StateNode = memo(function StateNode({ data }: NodeProps<FlowNode>) {
  const { node, handles, direction } = data;
  const { status, badge, problems, selected } = useNodeStatus(node);
  const editing = useCanvas((s) => s.editing);
  const dragged = useCanvas((s) => s.draggedNode === node.id);
  const className = [
    "sc-state", `sc-type-${(node.type ?? "unknown").toLowerCase()}`,
    status ? `sc-status sc-status-${STATUS_CLASS[status]}` : "",
    selected ? "sc-selected" : "", dragged ? "sc-dragged" : "",
  ].join(" ");
  return (
    <div className={className} {...stateAttributes(node, status, selected)}>
      <TargetHandle direction={direction} editing={editing} />
      <StateBody node={node} badge={badge} problems={problems} />
      <SourceHandles handles={handles} direction={direction} editing={editing} />
    </div>
  );
});

/** Drop handlers that make a container accept palette items (an empty branch, a Map's processor). */
function useContainerDrop(containerId: string) {
  const editing = useCanvas((s) => s.editing);
  const hovered = useCanvas((s) => s.hoverTarget === containerId);
  const dropOn = useCanvas((s) => s.dropOn);
  const setHover = useCanvas((s) => s.setHover);
  if (!editing) return { hovered: false, handlers: {} };
  return {
    hovered,
    handlers: {
      onDragOver: (event: DragEvent) => {
        if (!hasPaletteData(event)) return;
        event.preventDefault();
        event.stopPropagation();
        event.dataTransfer.dropEffect = "copy";
        setHover(containerId);
      },
      onDrop: (event: DragEvent) => {
        if (!hasPaletteData(event)) return;
        event.preventDefault();
        event.stopPropagation();
        dropOn({ kind: "container", containerId }, event);
      },
    },
  };
}

export const ContainerNode = memo(function ContainerNode({ data }: NodeProps<FlowNode>) {
  const { node, handles, direction } = data;
  const { status, badge, problems, selected } = useNodeStatus(node);
  const editing = useCanvas((s) => s.editing);
  const dragged = useCanvas((s) => s.draggedNode === node.id);
  const { hovered, handlers } = useContainerDrop(node.id);
  const isState = node.kind === "state";
  const className = [
    "sc-container", isState ? `sc-container-${(node.type ?? "").toLowerCase()}` : "sc-container-branch",
    isState && status ? `sc-status sc-status-${STATUS_CLASS[status]}` : "",
    selected ? "sc-selected" : "", hovered ? "sc-drop-hover" : "", dragged ? "sc-dragged" : "",
  ].join(" ");
  let header: ReactNode;
  if (isState) {
    header = (
      <div className="sc-container-header" {...stateAttributes(node, status, selected)}>
        <StateBody node={node} badge={badge} problems={problems} />
      </div>
    );
  } else {
    header = <div className="sc-branch-header">{node.name}</div>;
  }
  return (
    <div className={className} data-testid={`container-${node.name}`} data-drop-container={node.id} {...handlers}>
      {isState ? <TargetHandle direction={direction} editing={editing} /> : null}
      {header}
      {isState ? <SourceHandles handles={handles} direction={direction} editing={editing} /> : null}
    </div>
  );
});

export const MarkerNode = memo(function MarkerNode({ data }: NodeProps<FlowNode>) {
  const { node, handles, direction } = data;
  const editing = useCanvas((s) => s.editing);
  const nested = node.parent !== null;
  return (
    <div className={`sc-marker sc-marker-${node.kind}${nested ? " sc-marker-nested" : ""}`} data-testid={`marker-${node.kind}`}>
      {node.kind === "end" ? <TargetHandle direction={direction} editing={editing} /> : null}
      {node.name}
      {node.kind === "start" ? <SourceHandles handles={handles} direction={direction} editing={false} /> : null}
    </div>
  );
});

export const NODE_TYPES = { state: StateNode, container: ContainerNode, marker: MarkerNode };
