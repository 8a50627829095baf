"""Celery entry points. Each one is small: the work is in ``executions.runtime``.

Messages carry (run id, sequence). Workers acknowledge late, so a message whose worker dies
is delivered again; the sequence check makes that harmless.
"""
from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

from asl.resources import parse_resource
from executions import runtime


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=5, max_retries=20)
def advance(run_id: str, sequence: int) -> bool:
    return runtime.advance(run_id, sequence)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=5, max_retries=20)
def invoke(run_id: str, sequence: int) -> bool:
    """Run the task a run waits for, outside any transaction, then hand it its result."""
    from executions.handlers import load_handler_modules
    from executions.invocation import invoke as call_handler

    load_handler_modules()  # idempotent; prefork children start after the worker_ready signal
    task: dict[str, Any] | None = runtime.mark_task_started(run_id, sequence)
    if task is None:
        return False
    invocation = call_handler(parse_resource(task["resource"]), task["payload"], task.get("timeout"))
    return runtime.complete_task(run_id, sequence, invocation)


@shared_task
def sweep() -> int:
    """Re-send the messages of runs that are overdue, and time out executions past their deadline."""
    return runtime.sweep()


@shared_task(acks_late=False)  # at most once: an Express execution is never run twice
def run_express(execution_id: str) -> bool:
    from executions.express import run_express as run

    return run(execution_id) is not None
