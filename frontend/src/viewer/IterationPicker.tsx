// The Map iteration picker: failed and aborted iterations grouped on their own (AWS's Failed / Aborted
// groups), every iteration by number, "All iterations" to colour by the worst of them. A big Map does not
// become a <select> of 10,000 options (creating them froze the page for half a second): past LISTED
// iterations, the list holds the failed and aborted ones (the first LISTED of each) and the chosen one,
// and a number field picks any other.
import { useMemo, useState } from "react";
import type { ChildGroup } from "./executionModel";
import { statusLabel } from "./StatusBadge";

interface IterationPickerProps {
  mapName: string;
  groups: ChildGroup[];
  value: number | undefined;
  onChange: (index: number | undefined) => void;
}

/** The most options one group of the list shows. */
export const LISTED = 200;

export function IterationPicker({ mapName, groups, value, onChange }: IterationPickerProps) {
  const { failed, aborted, byIndex } = useMemo(() => {
    const byIndex = new Map<number, ChildGroup>();
    const failed: ChildGroup[] = [];
    const aborted: ChildGroup[] = [];
    for (const g of groups) {
      byIndex.set(g.index, g);
      if (g.status === "FAILED") failed.push(g);
      else if (g.status === "CANCELLED") aborted.push(g);
    }
    return { failed, aborted, byIndex };
  }, [groups]);
  const [draft, setDraft] = useState<string | null>(null);
  const listAll = groups.length <= LISTED;
  const chosen = value === undefined ? undefined : byIndex.get(value);
  const listed = (list: ChildGroup[], g: ChildGroup) => {
    const at = list.indexOf(g);
    return at !== -1 && at < LISTED;
  };
  const chosenListed = chosen !== undefined && (listAll || listed(failed, chosen) || listed(aborted, chosen));
  const option = (g: ChildGroup, prefix: string) => (
    <option key={`${prefix}${g.index}`} value={g.index}>
      Iteration {g.index} · {statusLabel(g.status)}
    </option>
  );
  const more = (list: ChildGroup[]) => (list.length > LISTED ? ` — first ${LISTED}` : "");
  return (
    <label className="iteration-picker">
      <span>{mapName}</span>
      <select value={value ?? ""} data-testid={`iteration-picker-${mapName}`}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}>
        <option value="">All {groups.length} iterations</option>
        {failed.length > 0 && (
          <optgroup label={`Failed (${failed.length}${more(failed)})`}>{failed.slice(0, LISTED).map((g) => option(g, "f"))}</optgroup>
        )}
        {aborted.length > 0 && (
          <optgroup label={`Aborted (${aborted.length}${more(aborted)})`}>{aborted.slice(0, LISTED).map((g) => option(g, "a"))}</optgroup>
        )}
        {listAll && <optgroup label="All">{groups.map((g) => option(g, ""))}</optgroup>}
        {!listAll && chosen && !chosenListed && <optgroup label="Chosen">{option(chosen, "c")}</optgroup>}
      </select>
      {!listAll && (
        <input type="number" className="iteration-number" data-testid={`iteration-number-${mapName}`}
          aria-label={`${mapName}: iteration number`} placeholder="#" min={groups[0]?.index ?? 0}
          max={groups[groups.length - 1]?.index ?? 0} value={draft ?? (value ?? "")}
          onChange={(e) => {
            setDraft(e.target.value);
            const index = Number(e.target.value);
            if (e.target.value === "") onChange(undefined);
            else if (Number.isInteger(index) && byIndex.has(index)) onChange(index);
          }}
          onBlur={() => setDraft(null)} />
      )}
    </label>
  );
}
