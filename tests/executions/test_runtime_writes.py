"""The durable runtime's hot path: what one start and one advance send to the database, and that the rows
written without the ORM's compiler read back as the ORM would have written them."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asl import run as run_in_memory
from executions import runtime
from executions.models import Execution, ExecutionStatus, HistoryEvent, Run, RunStatus
from executions.services import start_execution

FIVE_STATES = json.dumps({
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Result": {"k": 1}, "ResultPath": "$.a", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 0, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a.k", "NumericEquals": 1, "Next": "B"}], "Default": "F"},
        "B": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a.k, $.n)", "name.$": "$$.StateMachine.Name"},
              "ResultPath": "$.b", "Next": "S"},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "Error": "Unexpected"},
    },
})
INPUT = json.dumps({"n": 41, "text": "it's \"quoted\", 100% ünïcode"})


@pytest.fixture
def scheduled() -> Iterator[mock.MagicMock]:
    """Nothing is enqueued: the test moves the runs itself."""
    with mock.patch("executions.runtime.AfterCommit.schedule") as schedule:
        yield schedule


def batched() -> bool:
    """PostgreSQL takes an advance's writes in one query (several statements)."""
    return runtime.Writes().batched


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0].upper() for q in queries.captured_queries
            if q["sql"].split()[0].upper() not in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")]


def test_start_without_a_name_writes_three_rows_and_looks_nothing_up(machine_of: Any, scheduled: Any) -> None:
    machine = machine_of(FIVE_STATES)
    start_execution(machine, input=INPUT)  # the first reads and parses the definition (once per process)
    with CaptureQueriesContext(connection) as queries:
        execution = start_execution(machine, input=INPUT)
    assert statements(queries) == (["INSERT"] if batched() else ["INSERT", "INSERT", "INSERT"])
    if batched():
        [sql] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        assert sql.count("INSERT INTO") == 3
    execution = Execution.objects.get(pk=execution.pk)
    assert (execution.status, execution.next_event_id, execution.input) == (ExecutionStatus.RUNNING, 2, INPUT)
    root = Run.objects.get(execution=execution, parent=None)
    assert (root.status, root.sequence, root.waiting_for, root.input) == (RunStatus.ACTIVE, 1, {"kind": "start"},
                                                                          json.loads(INPUT))
    [event] = HistoryEvent.objects.filter(execution=execution)
    assert (event.event_id, event.previous_event_id, event.type) == (1, 0, "ExecutionStarted")
    assert event.details["input"] == json.dumps(json.loads(INPUT), separators=(",", ":"), ensure_ascii=False)
    assert event.timestamp == execution.start_date


def test_a_given_name_is_still_checked_first(machine_of: Any, scheduled: Any) -> None:
    machine = machine_of(FIVE_STATES)
    first = start_execution(machine, name="once", input=INPUT)
    assert start_execution(machine, name="once", input=INPUT).pk == first.pk


def test_one_advance_is_one_locking_select_and_three_writes(machine_of: Any, scheduled: Any) -> None:
    machine = machine_of(FIVE_STATES, name="Renamed-Later")
    execution = start_execution(machine, input=INPUT)
    machine.name = "Renamed"  # the context object sees the name the machine has now
    machine.save(update_fields=["name"])
    root = Run.objects.get(execution=execution, parent=None)
    with CaptureQueriesContext(connection) as queries:
        assert runtime.advance(root.pk, root.sequence) is True
    assert statements(queries) == (["SELECT", "UPDATE"] if batched() else ["SELECT", "UPDATE", "INSERT", "UPDATE"])

    execution = Execution.objects.get(pk=execution.pk)
    expected = run_in_memory(FIVE_STATES, json.loads(INPUT), context={"state_machine_name": "Renamed"})
    assert execution.status == ExecutionStatus.SUCCEEDED
    assert json.loads(execution.output or "") == expected.output
    events = [e.as_aws() for e in HistoryEvent.objects.filter(execution=execution)]
    assert [e["type"] for e in events] == [e["type"] for e in expected.history]
    assert [(e["id"], e["previousEventId"]) for e in events] == [(e["id"], e["previousEventId"])
                                                                 for e in expected.history]
    assert execution.next_event_id == len(events) + 1
    assert execution.stop_date is not None and events[-1]["timestamp"] == execution.stop_date.isoformat().replace(
        "+00:00", "Z")
    root.refresh_from_db()
    assert (root.status, root.sequence, root.waiting_for, root.wake_at) == (RunStatus.SUCCEEDED, 2, None, None)
    assert root.input == json.loads(INPUT)  # not rewritten


def test_a_stale_message_writes_nothing(machine_of: Any, scheduled: Any) -> None:
    execution = start_execution(machine_of(FIVE_STATES), input=INPUT)
    root = Run.objects.get(execution=execution, parent=None)
    assert runtime.advance(root.pk, root.sequence) is True
    with CaptureQueriesContext(connection) as queries:
        assert runtime.advance(root.pk, root.sequence) is False
    assert statements(queries) == ["SELECT"]


def test_events_without_details_are_stored_as_null(alice: Any) -> None:
    from asl.history import History
    from designer.services import create_state_machine

    machine = create_state_machine(owner=alice, name="Bare", definition=FIVE_STATES).machine
    with mock.patch("executions.runtime.AfterCommit.schedule"):
        execution = start_execution(machine, input=INPUT)
    history = History(start_id=2)
    history.add("ExecutionAborted", None, 0, execution.start_date)
    writes = runtime.Writes()
    writes.insert_history(execution.pk, history.events, history.render())
    writes.flush()
    event = HistoryEvent.objects.get(execution=execution, event_id=2)
    assert event.details is None
    assert HistoryEvent.objects.filter(execution=execution, details__isnull=True).count() == 1
