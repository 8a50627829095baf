"""The durable runtime: ``asl.step`` driven from the database, one transaction per advance.

Each advance locks one run (and its execution, which hands out event ids), checks the
run's sequence number -- a duplicated or late message finds a different number and does
nothing -- applies the pure step, appends the history events, stores the new position and,
on commit, enqueues what comes next and publishes the events. Consecutive synchronous states
(Pass, Choice, Succeed, Fail, a Wait whose time has come) are advanced in the same
transaction. Nothing here sleeps: timers and retries are Celery messages with an ETA, and
``wake_at`` lets the sweeper re-send any message that was lost.
"""
from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from asl import step
from asl.context import ExecutionInfo
from asl.errors import ErrorName
from asl.history import History, details_key
from asl.machine import StateMachine, child_scope, parse, scope_at
from asl.resources import parse_resource
from asl.step import (
    LAST_ITERATION_EVENT,
    ChildOutcome,
    ChildrenDone,
    FanOut,
    Frame,
    InvokeTask,
    Outcome,
    RunFailed,
    RunSucceeded,
    Signal,
    Sleep,
    TaskError,
    TaskResult,
    Transition,
    Woke,
)
from executions.models import Execution, ExecutionStatus, HistoryEvent, Run, RunStatus
from executions.publish import publish_events

MAX_HISTORY_EVENTS = 25_000
MAX_PAYLOAD_BYTES = 262_144


def lease() -> timedelta:
    """How long a run may go without news before the sweeper re-sends its message."""
    return timedelta(seconds=settings.STEPCRAFT_LEASE_SECONDS)


@lru_cache(maxsize=256)
def machine_for(revision_id: Any, definition: str) -> StateMachine:
    """Parsed definitions, once per revision and process (revisions are immutable)."""
    return parse(definition)


@lru_cache(maxsize=512)
def _execution_input(execution_id: Any, text: str) -> Any:
    """An execution's input, parsed once per process: every advance of every run needs it (``$$``),
    and a Map's iterations would otherwise parse the same, possibly large, text once each."""
    return json.loads(text)


def execution_info(execution: Execution) -> ExecutionInfo:
    machine = execution.state_machine
    return ExecutionInfo(input=_execution_input(execution.pk, execution.input), state_machine_name=machine.name,
                         execution_name=execution.name, region=settings.STEPCRAFT_REGION,
                         account_id=settings.STEPCRAFT_ACCOUNT_ID, start_time=execution.start_date,
                         redrive_count=execution.redrive_count)


# ---- what an advance leaves to do after commit -------------------------------------------------

@dataclass
class AfterCommit:
    advance: list[tuple[Any, int, datetime | None]] = field(default_factory=list)  # run id, sequence, eta
    invoke: list[tuple[Any, int]] = field(default_factory=list)
    # execution id, its new events, its status, its state machine's id
    published: list[tuple[Any, list[dict[str, Any]], str, Any]] = field(default_factory=list)

    def schedule(self) -> None:
        from executions import tasks  # the Celery entry points import this module

        for run_id, sequence, eta in self.advance:
            if eta is None:
                tasks.advance.apply_async((str(run_id), sequence))
            else:
                tasks.advance.apply_async((str(run_id), sequence), eta=eta)
        for run_id, sequence in self.invoke:
            tasks.invoke.apply_async((str(run_id), sequence))
        for execution_id, events, status, state_machine_id in self.published:
            publish_events(execution_id, events, status, state_machine_id)


