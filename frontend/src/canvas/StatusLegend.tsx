// The status colour key shown beside an execution's graph (after the AWS console's legend).
import { STATUS_CLASS, STATUS_LABEL, type StateStatus } from "./canvasStore";
import "./canvas.css";

const ORDER: StateStatus[] = ["IN_PROGRESS", "SUCCEEDED", "FAILED", "CAUGHT_ERROR", "CANCELLED", "NOT_STARTED"];

export function StatusLegend({ className }: { className?: string }) {
  return (
    <ul className={`sc-legend ${className ?? ""}`} data-testid="status-legend" aria-label="State status colours">
      {ORDER.map((status) => (
        <li key={status} data-status={status}>
          <span className={`sc-legend-swatch sc-status-${STATUS_CLASS[status]}`} aria-hidden="true" />
          {STATUS_LABEL[status]}
        </li>
      ))}
    </ul>
  );
}
