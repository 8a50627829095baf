// The Map iteration picker: every iteration by number, failed and aborted ones also grouped on their own
// (AWS's Failed / Aborted groups), "All iterations" to colour by the worst of them.
import type { ChildGroup } from "./executionModel";
import { statusLabel } from "./StatusBadge";

interface IterationPickerProps {
  mapName: string;
  groups: ChildGroup[];
  value: number | undefined;
  onChange: (index: number | undefined) => void;
}

export function IterationPicker({ mapName, groups, value, onChange }: IterationPickerProps) {
  const failed = groups.filter((g) => g.status === "FAILED");
  const aborted = groups.filter((g) => g.status === "CANCELLED");
  const option = (g: ChildGroup, prefix: string) => (
    <option key={`${prefix}${g.index}`} value={g.index}>
      Iteration {g.index} · {statusLabel(g.status)}
    </option>
  );
  return (
    <label className="iteration-picker">
      <span>{mapName}</span>
      <select value={value ?? ""} data-testid={`iteration-picker-${mapName}`}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}>
        <option value="">All {groups.length} iterations</option>
        {failed.length > 0 && <optgroup label={`Failed (${failed.length})`}>{failed.map((g) => option(g, "f"))}</optgroup>}
        {aborted.length > 0 && <optgroup label={`Aborted (${aborted.length})`}>{aborted.map((g) => option(g, "a"))}</optgroup>}
        <optgroup label="All">{groups.map((g) => option(g, ""))}</optgroup>
      </select>
    </label>
  );
}
