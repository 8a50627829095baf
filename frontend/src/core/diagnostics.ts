// Backend validator diagnostics (POST /api/validate/, see asl/validation/diagnostics.py) mapped onto graph nodes:
// a diagnostic belongs to the deepest state whose pointer prefixes its location; document-level ones to null.
import type { Graph } from "./graph";
import { isPointerPrefix } from "./pointer";

export interface Diagnostic {
  code: string;
  message: string;
  /** JSON pointer into the definition. */
  location: string;
  severity: "ERROR" | "WARNING";
}
/** What the canvas shows on a node (WorkflowCanvasProps.diagnosticsByNode values). */
export interface NodeProblem {
  severity: "ERROR" | "WARNING";
  message: string;
  code?: string;
}

function statePointers(graph: Graph): string[] {
  return graph.nodes.filter((node) => node.kind === "state").map((node) => node.id);
}

function deepestPrefix(pointers: readonly string[], location: string): string | null {
  let best: string | null = null;
  for (const pointer of pointers) {
    if (isPointerPrefix(pointer, location) && (best === null || pointer.length > best.length)) best = pointer;
  }
  return best;
}

/** The id of the state node a location points into, or null for document-level locations. */
export function nodeIdForLocation(graph: Graph, location: string): string | null {
  return deepestPrefix(statePointers(graph), location);
}

/** Groups diagnostics by state node id; the ones outside any state are returned as `documentLevel`. */
export function diagnosticsByNode(graph: Graph, diagnostics: readonly Diagnostic[]): {
  byNode: Record<string, NodeProblem[]>;
  documentLevel: Diagnostic[];
} {
  const pointers = statePointers(graph);
  const byNode: Record<string, NodeProblem[]> = {};
  const documentLevel: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const nodeId = deepestPrefix(pointers, diagnostic.location ?? "");
    if (nodeId === null) {
      documentLevel.push(diagnostic);
    } else {
      (byNode[nodeId] ??= []).push({ severity: diagnostic.severity, message: diagnostic.message, code: diagnostic.code });
    }
  }
  return { byNode, documentLevel };
}
