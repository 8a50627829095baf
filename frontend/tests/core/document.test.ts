import { describe, expect, it } from "vitest";
import { aslToGraph, type GraphEdge } from "../../src/core/graph";
import * as ops from "../../src/core/document";
import { DocumentError, getState, isNameAvailable, newStateTemplate, stateNames, uniqueName } from "../../src/core/document";

type Json = Record<string, any>;
// The operations, typed loosely so the tests can reach into the returned documents.
type Placed = { doc: Json; pointer: string };
const insertState = ops.insertState as (...args: Parameters<typeof ops.insertState>) => Placed;
const moveState = ops.moveState as (...args: Parameters<typeof ops.moveState>) => Placed;
const duplicateState = ops.duplicateState as (...args: Parameters<typeof ops.duplicateState>) => Placed;
const renameState = ops.renameState as (...args: Parameters<typeof ops.renameState>) => Placed;
const deleteStates = ops.deleteStates as (...args: Parameters<typeof ops.deleteStates>) => Json;
const connect = ops.connect as (...args: Parameters<typeof ops.connect>) => Json;
const pasteState = ops.pasteState as (...args: Parameters<typeof ops.pasteState>) => Placed;
const updateState = ops.updateState as (...args: Parameters<typeof ops.updateState>) => Json;

/** A machine with a Choice, a Catch, a Parallel and a Map. */
function sample(): Json {
  return {
    Comment: "sample",
    StartAt: "A",
    States: {
      A: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: "C", Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }] },
      C: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "P" }], Default: "M" },
      P: { Type: "Parallel", Next: "M", Branches: [
        { StartAt: "B1", States: { B1: { Type: "Pass", Next: "B2" }, B2: { Type: "Pass", End: true } } },
      ] },
      M: { Type: "Map", End: true, ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", End: true } } } },
      F: { Type: "Fail", Error: "E" },
    },
    TimeoutSeconds: 30,
  };
}

const edge = (doc: unknown, id: string): GraphEdge => {
  const found = aslToGraph(doc).edges.find((e) => e.id === id);
  if (!found) throw new Error(`no edge ${id}`);
  return found;
};

/** Insertion never mutates: the input stays deep-equal to a fresh sample. */
function frozen(): Json {
  const doc = sample();
  const freeze = (v: any) => { if (v && typeof v === "object") { Object.freeze(v); Object.values(v).forEach(freeze); } };
  freeze(doc);
  return doc;
}

describe("getState / updateState", () => {
  it("reads states at any depth and by escaped pointer", () => {
    const doc = { StartAt: "a/b", States: { "a/b": { Type: "Pass", End: true } } };
    expect(getState(doc, "/States/a~1b")).toEqual({ Type: "Pass", End: true });
    expect(getState(sample(), "/States/P/Branches/0/States/B2")).toEqual({ Type: "Pass", End: true });
    expect(getState(sample(), "/States/M/ItemProcessor/States/I")?.Type).toBe("Pass");
    expect(getState(sample(), "/States/Nope")).toBeUndefined();
    expect(getState(sample(), "/Comment")).toBeUndefined();
    expect(getState(null, "/States/A")).toBeUndefined();
  });

  it("replaces a state in place, keeps key order and shares unchanged parts", () => {
    const doc = frozen();
    const next = updateState(doc, "/States/C", { Type: "Pass", Next: "P" });
    expect(Object.keys(next.States)).toEqual(["A", "C", "P", "M", "F"]);
    expect(next.States.C).toEqual({ Type: "Pass", Next: "P" });
    expect(next.States.A).toBe(doc.States.A);
    expect(Object.keys(next)).toEqual(Object.keys(doc));
    expect(updateState(doc, "/States/A", getState(doc, "/States/A")!)).toBe(doc);
    expect(() => updateState(doc, "/States/Zed", {})).toThrow(DocumentError);
  });
});

