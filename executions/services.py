"""Writes: starting and stopping executions. (Reads are in ``executions.selectors``.)"""
from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from asl.history import History
from designer.names import name_problem
from executions.models import Execution, ExecutionStatus, Run, RunStatus
from executions.runtime import (
    MAX_HISTORY_EVENTS,
    MAX_PAYLOAD_BYTES,
    AfterCommit,
    Writes,
    abort,
    execution_info,
    lease,
    machine_of_revision,
    redrive_position,
    redrive_root,
)


class ExecutionError(Exception):
    """A request AWS would refuse; ``code`` is AWS's exception name."""

    code = "ValidationException"

    def __init__(self, message: str, pointer: str = ""):
        super().__init__(message)
        self.message = message
        self.pointer = pointer


class ExecutionAlreadyExists(ExecutionError):
    code = "ExecutionAlreadyExists"


class InvalidExecutionInput(ExecutionError):
    code = "InvalidExecutionInput"


class InvalidName(ExecutionError):
    code = "InvalidName"


class ExecutionNotRunning(ExecutionError):
    code = "ValidationException"


def check_name(name: str) -> None:
    problem = name_problem(name)  # AWS's one rule for state machine and execution names
    if problem is not None:
        raise InvalidName(f"Invalid Name: '{name}': {problem}", "/name")


def parse_input(text: str | None) -> Any:
    text = "{}" if text is None else text
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise InvalidExecutionInput(f"The input is larger than {MAX_PAYLOAD_BYTES} bytes.", "/input")
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except ValueError as exc:
        raise InvalidExecutionInput(f"Invalid State Machine Execution Input: '{exc}'", "/input") from None
    if "\\u0000" in text:  # no database stores a NUL character in JSON (PostgreSQL's jsonb refuses it)
        raise InvalidExecutionInput("Invalid State Machine Execution Input: NUL characters are not supported",
                                    "/input")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text} is out of range")
    return value


def start_execution(state_machine: Any, *, name: str | None = None, input: str | None = None,
                    version: Any = None, run_now: bool = True) -> Execution:
    """Start a Standard execution of ``state_machine`` (its current definition, or ``version``).

    As AWS: starting again with the same name and input while the first still runs returns the
    first; any other reuse of a name is ExecutionAlreadyExists.
    """
    text = "{}" if input is None else input
    if not name:
        name = str(uuid.uuid4())  # a fresh name: there is no earlier execution to look for
        data = parse_input(text)
    else:
        check_name(name)
        data = parse_input(text)
        existing = Execution.objects.filter(state_machine=state_machine, name=name).first()
        if existing is not None:
            if existing.status == ExecutionStatus.RUNNING and existing.input == text:
                return existing
            raise ExecutionAlreadyExists(f"Execution Already Exists: '{name}'", "/name")
    revision_id = version.revision_id if version is not None else state_machine.current_revision_id
    machine = machine_of_revision(revision_id)
    now = timezone.now()
    if state_machine.type == "EXPRESS":
        return _start_express(state_machine, revision_id, version, name, text, now, run_now)
    try:
        with transaction.atomic():
            execution = Execution(
                state_machine=state_machine, revision_id=revision_id, version=version, name=name, input=text,
                type=state_machine.type, start_date=now, next_event_id=2,  # event 1 is written below
                timeout_at=now + timedelta(seconds=machine.timeout_seconds) if machine.timeout_seconds else None)
            root = Run(execution=execution, input=data, status=RunStatus.ACTIVE, sequence=1,
                       waiting_for={"kind": "start"}, wake_at=now + lease())
            history = History()
            role_arn = execution_info(execution, state_machine.name).base_context()["Execution"]["RoleArn"]
            history.add("ExecutionStarted", {"input": data, "roleArn": role_arn}, 0, now)
            event = history.events[0].render()
            writes = Writes()  # the three rows in one round trip (on PostgreSQL)
            writes.insert_instances([execution])
            writes.insert_instances([root])
            writes.insert_history(execution.pk, history.events, [event])
            writes.flush()
            after = AfterCommit(advance=[(root.pk, 1, None)],
                                published=[(execution.pk, [event], "RUNNING", execution.state_machine_id)])
            transaction.on_commit(after.schedule)
    except IntegrityError:  # the same name, started concurrently
        raise ExecutionAlreadyExists(f"Execution Already Exists: '{name}'", "/name") from None
    return execution


