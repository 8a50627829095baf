import { describe, expect, it } from "vitest";
import { shortcutFor } from "../../src/designer/useShortcuts";
import { safeFilename } from "../../src/designer/download";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; code: string }> = {}) =>
  shortcutFor({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("shortcutFor", () => {
  it("maps Workflow Studio's shortcuts", () => {
    expect(key("z", { ctrlKey: true })).toBe("undo");
    expect(key("Z", { ctrlKey: true, shiftKey: true })).toBe("redo");
    expect(key("y", { ctrlKey: true })).toBe("redo");
    expect(key("z", { metaKey: true })).toBe("undo");
    expect(key("d", { ctrlKey: true })).toBe("duplicateSelected");
    expect(key("c", { ctrlKey: true })).toBe("copySelected");
    expect(key("v", { metaKey: true })).toBe("paste");
    expect(key("Delete")).toBe("deleteSelected");
    expect(key("Backspace")).toBe("deleteSelected");
    expect(key("c", { altKey: true })).toBe("fit");
    expect(key("ç", { altKey: true, code: "KeyC" })).toBe("fit");
  });

  it("leaves other keys alone", () => {
    expect(key("z")).toBeNull();
    expect(key("c")).toBeNull();
    expect(key("v", { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(key("Delete", { ctrlKey: true })).toBeNull();
    expect(key("d", { ctrlKey: true, altKey: true })).toBeNull();
  });
});

describe("safeFilename", () => {
  it("keeps names usable as file names", () => {
    expect(safeFilename("Order pipeline/v2")).toBe("Order-pipeline-v2");
    expect(safeFilename("***")).toBe("state-machine");
  });
});