describe("insertState", () => {
  it("inserts on a Next edge: predecessor -> new -> successor, named after its type", () => {
    const doc = frozen();
    const { doc: next, pointer } = insertState(doc, { kind: "edge", edge: edge(doc, "/States/P/Next") }, newStateTemplate("Wait"));
    expect(pointer).toBe("/States/Wait");
    expect(next.States.P.Next).toBe("Wait");
    expect(next.States.Wait).toEqual({ Type: "Wait", Seconds: 5, Next: "M" });
    expect(doc).toEqual(sample());
  });

  it("inserts on the start edge and on an End edge", () => {
    const first = insertState(sample(), { kind: "edge", edge: edge(sample(), "/StartAt") }, { Type: "Pass" }, "First");
    expect(first.doc.StartAt).toBe("First");
    expect(first.doc.States.First).toEqual({ Type: "Pass", Next: "A" });
    const last = insertState(sample(), { kind: "edge", edge: edge(sample(), "/States/M/End") }, { Type: "Pass", Next: "junk" });
    expect(last.doc.States.M.Next).toBe("Pass");
    expect(last.doc.States.M.End).toBeUndefined();
    expect(Object.keys(last.doc.States.M)).toEqual(["Type", "Next", "ItemProcessor"]);
    expect(last.doc.States.Pass).toEqual({ Type: "Pass", End: true });
  });

  it("rewires Choice rules, Default and Catch targets", () => {
    const doc = sample();
    const rule = insertState(doc, { kind: "edge", edge: edge(doc, "/States/C/Choices/0/Next") }, { Type: "Pass" });
    expect(rule.doc.States.C.Choices[0].Next).toBe("Pass");
    expect(rule.doc.States.Pass.Next).toBe("P");
    const dflt = insertState(doc, { kind: "edge", edge: edge(doc, "/States/C/Default") }, { Type: "Pass" });
    expect(dflt.doc.States.C.Default).toBe("Pass");
    expect(dflt.doc.States.Pass.Next).toBe("M");
    const caught = insertState(doc, { kind: "edge", edge: edge(doc, "/States/A/Catch/0/Next") }, { Type: "Pass" }, "Log error");
    expect(caught.doc.States.A.Catch[0].Next).toBe("Log error");
    expect(caught.doc.States["Log error"].Next).toBe("F");
  });

  it("inserts inside a Parallel branch and a Map processor", () => {
    const doc = sample();
    const inBranch = insertState(doc, { kind: "edge", edge: edge(doc, "/States/P/Branches/0/States/B1/Next") }, { Type: "Pass" });
    expect(inBranch.pointer).toBe("/States/P/Branches/0/States/Pass");
    expect(inBranch.doc.States.P.Branches[0].States.B1.Next).toBe("Pass");
    expect(inBranch.doc.States.P.Branches[0].States.Pass.Next).toBe("B2");
    const inMap = insertState(doc, { kind: "edge", edge: edge(doc, "/States/M/ItemProcessor/StartAt") }, { Type: "Pass" });
    expect(inMap.doc.States.M.ItemProcessor.StartAt).toBe("Pass");
    expect(inMap.doc.States.M.ItemProcessor.States.Pass).toEqual({ Type: "Pass", Next: "I" });
    expect(inMap.doc.States.A).toBe(doc.States.A);
  });

  it("fills a new Choice's empty rule and Default with the successor", () => {
    const doc = sample();
    const { doc: next } = insertState(doc, { kind: "edge", edge: edge(doc, "/States/P/Next") }, newStateTemplate("Choice"));
    expect(next.States.Choice.Choices[0].Next).toBe("M");
    expect(next.States.Choice.Default).toBe("M");
    expect(next.States.Choice.Next).toBeUndefined();
  });

  it("makes names unique machine-wide, including nested states of a template", () => {
    const doc = sample();
    const a = insertState(doc, { kind: "canvas" }, { Type: "Pass" }, "B2");
    expect(a.pointer).toBe("/States/B2 (1)");
    const par = insertState(a.doc, { kind: "edge", edge: edge(a.doc, "/StartAt") }, {
      Type: "Parallel", Branches: [{ StartAt: "I", States: { I: { Type: "Pass", Next: "A" }, A: { Type: "Pass", End: true } } }],
    });
    const branch = par.doc.States.Parallel.Branches[0];
    expect(branch.StartAt).toBe("I (1)");
    expect(branch.States).toEqual({ "I (1)": { Type: "Pass", Next: "A (1)" }, "A (1)": { Type: "Pass", End: true } });
    expect(stateNames(par.doc).size).toBe(12);
  });

  it("appends into a container after its last ending state, or starts an empty one", () => {
    const doc = sample();
    const appended = insertState(doc, { kind: "container", containerId: "/States/P/Branches/0" }, { Type: "Pass" }, "Tail");
    expect(appended.doc.States.P.Branches[0].States.B2).toEqual({ Type: "Pass", Next: "Tail" });
    expect(appended.doc.States.P.Branches[0].States.Tail).toEqual({ Type: "Pass", End: true });
    const intoMap = insertState(doc, { kind: "container", containerId: "/States/M" }, { Type: "Pass" }, "Tail");
    expect(intoMap.pointer).toBe("/States/M/ItemProcessor/States/Tail");
    expect(intoMap.doc.States.M.ItemProcessor.States.I.Next).toBe("Tail");
    // Dropping on the Parallel itself adds a branch.
    const newBranch = insertState(doc, { kind: "container", containerId: "/States/P" }, { Type: "Pass" }, "Solo");
    expect(newBranch.pointer).toBe("/States/P/Branches/1/States/Solo");
    expect(newBranch.doc.States.P.Branches[1]).toEqual({ StartAt: "Solo", States: { Solo: { Type: "Pass", End: true } } });
    // A Map without processor gets one.
    const bare = { StartAt: "M", States: { M: { Type: "Map", End: true } } };
    const filled = insertState(bare, { kind: "container", containerId: "/States/M" }, { Type: "Pass" });
    expect(filled.doc.States.M.ItemProcessor).toEqual({ StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } });
    // Legacy Iterator is used when present.
    const legacy = { StartAt: "M", States: { M: { Type: "Map", End: true, Iterator: { StartAt: "X", States: { X: { Type: "Pass", End: true } } } } } };
    expect(insertState(legacy, { kind: "container", containerId: "/States/M" }, { Type: "Pass" }).pointer).toBe("/States/M/Iterator/States/Pass");
  });

  it("drops on the canvas unconnected, or as the start of an empty machine", () => {
    const loose = insertState(sample(), { kind: "canvas" }, newStateTemplate("Task"));
    expect(loose.doc.StartAt).toBe("A");
    expect(loose.doc.States.Task.End).toBe(true);
    const fresh = insertState({}, { kind: "canvas" }, newStateTemplate("Pass"));
    expect(fresh.doc).toEqual({ States: { Pass: { Type: "Pass", End: true } }, StartAt: "Pass" });
  });

  it("refuses targets that do not exist (nothing changes)", () => {
    const doc = sample();
    const stale: GraphEdge = { id: "x", source: "/States/A", target: "/States/Gone", kind: "next", pointer: "/States/A/Next" };
    expect(() => insertState(doc, { kind: "edge", edge: stale }, { Type: "Pass" })).toThrow(DocumentError);
    expect(() => insertState(doc, { kind: "edge", edge: edge(doc, "/States/F#end") }, { Type: "Pass" })).toThrow(DocumentError);
    expect(() => insertState(doc, { kind: "container", containerId: "/States/A" }, { Type: "Pass" })).toThrow(DocumentError);
    expect(doc).toEqual(sample());
  });
});

