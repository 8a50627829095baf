// The edge: ELK's orthogonal route with rounded corners, an arrowhead, its label, and (while editing) an insertion
// target where a palette item or a dragged state can be dropped to land between the edge's two ends.
import { memo, type DragEvent } from "react";
import type { EdgeProps } from "@xyflow/react";
import { labelSize } from "../core/layout";
import { midpoint, roundedPath, type FlowEdge } from "./buildFlow";
import { hasPaletteData, useCanvas } from "./canvasStore";

const ARROW = 7;

function arrowHead(points: { x: number; y: number }[]): string {
  const end = points[points.length - 1];
  const before = points[points.length - 2] ?? end;
  const length = Math.hypot(end.x - before.x, end.y - before.y) || 1;
  const ux = (end.x - before.x) / length;
  const uy = (end.y - before.y) / length;
  const baseX = end.x - ux * ARROW;
  const baseY = end.y - uy * ARROW;
  return `${end.x},${end.y} ${baseX - uy * ARROW * 0.6},${baseY + ux * ARROW * 0.6} ${baseX + uy * ARROW * 0.6},${baseY - ux * ARROW * 0.6}`;
}

function fitText(text: string, width: number): string {
  const max = Math.max(3, Math.floor((width - 14) / 6.4));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const FlowEdgeView = memo(function FlowEdgeView({ id, data }: EdgeProps<FlowEdge>) {
  const editing = useCanvas((s) => s.editing);
  const dragActive = useCanvas((s) => s.dragActive);
  const hovered = useCanvas((s) => s.hoverTarget === id);
  // A state cannot be dropped onto its own edges, nor onto the edges inside it (they move along with it).
  const ownEdge = useCanvas((s) => s.draggedNode !== null && data !== undefined
    && [data.edge.source, data.edge.target].some((end) => end === s.draggedNode || end.startsWith(`${s.draggedNode}/`)));
  const dropOn = useCanvas((s) => s.dropOn);
  const setHover = useCanvas((s) => s.setHover);
  if (!data || data.points.length < 2) return null;
  const { edge, points, labelBox, sourceName, targetName } = data;
  const path = roundedPath(points);
  const accepting = editing && !ownEdge;
  const center = labelBox ? { x: labelBox.x + labelBox.width / 2, y: labelBox.y + labelBox.height / 2 } : midpoint(points);
  const highlight = accepting && dragActive && hovered;

  const onDragOver = (event: DragEvent) => {
    if (!hasPaletteData(event)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = "copy";
    setHover(id);
  };
  const onDrop = (event: DragEvent) => {
    if (!hasPaletteData(event)) return;
    event.preventDefault();
    event.stopPropagation();
    dropOn({ kind: "edge", edge }, event);
  };

  return (
    <g className={`sc-edge sc-edge-${edge.kind}${highlight ? " sc-edge-hover" : ""}`} data-edge-id={id}>
      <path d={path} className="sc-edge-path" fill="none" />
      <polygon points={arrowHead(points)} className="sc-edge-arrow" />
      {edge.label && labelBox ? (
        <g className="sc-edge-label" transform={`translate(${labelBox.x}, ${labelBox.y})`}>
          <title>{edge.label}</title>
          <rect width={labelBox.width} height={labelBox.height} rx={4} />
          <text x={labelBox.width / 2} y={labelBox.height / 2} dominantBaseline="central" textAnchor="middle">
            {fitText(edge.label, labelBox.width ?? labelSize(edge.label).width)}
          </text>
        </g>
      ) : null}
      {accepting ? (
        // Always present while editing (invisible until a drag starts) so a drag can target it at once.
        <g className={`sc-drop-edge${dragActive ? " sc-drop-active" : ""}${highlight ? " sc-drop-hover" : ""}`}
          data-testid={`edge-drop-${sourceName}-${targetName}`} data-drop-edge={id}
          onDragOver={onDragOver} onDragEnter={onDragOver} onDrop={onDrop}>
          {highlight ? (
            // The insertion line: across the edge, where the new state will sit.
            data.direction === "DOWN"
              ? <line className="sc-insert-line" x1={center.x - 60} y1={center.y} x2={center.x + 60} y2={center.y} />
              : <line className="sc-insert-line" x1={center.x} y1={center.y - 36} x2={center.x} y2={center.y + 36} />
          ) : null}
          {labelBox ? (
            <rect className="sc-drop-shape" x={labelBox.x - 4} y={labelBox.y - 4} width={labelBox.width + 8} height={labelBox.height + 8} rx={6} />
          ) : (
            <>
              <circle className="sc-drop-shape" cx={center.x} cy={center.y} r={12} />
              <text x={center.x} y={center.y} dominantBaseline="central" textAnchor="middle">+</text>
            </>
          )}
        </g>
      ) : null}
    </g>
  );
});

export const EDGE_TYPES = { flow: FlowEdgeView };
