// Unsaved work kept in localStorage per machine, offered back when the designer opens again.

export interface Draft {
  /** The definition text being edited (2-space JSON). */
  text: string;
  /** The saved revision the draft was started from: a draft of an older revision is still offered. */
  revisionId: string;
  savedAt: string;
}

const PREFIX = "stepcraft:draft:";

export const draftKey = (machineId: string) => `${PREFIX}${machineId}`;

export function readDraft(storage: Storage, machineId: string): Draft | null {
  try {
    const raw = storage.getItem(draftKey(machineId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<Draft>;
    if (typeof draft.text !== "string" || typeof draft.savedAt !== "string") return null;
    return { text: draft.text, revisionId: String(draft.revisionId ?? ""), savedAt: draft.savedAt };
  } catch {
    return null; // a corrupt entry is no draft
  }
}

export function writeDraft(storage: Storage, machineId: string, draft: Draft): void {
  try {
    storage.setItem(draftKey(machineId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft is a convenience, editing goes on.
  }
}

export function clearDraft(storage: Storage, machineId: string): void {
  try {
    storage.removeItem(draftKey(machineId));
  } catch {
    /* see writeDraft */
  }
}

/** A draft worth offering: it differs from what is saved now. */
export function draftToOffer(draft: Draft | null, savedText: string): Draft | null {
  return draft && draft.text.trim() !== savedText.trim() ? draft : null;
}
