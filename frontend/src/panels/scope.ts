// Where a state sits: its name, the names of its scope (possible transition targets) and of the whole document.
import { getAtPointer, parsePointer } from "../core/pointer";

/** "/States/P/Branches/0/States/B" → { scope: "/States/P/Branches/0", name: "B" }. */
export function splitStatePointer(pointer: string): { scope: string; name: string } | null {
  const tokens = parsePointer(pointer);
  if (tokens.length < 2 || tokens[tokens.length - 2] !== "States") return null;
  const at = pointer.lastIndexOf("/States/");
  return { scope: pointer.slice(0, at), name: tokens[tokens.length - 1] };
}

export function scopeStateNames(doc: unknown, scopePointer: string): string[] {
  const states = getAtPointer(doc, `${scopePointer}/States`);
  return states && typeof states === "object" && !Array.isArray(states) ? Object.keys(states) : [];
}

/** Every state name of the document, nested branches and Map processors included. */
export function allStateNames(doc: unknown): string[] {
  const names: string[] = [];
  const walk = (scope: unknown) => {
    const states = (scope as { States?: unknown } | null)?.States;
    if (!states || typeof states !== "object" || Array.isArray(states)) return;
    for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
      names.push(name);
      const s = state as Record<string, unknown> | null;
      if (!s || typeof s !== "object") continue;
      if (Array.isArray(s.Branches)) s.Branches.forEach(walk);
      if (s.ItemProcessor) walk(s.ItemProcessor);
      if (s.Iterator) walk(s.Iterator);
    }
  };
  walk(doc);
  return names;
}
