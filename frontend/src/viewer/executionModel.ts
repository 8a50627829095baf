// What the execution page derives from the state visits (core/summaries): the tree of Map iterations and
// Parallel branches, per-iteration statuses, the graph's colours for a chosen iteration, node badges.
// Pure functions, no React: tests/viewer/executionModel.test.ts.

import { rollUp, type StateStatus, type VisitSummary } from "../core/summaries";

/** A visit and, for a Map or Parallel visit, its iterations or branches. */
export interface VisitNode {
  visit: VisitSummary;
  depth: number;
  groups: ChildGroup[];
}

/** One Map iteration or Parallel branch of a container visit. */
export interface ChildGroup {
  index: number;
  kind: "iteration" | "branch";
  status: StateStatus;
  nodes: VisitNode[];
}

function pathKey(visit: VisitSummary, length = visit.path.length): string {
  return JSON.stringify(visit.path.slice(0, length).map((p) => [p.state, p.index]));
}

/** Visits as a tree: each child visit belongs to the latest visit of its Map/Parallel entered before it
 *  (summaries come in the order states were entered, so a container always precedes its children). */
export function buildVisitTree(summaries: VisitSummary[]): VisitNode[] {
  const roots: VisitNode[] = [];
  const latestContainer = new Map<string, VisitNode>(); // path + name -> latest visit of that container there
  for (const visit of summaries) {
    const node: VisitNode = { visit, depth: visit.path.length, groups: [] };
    if (visit.type === "Map" || visit.type === "Parallel") latestContainer.set(`${pathKey(visit)}|${visit.name}`, node);
    const depth = visit.path.length;
    if (!depth) {
      roots.push(node);
      continue;
    }
    const step = visit.path[depth - 1];
    const parent = latestContainer.get(`${pathKey(visit, depth - 1)}|${step.state}`);
    if (!parent) {
      roots.push(node); // a history that starts mid-way (should not happen): still show the visit
      continue;
    }
    let group = parent.groups.find((g) => g.index === step.index);
    if (!group) {
      group = { index: step.index, kind: parent.visit.type === "Map" ? "iteration" : "branch", status: IN_PROGRESS_,
        nodes: [] };
      parent.groups.push(group);
    }
    group.nodes.push(node);
  }
  const settle = (nodes: VisitNode[]) => {
    for (const node of nodes) {
      node.groups.sort((a, b) => a.index - b.index);
      for (const group of node.groups) {
        settle(group.nodes);
        group.status = groupStatus(group, node.visit);
      }
    }
  };
  settle(roots);
  return roots;
}

const IN_PROGRESS_: StateStatus = "IN_PROGRESS";

/** An iteration's or branch's status, from the latest visit of each of its states: running while any
 *  runs, FAILED or CANCELLED if any state ended so, else SUCCEEDED (a caught error is a success). */
export function groupStatus(group: ChildGroup, container: VisitSummary): StateStatus {
  const latest = new Map<string, StateStatus>();
  for (const node of group.nodes) latest.set(node.visit.name, node.visit.status);
  const statuses = new Set(latest.values());
  if (statuses.has("IN_PROGRESS")) {
    // The container ended (failed elsewhere, stopped): what still shows as running was cut short.
    return container.status === "IN_PROGRESS" ? "IN_PROGRESS" : "CANCELLED";
  }
  if (statuses.has("FAILED")) return "FAILED";
  if (statuses.has("CANCELLED")) return "CANCELLED";
  return "SUCCEEDED";
}

/** Chosen iteration (or branch) index per Map state name; absent: all of them. */
export type IterationChoices = Record<string, number>;

/** Visits the graph shows: inside a Map with a chosen iteration, only that iteration's. */
export function visibleVisits(tree: VisitNode[], choices: IterationChoices): VisitSummary[] {
  const out: VisitSummary[] = [];
  const walk = (nodes: VisitNode[]) => {
    for (const node of nodes) {
      out.push(node.visit);
      const chosen = choices[node.visit.name];
      for (const group of node.groups) {
        if (chosen === undefined || node.visit.type !== "Map" || group.index === chosen) walk(group.nodes);
      }
    }
  };
  walk(tree);
  return out.sort((a, b) => a.id - b.id);
}

export function statusByName(tree: VisitNode[], choices: IterationChoices, names: string[]): Record<string, StateStatus> {
  return rollUp(visibleVisits(tree, choices), names);
}