describe("deleteStates", () => {
  it("points predecessors at the successor, StartAt included", () => {
    const doc = frozen();
    const next = deleteStates(doc, ["/States/A"]);
    expect(next.StartAt).toBe("C");
    expect(next.States.A).toBeUndefined();
    const noP = deleteStates(doc, ["/States/P"]);
    expect(noP.States.C.Choices[0].Next).toBe("M");
    expect(doc).toEqual(sample());
  });

  it("turns a Next into End when the deleted state ended the scope", () => {
    const doc = sample();
    const next = deleteStates(doc, ["/States/P/Branches/0/States/B2"]);
    expect(next.States.P.Branches[0].States.B1).toEqual({ Type: "Pass", End: true });
    const noM = deleteStates(doc, ["/States/M"]);
    expect(noM.States.P.End).toBe(true);
    expect(Object.keys(noM.States.P)).toEqual(["Type", "End", "Branches"]);
    expect(noM.States.C.Default).toBeUndefined();
  });

  it("drops catchers aimed at a deleted terminal state; keeps a Choice rule to reconnect", () => {
    const doc = sample();
    const next = deleteStates(doc, ["/States/F"]);
    expect(next.States.A.Catch).toBeUndefined();
    const noChoice = deleteStates(doc, ["/States/C"]);
    expect(noChoice.States.A.End).toBe(true);
    const twoSteps = deleteStates(doc, ["/States/P/Branches/0/States/B1", "/States/P/Branches/0/States/B2"]);
    expect(twoSteps.States.P.Branches[0]).toEqual({ States: {} });
  });

  it("deletes containers with their contents and ignores unknown pointers", () => {
    const doc = sample();
    const next = deleteStates(doc, ["/States/P/Branches/0/States/B1", "/States/P", "/States/Nope"]);
    expect(stateNames(next)).toEqual(new Set(["A", "C", "M", "I", "F"]));
    expect(deleteStates(doc, [])).toBe(doc);
  });
});

