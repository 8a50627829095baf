"""Celery entry points. Each one is small: the work is in ``executions.runtime``.

Messages carry (run id, sequence). Workers acknowledge late, so a message whose worker dies
is delivered again; the sequence check makes that harmless.

Workers keep their database connections from one task to the next (``CELERY_DB_REUSE_MAX``): opening
one per task cost more than the task. A connection that broke (the database restarted) is dropped
before the next task uses it, and the task that met the error is retried.
"""
from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError, connections

from asl.resources import parse_resource
from executions import runtime


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=5, max_retries=20)
def advance(run_id: str, sequence: int) -> bool:
    drop_broken_connections()
    return runtime.advance(run_id, sequence)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=5, max_retries=20)
def invoke(run_id: str, sequence: int) -> bool:
    """Run the task a run waits for, outside any transaction, then hand it its result."""
    from executions.handlers import load_handler_modules
    from executions.invocation import invoke as call_handler

    load_handler_modules()  # idempotent; prefork children start after the worker_ready signal
    drop_broken_connections()
    task: dict[str, Any] | None = runtime.mark_task_started(run_id, sequence)
    if task is None:
        return False
    invocation = call_handler(parse_resource(task["resource"]), task["payload"], task.get("timeout"))
    return runtime.complete_task(run_id, sequence, invocation)


def drop_broken_connections() -> None:
    """Close this thread's database connections that failed and no longer answer (they reconnect on use)."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred:
            if connection.is_usable():  # as Django's close_if_unusable_or_obsolete does
                connection.errors_occurred = False
            else:
                connection.close()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=5, max_retries=20)
def abort_map_run_children(execution_id: str) -> int:
    """Abort the child executions a Map Run that ended early left running."""
    drop_broken_connections()
    return runtime.abort_map_run_children(execution_id)


@shared_task
def sweep() -> int:
    """Re-send the messages of runs that are overdue, and time out executions past their deadline."""
    return runtime.sweep()


@shared_task(acks_late=False)  # at most once: an Express execution is never run twice
def run_express(execution_id: str) -> bool:
    from executions.express import run_express as run

    return run(execution_id) is not None