class _Advance:
    """One transaction's work on one execution: its runs, the events it adds, what follows."""

    def __init__(self, execution: Execution, now: datetime):
        self.execution = execution
        self.now = now
        self.machine = machine_for(execution.revision_id, execution.revision.definition)
        self.info = execution_info(execution)
        self.base_context = self.info.base_context()
        self.history = History(start_id=execution.next_event_id)
        self.after = AfterCommit()
        self.dirty_runs: dict[Any, Run] = {}
        self._ancestors: dict[Any, dict[str, Any]] = {}  # run id -> its variables, waiting_for, parent id

    # -- runs as the engine sees them --

    def engine_run(self, run: Run) -> step.Run:
        variables: ChainMap[str, Any] = ChainMap(run.variables, *self._outer_variables(run))
        # A distributed Map's iterations are executions of their own on AWS: their events are not
        # part of this execution's history.
        separate = run.parent_id is not None and (self._ancestor(run.parent_id)["waiting_for"] or {}).get(
            "separate_histories")
        history = History() if separate else self.history
        return step.Run(scope_at(self.machine, [tuple(p) for p in run.scope_path]), history,
                        self.base_context, self.now, variables, last_event_id=run.last_event_id,
                        parallel_branch=bool(run.scope_path) and run.scope_path[-1][1] is not None)

    def _ancestor(self, run_id: Any) -> dict[str, Any]:
        """A parent run's few fields a child needs (not its frame: a Map's holds all its items)."""
        if run_id not in self._ancestors:
            self._ancestors[run_id] = dict(Run.objects.values("variables", "waiting_for", "parent_id").get(pk=run_id))
        return self._ancestors[run_id]

    def _outer_variables(self, run: Run) -> list[dict[str, Any]]:
        outer = []
        parent_id = run.parent_id
        while parent_id is not None:
            ancestor = self._ancestor(parent_id)
            outer.append(ancestor["variables"])
            parent_id = ancestor["parent_id"]
        return outer

    def save(self, run: Run, engine_run: step.Run) -> None:
        run.last_event_id = engine_run.last_event_id
        run.variables = engine_run.variables.maps[0]
        self.dirty_runs[run.pk] = run

    # -- the loop --

    def settle(self, run: Run, engine_run: step.Run, outcome: Outcome) -> None:
        """Follow ``outcome`` through synchronous states until the run waits or ends."""
        while True:
            if len(self.history.events) + self.execution.next_event_id > MAX_HISTORY_EVENTS:
                outcome = RunFailed(ErrorName.RUNTIME, "The execution reached the maximum number of history "
                                                       f"events ({MAX_HISTORY_EVENTS}).")
            if isinstance(outcome, Transition):
                outcome = step.enter(engine_run, outcome.next_state, outcome.output)
            elif isinstance(outcome, Sleep) and outcome.until <= self.now:
                outcome = step.resume(engine_run, outcome.frame, Woke())
            else:
                break
        self.save(run, engine_run)
        run.sequence += 1
        if isinstance(outcome, (RunSucceeded, RunFailed)):
            self.finish_run(run, outcome)
        elif isinstance(outcome, InvokeTask):
            self.wait(run, outcome.frame, {"kind": "task", "resource": outcome.resource.arn,
                                           "payload": outcome.payload, "timeout": outcome.timeout_seconds,
                                           "heartbeat": outcome.heartbeat_seconds}, self.now + lease())
            self.after.invoke.append((run.pk, run.sequence))
        elif isinstance(outcome, Sleep):
            self.wait(run, outcome.frame, {"kind": "timer", "until": outcome.until.isoformat()}, outcome.until)
            self.after.advance.append((run.pk, run.sequence, outcome.until))
        elif isinstance(outcome, FanOut):
            self.fan_out(run, engine_run, outcome)
        else:  # pragma: no cover - every outcome type is handled above
            raise TypeError(f"unexpected outcome {outcome!r}")

    def wait(self, run: Run, frame: Frame, waiting_for: dict[str, Any], wake_at: datetime | None) -> None:
        run.state = frame.state
        run.frame = frame.to_json()
        run.waiting_for = waiting_for
        run.wake_at = wake_at

    # -- children --

    def fan_out(self, run: Run, engine_run: step.Run, fan_out: FanOut) -> None:
        frame = fan_out.frame
        self.wait(run, frame, {"kind": "children", "state": frame.state, "total": len(fan_out.children),
                               "max_concurrency": fan_out.max_concurrency,
                               "map_iterations": fan_out.map_iterations,
                               "stop_on_failure": fan_out.stop_on_failure,
                               "separate_histories": fan_out.separate_histories}, None)
        run.children_done = run.children_failed = 0
        if not fan_out.children:
            self.settle(run, engine_run, step.resume(engine_run, frame, ChildrenDone([])))
            return
        parallel = not fan_out.map_iterations and not fan_out.separate_histories
        children = Run.objects.bulk_create([
            Run(execution=self.execution, parent=run, index=child.index, input=child.input,
                scope_path=run.scope_path + [[frame.state, child.index if parallel else None]],
                status=RunStatus.PENDING, variables={})
            for child in fan_out.children
        ])
        limit = fan_out.max_concurrency or len(children)
        for child in children[:limit]:
            self.start_child(run, engine_run, child)

    def _fan_out_of(self, run: Run, engine_run: step.Run) -> FanOut:
        """The FanOut a run waits on, from its small ``waiting_for``; the frame holds only the state's name
        (the full frame, with the state's whole input, is read once, when the last child ends)."""
        waiting = run.waiting_for or {}
        frame = Frame(waiting["state"], None, 0, self.now)
        return FanOut(frame, [], waiting.get("max_concurrency", 0), waiting.get("map_iterations", False),
                      waiting.get("stop_on_failure", True), waiting.get("separate_histories", False))

    def start_child(self, parent: Run, parent_engine_run: step.Run, child: Run) -> None:
        fan_out = self._fan_out_of(parent, parent_engine_run)
        scope = child_scope(parent_engine_run.scope, fan_out.frame.state, child.index)
        child_engine_run = step.begin_child(parent_engine_run, fan_out, step.ChildRun(scope, child.input, child.index))
        self.save(parent, parent_engine_run)
        child.parent = parent
        child.status = RunStatus.ACTIVE
        child.last_event_id = child_engine_run.last_event_id if not fan_out.separate_histories else 0
        child.waiting_for = {"kind": "start"}
        child.wake_at = self.now + lease()
        child.sequence += 1
        self.dirty_runs[child.pk] = child
        self.after.advance.append((child.pk, child.sequence, None))

    def finish_run(self, run: Run, outcome: RunSucceeded | RunFailed) -> None:
        run.frame = run.waiting_for = run.wake_at = None
        if isinstance(outcome, RunSucceeded):
            run.status, run.output = RunStatus.SUCCEEDED, outcome.output
        else:
            run.status, run.error, run.cause = RunStatus.FAILED, outcome.error, outcome.cause
            if outcome.state is not None:  # where a redrive starts again
                run.state = outcome.state
                run.frame = {"state": outcome.state, "input": outcome.state_input}
        if run.parent_id is None:
            self.finish_execution(run, outcome)
        else:
            self.child_finished(run)

    def child_finished(self, child: Run) -> None:
        assert child.parent_id is not None
        parent = Run.objects.select_for_update().defer("frame", "input", "output").get(pk=child.parent_id)
        if parent.status != RunStatus.ACTIVE or (parent.waiting_for or {}).get("kind") != "children":
            return  # the parent has moved on (a sibling failed, the execution stopped)
        parent_engine_run = self.engine_run(parent)
        fan_out = self._fan_out_of(parent, parent_engine_run)
        succeeded = child.status == RunStatus.SUCCEEDED
        outcome = ChildOutcome(succeeded, child.output, child.error, child.cause)
        step.end_child(parent_engine_run, fan_out, step.ChildRun(parent_engine_run.scope, None, child.index), outcome,
                       child.last_event_id)
        waiting = dict(parent.waiting_for or {})
        if LAST_ITERATION_EVENT in fan_out.frame.extra:
            waiting[LAST_ITERATION_EVENT] = fan_out.frame.extra[LAST_ITERATION_EVENT]
        parent.waiting_for = waiting
        parent.children_done += 1
        parent.children_failed += 0 if succeeded else 1
        total = waiting["total"]
        stop = not succeeded and fan_out.stop_on_failure
        if stop:
            # AWS stops the siblings: nothing they would still do may land.
            Run.objects.filter(parent=parent, status__in=[RunStatus.PENDING, RunStatus.ACTIVE]).exclude(
                pk=child.pk).update(status=RunStatus.ABORTED, waiting_for=None, wake_at=None)
        elif parent.children_done < total:
            # Children wait for a MaxConcurrency slot only when there is a limit below their number.
            if 0 < waiting.get("max_concurrency", 0) < total:
                next_child = Run.objects.filter(parent=parent, status=RunStatus.PENDING).order_by("index").first()
                if next_child is not None:
                    self.start_child(parent, parent_engine_run, next_child)
            self.save(parent, parent_engine_run)
            return
        self.dirty_runs[child.pk] = child
        self._flush_runs()  # the children's outcomes are read back from the database below
        finished = Run.objects.filter(parent=parent, status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED])
        outcomes = [ChildOutcome(r.status == RunStatus.SUCCEEDED, r.output, r.error, r.cause)
                    for r in finished.order_by("index")]
        frame = Frame.from_json(Run.objects.values_list("frame", flat=True).get(pk=parent.pk) or {})
        if LAST_ITERATION_EVENT in waiting:
            frame.extra[LAST_ITERATION_EVENT] = waiting[LAST_ITERATION_EVENT]
        self.settle(parent, parent_engine_run, step.resume(parent_engine_run, frame, ChildrenDone(outcomes)))

    # -- the execution --

    def finish_execution(self, root: Run, outcome: RunSucceeded | RunFailed) -> None:
        execution = self.execution
        execution.stop_date = self.now
        if isinstance(outcome, RunSucceeded):
            output = json.dumps(outcome.output, separators=(",", ":"), ensure_ascii=False)
            if len(output.encode()) > MAX_PAYLOAD_BYTES:
                outcome = RunFailed(ErrorName.DATA_LIMIT_EXCEEDED, "The execution output has a size exceeding the "
                                                                   "maximum number of bytes service limit.")
            else:
                execution.status, execution.output = ExecutionStatus.SUCCEEDED, output
                self.history.add("ExecutionSucceeded", {"output": outcome.output}, root.last_event_id, self.now)
                return
        execution.status = ExecutionStatus.FAILED
        execution.error, execution.cause = outcome.error, outcome.cause
        self.history.add("ExecutionFailed", {"error": outcome.error, "cause": outcome.cause}, root.last_event_id,
                         self.now)

    # -- writing it all --

    def _flush_runs(self) -> None:
        for run in self.dirty_runs.values():
            run.save()
        self.dirty_runs.clear()

    def commit(self) -> None:
        """Write runs, events and the execution; arrange what happens after the commit."""
        self._flush_runs()
        execution = self.execution
        rendered = [event.render() for event in self.history.events]
        if execution.history_enabled and rendered:
            HistoryEvent.objects.bulk_create([
                HistoryEvent(execution=execution, event_id=e["id"], previous_event_id=e["previousEventId"],
                             timestamp=event.timestamp, type=e["type"], details=e.get(details_key(e["type"])))
                for e, event in zip(rendered, self.history.events, strict=True)
            ])
        execution.next_event_id = self.history.next_id
        execution.save()
        self.after.published.append((execution.pk, rendered, execution.status, execution.state_machine_id))
        transaction.on_commit(self.after.schedule)


