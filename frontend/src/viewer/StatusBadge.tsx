// Execution and state statuses as coloured badges (colours from styles.css's --status-* variables).
const CLASS: Record<string, string> = {
  RUNNING: "in-progress", IN_PROGRESS: "in-progress", PENDING_REDRIVE: "in-progress",
  SUCCEEDED: "succeeded", FAILED: "failed", TIMED_OUT: "failed", CAUGHT_ERROR: "caught-error",
  ABORTED: "cancelled", CANCELLED: "cancelled", NOT_STARTED: "not-started",
};

const LABEL: Record<string, string> = {
  IN_PROGRESS: "In progress", NOT_STARTED: "Not started", CAUGHT_ERROR: "Caught error", TIMED_OUT: "Timed out",
  PENDING_REDRIVE: "Pending redrive",
};

export function statusLabel(status: string): string {
  return LABEL[status] ?? status.charAt(0) + status.slice(1).toLowerCase();
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`status-badge status-${CLASS[status] ?? "not-started"}`} data-status={status} data-testid={testId}>
      {statusLabel(status)}
    </span>
  );
}
