// What every inspector section gets: the selected state, its scope and a way to change it.
import type { Diagnostic } from "../core/diagnostics";
import type { HandlerInfo } from "../designer/paletteItems";
import type { StateJson } from "./stateFields";

export interface InspectorContext {
  pointer: string;
  name: string;
  state: StateJson;
  /** The state evaluates JSONata (its own QueryLanguage, else the document's). */
  jsonata: boolean;
  /** Names of the other states of its scope: the only possible Next/Default/Catch targets. */
  siblings: string[];
  /** Every state name of the definition: names are unique across all scopes in ASL. */
  allNames: string[];
  handlers: HandlerInfo[];
  /** Problems at `pointer + relative` or inside it (relative: "/Resource", "/Retry/0"). */
  problems(relative: string): Diagnostic[];
  /** Replace the state's JSON; `field` names what changed, so typing in one field is one undo step. */
  change(next: StateJson, field: string): void;
}

/** Options of a "Next state" select: the sibling states (and End when `allowEnd`). */
export function targetOptions(siblings: string[], current: unknown, allowEnd: boolean) {
  const options = siblings.map((name) => ({ value: name, label: name }));
  if (typeof current === "string" && current && !siblings.includes(current)) {
    options.unshift({ value: current, label: `${current} (missing)` });
  }
  if (allowEnd) options.unshift({ value: "", label: "End of workflow" });
  else options.unshift({ value: "", label: "Choose a state…" });
  return options;
}