describe("moveState", () => {
  it("moves a state onto another edge and joins up its old neighbours", () => {
    const doc = frozen();
    const { doc: next, pointer } = moveState(doc, "/States/P", { kind: "edge", edge: edge(doc, "/StartAt") });
    expect(pointer).toBe("/States/P");
    expect(next.StartAt).toBe("P");
    expect(next.States.P.Next).toBe("A");
    expect(next.States.C.Choices[0].Next).toBe("M");
    expect(next.States.P.Branches).toEqual(doc.States.P.Branches);
    expect(doc).toEqual(sample());
  });

  it("moves a state into a branch and out of a Map", () => {
    const doc = sample();
    const into = moveState(doc, "/States/F", { kind: "edge", edge: edge(doc, "/States/P/Branches/0/States/B1/Next") });
    expect(into.pointer).toBe("/States/P/Branches/0/States/F");
    expect(into.doc.States.F).toBeUndefined();
    expect(into.doc.States.P.Branches[0].States.B1.Next).toBe("F");
    expect(into.doc.States.A.Catch).toBeUndefined();
    const out = moveState(doc, "/States/M/ItemProcessor/States/I", { kind: "edge", edge: edge(doc, "/States/A/Next") });
    expect(out.doc.States.I).toEqual({ Type: "Pass", Next: "C" });
    expect(out.doc.States.M.ItemProcessor).toEqual({ States: {} });
  });

  it("moves a Choice into a branch: its old predecessors go on to its successor, its targets to the edge's target", () => {
    const doc = {
      StartAt: "Check",
      States: {
        Check: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "Work" }], Default: "Work" },
        Work: { Type: "Parallel", Branches: [
          { StartAt: "B1", States: { B1: { Type: "Pass", Next: "B2" }, B2: { Type: "Pass", End: true } } },
        ], Next: "Done" },
        Done: { Type: "Succeed" },
      },
    };
    const moved = moveState(doc, "/States/Check", { kind: "edge", edge: edge(doc, "/States/Work/Branches/0/States/B1/Next") });
    expect(moved.pointer).toBe("/States/Work/Branches/0/States/Check");
    expect(moved.doc).toEqual({
      StartAt: "Work",
      States: {
        Work: { Type: "Parallel", Branches: [{ StartAt: "B1", States: {
          B1: { Type: "Pass", Next: "Check" },
          B2: { Type: "Pass", End: true },
          Check: { Type: "Choice", Choices: [{ Variable: "$.x", NumericEquals: 1, Next: "B2" }], Default: "B2" },
        } }], Next: "Done" },
        Done: { Type: "Succeed" },
      },
    });
  });

  it("moves a Task out of a Map processor: its Catch target follows it to the edge's target", () => {
    const doc = {
      StartAt: "Each",
      States: {
        Each: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Call", States: {
          Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Recover" }], Next: "Save" },
          Recover: { Type: "Pass", Next: "Save" },
          Save: { Type: "Pass", End: true },
        } }, Next: "Report" },
        Report: { Type: "Succeed" },
      },
    };
    const moved = moveState(doc, "/States/Each/ItemProcessor/States/Call", { kind: "edge", edge: edge(doc, "/States/Each/Next") });
    expect(moved.pointer).toBe("/States/Call");
    expect(moved.doc).toEqual({
      StartAt: "Each",
      States: {
        Each: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Save", States: {
          Recover: { Type: "Pass", Next: "Save" },
          Save: { Type: "Pass", End: true },
        } }, Next: "Call" },
        Report: { Type: "Succeed" },
        Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Report" }], Next: "Report" },
      },
    });
    expect(Object.keys(moved.doc.States.Call)).toEqual(["Type", "Resource", "Catch", "Next"]);
  });

  it("moves states to the end of a scope: a Task ends (its outside Catcher dropped), a Choice drops its outside Default", () => {
    const doc = {
      StartAt: "Gate",
      States: {
        Gate: { Type: "Choice", Choices: [
          { Variable: "$.ok", BooleanEquals: true, Next: "Call" },
          { Variable: "$.ok", BooleanEquals: false, Next: "Stop" },
        ], Default: "Stop" },
        Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [
          { ErrorEquals: ["Retryable"], Next: "Call" },
          { ErrorEquals: ["States.ALL"], Next: "Stop" },
        ], Next: "Each" },
        Each: { Type: "Map", ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } }, End: true },
        Stop: { Type: "Fail", Error: "Stopped" },
      },
    };
    // Call into the Map's processor (appended after Item): Gate's rule goes on to Each; the self-catch stays.
    const call = moveState(doc, "/States/Call", { kind: "container", containerId: "/States/Each" });
    expect(call.pointer).toBe("/States/Each/ItemProcessor/States/Call");
    expect(call.doc).toEqual({
      StartAt: "Gate",
      States: {
        Gate: { Type: "Choice", Choices: [
          { Variable: "$.ok", BooleanEquals: true, Next: "Each" },
          { Variable: "$.ok", BooleanEquals: false, Next: "Stop" },
        ], Default: "Stop" },
        Each: { Type: "Map", ItemProcessor: { StartAt: "Item", States: {
          Item: { Type: "Pass", Next: "Call" },
          Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["Retryable"], Next: "Call" }], End: true },
        } }, End: true },
        Stop: { Type: "Fail", Error: "Stopped" },
      },
    });

    // Gate into the processor too: it has two successors, so the root's StartAt moves to the first remaining state
    // (as deleting it would). Its Default outside is dropped; its rules keep their targets, to be reconnected.
    const gate = moveState(call.doc, "/States/Gate", { kind: "container", containerId: "/States/Each" });
    expect(gate.doc).toEqual({
      StartAt: "Each",
      States: {
        Each: { Type: "Map", ItemProcessor: { StartAt: "Item", States: {
          Item: { Type: "Pass", Next: "Call" },
          Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["Retryable"], Next: "Call" }], Next: "Gate" },
          Gate: { Type: "Choice", Choices: [
            { Variable: "$.ok", BooleanEquals: true, Next: "Each" },
            { Variable: "$.ok", BooleanEquals: false, Next: "Stop" },
          ] },
        } }, End: true },
        Stop: { Type: "Fail", Error: "Stopped" },
      },
    });
  });

  it("keeps a Choice's targets when it moves within its scope", () => {
    const doc = sample();
    const { doc: next } = moveState(doc, "/States/C", { kind: "edge", edge: edge(doc, "/StartAt") });
    expect(next.StartAt).toBe("C");
    expect(next.States.C).toEqual(doc.States.C);
    // A continued to C, which has two successors: as when C is deleted, A now ends.
    const { Next: _next, ...aWithoutNext } = doc.States.A;
    expect(next.States.A).toEqual({ ...aWithoutNext, End: true });
  });

  it("ignores moves onto the state's own edges or into itself", () => {
    const doc = sample();
    expect(moveState(doc, "/States/P", { kind: "edge", edge: edge(doc, "/States/P/Next") }).doc).toBe(doc);
    expect(moveState(doc, "/States/P", { kind: "edge", edge: edge(doc, "/States/C/Choices/0/Next") }).doc).toBe(doc);
    expect(moveState(doc, "/States/P", { kind: "container", containerId: "/States/P/Branches/0" }).doc).toBe(doc);
    expect(moveState(doc, "/States/P", { kind: "edge", edge: edge(doc, "/States/P/Branches/0/StartAt") }).doc).toBe(doc);
  });
});