# ---- entry points -----------------------------------------------------------------------------------

def _locked(run_id: Any, sequence: int) -> tuple[Run, Execution] | None:
    """The run and its execution, locked, if the message for (run, sequence) is still current."""
    run = Run.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.sequence != sequence or run.status != RunStatus.ACTIVE:
        return None
    execution = Execution.objects.select_for_update(of=("self",)).select_related("revision", "state_machine").get(
        pk=run.execution_id)
    if execution.status != ExecutionStatus.RUNNING:
        return None
    return run, execution


def advance(run_id: Any, sequence: int, signal: Signal | None = None,
            before: Callable[[_Advance, Run], None] | None = None) -> bool:
    """Move a run on: start it, wake it from a timer, or hand it its task's result.

    Returns False when the message was stale (the run has moved on, or ended).
    """
    with transaction.atomic():
        locked = _locked(run_id, sequence)
        if locked is None:
            return False
        run, execution = locked
        work = _Advance(execution, timezone.now())
        if execution.timeout_at is not None and work.now >= execution.timeout_at:
            time_out(work)
            work.commit()
            return True
        if before is not None:
            before(work, run)
        engine_run = work.engine_run(run)
        waiting = run.waiting_for or {}
        kind = waiting.get("kind")
        if kind == "start":
            outcome = step.enter(engine_run, engine_run.scope.start_at, run.input)
        elif kind == "enter":  # a redrive: the state that did not succeed, with its input
            outcome = step.enter(engine_run, waiting["state"], waiting["input"])
        elif kind == "timer":
            until = datetime.fromisoformat(waiting["until"])
            if until > work.now:  # early (a sweeper's nudge, a clock skew): wait on
                run.sequence += 1
                run.wake_at = until
                work.dirty_runs[run.pk] = run
                work.after.advance.append((run.pk, run.sequence, until))
                work.commit()
                return True
            outcome = step.resume(engine_run, Frame.from_json(run.frame or {}), Woke())
        elif kind == "task" and signal is not None:
            outcome = step.resume(engine_run, Frame.from_json(run.frame or {}), signal)
        else:
            return False
        work.settle(run, engine_run, outcome)
        work.commit()
        return True


