"""Per-state summaries of an execution, derived from its history events alone (pure: no Django).

The execution viewer colours each state and shows its input, output, timing, attempts and logs.
All of that is in the history, if one knows which events belong to which *visit* (one entry into
a state, in one Map iteration or Parallel branch). Events say it through ``previousEventId``:

- a ``<Type>StateEntered`` chained to ``MapIterationStarted`` starts iteration ``index`` of that
  Map; one chained to ``ParallelStateStarted`` starts a branch (which one: the branch whose
  ``StartAt`` is the state, from the definition, else the order branches show up in); one chained
  to 0 or to an execution event (ExecutionStarted, ExecutionRedriven) is at the machine's root;
  any other continues the thread of the event it follows;
- other events belong to the visit of the event they follow, except the events a Map or
  Parallel state records when its children end (``MapIteration*``, ``MapState*``,
  ``ParallelState*``, their ``StateExited``): those follow the *child's* last event, as on AWS,
  and belong to the nearest enclosing Map/Parallel visit still waiting for its children.

Statuses (the AWS console's): a visit with its ``StateExited`` SUCCEEDED, or CAUGHT_ERROR when
its last task/branch outcome before that was a failure (a retry that then succeeded is a
success). A visit left without ``StateExited`` when its thread ends (the execution ends, its
iteration or its Map/Parallel state ends) FAILED if the failure came from there (a failure event
of its own, a Fail state, or the ending event points at it), else CANCELLED; an abort or timeout
of the execution cancels every visit still open. Visits still open at the end are IN_PROGRESS.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

NOT_STARTED = "NOT_STARTED"
IN_PROGRESS = "IN_PROGRESS"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
CAUGHT_ERROR = "CAUGHT_ERROR"
CANCELLED = "CANCELLED"
STATUSES = (NOT_STARTED, IN_PROGRESS, SUCCEEDED, FAILED, CAUGHT_ERROR, CANCELLED)

_STATE_TYPES = ("Task", "Pass", "Wait", "Choice", "Parallel", "Map", "Succeed", "Fail")
# AWS's HistoryEventType enum, and the <Type>StateAborted of every state type (the engine aborts any
# state ending a Parallel branch).
EVENT_TYPES = frozenset({
    *(f"{t}State{x}" for t in _STATE_TYPES for x in ("Entered", "Exited", "Aborted")),
    "ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut",
    "ExecutionRedriven", "TaskScheduled", "TaskStarted", "TaskStartFailed", "TaskSubmitted", "TaskSubmitFailed",
    "TaskSucceeded", "TaskFailed", "TaskTimedOut", "ActivityScheduled", "ActivityScheduleFailed", "ActivityStarted",
    "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut", "LambdaFunctionScheduled",
    "LambdaFunctionScheduleFailed", "LambdaFunctionStarted", "LambdaFunctionStartFailed", "LambdaFunctionSucceeded",
    "LambdaFunctionFailed", "LambdaFunctionTimedOut", "ParallelStateStarted", "ParallelStateSucceeded",
    "ParallelStateFailed", "MapStateStarted", "MapStateSucceeded", "MapStateFailed", "MapIterationStarted",
    "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted", "MapRunStarted", "MapRunSucceeded",
    "MapRunFailed", "MapRunAborted", "MapRunRedriven", "EvaluationFailed",
})
SCHEDULED = frozenset({"TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled"})
_FAILURES = frozenset({
    "TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
    "ActivityFailed", "ActivityScheduleFailed", "ActivityTimedOut",
    "LambdaFunctionFailed", "LambdaFunctionScheduleFailed", "LambdaFunctionStartFailed", "LambdaFunctionTimedOut",
    "EvaluationFailed", "MapRunFailed",
})
_SUCCESSES = frozenset({"TaskSucceeded", "ActivitySucceeded", "LambdaFunctionSucceeded", "MapRunSucceeded"})
_FAN_OUT_ENDS = {  # event -> (state type, failed?)
    "MapStateSucceeded": ("Map", False), "MapStateFailed": ("Map", True),
    "ParallelStateSucceeded": ("Parallel", False), "ParallelStateFailed": ("Parallel", True),
}
_ITERATION_EVENTS = frozenset({"MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed",
                               "MapIterationAborted"})
# Worst first: what a state's node shows when its visits (iterations, branches) differ.
_ROLL_UP = (IN_PROGRESS, FAILED, CAUGHT_ERROR, CANCELLED, SUCCEEDED)


def details_of(event: Mapping[str, Any]) -> dict[str, Any]:
    """The ``<x>EventDetails`` object of an AWS-shaped event ({} when it has none)."""
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def _json(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


Thread = tuple[tuple[int, int], ...]  # (Map/Parallel visit id, iteration or branch index), outermost first


@dataclass
class Visit:
    """One entry into a state, in one thread (the root, an iteration, a branch)."""

    id: int  # the StateEntered event's id
    name: str
    type: str
    thread: Thread
    path: tuple[tuple[str, int], ...]  # the same with state names: what a reader sees
    number: int  # 0 for the first visit of this state in this thread, 1 for the next (loops)
    entered_at: str
    input: Any
    output: Any = None
    exited_at: str | None = None
    ended_at: str | None = None
    status: str | None = None  # None while open
    attempts: int = 0
    error: str | None = None
    cause: str | None = None
    last_failed: bool = False  # its latest task/branch outcome was a failure
    failed_here: bool = False  # an ending event points at it: the failure came from here
    fanning: bool = False  # a Map/Parallel waiting for its children
    failed_child: Visit | None = None  # the child visit its failure came from
    branches_seen: int = 0
    invocations: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        entered, ended = _time(self.entered_at), _time(self.exited_at or self.ended_at)
        duration = (ended - entered).total_seconds() * 1000 if entered and ended else None
        return {
            "id": self.id, "name": self.name, "type": self.type,
            "path": [{"state": state, "index": index} for state, index in self.path],
            "visit": self.number, "status": self.status or IN_PROGRESS,
            "input": self.input, "output": self.output,
            "entered_at": self.entered_at, "exited_at": self.exited_at or self.ended_at,
            "duration_ms": duration, "attempts": self.attempts, "error": self.error, "cause": self.cause,
            "invocations": self.invocations,
        }


class _Summarizer:
    def __init__(self, branch_starts: Mapping[str, Mapping[str, int]]):
        self.branch_starts = branch_starts
        self.visits: list[Visit] = []
        self.by_id: dict[int, Visit] = {}
        self.owner: dict[int, Visit | None] = {}  # event id -> its visit (None: an execution event)
        self.types: dict[int, str] = {}
        self.iteration_index: dict[int, int] = {}  # MapIterationStarted id -> index
        self.counts: dict[tuple[Any, str], int] = {}
        self.open: dict[int, Visit] = {}
        # Big Maps have thousands of threads: ending one must not look at every open visit.
        self.open_in: dict[Thread, dict[int, Visit]] = {}
        self.subthreads: dict[Thread, set[Thread]] = {}

    # -- helpers --

    def spawner(self, visit: Visit) -> Visit | None:
        return self.by_id.get(visit.thread[-1][0]) if visit.thread else None

    def climb(self, visit: Visit | None, wanted: Callable[[Visit], bool]) -> Visit | None:
        """``visit`` or the nearest Map/Parallel visit enclosing it that is ``wanted``; else the latest such."""
        while visit is not None:
            if wanted(visit):
                return visit
            visit = self.spawner(visit)
        return next((v for v in reversed(self.visits) if v.id in self.open and wanted(v)), None)

    def end(self, visit: Visit, status: str, when: str) -> None:
        visit.status, visit.ended_at = status, when
        visit.fanning = False
        self.open.pop(visit.id, None)
        self.open_in.get(visit.thread, {}).pop(visit.id, None)

    def stop(self, visit: Visit, when: str, cancel: bool) -> None:
        """End a visit its thread's end leaves open: FAILED where the failure came from, else CANCELLED."""
        failed = not cancel and (visit.failed_here or visit.last_failed or visit.type == "Fail")
        self.end(visit, FAILED if failed else CANCELLED, when)

    def end_all(self, when: str, cancel: bool = False) -> None:
        for visit in list(self.open.values()):
            self.stop(visit, when, cancel)

    def end_threads(self, threads: Iterable[Thread], when: str, cancel: bool = False) -> None:
        """End the open visits of ``threads`` and of every thread started inside them."""
        stack = list(threads)
        while stack:
            thread = stack.pop()
            for visit in list(self.open_in.get(thread, {}).values()):
                self.stop(visit, when, cancel)
            stack.extend(self.subthreads.get(thread, ()))

    def children_of(self, visit: Visit) -> list[Thread]:
        return [thread for thread in self.subthreads.get(visit.thread, ()) if thread[-1][0] == visit.id]

    def blame(self, visit: Visit | None, error: str | None, cause: str | None) -> None:
        """Give a failure's error to the visit it ended and, down the chain, to where it came from."""
        while visit is not None and visit.error is None:
            visit.error, visit.cause = error, cause
            visit = visit.failed_child

    # -- events --

    def add(self, event: Mapping[str, Any]) -> None:
        event_id, previous, kind = int(event["id"]), int(event.get("previousEventId") or 0), str(event["type"])
        details, when = details_of(event), str(event.get("timestamp", ""))
        self.types[event_id] = kind
        if kind.endswith("StateEntered"):
            self.enter(event_id, previous, kind[: -len("StateEntered")], details, when)
        elif kind.startswith("Execution"):
            self.owner[event_id] = None
            self.execution_event(kind, self.owner.get(previous), details, when)
        elif kind.endswith("StateExited"):
            self.exited(event_id, previous, kind[: -len("StateExited")], details, when)
        elif kind in _ITERATION_EVENTS:
            self.iteration(event_id, previous, kind, details, when)
        elif kind in _FAN_OUT_ENDS:
            self.fan_out_ended(event_id, previous, kind, details, when)
        else:
            self.state_event(event_id, self.owner.get(previous), kind, details, when)

    def enter(self, event_id: int, previous: int, type: str, details: dict[str, Any], when: str) -> None:
        name = str(details.get("name", ""))
        before, before_type = self.owner.get(previous), self.types.get(previous)
        thread: Thread = ()
        path: tuple[tuple[str, int], ...] = ()
        if before is not None and before_type == "MapIterationStarted":
            index = self.iteration_index.get(previous, 0)
            thread, path = before.thread + ((before.id, index),), before.path + ((before.name, index),)
        elif before is not None and before_type == "ParallelStateStarted":
            known = self.branch_starts.get(before.name, {}).get(name)
            index = before.branches_seen if known is None else known
            before.branches_seen += 1
            thread, path = before.thread + ((before.id, index),), before.path + ((before.name, index),)
        elif before is not None:
            thread, path = before.thread, before.path
        if thread and before is not None and thread != before.thread:
            self.subthreads.setdefault(before.thread, set()).add(thread)
        number = self.counts.get((thread, name), 0)
        self.counts[(thread, name)] = number + 1
        visit = Visit(event_id, name, type, thread, path, number, when, _json(details.get("input")))
        self.visits.append(visit)
        self.by_id[event_id] = self.open[event_id] = visit
        self.open_in.setdefault(thread, {})[event_id] = visit
        self.owner[event_id] = visit

    def execution_event(self, kind: str, before: Visit | None, details: dict[str, Any], when: str) -> None:
        if kind == "ExecutionFailed":
            if before is not None and before.id in self.open:
                before.failed_here = True
                self.blame(before, details.get("error"), details.get("cause"))
            self.end_all(when)
        elif kind in ("ExecutionAborted", "ExecutionTimedOut", "ExecutionSucceeded"):
            self.end_all(when, cancel=True)  # (nothing is open when an execution succeeds)

    def state_event(self, event_id: int, visit: Visit | None, kind: str, details: dict[str, Any], when: str) -> None:
        self.owner[event_id] = visit
        if visit is None:
            return
        if kind in SCHEDULED:
            visit.attempts += 1
        elif kind in _FAILURES:
            visit.last_failed = True
            visit.error, visit.cause = details.get("error"), details.get("cause")
        elif kind in _SUCCESSES:
            visit.last_failed = False
            visit.error = visit.cause = None
        elif kind in ("MapStateStarted", "ParallelStateStarted"):
            visit.fanning = True
        elif kind.endswith("StateAborted") and visit.fanning:  # a Map or Parallel stopped: so are its children
            visit.fanning = False
            self.end_threads(self.children_of(visit), when, cancel=True)

    def exited(self, event_id: int, previous: int, type: str, details: dict[str, Any], when: str) -> None:
        name = details.get("name")
        visit = self.climb(self.owner.get(previous),
                           lambda v: v.id in self.open and v.name == name and v.type == type)
        self.owner[event_id] = visit
        if visit is None:
            return
        visit.output, visit.exited_at = _json(details.get("output")), when
        self.end(visit, CAUGHT_ERROR if visit.last_failed else SUCCEEDED, when)

    def iteration(self, event_id: int, previous: int, kind: str, details: dict[str, Any], when: str) -> None:
        before = self.owner.get(previous)
        name, index = details.get("name"), int(details.get("index", 0))
        visit = self.climb(before, lambda v: v.fanning and v.type == "Map" and v.name == name)
        self.owner[event_id] = visit
        if visit is None:
            return
        if kind == "MapIterationStarted":
            self.iteration_index[event_id] = index
            return
        iteration = visit.thread + ((visit.id, index),)
        if kind == "MapIterationFailed" and before is not None and before.id in self.open \
                and before.thread[:len(iteration)] == iteration:
            before.failed_here = True
            visit.failed_child = visit.failed_child or before
        self.end_threads([iteration], when, cancel=kind == "MapIterationAborted")

    def fan_out_ended(self, event_id: int, previous: int, kind: str, details: dict[str, Any], when: str) -> None:
        type, failed = _FAN_OUT_ENDS[kind]
        before = self.owner.get(previous)
        visit = self.climb(before, lambda v: v.fanning and v.type == type)
        self.owner[event_id] = visit
        if visit is None:
            return
        depth = len(visit.thread)
        if failed and before is not None and before.id in self.open and len(before.thread) > depth \
                and before.thread[depth][0] == visit.id:
            before.failed_here = True
            visit.failed_child = visit.failed_child or before
        visit.last_failed, visit.fanning = failed, False
        self.end_threads(self.children_of(visit), when)


