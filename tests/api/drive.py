"""Run executions to the end inside a test, without a worker: call the runtime as the worker would.

With pytest-django's ``db`` fixture nothing commits, so the Celery messages that
``transaction.on_commit`` would send never go; :func:`drive` plays the worker instead, in order.
"""
from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from asl.resources import parse_resource
from designer.models import StateMachine
from designer.services import create_state_machine
from executions import runtime
from executions.handlers import load_handler_modules
from executions.invocation import invoke
from executions.models import Execution, Run, RunStatus
from executions.services import start_execution

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"


def definition(states: dict[str, Any], start: str | None = None) -> str:
    return json.dumps({"StartAt": start or next(iter(states)), "States": states}, indent=2)


def machine_with(owner: User, states: dict[str, Any], name: str = "flow") -> StateMachine:
    return create_state_machine(owner=owner, name=name, definition=definition(states)).machine


def drive(execution: Execution, max_rounds: int = 1000) -> Execution:
    """Advance every active run of ``execution`` until none can move; timers (Wait, retry back-off) fire at once."""
    load_handler_modules()
    for _ in range(max_rounds):
        moved = False
        family = _family(execution)  # with the child executions of its Map Runs, which start as it goes
        for run in Run.objects.filter(execution__in=family, status=RunStatus.ACTIVE).order_by("parent_id", "index"):
            waiting = run.waiting_for or {}
            kind = waiting.get("kind")
            if kind == "timer":
                Run.objects.filter(pk=run.pk).update(waiting_for={**waiting, "until": timezone.now().isoformat()})
                moved = runtime.advance(run.pk, run.sequence) or moved
            elif kind in ("start", "enter"):
                moved = runtime.advance(run.pk, run.sequence) or moved
            elif kind == "task":
                task = runtime.mark_task_started(run.pk, run.sequence)
                if task is not None:
                    result = invoke(parse_resource(task["resource"]), task["payload"], task.get("timeout"))
                    moved = runtime.complete_task(run.pk, run.sequence, result) or moved
        if not moved:
            break
    execution.refresh_from_db()
    return execution


def _family(execution: Execution) -> list[Any]:
    """The execution and its child executions, theirs, and so on."""
    ids, frontier = [execution.pk], [execution.pk]
    while frontier:
        frontier = list(Execution.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def run_to_end(machine: StateMachine, input: Any = None, name: str | None = None) -> Execution:
    text = None if input is None else json.dumps(input)
    return drive(start_execution(machine, name=name, input=text))
