"""Express workflows: the whole execution in memory, in one worker task or in the request (sync start).

As on AWS: at most once (a claimed execution never runs twice), at most five minutes, and the
history kept only as the state machine's logging level asks (ALL: always, ERROR: when the
execution did not succeed, OFF: never).
"""
from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from asl.runner import ExecutionResult, Runner
from asl.step import InvokeTask, TaskError, TaskResult
from executions.models import Execution, ExecutionStatus, HistoryEvent
from executions.runtime import AfterCommit, execution_info, machine_of_revision

MAX_EXPRESS_SECONDS = 300
_STATUS = {"SUCCEEDED": ExecutionStatus.SUCCEEDED, "FAILED": ExecutionStatus.FAILED,
           "TIMED_OUT": ExecutionStatus.TIMED_OUT}


class ExpressRunner(Runner):
    """The in-memory runner on the real clock, calling registered handlers (with timeouts and logs)."""

    def current_time(self) -> datetime:
        return timezone.now()

    def wait_until(self, when: datetime) -> None:
        delay = (when - timezone.now()).total_seconds()
        if delay > 0:
            time.sleep(delay)

    def invoke(self, task: InvokeTask) -> TaskResult | TaskError:
        from executions.invocation import invoke

        return invoke(task.resource, task.payload, task.timeout_seconds).signal


def keeps_history(level: str, result: ExecutionResult) -> bool:
    return level == "ALL" or (level == "ERROR" and result.status != "SUCCEEDED")


def run_express(execution_id: Any) -> Execution | None:
    """Claim and run an Express execution; None when it was claimed already (at most once)."""
    from executions.handlers import load_handler_modules

    load_handler_modules()
    if not Execution.objects.filter(pk=execution_id, next_event_id=1).update(next_event_id=2):
        return None
    execution = Execution.objects.select_related("state_machine").get(pk=execution_id)
    machine = machine_of_revision(execution.revision_id)
    info = execution_info(execution)
    info.start_time = timezone.now()
    result = ExpressRunner(machine, info, {}, max_seconds=MAX_EXPRESS_SECONDS).execute()
    level = execution.state_machine.logging_level
    with transaction.atomic():
        rendered = [event.render() for event in result.events]
        if keeps_history(level, result):
            from asl.history import details_key

            HistoryEvent.objects.bulk_create([
                HistoryEvent(execution=execution, event_id=e["id"], previous_event_id=e["previousEventId"],
                             timestamp=event.timestamp, type=e["type"], details=e.get(details_key(e["type"])))
                for e, event in zip(rendered, result.events.events, strict=True)])
        execution.status = _STATUS[result.status]
        execution.output = (json.dumps(result.output, separators=(",", ":"), ensure_ascii=False)
                            if result.status == "SUCCEEDED" else None)
        execution.error, execution.cause = result.error, result.cause
        execution.stop_date = timezone.now()
        execution.history_enabled = keeps_history(level, result)
        execution.next_event_id = len(rendered) + 1
        execution.save()
        events = rendered if execution.history_enabled else []
        after = AfterCommit(published=[(execution.pk, events, str(execution.status), execution.state_machine_id)])
        transaction.on_commit(after.schedule)
    return execution
