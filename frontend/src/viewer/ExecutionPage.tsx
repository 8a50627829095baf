// One execution, live: header and error banner, then Graph / Table / Events views sharing one selection,
// and the step panel of the selected state.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { aslToGraph } from "../core/graph";
import { outline, type VisitSummary } from "../core/summaries";
import { EventsView } from "./EventsView";
import { ExecutionHeader } from "./ExecutionHeader";
import {
  buildVisitTree, distributedStates, fanOutsOf, type IterationChoices, keysToReveal, shownMapRunArns, visitsOf,
} from "./executionModel";
import { GraphView } from "./GraphView";
import { mapRunEventsKey } from "./mapRun";
import { StepPanel } from "./StepPanel";
import { TableView } from "./TableView";
import { useExecutionLive } from "./useExecutionLive";
import { useMapRuns } from "./useMapRuns";
import "./viewer.css";

export type ViewerTab = "graph" | "table" | "events";

/** The state shown in the step panel; `visitId` pins one visit (a loop's second pass, iteration 7's). */
export interface Selection {
  name: string | null;
  visitId: number | null;
}

export default function ExecutionPage() {
  const { executionId = "" } = useParams();
  // ?state=<name> opens with that state selected (the Map Run page links to its Map state so).
  const [searchParams] = useSearchParams();
  const linkedState = searchParams.get("state");
  const live = useExecutionLive(executionId);
  const [tab, setTab] = useState<ViewerTab>("graph");
  const [selection, setSelection] = useState<Selection>({ name: linkedState, visitId: null });
  const [choices, setChoices] = useState<IterationChoices>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const definition = live.definition?.definition;
  const graph = useMemo(() => aslToGraph(definition ?? {}), [definition]);
  const names = useMemo(() => outline(definition).names, [definition]);
  const statesByName = useMemo(() => {
    const map: Record<string, Record<string, unknown>> = {};
    for (const node of graph.nodes) if (node.kind === "state" && node.state) map[node.name] = node.state;
    return map;
  }, [graph]);
  const tree = useMemo(() => buildVisitTree(live.visits), [live.visits]);
  const { events, eventCount, visitOfEvent } = live;
  const fanOuts = useMemo(() => fanOutsOf(events, eventCount, visitOfEvent), [events, eventCount, visitOfEvent]);
  const inDistributedMap = useMemo(() => distributedStates(definition), [definition]);

  useEffect(() => {
    setSelection({ name: linkedState, visitId: null });
    setChoices({});
    setExpanded(new Set());
  }, [executionId, linkedState]);

  const selectedVisit: VisitSummary | undefined = useMemo(() => {
    if (!selection.name) return undefined;
    if (selection.visitId !== null) {
      const pinned = live.visits.find((v) => v.id === selection.visitId);
      if (pinned) return pinned;
    }
    const shown = visitsOf(tree, choices, selection.name);
    return shown[shown.length - 1];
  }, [selection, live.visits, tree, choices]);

  /** Select a visit everywhere: its Map iterations chosen in the graph, its rows opened in the table. */
  const selectVisit = useCallback((visit: VisitSummary) => {
    setSelection({ name: visit.name, visitId: visit.id });
    setChoices((current) => {
      const next = { ...current };
      for (const step of visit.path) if (statesByName[step.state]?.Type === "Map") next[step.state] = step.index;
      return next;
    });
    setExpanded((current) => new Set([...current, ...keysToReveal(tree, visit.id)]));
  }, [statesByName, tree]);

  // The Map Runs of the distributed Maps: read when the history brings MapRun* events, their counts polled while
  // they run, for the graph's badges and the selected Map's Map Run box.
  const mapRunsKey = useMemo(() => mapRunEventsKey([...fanOuts.values()].map((f) => f.mapRun)), [fanOuts]);
  const selectedMapRunArn = selectedVisit ? (fanOuts.get(selectedVisit.id)?.mapRun?.arn ?? null) : null;
  const wantedMapRuns = useMemo(() => {
    const arns = shownMapRunArns(tree, choices, fanOuts);
    return selectedMapRunArn ? [...arns, selectedMapRunArn] : arns;
  }, [tree, choices, fanOuts, selectedMapRunArn]);
  const mapRuns = useMapRuns(executionId, mapRunsKey, wantedMapRuns);
  const mapRunCounts = useMemo(
    () => new Map([...mapRuns.details].map(([arn, detail]) => [arn, detail.item_counts])), [mapRuns.details]);

  const selectName = useCallback((name: string | null) => setSelection({ name, visitId: null }), []);

  if (live.loadError) return <div className="page"><div className="error-text">{live.loadError}</div></div>;
  if (!live.detail) return <div className="loading">Loading…</div>;

  return (
    <div className="execution-page" data-testid="execution-page" data-execution-status={live.detail.status}>
      <ExecutionHeader live={live} onShowStep={selectVisit} />
      <div className="viewer-body">
        <div className="viewer-main">
          <div className="tabs" role="tablist">
            {(["graph", "table", "events"] as const).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? "active" : ""}
                onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                {t === "graph" ? "Graph view" : t === "table" ? "Table view" : `Events (${live.eventCount})`}
              </button>
            ))}
          </div>
          {tab === "graph" && definition !== undefined && (
            <GraphView definition={definition} graph={graph} names={names} tree={tree} fanOuts={fanOuts} choices={choices}
              mapRunCounts={mapRunCounts} onChoices={setChoices} selectedName={selection.name} onSelectName={selectName} />
          )}
          {tab === "table" && (
            <TableView tree={tree} live={live} statesByName={statesByName} expanded={expanded} onExpanded={setExpanded}
              selectedVisitId={selectedVisit?.id ?? null} onSelectVisit={selectVisit} />
          )}
          {tab === "events" && <EventsView live={live} onSelectVisit={selectVisit} selectedVisitId={selectedVisit?.id ?? null} />}
        </div>
        {selection.name && (
          <StepPanel key={selection.name} executionId={executionId} name={selection.name} visit={selectedVisit}
            state={statesByName[selection.name]} live={live} tree={tree} choices={choices} onChoices={setChoices}
            fanOut={selectedVisit ? fanOuts.get(selectedVisit.id) : undefined}
            mapRun={selectedMapRunArn ? {
              summary: mapRuns.runs.find((r) => r.map_run_arn === selectedMapRunArn),
              detail: mapRuns.details.get(selectedMapRunArn),
            } : undefined}
            distributedMap={inDistributedMap.get(selection.name)}
            queryLanguage={(definition as { QueryLanguage?: unknown } | undefined)?.QueryLanguage}
            onSelectVisit={selectVisit} onClose={() => selectName(null)} />
        )}
      </div>
    </div>
  );
}
