// The designer's state. The ASL document is the single source of truth: the canvas derives nodes and
// edges from it, the code view its text, the inspector its fields. Undo/redo snapshot the document only.
import { createStore, type StoreApi } from "zustand/vanilla";
import { useStore } from "zustand";
import type { Diagnostic } from "../core/diagnostics";
import type { CopiedState } from "../core/document";
import { aslJson } from "../designer/aslText";
import { canRedo, canUndo, record, redo, startHistory, undo, type History, type RecordOptions } from "./history";

export type AslDocument = Record<string, unknown>;
export type DesignerMode = "design" | "code";
export type Direction = "DOWN" | "RIGHT";

/** An edit that also says which node to select afterwards (an inserted or renamed state). */
export interface EditOutcome {
  doc: AslDocument;
  select: string | null;
}

export interface DesignerState {
  history: History<AslDocument>;
  /** The text of the definition as last saved (or loaded): `dirty` compares against it. */
  savedText: string;
  selected: string | null;
  mode: DesignerMode;
  direction: Direction;
  diagnostics: Diagnostic[];
  /** Set while the code view holds text that is not a JSON object; blocks switching to Design. */
  codeError: string | null;
  /** Why the last edit was refused (a name taken, a drop where no state can go), for the status line. */
  editError: string | null;
  /** The state Ctrl+C took, for Ctrl+V. Kept across machines (the store outlives a page), as a clipboard is; not
   *  part of the document, so undo leaves it alone. */
  clipboard: CopiedState | null;

  load(document: AslDocument, savedText?: string): void;
  /** Apply a document operation; `coalesceKey` merges quick successive edits of one field into one undo step. */
  edit(operation: (doc: AslDocument) => AslDocument, options?: RecordOptions): void;
  editAndSelect(operation: (doc: AslDocument) => EditOutcome, options?: RecordOptions): void;
  undo(): void;
  redo(): void;
  select(nodeId: string | null): void;
  setMode(mode: DesignerMode): void;
  setDirection(direction: Direction): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  setCodeError(message: string | null): void;
  markSaved(text: string): void;
  clearEditError(): void;
  setClipboard(copied: CopiedState | null): void;
}

const EMPTY: AslDocument = { StartAt: "", States: {} };

export function createDesignerStore(): StoreApi<DesignerState> {
  return createStore<DesignerState>()((set, get) => ({
    history: startHistory(EMPTY),
    savedText: aslJson(EMPTY),
    selected: null,
    mode: "design",
    direction: "DOWN",
    diagnostics: [],
    codeError: null,
    editError: null,
    clipboard: null,

    load(document, savedText) {
      set({
        history: startHistory(document),
        savedText: savedText ?? aslJson(document),
        selected: null,
        diagnostics: [],
        codeError: null,
      });
    },
    edit(operation, options) {
      const { history } = get();
      try {
        set({ history: record(history, operation(history.present), options), editError: null });
      } catch (error) {
        set({ editError: messageOf(error) }); // the document operations refuse with a message for the user
      }
    },
    editAndSelect(operation, options) {
      const { history } = get();
      try {
        const outcome = operation(history.present);
        set({ history: record(history, outcome.doc, options), selected: outcome.select, editError: null });
      } catch (error) {
        set({ editError: messageOf(error) });
      }
    },
    undo() {
      set({ history: undo(get().history) });
    },
    redo() {
      set({ history: redo(get().history) });
    },
    select(nodeId) {
      set({ selected: nodeId });
    },
    setMode(mode) {
      if (mode === "design" && get().codeError) return; // as Workflow Studio: no Design view of invalid JSON
      set({ mode });
    },
    setDirection(direction) {
      set({ direction });
    },
    setDiagnostics(diagnostics) {
      set({ diagnostics });
    },
    setCodeError(message) {
      set({ codeError: message });
    },
    markSaved(text) {
      set({ savedText: text });
    },
    clearEditError() {
      set({ editError: null });
    },
    setClipboard(copied) {
      set({ clipboard: copied });
    },
  }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Derived values (selectors): keep components subscribed to exactly what they show.
export const selectDocument = (state: DesignerState) => state.history.present;
export const selectCanUndo = (state: DesignerState) => canUndo(state.history);
export const selectCanRedo = (state: DesignerState) => canRedo(state.history);
export const isDirty = (state: DesignerState) => aslJson(state.history.present) !== state.savedText;

/** The one designer store of the page (one designer is open at a time). */
export const designerStore = createDesignerStore();

export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  return useStore(designerStore, selector);
}
