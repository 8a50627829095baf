// Per-canvas store: what changes often (statuses, badges, diagnostics, selection, drag feedback) lives here so
// each node subscribes to its own slice and a live status update re-renders only the nodes whose status changed.
import { createContext, useContext } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { StatePointer } from "../core/graph";
import type { DropTarget } from "../core/document";

export type StateStatus = "NOT_STARTED" | "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "CAUGHT_ERROR" | "CANCELLED";
export interface CanvasDiagnostic {
  severity: "ERROR" | "WARNING";
  message: string;
}

export interface CanvasState {
  statusByName?: Record<string, StateStatus>;
  badgesByName?: Record<string, string>;
  diagnosticsByNode?: Record<string, CanvasDiagnostic[]>;
  selected: string | null;
  editing: boolean;
  /** A palette item or a placed state is being dragged: drop targets show themselves. */
  dragActive: boolean;
  /** The placed state being dragged (its own edges and containers are not targets). */
  draggedNode: StatePointer | null;
  /** Id of the edge or container the drag is over ("canvas" for the empty pane). */
  hoverTarget: string | null;
  /** Called by edges and containers when something is dropped on them. */
  dropOn: (target: DropTarget, event: DragEvent | React.DragEvent) => void;
  setHover: (target: string | null) => void;
}

export type CanvasStore = StoreApi<CanvasState>;

export function createCanvasStore(): CanvasStore {
  return createStore<CanvasState>((set, get) => ({
    selected: null,
    editing: false,
    dragActive: false,
    draggedNode: null,
    hoverTarget: null,
    dropOn: () => {},
    setHover: (target) => {
      // dragover fires many times a second: only a change of target is worth a store update.
      if (get().hoverTarget !== target || !get().dragActive) set({ hoverTarget: target, dragActive: true });
    },
  }));
}

export const CanvasStoreContext = createContext<CanvasStore | null>(null);

export function useCanvas<T>(selector: (state: CanvasState) => T): T {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error("canvas components must be rendered inside WorkflowCanvas");
  return useStore(store, selector);
}

export function useCanvasStore(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error("canvas components must be rendered inside WorkflowCanvas");
  return store;
}

export const STATUS_CLASS: Record<StateStatus, string> = {
  NOT_STARTED: "not-started",
  IN_PROGRESS: "in-progress",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  CAUGHT_ERROR: "caught-error",
  CANCELLED: "cancelled",
};

export const STATUS_LABEL: Record<StateStatus, string> = {
  NOT_STARTED: "Not started",
  IN_PROGRESS: "In progress",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  CAUGHT_ERROR: "Caught error",
  CANCELLED: "Cancelled",
};

export const PALETTE_MIME = "application/x-stepcraft-state";

export function hasPaletteData(event: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes(PALETTE_MIME);
}