def mark_task_started(run_id: Any, sequence: int) -> dict[str, Any] | None:
    """Record TaskStarted once for the task a run waits for; returns that task, or None if stale."""
    with transaction.atomic():
        locked = _locked(run_id, sequence)
        if locked is None:
            return None
        run, execution = locked
        waiting = dict(run.waiting_for or {})
        if waiting.get("kind") != "task":
            return None
        if not waiting.get("started"):
            work = _Advance(execution, timezone.now())
            engine_run = work.engine_run(run)
            frame = Frame.from_json(run.frame or {})
            step.task_started(engine_run, InvokeTask(frame, parse_resource(waiting["resource"]), waiting["payload"]))
            work.save(run, engine_run)
            waiting["started"] = work.now.isoformat()
            run.waiting_for = waiting
            # Past the task's timeout (or the lease) without a result, the sweeper sends it again.
            run.wake_at = work.now + (timedelta(seconds=waiting["timeout"]) if waiting.get("timeout") else lease())
            work.commit()
        waiting["frame"] = run.frame
        waiting["execution_id"] = str(run.execution_id)
        return waiting


def complete_task(run_id: Any, sequence: int, invocation: Any) -> bool:
    """Hand a run the result of its task (an ``executions.invocation.Invocation``) and record the call."""
    from executions.models import TaskInvocation

    signal: TaskResult | TaskError = invocation.signal

    def record(work: _Advance, run: Run) -> None:
        waiting = run.waiting_for or {}
        TaskInvocation.objects.create(
            execution=work.execution, run=run, state=run.state, attempt=(run.frame or {}).get("retry_total", 0),
            resource=waiting.get("resource", ""), input=waiting.get("payload"),
            output=signal.value if isinstance(signal, TaskResult) else None,
            error=signal.error if isinstance(signal, TaskError) else None,
            cause=signal.cause if isinstance(signal, TaskError) else None,
            logs=invocation.logs, started_at=invocation.started_at, finished_at=invocation.finished_at,
            duration_ms=invocation.duration_ms)

    return advance(run_id, sequence, signal, before=record)


