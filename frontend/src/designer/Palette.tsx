// The states browser: registered handlers as Task actions, then the flow states; drag one onto the canvas.
import { memo, useMemo, useState } from "react";
import { PALETTE_MIME } from "../canvas/WorkflowCanvas";
import { filterPalette, paletteEntries, type HandlerCatalog, type PaletteEntry } from "./paletteItems";

export const Palette = memo(function Palette({ catalog }: { catalog: HandlerCatalog | null }) {
  const [search, setSearch] = useState("");
  const entries = useMemo(() => paletteEntries(catalog), [catalog]);
  const shown = filterPalette(entries, search);
  const groups: PaletteEntry["group"][] = ["Flow", "Actions"]; // flow states first: few, and used in every workflow
  return (
    <aside className="palette" aria-label="States">
      <label htmlFor="palette-search" className="visually-hidden">Search states</label>
      <input
        id="palette-search"
        type="search"
        placeholder="Search states and actions"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {groups.map((group) => {
        const items = shown.filter((entry) => entry.group === group);
        if (!items.length) return null;
        return (
          <section key={group}>
            <h3>{group}</h3>
            <ul>
              {items.map((entry) => (
                <li
                  key={entry.id}
                  className={`palette-item palette-${entry.item.type.toLowerCase()}`}
                  data-testid={`palette-${entry.id}`}
                  draggable
                  title={entry.description}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify(entry.item));
                    event.dataTransfer.setData("text/plain", entry.label);
                    event.dataTransfer.effectAllowed = "copy";
                  }}
                >
                  <span className="palette-type">{entry.group === "Actions" ? "Task" : entry.item.type}</span>
                  <span className="palette-label">{entry.label}</span>
                  <span className="palette-description">{entry.description}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {!shown.length ? <p className="empty">Nothing matches “{search}”.</p> : null}
    </aside>
  );
});
