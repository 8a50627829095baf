// The graph view: the definition laid out by the shared canvas, each state coloured by its status, a legend,
// the layout direction, and one iteration picker per Map (the inner graph shows the chosen iteration).
import { useMemo, useState } from "react";
import { StatusLegend, WorkflowCanvas } from "../canvas/WorkflowCanvas";
import { type Graph, pointerOfStateName } from "../core/graph";
import { badgesByName, type FanOutInfo, type IterationChoices, iterationsOf, statusByName, type VisitNode } from "./executionModel";
import { IterationPicker } from "./IterationPicker";
import type { MapRunCounts } from "./mapRun";

interface GraphViewProps {
  definition: unknown;
  graph: Graph;
  names: string[];
  tree: VisitNode[];
  /** What each Map visit's own events say (item counts, a distributed Map's Map Run). */
  fanOuts: ReadonlyMap<number, FanOutInfo>;
  /** A distributed Map's Map Run counts, by Map Run ARN (its node badge: succeeded/total). */
  mapRunCounts: ReadonlyMap<string, MapRunCounts>;
  choices: IterationChoices;
  onChoices: (choices: IterationChoices) => void;
  selectedName: string | null;
  onSelectName: (name: string | null) => void;
}

const DIRECTION_KEY = "stepcraft.viewer.direction";

export function GraphView({
  definition, graph, names, tree, fanOuts, mapRunCounts, choices, onChoices, selectedName, onSelectName,
}: GraphViewProps) {
  const [direction, setDirection] = useState<"DOWN" | "RIGHT">(
    () => (localStorage.getItem(DIRECTION_KEY) === "RIGHT" ? "RIGHT" : "DOWN"));
  const statuses = useMemo(() => statusByName(tree, choices, names), [tree, choices, names]);
  const badges = useMemo(() => badgesByName(tree, choices, fanOuts, mapRunCounts), [tree, choices, fanOuts, mapRunCounts]);
  const maps = useMemo(() => graph.nodes.filter((n) => n.kind === "state" && n.type === "Map").map((n) => n.name), [graph]);
  const nameById = useMemo(() => new Map(graph.nodes.filter((n) => n.kind === "state").map((n) => [n.id, n.name])), [graph]);
  const selected = selectedName ? (pointerOfStateName(graph, selectedName) ?? null) : null;

  const pickers = maps
    .map((name) => ({ name, groups: iterationsOf(tree, choices, name) }))
    .filter((p) => p.groups.length > 0);

  const turn = (next: "DOWN" | "RIGHT") => {
    setDirection(next);
    localStorage.setItem(DIRECTION_KEY, next);
  };

  return (
    <div className="graph-view" data-testid="graph-view">
      <div className="graph-toolbar">
        {pickers.map(({ name, groups }) => (
          <IterationPicker key={name} mapName={name} groups={groups} value={choices[name]}
            onChange={(index) => {
              const next = { ...choices };
              if (index === undefined) delete next[name];
              else next[name] = index;
              onChoices(next);
            }} />
        ))}
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Layout">
          <button type="button" className={direction === "DOWN" ? "active" : ""} onClick={() => turn("DOWN")}
            aria-pressed={direction === "DOWN"}>Vertical</button>
          <button type="button" className={direction === "RIGHT" ? "active" : ""} onClick={() => turn("RIGHT")}
            aria-pressed={direction === "RIGHT"}>Horizontal</button>
        </div>
      </div>
      <WorkflowCanvas className="graph-canvas" definition={definition} direction={direction} statusByName={statuses}
        badgesByName={badges} selected={selected}
        onSelect={(id) => onSelectName(id === null ? null : (nameById.get(id) ?? null))} />
      <div className="graph-legend"><StatusLegend /></div>
    </div>
  );
}
