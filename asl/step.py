"""The pure step: what happens when a run enters a state or something it waited for arrives.

A *run* is one thread of execution -- the execution itself, a Parallel branch or a Map
iteration. :func:`enter` starts a state; the :class:`Outcome` it returns either finishes the
state (go to the next state, end the run successfully, fail the run) or says what the run
waits for: a task invocation, a point in time, or child runs. The caller does the waiting --
the in-memory runner in ``asl.runner``, the durable runtime in ``executions/`` -- and then
calls :func:`resume` with what arrived. Nothing here does I/O or reads the clock: the time
comes in with the :class:`Run`.
"""
from __future__ import annotations

import random
from collections import ChainMap
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from asl.context import context_object
from asl.errors import StatesError
from asl.history import History
from asl.resources import Resource

if TYPE_CHECKING:
    from asl.machine import Scope
    from asl.states.base import State


class Run:
    """The mutable position of one run: its scope, variables, clock and history cursor."""

    def __init__(self, scope: Scope, history: History, base_context: dict[str, Any], now: datetime,
                 variables: ChainMap[str, Any] | None = None, rng: random.Random | None = None,
                 last_event_id: int = 0, parallel_branch: bool = False):
        self.scope = scope
        self.parallel_branch = parallel_branch
        self.history = history
        self.base_context = base_context
        self.now = now
        self.variables: ChainMap[str, Any] = variables if variables is not None else ChainMap({})
        self.rng = rng or random.Random()
        self.last_event_id = last_event_id

    def emit(self, event_type: str, details: dict[str, Any] | None = None, *, chain: bool = True) -> int:
        """Record an event after this run's previous one. ``chain=False`` leaves the cursor where it was."""
        event_id = self.history.add(event_type, details, self.last_event_id, self.now)
        if chain:
            self.last_event_id = event_id
        return event_id

    def child(self, scope: Scope, last_event_id: int, history: History | None = None,
              parallel_branch: bool = False) -> Run:
        """A branch or iteration run: a new variable scope that can read this run's variables."""
        return Run(scope, history if history is not None else self.history, self.base_context, self.now,
                   self.variables.new_child(), self.rng, last_event_id, parallel_branch)


