import { describe, expect, it } from "vitest";
import {
  errorListFromText, errorListToText, fieldSupport, numberFromText, problemsAt, setField, setListItem, setTransition,
  usesJsonata,
} from "../../src/panels/stateFields";

describe("setField", () => {
  it("inserts new keys in ASL's usual order and keeps existing positions", () => {
    const state = { Type: "Task", Resource: "arn", Next: "B" };
    expect(Object.keys(setField(state, "Comment", "c"))).toEqual(["Type", "Comment", "Resource", "Next"]);
    expect(Object.keys(setField(state, "Retry", []))).toEqual(["Type", "Resource", "Retry", "Next"]);
    expect(Object.keys(setField(state, "Parameters", {}))).toEqual(["Type", "Resource", "Parameters", "Next"]);
    expect(Object.keys(setField({ Next: "B", Type: "Pass" }, "Comment", "c"))).toEqual(["Comment", "Next", "Type"]);
  });

  it("keeps unknown keys and appends unknown new keys", () => {
    expect(Object.keys(setField({ Type: "Pass", "x-ui": 1, End: true }, "Result", 1))).toEqual([
      "Type", "x-ui", "Result", "End",
    ]);
    expect(Object.keys(setField({ Type: "Pass" }, "Zzz", 1))).toEqual(["Type", "Zzz"]);
  });

  it("replaces in place and removes with undefined, never mutating", () => {
    const state = { Type: "Pass", Comment: "a", End: true };
    expect(setField(state, "Comment", "b")).toEqual({ Type: "Pass", Comment: "b", End: true });
    expect(setField(state, "Comment", undefined)).toEqual({ Type: "Pass", End: true });
    expect(setField(state, "Missing", undefined)).toBe(state);
    expect(state.Comment).toBe("a");
  });
});

describe("transitions", () => {
  it("Next and End exclude each other", () => {
    expect(setTransition({ Type: "Pass", End: true }, "B")).toEqual({ Type: "Pass", Next: "B" });
    expect(setTransition({ Type: "Pass", Next: "B" }, null)).toEqual({ Type: "Pass", End: true });
  });

  it("knows which fields each state type has", () => {
    expect(fieldSupport("Choice").transition).toBe(false);
    expect(fieldSupport("Succeed").transition).toBe(false);
    expect(fieldSupport("Fail").inputOutputPaths).toBe(false);
    expect(fieldSupport("Pass").resultSelector).toBe(false);
    expect(fieldSupport("Pass").parameters).toBe(true);
    expect(fieldSupport("Wait").parameters).toBe(false);
    expect(fieldSupport("Map").retryCatch).toBe(true);
    expect(fieldSupport("Task").timeouts).toBe(true);
    expect(fieldSupport("Parallel").timeouts).toBe(false);
  });

  it("the state's QueryLanguage wins over the document's", () => {
    expect(usesJsonata({ Type: "Pass" }, "JSONata")).toBe(true);
    expect(usesJsonata({ Type: "Pass", QueryLanguage: "JSONPath" }, "JSONata")).toBe(false);
    expect(usesJsonata({ Type: "Pass" }, undefined)).toBe(false);
  });
});

describe("field values", () => {
  it("reads numbers, leaving text that is not one for the validator to flag", () => {
    expect(numberFromText("5")).toBe(5);
    expect(numberFromText(" 2.5 ")).toBe(2.5);
    expect(numberFromText("")).toBeUndefined();
    expect(numberFromText("abc")).toBe("abc");
  });

  it("reads ErrorEquals lists", () => {
    expect(errorListFromText("States.Timeout, MyError ,")).toEqual(["States.Timeout", "MyError"]);
    expect(errorListToText(["A", "B"])).toBe("A, B");
    expect(errorListToText(undefined)).toBe("");
  });

  it("edits list items and drops an emptied list", () => {
    const state = { Type: "Task", Retry: [{ ErrorEquals: ["A"] }] };
    expect(setListItem(state, "Retry", 1, { ErrorEquals: ["B"] }).Retry).toEqual([{ ErrorEquals: ["A"] }, { ErrorEquals: ["B"] }]);
    expect(setListItem(state, "Retry", 0, undefined)).toEqual({ Type: "Task" });
    expect(Object.keys(setListItem({ Type: "Task", Next: "X" }, "Catch", 0, { ErrorEquals: [], Next: "Y" }))).toEqual([
      "Type", "Catch", "Next",
    ]);
  });

  it("finds the problems of a field or inside it", () => {
    const diagnostics = [
      { location: "/States/A/Retry/0/MaxAttempts", message: "m" },
      { location: "/States/A/Resource", message: "r" },
      { location: "/States/AB/Retry", message: "other state" },
    ];
    expect(problemsAt(diagnostics, "/States/A/Retry").map((d) => d.message)).toEqual(["m"]);
    expect(problemsAt(diagnostics, "/States/A/Resource").map((d) => d.message)).toEqual(["r"]);
  });
});
