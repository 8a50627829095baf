// ASL document -> graph of nodes and edges (the contract shared by the canvas, the viewer and the designer).
// Every scope (the root, each Parallel branch, each Map's ItemProcessor/Iterator) gets its own Start and End
// markers; transitions never leave their scope in ASL, so every edge joins two nodes with the same parent.
import { isRecord, joinPointer } from "./pointer";
import { summarizeChoiceRule } from "./choiceLabel";

export type StateType = "Task" | "Pass" | "Choice" | "Wait" | "Parallel" | "Map" | "Succeed" | "Fail";
/** JSON pointer (RFC 6901) of a state object inside the definition: "/States/A",
 *  "/States/P/Branches/0/States/B", "/States/M/ItemProcessor/States/C" ("/Iterator/" for legacy Maps). */
export type StatePointer = string;
export interface GraphNode {
  /** States: their StatePointer; branches: "/States/P/Branches/0"; markers: `${scopePointer}#start|#end`. */
  id: string;
  kind: "state" | "branch" | "start" | "end";
  /** State name; "Branch 1" for branches; "Start"/"End" for markers. */
  name: string;
  /** States only; absent for a state whose Type is not a known ASL type. */
  type?: StateType;
  /** The enclosing container node (a Map state, or a branch whose parent is the Parallel state); null at the root. */
  parent: string | null;
  /** The state's JSON (states only). */
  state?: Record<string, unknown>;
  /** Parallel state, branch, Map state. */
  isContainer: boolean;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: "start" | "next" | "choice" | "default" | "catch" | "end" | "branch";
  /** The Choice rule summary, "Default", the Catch's ErrorEquals. */
  label?: string;
  /** JSON pointer of the field that defines the edge ("/States/A/Next", "/States/C/Choices/0/Next", "/StartAt"). */
  pointer?: string;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const STATE_TYPES: readonly StateType[] = ["Task", "Pass", "Choice", "Wait", "Parallel", "Map", "Succeed", "Fail"];

function stateTypeOf(state: Record<string, unknown>): StateType | undefined {
  const type = state.Type;
  return typeof type === "string" && (STATE_TYPES as readonly string[]).includes(type) ? (type as StateType) : undefined;
}

/** The pointer of a Map's processor: ItemProcessor, or the legacy Iterator when only that is present. */
export function mapProcessorPointer(mapPointer: string, state: Record<string, unknown>): string | undefined {
  if (isRecord(state.ItemProcessor)) return joinPointer(mapPointer, "ItemProcessor");
  if (isRecord(state.Iterator)) return joinPointer(mapPointer, "Iterator");
  return undefined;
}

export function startMarkerId(scopePointer: string): string {
  return `${scopePointer}#start`;
}

export function endMarkerId(scopePointer: string): string {
  return `${scopePointer}#end`;
}

/** The scope pointer of a start/end marker id, or undefined when `id` is not a marker. */
export function markerScope(id: string): string | undefined {
  const match = /^(.*)#(start|end)$/.exec(id);
  return match ? match[1] : undefined;
}

function errorEqualsLabel(catcher: Record<string, unknown>): string {
  const errors = catcher.ErrorEquals;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join(", ");
  return "Catch";
}

class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];

  /** Adds the markers and states of one scope (an object with StartAt and States) and recurses into containers. */
  addScope(scope: Record<string, unknown>, scopePointer: string, parent: string | null): void {
    const startId = startMarkerId(scopePointer);
    const endId = endMarkerId(scopePointer);
    this.nodes.push({ id: startId, kind: "start", name: "Start", parent, isContainer: false });
    const states = isRecord(scope.States) ? scope.States : {};
    const statesPointer = joinPointer(scopePointer, "States");
    const pointerByName = new Map<string, string>();
    for (const name of Object.keys(states)) pointerByName.set(name, joinPointer(statesPointer, name));

    const resolve = (target: unknown): string | undefined =>
      typeof target === "string" ? pointerByName.get(target) : undefined;

    const startTarget = resolve(scope.StartAt);
    if (startTarget) {
      this.edges.push({
        id: joinPointer(scopePointer, "StartAt"), source: startId, target: startTarget, kind: "start",
        pointer: joinPointer(scopePointer, "StartAt"),
      });
    }
    for (const [name, raw] of Object.entries(states)) {
      const pointer = pointerByName.get(name)!;
      const state = isRecord(raw) ? raw : {};
      this.addState(name, pointer, state, parent, endId, resolve);
    }
    this.nodes.push({ id: endId, kind: "end", name: "End", parent, isContainer: false });
  }

  private addState(
    name: string, pointer: string, state: Record<string, unknown>, parent: string | null, endId: string,
    resolve: (target: unknown) => string | undefined,
  ): void {
    const type = stateTypeOf(state);
    const isContainer = type === "Parallel" || type === "Map";
    this.nodes.push({ id: pointer, kind: "state", name, type, parent, state, isContainer });

    const addEdge = (kind: GraphEdge["kind"], fieldPointer: string, target: unknown, label?: string) => {
      const resolved = resolve(target);
      if (resolved) this.edges.push({ id: fieldPointer, source: pointer, target: resolved, kind, label, pointer: fieldPointer });
    };

    if (type === "Choice") {
      const choices = Array.isArray(state.Choices) ? state.Choices : [];
      choices.forEach((rule, index) => {
        if (!isRecord(rule)) return;
        addEdge("choice", joinPointer(pointer, "Choices", index, "Next"), rule.Next, summarizeChoiceRule(rule));
      });
      if (state.Default !== undefined) addEdge("default", joinPointer(pointer, "Default"), state.Default, "Default");
    } else if (type === "Succeed" || type === "Fail") {
      this.edges.push({ id: `${pointer}#end`, source: pointer, target: endId, kind: "end" });
    } else if (state.End === true) {
      const fieldPointer = joinPointer(pointer, "End");
      this.edges.push({ id: fieldPointer, source: pointer, target: endId, kind: "end", pointer: fieldPointer });
    } else if (state.Next !== undefined) {
      addEdge("next", joinPointer(pointer, "Next"), state.Next);
    }

    if (Array.isArray(state.Catch)) {
      state.Catch.forEach((catcher, index) => {
        if (!isRecord(catcher)) return;
        addEdge("catch", joinPointer(pointer, "Catch", index, "Next"), catcher.Next, errorEqualsLabel(catcher));
      });
    }

    if (type === "Parallel" && Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, index) => {
        const branchId = joinPointer(pointer, "Branches", index);
        this.nodes.push({ id: branchId, kind: "branch", name: `Branch ${index + 1}`, parent: pointer, isContainer: true });
        this.addScope(isRecord(branch) ? branch : {}, branchId, branchId);
      });
    } else if (type === "Map") {
      const processorPointer = mapProcessorPointer(pointer, state);
      if (processorPointer) {
        const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : (state.Iterator as Record<string, unknown>);
        this.addScope(processor, processorPointer, pointer);
      }
    }
  }
}

/** The graph of an ASL definition. Tolerant: never throws; dangling transitions are left out. */
export function aslToGraph(definition: unknown): Graph {
  const builder = new GraphBuilder();
  if (isRecord(definition)) builder.addScope(definition, "", null);
  return { nodes: builder.nodes, edges: builder.edges };
}

export function pointerOfStateName(graph: Graph, name: string): StatePointer | undefined {
  return graph.nodes.find((node) => node.kind === "state" && node.name === name)?.id;
}