def _start_express(state_machine: Any, revision_id: Any, version: Any, name: str, text: str, now: Any,
                   run_now: bool) -> Execution:
    """An Express execution: one row now; the whole run happens in one worker task (or in the caller)."""
    from executions import tasks

    try:
        with transaction.atomic():
            execution = Execution.objects.create(state_machine=state_machine, revision_id=revision_id, version=version,
                                                 name=name, input=text, type="EXPRESS", start_date=now)
    except IntegrityError:
        raise ExecutionAlreadyExists(f"Execution Already Exists: '{name}'", "/name") from None
    if run_now:
        transaction.on_commit(lambda: tasks.run_express.apply_async((str(execution.pk),)))
    return execution


REDRIVE_WINDOW = timedelta(days=14)


class ExecutionNotRedrivable(ExecutionError):
    code = "ExecutionNotRedrivable"


class StateMachineTypeNotSupported(ExecutionError):
    code = "StateMachineTypeNotSupported"


def redrive_execution(execution: Execution) -> Execution:
    """Restart a failed, aborted or timed-out Standard execution from where it did not succeed.

    As AWS: same execution, same definition and input; history goes on with ExecutionRedriven;
    states that succeeded are not run again. The root run starts again in the state it stopped in,
    entered again with the input it had -- except a Map (inline or distributed) or Parallel state
    that failed with its children: its branches or iterations that succeeded keep their outputs,
    and only those that failed, were aborted or never started run again, each from where it
    stopped (so, to any depth); then the state ends as it would have the first time, with every
    child's output (``executions.runtime.redrive_position``, ``_Advance.redrive_children``).
    A state that failed before fanning out (its ItemsPath, say) is entered again as a whole.
    Child runs are kept, and with them the logs of every earlier attempt.
    """
    with transaction.atomic():
        execution = Execution.objects.select_for_update(of=("self",)).select_related("state_machine").get(
            pk=execution.pk)
        now = timezone.now()
        if execution.type != "STANDARD":
            raise ExecutionNotRedrivable("Express executions cannot be redriven.")
        if execution.map_run_id is not None:  # AWS: REDRIVABLE_BY_MAP_RUN
            raise ExecutionNotRedrivable("A Map Run's child execution is redriven by its Map Run: redrive the parent "
                                         "execution.")
        if execution.status not in (ExecutionStatus.FAILED, ExecutionStatus.ABORTED, ExecutionStatus.TIMED_OUT):
            raise ExecutionNotRedrivable(f"Execution is {execution.status}: only FAILED, ABORTED and TIMED_OUT "
                                         "executions can be redriven.")
        if execution.stop_date is not None and now - execution.stop_date > REDRIVE_WINDOW:
            raise ExecutionNotRedrivable("Executions can be redriven within 14 days of their end.")
        if execution.next_event_id >= MAX_HISTORY_EVENTS - 1:
            raise ExecutionNotRedrivable("The execution's history is full.")
        root = Run.objects.select_for_update().get(execution=execution, parent=None)
        position = redrive_position(root)
        if position["kind"] == "start":
            raise ExecutionNotRedrivable("The execution ended before entering any state; start it again instead.")
        redrive_root(execution, root, position)
    return execution


def start_sync_execution(state_machine: Any, *, name: str | None = None, input: str | None = None) -> Execution:
    """StartSyncExecution: run an Express execution here and now; returns it finished."""
    from executions.express import run_express

    if state_machine.type != "EXPRESS":
        raise StateMachineTypeNotSupported("StartSyncExecution is only for EXPRESS state machines.")
    execution = start_execution(state_machine, name=name, input=input, run_now=False)
    finished = run_express(execution.pk)
    assert finished is not None  # nobody else can have claimed it: it was never enqueued
    return finished


def stop_execution(execution: Execution, *, error: str | None = None, cause: str | None = None) -> Execution:
    """Abort a running execution: its runs stop where they are; history ends with ExecutionAborted."""
    if error is not None and len(error) > 256:
        raise ExecutionError("error must be at most 256 characters", "/error")
    if cause is not None and len(cause) > 32768:
        raise ExecutionError("cause must be at most 32768 characters", "/cause")
    with transaction.atomic():
        execution = Execution.objects.select_for_update(of=("self",)).select_related("state_machine").get(
            pk=execution.pk)
        if execution.status != ExecutionStatus.RUNNING:
            raise ExecutionNotRunning(f"Execution is not running: '{execution.name}'")
        if execution.map_run_id is not None:
            # Its Map Run waits for it: the parent decides (stopping it aborts the Map Run's children).
            raise ExecutionError("A Map Run's child execution stops with its parent: stop the parent execution.")
        abort(execution, error, cause)
    return execution
