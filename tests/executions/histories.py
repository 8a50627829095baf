"""Hand-written histories as a pool of workers writes them (branches and iterations interleaved), shared by
tests/executions/test_state_summaries.py and the frontend's fixture generator
(frontend/tests/core/fixtures/generate_summaries.py), so that the Python summaries and their TypeScript port
are checked on the same events."""
from __future__ import annotations

import json
from typing import Any

from asl.history import details_key


def ev(id: int, previous: int, type: str, when: str | None = None, **details: Any) -> dict[str, Any]:
    """An AWS-shaped event, at second ``id`` of the day unless ``when`` says; input/output given as values
    become JSON text."""
    event: dict[str, Any] = {"id": id, "previousEventId": previous, "type": type,
                             "timestamp": when or f"2025-01-01T00:00:{id:02d}Z"}
    for key in ("input", "output"):
        if key in details:
            details[key] = json.dumps(details[key])
    if details:
        event[details_key(type)] = details
    return event


PARALLEL = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
    {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "f", "End": True}}},
    {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": True}}},
]}}}


def parallel_failure() -> list[dict[str, Any]]:
    return [
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "ParallelStateEntered", name="Both", input={}),
        ev(3, 2, "ParallelStateStarted"),
        ev(4, 3, "WaitStateEntered", name="Slow", input={}),  # the second branch happens to start first
        ev(5, 3, "TaskStateEntered", name="Work", input={}),
        ev(6, 5, "TaskScheduled", resource="f"),
        ev(7, 6, "TaskStarted", resource="f"),
        ev(8, 7, "TaskFailed", error="Boom", cause="bad"),
        ev(9, 8, "TaskStateAborted"),
        ev(10, 9, "ParallelStateFailed"),
        ev(11, 10, "ExecutionFailed", error="Boom", cause="bad"),
    ]


MAP_FAILURE = [
    ev(1, 0, "ExecutionStarted", input=[0, 3]),
    ev(2, 0, "MapStateEntered", name="Fan", input=[0, 3]),
    ev(3, 2, "MapStateStarted", length=2),
    ev(4, 3, "MapIterationStarted", name="Fan", index=0),
    ev(5, 4, "MapIterationStarted", name="Fan", index=1),
    ev(6, 4, "ChoiceStateEntered", name="Check", input=0),
    ev(7, 5, "ChoiceStateEntered", name="Check", input=3),
    ev(8, 6, "ChoiceStateExited", name="Check", output=0),
    ev(9, 8, "WaitStateEntered", name="Nap", input=0),
    ev(10, 7, "ChoiceStateExited", name="Check", output=3),
    ev(11, 10, "FailStateEntered", name="Boom", input=3),
    ev(12, 11, "MapIterationFailed", name="Fan", index=1),
    ev(13, 11, "MapStateFailed"),
    ev(14, 13, "ExecutionFailed", error="Three", cause="three is not allowed"),
]