def summarize(events: Iterable[Mapping[str, Any]], *, branch_starts: Mapping[str, Mapping[str, int]] | None = None,
              invocations: Iterable[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """One summary per state visit, in the order states were entered.

    ``events`` are AWS-shaped history events (``id``, ``previousEventId``, ``timestamp``,
    ``type``, ``<x>EventDetails``); ``branch_starts`` maps each Parallel state's name to
    ``{StartAt of a branch: branch index}`` (see :func:`outline`); ``invocations`` are task
    invocations, each with ``state``, ``path`` (``[[Map or Parallel state, index], ...]``),
    ``started_at`` and whatever else should be shown: each goes to the latest visit of that
    state in that thread entered before it started.
    """
    summarizer = _Summarizer(branch_starts or {})
    for event in sorted(events, key=lambda e: int(e["id"])):
        summarizer.add(event)
    _attach(summarizer.visits, invocations)
    return [visit.as_json() for visit in summarizer.visits]


def _attach(visits: Sequence[Visit], invocations: Iterable[Mapping[str, Any]]) -> None:
    by_place: dict[tuple[Any, str], list[Visit]] = {}
    for visit in visits:
        by_place.setdefault((visit.path, visit.name), []).append(visit)
    for invocation in invocations:
        path = tuple((str(state), int(index)) for state, index in invocation.get("path", []))
        started = _time(invocation.get("started_at"))
        candidates = by_place.get((path, str(invocation.get("state"))), [])
        chosen = None
        for visit in candidates:
            entered = _time(visit.entered_at)
            if started is None or entered is None or entered <= started:
                chosen = visit
        if chosen is not None:
            chosen.invocations.append({k: v for k, v in invocation.items() if k not in ("path", "state")})


def roll_up(summaries: Iterable[Mapping[str, Any]], state_names: Iterable[str] = ()) -> dict[str, str]:
    """One status per state name, for the graph: NOT_STARTED if never entered; otherwise the worst
    status among its threads (iterations, branches), each thread counting its latest visit."""
    latest: dict[tuple[Any, str], str] = {}
    for summary in summaries:
        place = (tuple((p["state"], p["index"]) for p in summary["path"]), summary["name"])
        latest[place] = summary["status"]
    rolled: dict[str, str] = {name: NOT_STARTED for name in state_names}
    for (_, name), status in latest.items():
        current = rolled.get(name, NOT_STARTED)
        rolled[name] = status if current == NOT_STARTED else min(current, status, key=_ROLL_UP.index)
    return rolled


def _states_of(scope: Any) -> list[str]:
    states = scope.get("States") if isinstance(scope, dict) else None
    return list(states) if isinstance(states, dict) else []


def outline(definition: Any) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Every state name of a definition (nested ones too), and for each Parallel which branch each of its
    branches' top-level states is in (a branch is told apart by the first state entered in it)."""
    names: list[str] = []
    branch_starts: dict[str, dict[str, int]] = {}

    def walk(scope: Any) -> None:
        states = scope.get("States") if isinstance(scope, dict) else None
        if not isinstance(states, dict):
            return
        for name, state in states.items():
            names.append(name)
            if not isinstance(state, dict):
                continue
            branches = state.get("Branches")
            if isinstance(branches, list):
                # Every top-level state of a branch, not only its StartAt: a redriven branch resumes where it failed.
                branch_starts[name] = {str(inner): i for i, b in enumerate(branches)
                                       for inner in _states_of(b)}
                for branch in branches:
                    walk(branch)
            walk(state.get("ItemProcessor") or state.get("Iterator"))

    walk(definition)
    return names, branch_starts
