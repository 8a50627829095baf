"""Reads: executions and their history, shaped as AWS's Describe/List/GetExecutionHistory."""
from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from executions.models import Execution, HistoryEvent


def execution_arn(execution: Execution) -> str:
    return (f"arn:aws:states:{settings.STEPCRAFT_REGION}:{settings.STEPCRAFT_ACCOUNT_ID}:execution:"
            f"{execution.state_machine.name}:{execution.name}")


def describe_execution(execution: Execution) -> dict[str, Any]:
    """DescribeExecution's fields (snake_case, ISO 8601 times), output only once SUCCEEDED."""
    return {
        "id": str(execution.pk),
        "execution_arn": execution_arn(execution),
        "state_machine_id": str(execution.state_machine_id),
        "name": execution.name,
        "status": execution.status,
        "type": execution.type,
        "start_date": execution.start_date.isoformat(),
        "stop_date": execution.stop_date.isoformat() if execution.stop_date else None,
        "input": json.loads(execution.input),
        "output": json.loads(execution.output) if execution.output is not None else None,
        "error": execution.error,
        "cause": execution.cause,
        "redrive_count": execution.redrive_count,
        "redrive_date": execution.redrive_date.isoformat() if execution.redrive_date else None,
        "revision_id": str(execution.revision_id),
        "parent_id": str(execution.parent_id) if execution.parent_id else None,
    }


def executions_of(state_machine: Any, status: str | None = None) -> QuerySet[Execution]:
    queryset = Execution.objects.filter(state_machine=state_machine)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-start_date")


def history_page(execution: Execution, *, after: int = 0, limit: int = 100, reverse: bool = False,
                 types: list[str] | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """One page of history events after the cursor ``after`` (an event id); returns (events, next cursor)."""
    limit = max(1, min(limit, 1000))
    queryset = HistoryEvent.objects.filter(execution=execution)
    if types:
        queryset = queryset.filter(type__in=types)
    if reverse:
        if after:
            queryset = queryset.filter(event_id__lt=after)
        rows = list(queryset.order_by("-event_id")[: limit + 1])
    else:
        rows = list(queryset.filter(event_id__gt=after).order_by("event_id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return [row.as_aws() for row in rows], (rows[-1].event_id if more and rows else None)
