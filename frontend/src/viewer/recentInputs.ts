// The last execution inputs used per state machine, kept in localStorage (newest first, five at most).

export const MAX_RECENT_INPUTS = 5;
const PREFIX = "stepcraft.recentInputs.";

type StorageLike = Pick<Storage, "getItem" | "setItem">;

function storage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // disabled storage (privacy settings) only loses the convenience
  }
}

export function recentInputs(machineId: string, store: StorageLike | null = storage()): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(PREFIX + machineId) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string").slice(0, MAX_RECENT_INPUTS) : [];
  } catch {
    return [];
  }
}

/** Remember `text` as the newest input (an input used again moves to the front, not in twice). */
export function rememberInput(machineId: string, text: string, store: StorageLike | null = storage()): string[] {
  const key = normalise(text);
  const next = [text, ...recentInputs(machineId, store).filter((old) => normalise(old) !== key)].slice(0, MAX_RECENT_INPUTS);
  try {
    store?.setItem(PREFIX + machineId, JSON.stringify(next));
  } catch {
    // full or disabled storage: nothing to do
  }
  return next;
}

/** The same JSON written with different spacing is the same input. */
function normalise(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}
