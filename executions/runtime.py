"""The durable runtime: ``asl.step`` driven from the database, one transaction per advance.

Each advance locks one run (and its execution, which hands out event ids), checks the
run's sequence number -- a duplicated or late message finds a different number and does
nothing -- applies the pure step, appends the history events, stores the new position and,
on commit, enqueues what comes next and publishes the events. Consecutive synchronous states
(Pass, Choice, Succeed, Fail, a Wait whose time has come) are advanced in the same
transaction. Nothing here sleeps: timers and retries are Celery messages with an ETA, and
``wake_at`` lets the sweeper re-send any message that was lost.

Redrive (see :func:`redrive_position`) starts a run again where it stopped; a Map or Parallel
state that failed with its children keeps the children that succeeded and re-runs the others,
each from where it stopped in turn. To tell the children of one fan-out from those of an earlier
one (a retry, a loop, another Map of the same run), each fan-out has a *generation*, the run's
sequence number when it fanned out: in the parent's ``waiting_for`` and as the third item of the
children's last ``scope_path`` entry.

A Distributed Map's iterations are child executions of its Map Run (``MapRun``), as on AWS: each
child run moves into an execution of its own when it starts (ExecutionStarted, its own history and
ARN ``…:execution:<machine>/<label>:<name>``); when it ends, the same transaction locks the parent
execution and hands the outcome to the waiting Map (``_Advance.map_run_child_ended``). Running child
executions are aborted after a commit that ends their Map Run early (``abort_map_run_children``),
never while the parent is locked, so that no transaction waits for a child while holding its parent.
"""
from __future__ import annotations

import json
import uuid
from collections import ChainMap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import F
from django.utils import timezone

from asl import step
from asl.context import ExecutionInfo
from asl.errors import ErrorName
from asl.history import Event, History, details_key, to_json_text
from asl.machine import StateMachine, child_scope, parse, scope_at
from asl.resources import parse_resource
from asl.states.map_state import MAP_RUN_ARN
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
from executions.models import Execution, ExecutionStatus, HistoryEvent, MapRun, MapRunStatus, Run, RunStatus
from executions.publish import publish_events

MAX_HISTORY_EVENTS = 25_000
MAX_PAYLOAD_BYTES = 262_144
# What an advance may change in a run: an UPDATE leaves out the rest (its place in the tree, its input).
RUN_MUTABLE_FIELDS = ("status", "sequence", "state", "frame", "waiting_for", "wake_at", "last_event_id", "variables",
                      "output", "error", "cause", "children_done", "children_failed")
HISTORY_EVENT_FIELDS = ("execution", "event_id", "previous_event_id", "timestamp", "type", "details")


def lease() -> timedelta:
    """How long a run may go without news before the sweeper re-sends its message."""
    return timedelta(seconds=settings.STEPCRAFT_LEASE_SECONDS)


@lru_cache(maxsize=256)
def machine_of_revision(revision_id: Any) -> StateMachine:
    """A revision's parsed definition, read and parsed once per process (revisions are immutable), so an
    advance need not read the definition's text again."""
    from designer.models import DefinitionRevision

    return parse(DefinitionRevision.objects.values_list("definition", flat=True).get(pk=revision_id))


@lru_cache(maxsize=512)
def _execution_input(execution_id: Any, text: str) -> Any:
    """An execution's input, parsed once per process: every advance of every run needs it (``$$``),
    and a Map's iterations would otherwise parse the same, possibly large, text once each."""
    return json.loads(text)


@lru_cache(maxsize=1024)
def map_run_label(map_run_id: Any) -> str:
    """A Map Run's label (it never changes): part of its child executions' ARNs."""
    return MapRun.objects.values_list("label", flat=True).get(pk=map_run_id)


def execution_info(execution: Execution, state_machine_name: str | None = None) -> ExecutionInfo:
    if state_machine_name is None:
        state_machine_name = execution.state_machine.name
    if execution.map_run_id is not None:  # $$.StateMachine.Id and $$.Execution.Id of a Map Run's child
        state_machine_name = f"{state_machine_name}/{map_run_label(execution.map_run_id)}"
    return ExecutionInfo(input=_execution_input(execution.pk, execution.input), state_machine_name=state_machine_name,
                         execution_name=execution.name, region=settings.STEPCRAFT_REGION,
                         account_id=settings.STEPCRAFT_ACCOUNT_ID, start_time=execution.start_date,
                         redrive_count=execution.redrive_count)


