import { describe, expect, it } from "vitest";
import { aslToGraph } from "../../src/core/graph";
import { diagnosticsByNode, nodeIdForLocation, type Diagnostic } from "../../src/core/diagnostics";

const definition = {
  StartAt: "A",
  States: {
    A: { Type: "Pass", Next: "AB" },
    AB: { Type: "Parallel", End: true, Branches: [{ StartAt: "In", States: { In: { Type: "Task", Resource: "x", End: true } } }] },
    "x/y": { Type: "Pass", End: true },
  },
};
const graph = aslToGraph(definition);

describe("diagnostics", () => {
  it("maps a location to the deepest state containing it", () => {
    expect(nodeIdForLocation(graph, "/States/AB/Branches/0/States/In/Resource")).toBe("/States/AB/Branches/0/States/In");
    expect(nodeIdForLocation(graph, "/States/AB/Branches/0/StartAt")).toBe("/States/AB");
    expect(nodeIdForLocation(graph, "/States/AB")).toBe("/States/AB");
    // Token-wise prefixes: "/States/A" does not contain "/States/AB/...".
    expect(nodeIdForLocation(graph, "/States/AB/Next")).toBe("/States/AB");
    expect(nodeIdForLocation(graph, "/States/A/Next")).toBe("/States/A");
    expect(nodeIdForLocation(graph, "/States/x~1y/Type")).toBe("/States/x~1y");
    expect(nodeIdForLocation(graph, "/StartAt")).toBeNull();
    expect(nodeIdForLocation(graph, "")).toBeNull();
    expect(nodeIdForLocation(graph, "/States/Missing/Next")).toBeNull();
  });

  it("groups diagnostics per node and keeps document-level ones apart", () => {
    const diagnostics: Diagnostic[] = [
      { code: "INVALID_RESOURCE", message: "bad resource", location: "/States/AB/Branches/0/States/In/Resource", severity: "ERROR" },
      { code: "NO_PATH", message: "w", location: "/States/AB/Branches/0/States/In", severity: "WARNING" },
      { code: "SCHEMA_VALIDATION_FAILED", message: "top", location: "/TimeoutSeconds", severity: "ERROR" },
    ];
    const { byNode, documentLevel } = diagnosticsByNode(graph, diagnostics);
    expect(byNode).toEqual({
      "/States/AB/Branches/0/States/In": [
        { severity: "ERROR", message: "bad resource", code: "INVALID_RESOURCE" },
        { severity: "WARNING", message: "w", code: "NO_PATH" },
      ],
    });
    expect(documentLevel.map((d) => d.code)).toEqual(["SCHEMA_VALIDATION_FAILED"]);
  });
});