describe("duplicateState", () => {
  it("inserts the copy after the original with fresh names for nested states", () => {
    const doc = frozen();
    const { doc: next, pointer } = duplicateState(doc, "/States/P");
    expect(pointer).toBe("/States/P (1)");
    expect(next.States.P.Next).toBe("P (1)");
    expect(next.States["P (1)"].Next).toBe("M");
    expect(next.States["P (1)"].Branches[0]).toEqual({
      StartAt: "B1 (1)", States: { "B1 (1)": { Type: "Pass", Next: "B2 (1)" }, "B2 (1)": { Type: "Pass", End: true } },
    });
    const again = duplicateState(next, "/States/P (1)");
    expect(again.pointer).toBe("/States/P (2)");
    expect(doc).toEqual(sample());
  });

  it("copies an End state after it and a Choice unconnected", () => {
    const doc = sample();
    const end = duplicateState(doc, "/States/M");
    expect(end.doc.States.M.Next).toBe("M (1)");
    expect(end.doc.States["M (1)"].End).toBe(true);
    expect(end.doc.States["M (1)"].ItemProcessor.StartAt).toBe("I (1)");
    const choice = duplicateState(doc, "/States/C");
    expect(choice.doc.States["C (1)"]).toEqual(doc.States.C);
    expect(choice.doc.States.A.Next).toBe("C");
    expect(() => duplicateState(doc, "/States/Nope")).toThrow(DocumentError);
  });
});