@dataclass
class Frame:
    """A run's place inside one state: kept while the state waits, handed back to :func:`resume`."""

    state: str
    input: Any
    entered_event_id: int
    entered_time: datetime
    effective_input: Any = None
    retry_counts: list[int] = field(default_factory=list)
    retry_total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # per state type (Map settings, Wait target, ...)

    def context(self, run: Run, retry_count: int | None = None, map_item: tuple[int, Any] | None = None
                ) -> dict[str, Any]:
        return context_object(run.base_context, self.state, self.entered_time, retry_count, map_item)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready copy, for runtimes that keep a waiting run's frame in a database."""
        return {"state": self.state, "input": self.input, "entered_event_id": self.entered_event_id,
                "entered_time": self.entered_time.isoformat(), "effective_input": self.effective_input,
                "retry_counts": self.retry_counts, "retry_total": self.retry_total, "extra": self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Frame:
        return cls(data["state"], data["input"], data["entered_event_id"],
                   datetime.fromisoformat(data["entered_time"]), data.get("effective_input"),
                   list(data.get("retry_counts", [])), data.get("retry_total", 0), dict(data.get("extra", {})))


LAST_ITERATION_EVENT = "last_iteration_event"


def later(now: datetime, seconds: float) -> datetime:
    """``now`` plus ``seconds``, or the end of the calendar when that lies beyond it."""
    try:
        return now + timedelta(seconds=seconds)
    except OverflowError:
        return datetime.max.replace(tzinfo=now.tzinfo)


# ---- outcomes -----------------------------------------------------------------------------------

class Outcome:
    __slots__ = ()


@dataclass
class Transition(Outcome):
    next_state: str
    output: Any


@dataclass
class RunSucceeded(Outcome):
    output: Any


@dataclass
class RunFailed(Outcome):
    error: str | None  # a Fail state may name no error
    cause: str | None
    state: str | None = None  # where the run failed, and that state's input: where a redrive resumes
    state_input: Any = None


@dataclass
class InvokeTask(Outcome):
    """Invoke ``resource`` with ``payload``; then :func:`resume` with TaskResult or TaskError."""

    frame: Frame
    resource: Resource
    payload: Any
    timeout_seconds: int | None = None
    heartbeat_seconds: int | None = None


@dataclass
class Sleep(Outcome):
    """Resume with :class:`Woke` at ``until`` (a Wait state, or a retry's back-off)."""

    frame: Frame
    until: datetime
    retry: bool = False


@dataclass
class ChildRun:
    scope: Scope
    input: Any
    index: int


@dataclass
class FanOut(Outcome):
    """Run ``children`` (at most ``max_concurrency`` at once, 0 = no limit); then resume with ChildrenDone."""

    frame: Frame
    children: list[ChildRun]
    max_concurrency: int = 0
    map_iterations: bool = False  # inline Map: MapIteration* events around each child
    stop_on_failure: bool = True  # the first failure ends the state (no tolerated failures)
    separate_histories: bool = False  # distributed Map: children are executions with their own history


# ---- what a waiting state is resumed with -------------------------------------------------------

@dataclass
class TaskResult:
    value: Any


@dataclass
class TaskError:
    error: str
    cause: str | None


@dataclass
class Woke:
    pass


@dataclass
class ChildOutcome:
    succeeded: bool
    output: Any = None
    error: str | None = None
    cause: str | None = None


@dataclass
class ChildrenDone:
    outcomes: list[ChildOutcome]


Signal = TaskResult | TaskError | Woke | ChildrenDone


def enter(run: Run, state_name: str, state_input: Any) -> Outcome:
    """Enter ``state_name`` of the run's scope with ``state_input``."""
    state = run.scope.states[state_name]
    entered = run.emit(state.entered_event, {"name": state_name, "input": state_input})
    frame = Frame(state_name, state_input, entered, run.now)
    try:
        return state.enter(run, frame)
    except StatesError as exc:
        return state.handle_error(run, frame, exc)


def resume(run: Run, frame: Frame, signal: Signal) -> Outcome:
    """Continue the state a run is waiting in, with what it waited for."""
    state: State = run.scope.states[frame.state]
    try:
        return state.resume(run, frame, signal)
    except StatesError as exc:
        return state.handle_error(run, frame, exc)


def task_started(run: Run, outcome: InvokeTask) -> None:
    """Record that the task of ``outcome`` has started running (TaskStarted / LambdaFunctionStarted)."""
    resource = outcome.resource
    if resource.legacy_lambda:
        run.emit("LambdaFunctionStarted")
    else:
        run.emit("TaskStarted", dict(resource.history_fields))


def redrive_fan_out(run: Run, frame: Frame, total: int) -> None:
    """Record the new visit of a Map or Parallel state redriven after it failed with its children.

    The caller keeps the children that succeeded and runs the others again (:func:`begin_child`,
    then :func:`resume` with every child's outcome, as the first time). AWS documents that only the
    failed or aborted branches and iterations run again, not the events it writes for it; Stepcraft
    records the state as entered again with the input it had (``<Type>StateEntered``, then
    ``MapStateStarted``/``ParallelStateStarted``, and ``MapRunRedriven`` for a distributed Map), so
    that the re-run children's events hang off a visit of their own, as they do the first time.
    ``frame`` is the state's frame from when it fanned out; its Retry counts start again, as when a
    redrive re-enters any other state.
    """
    state = run.scope.states[frame.state]
    frame.entered_event_id = run.emit(state.entered_event, {"name": frame.state, "input": frame.input})
    frame.entered_time = run.now
    frame.retry_counts = [0] * len(frame.retry_counts)
    frame.retry_total = 0
    frame.extra.pop(LAST_ITERATION_EVENT, None)  # MapStateSucceeded follows this visit's iterations only
    state.redriven(run, frame, total)


def begin_child(run: Run, fan_out: FanOut, child: ChildRun) -> Run:
    """Start one branch or iteration of ``fan_out``: its run, after MapIterationStarted for a Map."""
    if fan_out.separate_histories:
        return run.child(child.scope, 0, History())
    previous = run.last_event_id
    if fan_out.map_iterations:
        previous = run.emit("MapIterationStarted", {"name": fan_out.frame.state, "index": child.index})
    return run.child(child.scope, previous, parallel_branch=not fan_out.map_iterations)


def end_child(run: Run, fan_out: FanOut, child: ChildRun, outcome: ChildOutcome, child_last_event_id: int) -> None:
    """Record the end of one branch or iteration (MapIterationSucceeded / MapIterationFailed).

    AWS chains the parent's next event (the next MapIterationStarted, MapStateFailed) to the
    child's last one, not to the MapIteration* event; only MapStateSucceeded points at the last
    MapIterationSucceeded (kept in the frame under LAST_ITERATION_EVENT).
    """
    if fan_out.separate_histories:
        return
    run.last_event_id = child_last_event_id
    if fan_out.map_iterations:
        event = "MapIterationSucceeded" if outcome.succeeded else "MapIterationFailed"
        ended = run.emit(event, {"name": fan_out.frame.state, "index": child.index}, chain=False)
        if outcome.succeeded:
            fan_out.frame.extra[LAST_ITERATION_EVENT] = ended
