import { describe, expect, it } from "vitest";
import { aslJson } from "../../src/designer/aslText";
import { createDesignerStore, isDirty, selectCanRedo, selectCanUndo, selectDocument } from "../../src/store/designerStore";

const DOC = { StartAt: "A", States: { A: { Type: "Pass", End: true } } };

describe("designer store", () => {
  it("loads a document clean, with no history", () => {
    const store = createDesignerStore();
    store.getState().load(DOC);
    const state = store.getState();
    expect([selectDocument(state), isDirty(state), selectCanUndo(state)]).toEqual([DOC, false, false]);
  });

  it("edits become dirty and undo back to clean; selection is not part of history", () => {
    const store = createDesignerStore();
    store.getState().load(DOC);
    store.getState().editAndSelect((doc) => ({ doc: { ...doc, Comment: "hi" }, select: "/States/A" }));
    expect(isDirty(store.getState())).toBe(true);
    expect(store.getState().selected).toBe("/States/A");
    store.getState().undo();
    expect(selectDocument(store.getState())).toEqual(DOC);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().selected).toBe("/States/A");
    expect(selectCanRedo(store.getState())).toBe(true);
    store.getState().redo();
    expect(selectDocument(store.getState()).Comment).toBe("hi");
  });

  it("saving makes the current document the clean one", () => {
    const store = createDesignerStore();
    store.getState().load(DOC);
    store.getState().edit((doc) => ({ ...doc, Comment: "x" }));
    store.getState().markSaved(aslJson(selectDocument(store.getState())));
    expect(isDirty(store.getState())).toBe(false);
  });

  it("refuses Design mode while the code is not a JSON object", () => {
    const store = createDesignerStore();
    store.getState().setMode("code");
    store.getState().setCodeError("Unexpected token");
    store.getState().setMode("design");
    expect(store.getState().mode).toBe("code");
    store.getState().setCodeError(null);
    store.getState().setMode("design");
    expect(store.getState().mode).toBe("design");
  });
});

describe("refused edits", () => {
  it("keep the document and say why", () => {
    const store = createDesignerStore();
    store.getState().load(DOC);
    store.getState().edit(() => {
      throw new Error('Another state is already named "A".');
    });
    expect(selectDocument(store.getState())).toEqual(DOC);
    expect(store.getState().editError).toBe('Another state is already named "A".');
    store.getState().edit((doc) => ({ ...doc, Comment: "ok" }));
    expect(store.getState().editError).toBeNull();
  });
});