# ---- the hot path's statements, without the ORM's query compiler ------------------------------------
# Every advance writes a run, some history events and its execution. Through the ORM each statement is
# compiled anew (several times the cost of running it), and on PostgreSQL a bulk_create sends its rows as
# arrays, which psycopg quotes slowly (JSON strings all the more). ``Writes`` builds the same statements
# directly -- values still go through each field's get_db_prep_save, as the ORM's would -- and sends them
# together.

_MAX_PARAMS = 3000  # parameters per INSERT: well inside SQLite's limit
Statement = tuple[str, list[Any]]


class Writes:
    """The writes of one transaction, sent when flushed: on PostgreSQL in one round trip (several statements
    in one query, which client-side binding allows), elsewhere one statement at a time.

    For models whose primary key is set in Python (or never read back) and that have no signal receivers.
    """

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.db = connections[DEFAULT_DB_ALIAS]  # the thread's connection (``connection`` looks it up each time)
        self.batched = self.db.vendor == "postgresql" and not self.db.settings_dict.get("OPTIONS", {}).get(
            "server_side_binding")  # server-side binding prepares one statement at a time

    def insert_rows(self, model: type[models.Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """INSERT ``rows`` (values of the fields ``names``, in that order) into ``model``'s table."""
        self._insert(model, [model._meta.get_field(name) for name in names], rows)

    def insert_instances(self, instances: list[Any]) -> None:
        """What ``bulk_create(instances)`` does; the instances count as saved from then on."""
        if not instances:
            return
        fields = list(instances[0]._meta.concrete_fields)
        self._insert(type(instances[0]), fields, [tuple(f.pre_save(obj, True) for f in fields) for obj in instances])
        for obj in instances:
            obj._state.adding = False
            obj._state.db = self.db.alias

    def insert_history(self, execution_id: Any, events: list[Event], rendered: list[dict[str, Any]]) -> None:
        """INSERT an execution's new history events (``rendered``: their AWS shapes)."""
        if not events:
            return
        if not self.batched:
            self.insert_rows(HistoryEvent, HISTORY_EVENT_FIELDS, [
                (execution_id, e["id"], e["previousEventId"], event.timestamp, e["type"], e.get(details_key(e["type"])))
                for e, event in zip(rendered, events, strict=True)
            ])
            return
        # On PostgreSQL the rows travel as one JSON array: one parameter however many events there are
        # (psycopg parses a statement with many placeholders anew each time, and quotes each value).
        rows = []
        for e, event in zip(rendered, events, strict=True):
            row = {"i": e["id"], "p": e["previousEventId"], "t": event.timestamp.isoformat(), "y": e["type"]}
            details = e.get(details_key(e["type"]))
            if details is not None:  # a missing key is SQL NULL, as the ORM stores None
                row["d"] = details
            rows.append(row)
        quote = self.db.ops.quote_name
        meta: Any = HistoryEvent._meta
        columns = ", ".join(quote(meta.get_field(name).column) for name in HISTORY_EVENT_FIELDS)
        self.statements.append((
            f"INSERT INTO {quote(HistoryEvent._meta.db_table)} ({columns}) SELECT %s, e.i, e.p, e.t, e.y, e.d "
            "FROM jsonb_to_recordset(%s::jsonb) AS e(i integer, p integer, t timestamptz, y text, d jsonb)",
            [Execution._meta.get_field("id").get_db_prep_value(execution_id, self.db), to_json_text(rows)]))

    def update(self, instance: models.Model, names: Iterable[str]) -> None:
        """What ``instance.save(update_fields=names)`` writes."""
        meta: Any = instance._meta
        db = self.db
        quote = db.ops.quote_name
        fields: list[Any] = [meta.get_field(name) for name in names]
        params = [field.get_db_prep_save(getattr(instance, field.attname), db) for field in fields]
        params.append(meta.pk.get_db_prep_value(instance.pk, db))
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        self.statements.append(
            (f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s", params))

    def flush(self) -> None:
        statements, self.statements = self.statements, []
        if not statements:
            return
        with self.db.cursor() as cursor:
            if len(statements) > 1 and self.batched:
                cursor.execute("; ".join(sql for sql, _ in statements), [p for _, params in statements for p in params])
            else:
                for sql, params in statements:
                    cursor.execute(sql, params)

    def _insert(self, model: type[models.Model], fields: list[Any], rows: list[tuple[Any, ...]]) -> None:
        db = self.db
        quote = db.ops.quote_name
        head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        batch_rows = max(1, _MAX_PARAMS // len(fields))
        for start in range(0, len(rows), batch_rows):
            batch = rows[start:start + batch_rows]
            params = [field.get_db_prep_save(value, db)
                      for row in batch for field, value in zip(fields, row, strict=True)]
            self.statements.append((head + ", ".join([row_sql] * len(batch)), params))


# ---- what an advance leaves to do after commit -------------------------------------------------

@dataclass
class AfterCommit:
    advance: list[tuple[Any, int, datetime | None]] = field(default_factory=list)  # run id, sequence, eta
    invoke: list[tuple[Any, int]] = field(default_factory=list)
    # execution id, its new events, its status, its state machine's id
    published: list[tuple[Any, list[dict[str, Any]], str, Any]] = field(default_factory=list)
    abort_children_of: list[Any] = field(default_factory=list)  # executions whose Map Runs ended early

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
        for execution_id in self.abort_children_of:
            tasks.abort_map_run_children.apply_async((str(execution_id),))


class _Advance:
    """One transaction's work on one execution: its runs, the events it adds, what follows."""

    def __init__(self, execution: Execution, now: datetime, state_machine_name: str | None = None):
        self.execution = execution
        self.now = now
        self.machine = machine_of_revision(execution.revision_id)
        self.info = execution_info(execution, state_machine_name)
        self.base_context = self.info.base_context()
        self.history = History(start_id=execution.next_event_id)
        self.after = AfterCommit()
        self.dirty_runs: dict[Any, Run] = {}
        self.writes = Writes()
        self.execution_fields: set[str] = set()  # the execution's columns this advance changed
        self._ancestors: dict[Any, dict[str, Any]] = {}  # run id -> its variables, waiting_for, parent id

    # -- runs as the engine sees them --

    def engine_run(self, run: Run) -> step.Run:
        variables: ChainMap[str, Any] = ChainMap(run.variables, *self._outer_variables(run))
        return step.Run(scope_at(self.machine, [(p[0], p[1]) for p in run.scope_path]), self.history,
                        self.base_context, self.now, variables, last_event_id=run.last_event_id,
                        parallel_branch=bool(run.scope_path) and run.scope_path[-1][1] is not None)

    def _ancestor(self, run_id: Any) -> dict[str, Any]:
        """A parent run's few fields a child needs (not its frame: a Map's holds all its items)."""
        if run_id not in self._ancestors:
            self._ancestors[run_id] = dict(Run.objects.values("variables", "waiting_for", "parent_id",
                                                              "execution_id").get(pk=run_id))
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

    def settle(self, run: Run, engine_run: step.Run, outcome: Outcome,
               fan_out: dict[str, Any] | None = None) -> None:
        """Follow ``outcome`` through synchronous states until the run waits or ends.

        ``fan_out``: the position of the Map/Parallel state that ``outcome`` ends (its frame and its
        ``waiting_for``), kept if that state fails the run, so that a redrive keeps its children.
        """
        first = outcome
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
            self.finish_run(run, outcome, fan_out if outcome is first else None)
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
        generation = run.sequence  # bumped by every transition: no earlier fan-out of this run had it
        waiting = {"kind": "children", "state": frame.state, "total": len(fan_out.children),
                   "max_concurrency": fan_out.max_concurrency, "map_iterations": fan_out.map_iterations,
                   "stop_on_failure": fan_out.stop_on_failure, "separate_histories": fan_out.separate_histories,
                   "generation": generation}
        if fan_out.separate_histories:
            map_run = self.create_map_run(engine_run, fan_out)
            waiting.update(map_run_id=str(map_run.pk), child_type=map_run.child_type)
        self.wait(run, frame, waiting, None)
        run.children_done = run.children_failed = 0
        if not fan_out.children:
            self.settle(run, engine_run, step.resume(engine_run, frame, ChildrenDone([])))
            if fan_out.separate_histories:  # a Map Run of no items ends at once
                self.writes.flush()
                self.end_map_run(map_run.pk)
            return
        parallel = not fan_out.map_iterations and not fan_out.separate_histories
        children = [
            Run(execution=self.execution, parent=run, index=child.index, input=child.input,
                scope_path=run.scope_path + [[frame.state, child.index if parallel else None, generation]],
                status=RunStatus.PENDING, variables={})
            for child in fan_out.children
        ]
        self.writes.insert_instances(children)
        self.writes.flush()
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

    @staticmethod
    def children_of(parent: Run, waiting: dict[str, Any]) -> models.QuerySet[Run]:
        """The children of the fan-out ``parent`` waits on (``waiting``: its ``waiting_for``), not of earlier ones."""
        children = Run.objects.filter(parent=parent)
        generation = waiting.get("generation")
        if generation is not None:  # (runs that fanned out before generations existed have none)
            children = children.filter(**{f"scope_path__{len(parent.scope_path)}__2": generation})
        return children

    def start_child(self, parent: Run, parent_engine_run: step.Run, child: Run) -> None:
        fan_out = self._fan_out_of(parent, parent_engine_run)
        scope = child_scope(parent_engine_run.scope, fan_out.frame.state, child.index)
        child_engine_run = step.begin_child(parent_engine_run, fan_out, step.ChildRun(scope, child.input, child.index))
        self.save(parent, parent_engine_run)
        child.parent = parent
        child.status = RunStatus.ACTIVE
        child.last_event_id = child_engine_run.last_event_id
        # A new child starts at its StartAt; one that ran before (a redriven fan-out) where it stopped.
        position = redrive_position(child)
        child.waiting_for = {"kind": "start"} if position["kind"] == "start" else {"kind": "enter",
                                                                                    "position": position}
        child.error = child.cause = None
        if fan_out.separate_histories:
            self.start_map_run_child(parent, child)
        child.wake_at = self.now + lease()
        child.sequence += 1
        self.dirty_runs[child.pk] = child
        self.after.advance.append((child.pk, child.sequence, None))

    def finish_run(self, run: Run, outcome: RunSucceeded | RunFailed, fan_out: dict[str, Any] | None = None) -> None:
        run.frame = run.waiting_for = run.wake_at = None
        if isinstance(outcome, RunSucceeded):
            run.status, run.output = RunStatus.SUCCEEDED, outcome.output
        else:
            run.status, run.error, run.cause = RunStatus.FAILED, outcome.error, outcome.cause
            if outcome.state is not None:  # where a redrive starts again
                run.state = outcome.state
                run.frame = {"state": outcome.state, "input": outcome.state_input}
                if fan_out is not None and fan_out["frame"].get("state") == outcome.state:
                    run.frame["children"] = fan_out  # failed with its children: a redrive keeps those that succeeded
        if run.parent_id is None:
            self.finish_execution(run, outcome)
        elif self._ancestor(run.parent_id)["execution_id"] != run.execution_id:  # a Map Run's child execution
            self.finish_execution(run, outcome)
            if self.execution.status == ExecutionStatus.FAILED and run.status == RunStatus.SUCCEEDED:
                # Its output was too large for an execution (DataLimitExceeded): the Map sees that failure.
                run.status, run.output = RunStatus.FAILED, None
                run.error, run.cause = self.execution.error, self.execution.cause
            self.map_run_child_ended(run)
        else:
            self.child_finished(run)

    def child_finished(self, child: Run) -> None:
        assert child.parent_id is not None
        parent = Run.objects.select_for_update().defer("frame", "input", "output").get(pk=child.parent_id)
        if parent.status != RunStatus.ACTIVE or (parent.waiting_for or {}).get("kind") != "children":
            return  # the parent has moved on (a sibling failed, the execution stopped)
        if (parent.waiting_for or {}).get("generation") != generation_of(child):
            return  # a child of an earlier fan-out, still running when its parent moved on
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
            # AWS stops the siblings: nothing they would still do may land. (Their waiting_for stays: where a
            # redrive starts them again.) Only this fan-out's children can be PENDING or ACTIVE here.
            siblings = Run.objects.filter(parent=parent, status__in=[RunStatus.PENDING, RunStatus.ACTIVE]).exclude(
                pk=child.pk)
            if fan_out.separate_histories:
                # Those started are child executions: aborted after this commit (abort_map_run_children),
                # not here, where their parent is locked. Those not started never will be.
                siblings = siblings.filter(execution_id=parent.execution_id)
                self.after.abort_children_of.append(self.execution.pk)
            siblings.update(status=RunStatus.ABORTED, wake_at=None)
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
        self.writes.flush()
        finished = self.children_of(parent, waiting).filter(status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED])
        outcomes = [ChildOutcome(r.status == RunStatus.SUCCEEDED, r.output, r.error, r.cause)
                    for r in finished.order_by("index")]
        frame_json = Run.objects.values_list("frame", flat=True).get(pk=parent.pk) or {}
        frame = Frame.from_json(frame_json)
        if LAST_ITERATION_EVENT in waiting:
            frame.extra[LAST_ITERATION_EVENT] = waiting[LAST_ITERATION_EVENT]
        self.settle(parent, parent_engine_run, step.resume(parent_engine_run, frame, ChildrenDone(outcomes)),
                    fan_out={"frame": frame_json, "waiting": waiting})
        if "map_run_id" in waiting:
            self.end_map_run(waiting["map_run_id"])

    # -- Map Runs: a Distributed Map's iterations as child executions --

    def create_map_run(self, engine_run: step.Run, fan_out: FanOut) -> MapRun:
        frame = fan_out.frame
        state = engine_run.scope.states[frame.state]
        config = (state.raw.get("ItemProcessor") or state.raw.get("Iterator") or {}).get("ProcessorConfig") or {}
        percentage = frame.extra.get("percentage")
        map_run = MapRun(execution=self.execution, state=frame.state,
                         label=state.raw.get("Label") or frame.state, arn=frame.extra.get(MAP_RUN_ARN, ""),
                         child_type=config.get("ExecutionType", "STANDARD"), start_date=self.now,
                         item_count=len(fan_out.children), max_concurrency=fan_out.max_concurrency,
                         tolerated_failure_count=frame.extra.get("count"),
                         tolerated_failure_percentage=None if percentage is None else float(percentage))
        self.writes.insert_instances([map_run])
        return map_run

    def start_map_run_child(self, parent: Run, child: Run) -> None:
        """Give a Distributed Map's iteration its child execution (or, redriven, run that execution again)."""
        waiting = parent.waiting_for or {}
        if child.execution_id == self.execution.pk:  # its first start: a new execution, of the same revision
            history = History()
            role_arn = self.base_context["Execution"]["RoleArn"]
            history.add("ExecutionStarted", {"input": child.input, "roleArn": role_arn}, 0, self.now)
            execution = Execution(
                id=uuid.uuid4(), state_machine_id=self.execution.state_machine_id,
                revision_id=self.execution.revision_id, version_id=self.execution.version_id,
                parent_id=self.execution.pk, map_run_id=waiting["map_run_id"], name=str(uuid.uuid4()),
                type=waiting.get("child_type", "STANDARD"), status=ExecutionStatus.RUNNING,
                input=to_json_text(child.input), start_date=self.now, next_event_id=history.next_id)
            self.writes.insert_instances([execution])
            child.execution_id = execution.pk
            self.writes.update(child, ["execution"])
        else:  # a redrive of its parent: the Map Run redrives this child execution (as RedriveExecution would)
            child_work = _Advance(Execution.objects.select_for_update(of=("self",)).select_related(
                "state_machine").get(pk=child.execution_id), self.now)
            child.last_event_id = redriven(child_work)
            child_work.commit()
            return
        rendered = [event.render() for event in history.events]
        self.writes.insert_history(execution.pk, history.events, rendered)
        child.last_event_id = history.events[-1].id
        # Child executions are not in their machine's execution list: their events go to their own page only.
        self.after.published.append((execution.pk, rendered, ExecutionStatus.RUNNING, None))

    def map_run_child_ended(self, child: Run) -> None:
        """A Map Run's child execution has ended (this advance wrote its last event): tell the waiting Map,
        in the parent execution, in this transaction (the parent's lock is taken after the child's)."""
        parent_execution_id = self._ancestor(child.parent_id)["execution_id"]
        parent_execution = Execution.objects.select_for_update(of=("self",)).select_related("state_machine").get(
            pk=parent_execution_id)
        if parent_execution.status != ExecutionStatus.RUNNING:
            return  # stopped or timed out meanwhile: its Map Run's children are being aborted
        parent_work = _Advance(parent_execution, self.now)
        parent_work.child_finished(child)
        parent_work.commit()

    def end_map_run(self, map_run_id: Any) -> None:
        """Record a Map Run's end, from the MapRun* event this advance wrote for it, if any."""
        ends = {"MapRunSucceeded": MapRunStatus.SUCCEEDED, "MapRunFailed": MapRunStatus.FAILED,
                "MapRunAborted": MapRunStatus.ABORTED}
        status = next((ends[e.type] for e in reversed(self.history.events) if e.type in ends), None)
        if status is not None:
            MapRun.objects.filter(pk=map_run_id).update(status=status, stop_date=self.now)

    # -- redrive --

    def redrive_children(self, run: Run, engine_run: step.Run, position: dict[str, Any]) -> None:
        """Redrive a Map or Parallel state that failed with its children: those that succeeded keep their
        outputs; the others run again (at most MaxConcurrency at once), each from where it stopped; when the
        last one ends, the state resumes with every child's outcome as if it had never failed."""
        frame = Frame.from_json(position["frame"])
        waiting = {key: value for key, value in position["waiting"].items() if key != LAST_ITERATION_EVENT}
        total = waiting["total"]
        children = list(self.children_of(run, waiting).order_by("index"))
        if [child.index for child in children] != list(range(total)):  # not the fan-out's children: all again
            self.settle(run, engine_run, step.enter(engine_run, frame.state, frame.input))
            return
        step.redrive_fan_out(engine_run, frame, total)
        if "map_run_id" in waiting:  # MapRunRedriven: the same Map Run runs its unsuccessful children again
            MapRun.objects.filter(pk=waiting["map_run_id"]).update(
                status=MapRunStatus.RUNNING, stop_date=None, redrive_count=F("redrive_count") + 1,
                redrive_date=self.now)
        again = [child for child in children if child.status != RunStatus.SUCCEEDED]
        self.save(run, engine_run)
        run.sequence += 1
        self.wait(run, frame, waiting, None)
        run.children_done, run.children_failed = total - len(again), 0
        if not again:  # the state failed after its children (ResultSelector, Catch...): it ends again now
            outcomes = [ChildOutcome(True, child.output) for child in children]
            self.settle(run, engine_run, step.resume(engine_run, frame, ChildrenDone(outcomes)),
                        fan_out={"frame": position["frame"], "waiting": waiting})
            if "map_run_id" in waiting:
                self.end_map_run(waiting["map_run_id"])
            return
        for child in again:
            child.status, child.wake_at = RunStatus.PENDING, None
            child.sequence += 1  # whatever message it still had in flight is stale
            self.dirty_runs[child.pk] = child
        for child in again[:waiting.get("max_concurrency") or len(again)]:
            self.start_child(run, engine_run, child)

    # -- the execution --

    def finish_execution(self, root: Run, outcome: RunSucceeded | RunFailed) -> None:
        execution = self.execution
        execution.stop_date = self.now
        self.execution_fields.update(("status", "output", "error", "cause", "stop_date"))
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
            deferred = run.get_deferred_fields()
            self.writes.update(run, [name for name in RUN_MUTABLE_FIELDS if name not in deferred])
        self.dirty_runs.clear()

    def commit(self) -> None:
        """Write runs, events and the execution; arrange what happens after the commit."""
        self._flush_runs()
        execution = self.execution
        rendered = [event.render() for event in self.history.events]
        if execution.history_enabled and rendered:
            self.writes.insert_history(execution.pk, self.history.events, rendered)
        if rendered:
            execution.next_event_id = self.history.next_id
            self.execution_fields.add("next_event_id")
        if self.execution_fields:
            self.writes.update(execution, sorted(self.execution_fields))
        self.writes.flush()
        machine_group = execution.state_machine_id if execution.map_run_id is None else None  # not listed
        self.after.published.append((execution.pk, rendered, execution.status, machine_group))
        transaction.on_commit(self.after.schedule)


# ---- redrive ---------------------------------------------------------------------------------------

def generation_of(child: Run) -> int | None:
    """The fan-out a child run belongs to (None for children from before generations were recorded)."""
    place = child.scope_path[-1] if child.scope_path else []
    return place[2] if len(place) > 2 else None


def redrive_position(run: Run) -> dict[str, Any]:
    """Where a run that did not succeed starts again when its execution is redriven.

    ``{"kind": "start"}``: from its StartAt (it never entered a state); ``{"kind": "enter", "state", "input"}``:
    the state it stopped in, entered again with the input it had; ``{"kind": "children", "frame", "waiting"}``:
    a Map or Parallel state that failed (or was stopped) with its children, which a redrive keeps
    (``_Advance.redrive_children``). Read from what the run kept when it failed or was aborted.
    """
    waiting = run.waiting_for or {}
    kind = waiting.get("kind")
    if kind == "enter":  # redriven before, and stopped before it could move
        return waiting.get("position") or {"kind": "enter", "state": waiting["state"], "input": waiting["input"]}
    frame = run.frame or {}
    if kind == "children" and waiting.get("generation") is not None and "state" in frame:
        return {"kind": "children", "frame": frame, "waiting": waiting}
    if "children" in frame:
        return {"kind": "children", **frame["children"]}
    if "state" in frame:
        return {"kind": "enter", "state": frame["state"], "input": frame.get("input")}
    return {"kind": "start"}


# ---- entry points -----------------------------------------------------------------------------------

def _locked(run_id: Any, sequence: int) -> tuple[Run, Execution, str] | None:
    """The run and its execution, locked (one query), if the message for (run, sequence) is still current;
    with the state machine's name (the context object's ``$$.StateMachine.Name``)."""
    sql, run_converters, execution_converters = _lock_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [Run._meta.get_field("id").get_db_prep_value(run_id, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(run_converters)
    run = Run.from_db(connection.alias, (), _convert(row[:width], run_converters))
    if run.sequence != sequence or run.status != RunStatus.ACTIVE:
        return None
    execution = Execution.from_db(connection.alias, (), _convert(row[width:-1], execution_converters))
    if execution.status != ExecutionStatus.RUNNING:
        return None
    run.execution = execution
    return run, execution, row[-1]


_Converters = list[tuple[Any, list[Callable[..., Any]]]]
_lock_statements: dict[str, tuple[str, _Converters, _Converters]] = {}


def _lock_statement() -> tuple[str, _Converters, _Converters]:
    """SELECT run, execution, state machine name ... FOR UPDATE OF run, execution; with each column's converters
    (what the ORM applies to values read: JSON decoding, SQLite's UUIDs and dates ...). Built once per database."""
    cached = _lock_statements.get(connection.vendor)
    if cached is not None:
        return cached
    from designer.models import StateMachine

    quote = connection.ops.quote_name

    def columns(model: type[models.Model], alias: str) -> tuple[list[str], _Converters]:
        names, converters = [], []
        for model_field in model._meta.concrete_fields:
            column = model_field.get_col(alias)
            names.append(f"{quote(alias)}.{quote(model_field.column)}")
            converters.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
        return names, converters

    run_columns, run_converters = columns(Run, "r")
    execution_columns, execution_converters = columns(Execution, "e")
    sql = (f"SELECT {', '.join(run_columns + execution_columns)}, {quote('m')}.{quote('name')} "
           f"FROM {quote(Run._meta.db_table)} {quote('r')} "
           f"INNER JOIN {quote(Execution._meta.db_table)} {quote('e')} ON {quote('e')}.{quote('id')} = "
           f"{quote('r')}.{quote('execution_id')} "
           f"INNER JOIN {quote(StateMachine._meta.db_table)} {quote('m')} ON {quote('m')}.{quote('id')} = "
           f"{quote('e')}.{quote('state_machine_id')} "
           f"WHERE {quote('r')}.{quote('id')} = %s")
    if connection.features.has_select_for_update_of:
        sql += " " + connection.ops.for_update_sql(of=(quote("r"), quote("e")))
    elif connection.features.has_select_for_update:  # pragma: no cover - no such backend is configured
        sql += " " + connection.ops.for_update_sql()
    _lock_statements[connection.vendor] = (sql, run_converters, execution_converters)
    return _lock_statements[connection.vendor]


def _convert(values: tuple[Any, ...], converters: _Converters) -> list[Any]:
    converted = []
    for value, (column, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return converted


def advance(run_id: Any, sequence: int, signal: Signal | None = None,
            before: Callable[[_Advance, Run], None] | None = None) -> bool:
    """Move a run on: start it, wake it from a timer, or hand it its task's result.

    Returns False when the message was stale (the run has moved on, or ended).
    """
    with transaction.atomic():
        locked = _locked(run_id, sequence)
        if locked is None:
            return False
        run, execution, state_machine_name = locked
        work = _Advance(execution, timezone.now(), state_machine_name)
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
        elif kind == "enter":  # a redrive: where the run stopped (see redrive_position)
            position = redrive_position(run)
            if position["kind"] == "children":
                work.redrive_children(run, engine_run, position)
                work.commit()
                return True
            if position["kind"] == "start":
                outcome = step.enter(engine_run, engine_run.scope.start_at, run.input)
            else:
                outcome = step.enter(engine_run, position["state"], position["input"])
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
        run, execution, state_machine_name = locked
        waiting = dict(run.waiting_for or {})
        if waiting.get("kind") != "task":
            return None
        if not waiting.get("started"):
            work = _Advance(execution, timezone.now(), state_machine_name)
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
    # Child executions left running by a Map Run that ended early, if the message to abort them was lost.
    orphaned = Execution.objects.filter(
        status=ExecutionStatus.RUNNING, map_run__isnull=False, start_date__lte=now - lease()).exclude(
        map_run__status=MapRunStatus.RUNNING, map_run__execution__status=ExecutionStatus.RUNNING)
    for parent_id in set(orphaned.values_list("map_run__execution_id", flat=True)[:1000]):
        tasks.abort_map_run_children.apply_async((str(parent_id),))
        sent += 1
    overdue = Execution.objects.filter(status=ExecutionStatus.RUNNING, timeout_at__lte=now).values_list(
        "pk", flat=True)
    for execution_id in list(overdue[:1000]):
        with transaction.atomic():
            execution = Execution.objects.select_for_update(of=("self",)).select_related(
                "state_machine").get(pk=execution_id)
            if execution.status == ExecutionStatus.RUNNING:
                work = _Advance(execution, now)
                time_out(work)
                work.commit()
                sent += 1
    return sent


def time_out(work: _Advance) -> None:
    """End the execution with States.Timeout: its TimeoutSeconds have passed."""
    cause = f"The execution exceeded its TimeoutSeconds of {work.machine.timeout_seconds} seconds."
    _end_early(work, ExecutionStatus.TIMED_OUT, "ExecutionTimedOut", ErrorName.TIMEOUT, cause)


def abort(execution: Execution, error: str | None = None, cause: str | None = None) -> None:
    """End a running execution ABORTED (StopExecution, or its Map Run ended early); its row must be locked
    by this transaction, with its state machine at hand."""
    work = _Advance(execution, timezone.now())
    _end_early(work, ExecutionStatus.ABORTED, "ExecutionAborted", error, cause)
    work.commit()


def redriven(work: _Advance) -> int:
    """Make ``work``'s ended execution run again (RedriveExecution, or its Map Run redriving it): RUNNING, with
    ExecutionRedriven in its history and a new deadline; returns that event's id."""
    execution = work.execution
    execution.redrive_count += 1
    event_id = work.history.add("ExecutionRedriven", {"redriveCount": execution.redrive_count}, 0, work.now)
    execution.status, execution.redrive_date = ExecutionStatus.RUNNING, work.now
    execution.stop_date = execution.output = execution.error = execution.cause = None
    if work.machine.timeout_seconds and execution.map_run_id is None:  # (TimeoutSeconds is the parent's)
        execution.timeout_at = work.now + timedelta(seconds=work.machine.timeout_seconds)
    work.execution_fields.update(("status", "redrive_count", "redrive_date", "stop_date", "output", "error", "cause",
                                  "timeout_at"))
    return event_id


def redrive_root(execution: Execution, root: Run, position: dict[str, Any]) -> None:
    """RedriveExecution's work, once ``executions.services`` has checked it may: the root run starts again at
    ``position`` (:func:`redrive_position`). The execution's row and the root's must be locked."""
    # Runs an ended execution left ACTIVE or PENDING (below a branch stopped by its sibling's failure) must not
    # move on their own once it runs again: the redrive restarts them, from the root down, where they stopped
    # (their waiting_for and frame stay). A new sequence number makes their messages stale.
    Run.objects.filter(execution=execution, status__in=[RunStatus.PENDING, RunStatus.ACTIVE]).exclude(
        pk=root.pk).update(status=RunStatus.ABORTED, sequence=F("sequence") + 1, wake_at=None)
    work = _Advance(execution, timezone.now())
    root.status, root.sequence = RunStatus.ACTIVE, root.sequence + 1
    root.waiting_for = {"kind": "enter", "position": position}
    root.frame, root.error, root.cause = None, None, None
    root.wake_at = work.now + lease()  # the sweeper re-sends a lost message
    root.last_event_id = redriven(work)
    work.dirty_runs[root.pk] = root
    work.after.advance.append((root.pk, root.sequence, None))
    work.commit()


def _end_early(work: _Advance, status: str, event: str, error: str | None, cause: str | None) -> None:
    """Stop the execution's runs where they are and end it: a new sequence number makes whatever message they
    still have in flight a no-op; their waiting_for stays (where a redrive starts them again). Children its
    Map Runs still run are aborted after the commit."""
    execution = work.execution
    Run.objects.filter(execution=execution, status__in=[RunStatus.PENDING, RunStatus.ACTIVE]).update(
        status=RunStatus.ABORTED, sequence=F("sequence") + 1, wake_at=None)
    execution.status, execution.error, execution.cause, execution.stop_date = status, error, cause, work.now
    work.execution_fields.update(("status", "error", "cause", "stop_date"))
    work.history.add(event, {"error": error, "cause": cause}, 0, work.now)
    if MapRun.objects.filter(execution=execution, status=MapRunStatus.RUNNING).exists():
        work.after.abort_children_of.append(execution.pk)


def abort_map_run_children(execution_id: Any) -> int:
    """Abort the running child executions of an execution's Map Runs that ended early (the execution was
    stopped or timed out, or a Map failed on a child's failure); returns how many. Each child in a
    transaction of its own, its parent not locked: see the module's docstring."""
    now = timezone.now()
    MapRun.objects.filter(execution_id=execution_id, status=MapRunStatus.RUNNING).exclude(
        execution__status=ExecutionStatus.RUNNING).update(status=MapRunStatus.ABORTED, stop_date=now)
    running = Execution.objects.filter(map_run__execution_id=execution_id, status=ExecutionStatus.RUNNING).exclude(
        map_run__status=MapRunStatus.RUNNING)
    aborted = 0
    for child_id in list(running.values_list("pk", flat=True)):
        with transaction.atomic():
            child = Execution.objects.select_for_update(of=("self",)).select_related("state_machine").get(pk=child_id)
            if child.status != ExecutionStatus.RUNNING:
                continue
            abort(child)  # and, after the commit, its own Map Runs' children in turn
            aborted += 1
    return aborted