def sweep(now: datetime | None = None) -> int:
    """Re-send the message of every run whose ``wake_at`` has passed; time out overdue executions.

    A run is claimed by moving its ``wake_at`` on by a lease in one UPDATE, so two sweepers never
    send the same run's message twice in one lease. Returns how many messages were sent.
    """
    from executions import tasks

    now = now or timezone.now()
    sent = 0
    due = Run.objects.filter(status=RunStatus.ACTIVE, wake_at__lte=now).values_list("pk", "sequence", "waiting_for")
    for run_id, sequence, waiting in list(due[:1000]):
        claimed = Run.objects.filter(pk=run_id, sequence=sequence, wake_at__lte=now).update(wake_at=now + lease())
        if not claimed:
            continue
        if (waiting or {}).get("kind") == "task":
            tasks.invoke.apply_async((str(run_id), sequence))
        else:
            tasks.advance.apply_async((str(run_id), sequence))
        sent += 1
    overdue = Execution.objects.filter(status=ExecutionStatus.RUNNING, timeout_at__lte=now).values_list(
        "pk", flat=True)
    for execution_id in list(overdue[:1000]):
        with transaction.atomic():
            execution = Execution.objects.select_for_update(of=("self",)).select_related(
                "revision", "state_machine").get(pk=execution_id)
            if execution.status == ExecutionStatus.RUNNING:
                work = _Advance(execution, now)
                time_out(work)
                work.commit()
                sent += 1
    return sent


def time_out(work: _Advance) -> None:
    """End the execution with States.Timeout: its TimeoutSeconds have passed."""
    execution = work.execution
    seconds = work.machine.timeout_seconds
    cause = f"The execution exceeded its TimeoutSeconds of {seconds} seconds."
    Run.objects.filter(execution=execution, status__in=[RunStatus.PENDING, RunStatus.ACTIVE]).update(
        status=RunStatus.ABORTED, waiting_for=None, wake_at=None)
    execution.status, execution.error, execution.cause = ExecutionStatus.TIMED_OUT, ErrorName.TIMEOUT, cause
    execution.stop_date = work.now
    work.history.add("ExecutionTimedOut", {"error": ErrorName.TIMEOUT, "cause": cause}, 0, work.now)
