// What the execution page derives from the state visits (core/summaries): the tree of Map iterations and
// Parallel branches, per-iteration statuses, the graph's colours for a chosen iteration, node badges.
// Pure functions, no React: tests/viewer/executionModel.test.ts.

import { formatCount } from "./format";
import { countsBadge, type MapRunCounts } from "./mapRun";
import { detailsOf, type HistoryEvent, rollUp, type StateStatus, type VisitSummary } from "../core/summaries";
import { isRecord } from "../core/pointer";

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

// Path keys are built by concatenation (not JSON): a 10,000-item Map has 10,000 of them per rebuild.
// "\u0000" and "\u0001" do not occur in state names that matter here; a clash would only merge two
// containers' keys, never crash.
function pathKey(visit: VisitSummary, length = visit.path.length): string {
  let key = "";
  for (let i = 0; i < length; i++) key += `${visit.path[i].state}\u0001${visit.path[i].index}\u0000`;
  return key;
}

/** Visits as a tree: each child visit belongs to the latest visit of its Map/Parallel entered before it
 *  (summaries come in the order states were entered, so a container always precedes its children).
 *  Linear in the number of visits: a container's groups are found by index through a map, not a scan. */
export function buildVisitTree(summaries: VisitSummary[]): VisitNode[] {
  const roots: VisitNode[] = [];
  const latestContainer = new Map<string, VisitNode>(); // path + name -> latest visit of that container there
  const groupsOf = new Map<VisitNode, Map<number, ChildGroup>>();
  let unordered = false;
  for (const visit of summaries) {
    const node: VisitNode = { visit, depth: visit.path.length, groups: [] };
    if (visit.type === "Map" || visit.type === "Parallel") {
      latestContainer.set(`${pathKey(visit)}|${visit.name}`, node);
    }
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
    let byIndex = groupsOf.get(parent);
    if (!byIndex) groupsOf.set(parent, (byIndex = new Map()));
    let group = byIndex.get(step.index);
    if (!group) {
      group = { index: step.index, kind: parent.visit.type === "Map" ? "iteration" : "branch", status: IN_PROGRESS_,
        nodes: [] };
      const last = parent.groups[parent.groups.length - 1];
      if (last && last.index > step.index) unordered = true;
      byIndex.set(step.index, group);
      parent.groups.push(group);
    }
    group.nodes.push(node);
  }
  const settle = (nodes: VisitNode[]) => {
    for (const node of nodes) {
      if (unordered) node.groups.sort((a, b) => a.index - b.index);
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

/** Visits the graph shows: inside a Map with a chosen iteration, only that iteration's. Cached per tree and
 *  choices: the graph asks for the same list for its colours, its badges and each iteration picker. */
export function visibleVisits(tree: VisitNode[], choices: IterationChoices): VisitSummary[] {
  let cache = visibleCache.get(tree);
  if (!cache) visibleCache.set(tree, (cache = new Map()));
  const key = choicesKey(choices);
  let out = cache.get(key);
  if (!out) cache.set(key, (out = walkVisible(tree, choices)));
  return out;
}

const visibleCache = new WeakMap<VisitNode[], Map<string, VisitSummary[]>>();

function choicesKey(choices: IterationChoices): string {
  return Object.keys(choices).sort().map((name) => `${name}\u0001${choices[name]}`).join("\u0000");
}

function walkVisible(tree: VisitNode[], choices: IterationChoices): VisitSummary[] {
  const out: VisitSummary[] = [];
  let sorted = true;
  const walk = (nodes: VisitNode[]) => {
    for (const node of nodes) {
      if (out.length && out[out.length - 1].id > node.visit.id) sorted = false;
      out.push(node.visit);
      const chosen = choices[node.visit.name];
      for (const group of node.groups) {
        if (chosen === undefined || node.visit.type !== "Map" || group.index === chosen) walk(group.nodes);
      }
    }
  };
  walk(tree);
  return sorted ? out : out.sort((a, b) => a.id - b.id);
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
  let index = nodeIndex.get(tree);
  if (!index) {
    const built = new Map<number, VisitNode>();
    const walk = (nodes: VisitNode[]) => {
      for (const node of nodes) {
        built.set(node.visit.id, node);
        for (const group of node.groups) walk(group.nodes);
      }
    };
    walk(tree);
    nodeIndex.set(tree, (index = built));
  }
  return index.get(visitId);
}

const nodeIndex = new WeakMap<VisitNode[], Map<number, VisitNode>>();

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

/** Small node badges: a Map's finished iterations (of all its items when MapStateStarted said how many), a
 *  distributed Map's succeeded child executions of all its items when its Map Run's counts are known (`mapRunCounts`,
 *  by Map Run ARN; else its item count: its iterations are not in the history), a Task's retries (of its latest
 *  visit shown). */
export function badgesByName(tree: VisitNode[], choices: IterationChoices,
  fanOuts: ReadonlyMap<number, FanOutInfo> = NO_FAN_OUTS,
  mapRunCounts: ReadonlyMap<string, MapRunCounts> = NO_COUNTS): Record<string, string> {
  const badges: Record<string, string> = {};
  for (const [name, visit] of latestVisible(tree, choices)) {
    if (visit.type === "Map") {
      const groups = findNode(tree, visit.id)?.groups ?? [];
      const info = fanOuts.get(visit.id);
      if (info?.mapRun) {
        const counts = info.mapRun.arn ? mapRunCounts.get(info.mapRun.arn) : undefined;
        badges[name] = counts ? countsBadge(counts) : info.length === null ? "Map Run" : `${formatCount(info.length)} items`;
      } else if (groups.length) {
        let done = 0;
        for (const g of groups) if (g.status !== "IN_PROGRESS") done += 1;
        badges[name] = `${done}/${Math.max(groups.length, info?.length ?? 0)}`;
      }
    } else if (visit.attempts > 1) {
      badges[name] = `Retries ${visit.attempts - 1}`;
    }
  }
  return badges;
}

/** The latest visit shown of each state, by name. */
function latestVisible(tree: VisitNode[], choices: IterationChoices): Map<string, VisitSummary> {
  const latest = new Map<string, VisitSummary>();
  for (const visit of visibleVisits(tree, choices)) latest.set(visit.name, visit);
  return latest;
}

/** The ARNs of the Map Runs the graph shows: each distributed Map's latest visit shown (its node badge). */
export function shownMapRunArns(tree: VisitNode[], choices: IterationChoices,
  fanOuts: ReadonlyMap<number, FanOutInfo>): string[] {
  const arns: string[] = [];
  for (const visit of latestVisible(tree, choices).values()) {
    const arn = visit.type === "Map" ? fanOuts.get(visit.id)?.mapRun?.arn : null;
    if (arn) arns.push(arn);
  }
  return arns;
}

/** What a Map visit's own events say about its fan-out (the iterations aside). */
export interface FanOutInfo {
  /** How many items (or batches) it started with: MapStateStarted's `length`. */
  length: number | null;
  /** A distributed Map's Map Run (MapRun* events): its iterations are child executions with their own
   *  histories, kept out of this one, so this is all the history tells of them. */
  mapRun: MapRunInfo | null;
}

export interface MapRunInfo {
  arn: string | null;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";
  error: string | null;
  cause: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** The events of one visit (the step panel's list), in history order, from the first `count` events. */
export function eventsOfVisit(events: readonly HistoryEvent[], count: number,
  visitOfEvent: (eventId: number) => number | null | undefined, visitId: number): HistoryEvent[] {
  const mine: HistoryEvent[] = [];
  for (let i = 0; i < count; i++) if (visitOfEvent(events[i].id) === visitId) mine.push(events[i]);
  return mine;
}

const NO_FAN_OUTS: ReadonlyMap<number, FanOutInfo> = new Map();
const NO_COUNTS: ReadonlyMap<string, MapRunCounts> = new Map();
const MAP_RUN_ENDS: Record<string, MapRunInfo["status"]> = {
  MapRunSucceeded: "SUCCEEDED", MapRunFailed: "FAILED", MapRunAborted: "ABORTED",
};

/** FanOutInfo of each Map visit (by visit id) from the first `count` events. */
export function fanOutsOf(events: readonly HistoryEvent[], count: number,
  visitOfEvent: (eventId: number) => number | null | undefined): Map<number, FanOutInfo> {
  const out = new Map<number, FanOutInfo>();
  const infoOf = (eventId: number) => {
    const visitId = visitOfEvent(eventId);
    if (visitId === null || visitId === undefined) return undefined;
    let info = out.get(visitId);
    if (!info) out.set(visitId, (info = { length: null, mapRun: null }));
    return info;
  };
  for (let i = 0; i < count; i++) {
    const event = events[i];
    const type = event.type;
    if (type === "MapStateStarted") {
      const info = infoOf(event.id);
      const length = Number(detailsOf(event).length);
      if (info && Number.isFinite(length)) info.length = length;
    } else if (type.startsWith("MapRun")) {
      const info = infoOf(event.id);
      if (!info) continue;
      const details = detailsOf(event);
      if (type === "MapRunStarted" || type === "MapRunRedriven") {
        info.mapRun = { arn: typeof details.mapRunArn === "string" ? details.mapRunArn : (info.mapRun?.arn ?? null),
          status: "RUNNING", error: null, cause: null, startedAt: info.mapRun?.startedAt ?? event.timestamp,
          endedAt: null };
      } else if (type in MAP_RUN_ENDS && info.mapRun) {
        info.mapRun = { ...info.mapRun, status: MAP_RUN_ENDS[type], endedAt: event.timestamp,
          error: (details.error ?? null) as string | null, cause: (details.cause ?? null) as string | null };
      }
    }
  }
  return out;
}

/** The states inside a distributed Map's item processor: state name -> the Map's name. */
export function distributedStates(definition: unknown): Map<string, string> {
  const inside = new Map<string, string>();
  const walk = (scope: unknown, distributedMap: string | null) => {
    const states = isRecord(scope) ? scope.States : undefined;
    if (!isRecord(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (distributedMap !== null) inside.set(name, distributedMap);
      if (!isRecord(state)) continue;
      if (Array.isArray(state.Branches)) state.Branches.forEach((b) => walk(b, distributedMap));
      const processor = state.ItemProcessor ?? state.Iterator;
      if (isRecord(processor)) {
        const config = processor.ProcessorConfig;
        const distributed = isRecord(config) && config.Mode === "DISTRIBUTED";
        walk(processor, distributed ? name : distributedMap);
      }
    }
  };
  walk(definition, null);
  return inside;
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