describe("copyState / pasteState", () => {
  const copied = (doc: Json, pointer: string) => ops.copyState(doc, pointer)!;

  it("pastes after a selected state that continues, under a unique name, nested names too", () => {
    const doc = sample();
    const { doc: out, pointer } = pasteState(doc, copied(doc, "/States/P"), "/States/A");
    expect(pointer).toBe("/States/P (1)");
    expect(out.States.A.Next).toBe("P (1)");
    expect(out.States["P (1)"]).toEqual({ Type: "Parallel", Branches: [
      { StartAt: "B1 (1)", States: { "B1 (1)": { Type: "Pass", Next: "B2 (1)" }, "B2 (1)": { Type: "Pass", End: true } } },
    ], Next: "C" });
    expect(doc.States.A.Next).toBe("C"); // not mutated
  });

  it("pastes after a state that ends its scope, inside a container too", () => {
    const doc = sample();
    const { doc: out, pointer } = pasteState(doc, copied(doc, "/States/F"), "/States/P/Branches/0/States/B2");
    expect(pointer).toBe("/States/P/Branches/0/States/F (1)");
    expect(out.States.P.Branches[0].States.B2).toEqual({ Type: "Pass", Next: "F (1)" });
    expect(out.States.P.Branches[0].States["F (1)"]).toEqual({ Type: "Fail", Error: "E" });
  });

  it("never cuts the flow: a copy that cannot carry on goes unconnected next to a state that continues", () => {
    const doc = sample();
    const { doc: out, pointer } = pasteState(doc, copied(doc, "/States/F"), "/States/A");
    expect(pointer).toBe("/States/F (1)");
    expect(out.States.A.Next).toBe("C");
    expect(out.States["F (1)"]).toEqual({ Type: "Fail", Error: "E" });
  });

  it("pastes unconnected at the top level with nothing selected, or next to a Choice", () => {
    const doc = sample();
    const root = pasteState(doc, copied(doc, "/States/M/ItemProcessor/States/I"), null);
    expect(root.pointer).toBe("/States/I (1)");
    expect(root.doc.States["I (1)"]).toEqual({ Type: "Pass", End: true });
    expect(root.doc.StartAt).toBe("A");
    const beside = pasteState(doc, copied(doc, "/States/A"), "/States/C");
    expect(beside.doc.States["A (1)"]).toEqual({ ...doc.States.A, Next: undefined, End: true });
    expect(beside.doc.States.C).toBe(doc.States.C);
  });

  it("starts an empty document with the pasted state", () => {
    const { doc, pointer } = pasteState({ StartAt: "", States: {} }, { name: "Only", state: { Type: "Succeed" } }, null);
    expect(pointer).toBe("/States/Only");
    expect(doc).toEqual({ StartAt: "Only", States: { Only: { Type: "Succeed" } } });
  });
});

