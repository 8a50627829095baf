// Workflow Studio's keyboard shortcuts: Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, Delete/Backspace remove
// the selected state, Ctrl+D duplicate it, Ctrl+C / Ctrl+V copy it and paste the copy, Alt+C centre the workflow.
// Text fields keep their own keys, and Ctrl+C with text selected on the page copies that text.
import { useEffect, useRef } from "react";

export interface ShortcutActions {
  undo(): void;
  redo(): void;
  deleteSelected(): void;
  duplicateSelected(): void;
  copySelected(): void;
  paste(): void;
  fit(): void;
}

export type ShortcutName = keyof ShortcutActions;

/** The action a key press asks for, or null. Pure, for tests. */
export function shortcutFor(event: {
  key: string; code?: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean;
}): ShortcutName | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey && key === "z") return event.shiftKey ? "redo" : "undo";
  if (mod && !event.altKey && !event.shiftKey && key === "y") return "redo";
  if (mod && !event.altKey && !event.shiftKey && key === "d") return "duplicateSelected";
  if (mod && !event.altKey && !event.shiftKey && key === "c") return "copySelected";
  if (mod && !event.altKey && !event.shiftKey && key === "v") return "paste";
  // Alt+C types "ç" on macOS: match the physical key too.
  if (event.altKey && !mod && (key === "c" || event.code === "KeyC")) return "fit";
  if (!mod && !event.altKey && (event.key === "Delete" || event.key === "Backspace")) return "deleteSelected";
  return null;
}

function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim() !== "");
}

export function useShortcuts(actions: ShortcutActions, enabled: boolean) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextTarget(event.target)) return; // the canvas handles its own Delete
      const name = shortcutFor(event);
      if (!name) return;
      if (name === "copySelected" && hasTextSelection()) return; // the browser copies the selected text
      event.preventDefault();
      latest.current[name]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
