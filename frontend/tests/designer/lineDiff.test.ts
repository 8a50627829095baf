import { describe, expect, it } from "vitest";
import { diffLines, diffStats } from "../../src/designer/lineDiff";

const kinds = (before: string, after: string) =>
  diffLines(before, after).map((line) => `${line.kind === "same" ? " " : line.kind === "added" ? "+" : "-"}${line.text}`);

describe("diffLines", () => {
  it("reports nothing changed for equal texts", () => {
    expect(kinds("a\nb\n", "a\nb\n")).toEqual([" a", " b"]);
    expect(diffLines("", "")).toEqual([]);
  });

  it("finds a changed line in the middle, removal before addition", () => {
    expect(kinds("a\nb\nc", "a\nB\nc")).toEqual([" a", "-b", "+B", " c"]);
  });

  it("keeps the longest common subsequence", () => {
    expect(kinds("a\nb\nc\nd", "b\nx\nd\ne")).toEqual(["-a", " b", "-c", "+x", " d", "+e"]);
  });

  it("numbers lines of both sides from 1", () => {
    const lines = diffLines("a\nb\nc", "a\nc\nd");
    expect(lines).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 2 },
      { kind: "added", text: "d", newLine: 3 },
    ]);
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it("handles one side empty and CRLF", () => {
    expect(kinds("", "x\ny")).toEqual(["+x", "+y"]);
    expect(kinds("x\r\ny\r\n", "")).toEqual(["-x", "-y"]);
    expect(kinds("x\r\ny", "x\ny")).toEqual([" x", " y"]);
  });

  it("diffs two versions of a definition", () => {
    const v1 = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", End: true } } }, null, 2);
    const v2 = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Succeed" } } }, null, 2);
    const stats = diffStats(diffLines(v1, v2));
    expect(stats).toEqual({ added: 4, removed: 1 }); // End → Next, "}," "B": { Type }
  });
});