describe("renameState", () => {
  it("updates StartAt, Next, Default, Choices and Catch references and keeps the key position", () => {
    const doc = frozen();
    const m = renameState(doc, "/States/M", "Each item");
    expect(m.pointer).toBe("/States/Each item");
    expect(Object.keys(m.doc.States)).toEqual(["A", "C", "P", "Each item", "F"]);
    expect(m.doc.States.C.Default).toBe("Each item");
    expect(m.doc.States.P.Next).toBe("Each item");
    const a = renameState(doc, "/States/A", "Begin");
    expect(a.doc.StartAt).toBe("Begin");
    const f = renameState(doc, "/States/F", "Failed");
    expect(f.doc.States.A.Catch[0].Next).toBe("Failed");
    const p = renameState(doc, "/States/P", "Fan out");
    expect(p.doc.States.C.Choices[0].Next).toBe("Fan out");
    const nested = renameState(doc, "/States/P/Branches/0/States/B2", "Second");
    expect(nested.doc.States.P.Branches[0].States.B1.Next).toBe("Second");
    expect(doc).toEqual(sample());
  });

  it("refuses a name used anywhere in the machine, or an empty one", () => {
    const doc = sample();
    expect(() => renameState(doc, "/States/A", "I")).toThrow(/already named/);
    expect(() => renameState(doc, "/States/A", " ")).toThrow(DocumentError);
    expect(renameState(doc, "/States/A", "A").doc).toBe(doc);
    expect(isNameAvailable(doc, "I")).toBe(false);
    expect(isNameAvailable(doc, "A", "/States/A")).toBe(true);
    expect(isNameAvailable(doc, "Z")).toBe(true);
  });
});

describe("connect", () => {
  it("sets Next, Choice rule, Default and Catch targets from source handles", () => {
    const doc = frozen();
    expect(connect(doc, "/States/A", "next", "/States/M").States.A.Next).toBe("M");
    expect(connect(doc, "/States/C", "choice-0", "/States/F").States.C.Choices[0].Next).toBe("F");
    expect(connect(doc, "/States/C", "default", "/States/A").States.C.Default).toBe("A");
    expect(connect(doc, "/States/A", "catch-0", "/States/M").States.A.Catch[0].Next).toBe("M");
    const ended = connect(doc, "/States/P", "next", "#end");
    expect(ended.States.P.End).toBe(true);
    expect(Object.keys(ended.States.P)).toEqual(["Type", "End", "Branches"]);
    const resumed = connect(ended, "/States/P", "next", "/States/F");
    expect(Object.keys(resumed.States.P)).toEqual(["Type", "Next", "Branches"]);
    expect(doc).toEqual(sample());
  });

  it("ignores connections across scopes, unknown handles and Next on a Choice", () => {
    const doc = sample();
    expect(connect(doc, "/States/A", "next", "/States/P/Branches/0/States/B1")).toBe(doc);
    expect(connect(doc, "/States/A", "sideways", "/States/M")).toBe(doc);
    expect(connect(doc, "/States/C", "next", "/States/M")).toBe(doc);
    expect(connect(doc, "/States/C", "choice-5", "/States/M")).toBe(doc);
    expect(connect(doc, "/States/Nope", "next", "/States/M")).toBe(doc);
  });
});

describe("newStateTemplate", () => {
  it("gives a valid minimal state of every type", () => {
    expect(newStateTemplate("Task").Resource).toMatch(/^arn:aws:states:::/);
    expect(newStateTemplate("Wait").Seconds).toBe(5);
    expect(newStateTemplate("Fail").Error).toBeTruthy();
    expect(newStateTemplate("Succeed")).toEqual({ Type: "Succeed" });
    const choice = newStateTemplate("Choice");
    expect(choice.Choices).toHaveLength(1);
    expect(choice).toHaveProperty("Default");
    const par = newStateTemplate("Parallel", { doc: sample() });
    expect(par.Branches).toEqual([{ StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } }]);
    const map = newStateTemplate("Map", { doc: { StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } } });
    expect((map.ItemProcessor as Json).StartAt).toBe("Pass (1)");
  });

  it("uses JSONata fields in a JSONata machine", () => {
    const doc = { QueryLanguage: "JSONata", StartAt: "A", States: { A: { Type: "Pass", End: true } } };
    expect((newStateTemplate("Choice", { doc }).Choices as Json[])[0].Condition).toMatch(/^\{%/);
    expect(newStateTemplate("Task", { doc })).toHaveProperty("Arguments");
  });
});

describe("uniqueName", () => {
  it("counts up from the base name", () => {
    expect(uniqueName("Pass", new Set())).toBe("Pass");
    expect(uniqueName("Pass", new Set(["Pass"]))).toBe("Pass (1)");
    expect(uniqueName("Pass (1)", new Set(["Pass", "Pass (1)"]))).toBe("Pass (2)");
  });
});