/** The visits of one state among those shown (latest last). */
export function visitsOf(tree: VisitNode[], choices: IterationChoices, name: string): VisitSummary[] {
  return visibleVisits(tree, choices).filter((v) => v.name === name);
}

/** The iterations the picker of Map `name` offers: those of its latest visit within the chosen outer
 *  iterations (a Map inside another Map follows the outer picker). */
export function iterationsOf(tree: VisitNode[], choices: IterationChoices, name: string): ChildGroup[] {
  const outer = { ...choices };
  delete outer[name];
  const visits = visibleVisits(tree, outer).filter((v) => v.name === name && v.type === "Map");
  const latest = visits[visits.length - 1];
  if (!latest) return [];
  return findNode(tree, latest.id)?.groups ?? [];
}

export function findNode(tree: VisitNode[], visitId: number): VisitNode | undefined {
  for (const node of tree) {
    if (node.visit.id === visitId) return node;
    for (const group of node.groups) {
      const found = findNode(group.nodes, visitId);
      if (found) return found;
    }
  }
  return undefined;
}

export interface IterationCounts {
  total: number;
  SUCCEEDED: number;
  FAILED: number;
  CANCELLED: number;
  IN_PROGRESS: number;
}

export function countGroups(groups: ChildGroup[]): IterationCounts {
  const counts: IterationCounts = { total: groups.length, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0, IN_PROGRESS: 0 };
  for (const group of groups) {
    if (group.status in counts) counts[group.status as keyof Omit<IterationCounts, "total">] += 1;
  }
  return counts;
}

/** Small node badges: a Map's finished iterations, a Task's retries (of its latest visit shown). */
export function badgesByName(tree: VisitNode[], choices: IterationChoices): Record<string, string> {
  const badges: Record<string, string> = {};
  const latest = new Map<string, VisitSummary>();
  for (const visit of visibleVisits(tree, choices)) latest.set(visit.name, visit);
  for (const [name, visit] of latest) {
    if (visit.type === "Map") {
      const groups = findNode(tree, visit.id)?.groups ?? [];
      if (groups.length) {
        const done = groups.filter((g) => g.status !== "IN_PROGRESS").length;
        badges[name] = `${done}/${groups.length}`;
      }
    } else if (visit.attempts > 1) {
      badges[name] = `Retries ${visit.attempts - 1}`;
    }
  }
  return badges;
}

/** A row of the table view: a visit, or an iteration/branch heading under a Map/Parallel visit. */
export type TableRow =
  | { kind: "visit"; key: string; node: VisitNode; depth: number; expandable: boolean }
  | { kind: "group"; key: string; parent: VisitNode; group: ChildGroup; depth: number };

/** The table's rows with `expanded` keys open (visit rows: `v<id>`, groups: `v<id>/<index>`). */
export function tableRows(tree: VisitNode[], expanded: ReadonlySet<string>, statusFilter?: StateStatus | ""): TableRow[] {
  const rows: TableRow[] = [];
  const walk = (nodes: VisitNode[], depth: number) => {
    for (const node of nodes) {
      const key = `v${node.visit.id}`;
      const matches = !statusFilter || node.visit.status === statusFilter;
      if (matches || node.groups.length) {
        rows.push({ kind: "visit", key, node, depth, expandable: node.groups.length > 0 });
      }
      if (!expanded.has(key)) continue;
      for (const group of node.groups) {
        if (statusFilter && group.status !== statusFilter && !hasStatus(group.nodes, statusFilter)) continue;
        const groupKey = `${key}/${group.index}`;
        rows.push({ kind: "group", key: groupKey, parent: node, group, depth: depth + 1 });
        if (expanded.has(groupKey)) walk(group.nodes, depth + 2);
      }
    }
  };
  walk(tree, 0);
  return rows;
}

function hasStatus(nodes: VisitNode[], status: StateStatus): boolean {
  return nodes.some((n) => n.visit.status === status || n.groups.some((g) => hasStatus(g.nodes, status)));
}

/** The keys to open so that a visit deep in iterations shows in the table. */
export function keysToReveal(tree: VisitNode[], visitId: number): string[] {
  const trail: string[] = [];
  const search = (nodes: VisitNode[]): boolean => {
    for (const node of nodes) {
      if (node.visit.id === visitId) return true;
      for (const group of node.groups) {
        trail.push(`v${node.visit.id}`, `v${node.visit.id}/${group.index}`);
        if (search(group.nodes)) return true;
        trail.splice(-2, 2);
      }
    }
    return false;
  };
  return search(tree) ? trail : [];
}
