"""The durable runtime scaled out: PostgreSQL, Redis and separate ``celery -A stepcraft worker`` processes.

Outputs and histories are compared with ``asl.run`` of the same definition. The fault tests kill
a worker with SIGKILL and restart Redis with no persistence in the middle of many executions:
every execution must still finish, with the right output and no transition recorded twice.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import User

import asl
from designer.services import create_state_machine
from executions.models import Execution, HistoryEvent
from executions.services import start_execution
from tests.integration import fault_handlers
from tests.integration.servers import wait_until

FAST_RECOVERY = {"STEPCRAFT_LEASE_SECONDS": "3", "STEPCRAFT_SWEEP_SECONDS": "1",
                 "STEPCRAFT_HANDLER_MODULES": "examples.handlers,tests.integration.fault_handlers"}

PIPELINE = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"n.$": "$.n", "id.$": "$.id", "items.$": "$.items"}, "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow_increment",
                 "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}], "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Fan"},
        "Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.doubled",
                "ItemProcessor": {"StartAt": "Double", "States": {
                    "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": True}}},
                "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Done"}],
                  "Default": "Broken"},
        "Broken": {"Type": "Fail", "Error": "Broken"},
        "Done": {"Type": "Succeed"},
    },
}


def pipeline_input(i: int) -> dict[str, Any]:
    return {"id": i, "n": i, "items": [i, i + 1, i + 2]}


@pytest.fixture
def machine(transactional_db: Any) -> Any:
    owner = User.objects.create_user("alice", password="wonderland-42")
    return create_state_machine(owner=owner, name="Pipeline", definition=json.dumps(PIPELINE)).machine


def expected_run(i: int) -> Any:
    return asl.run(PIPELINE, pipeline_input(i), handlers={"slow_increment": fault_handlers.slow_increment})


def assert_finished_like_in_memory(executions: list[Execution]) -> None:
    for i, execution in enumerate(executions):
        execution.refresh_from_db()
        expected = expected_run(i)
        assert execution.status == "SUCCEEDED", (execution.name, execution.error, execution.cause)
        assert json.loads(execution.output or "null") == expected.output
        events = list(HistoryEvent.objects.filter(execution=execution).order_by("event_id"))
        assert [e.event_id for e in events] == list(range(1, len(events) + 1))
        # No transition twice: exactly the events of the in-memory run (iterations may interleave).
        assert Counter(e.type for e in events) == Counter(e.type for e in expected.events), execution.name


def all_finished(executions: list[Execution]) -> bool:
    ids = [e.pk for e in executions]
    return not Execution.objects.filter(pk__in=ids, status="RUNNING").exists()


def test_two_workers_run_workflows_like_the_in_memory_engine(celery_workers: Any, machine: Any) -> None:
    workers = celery_workers(2, concurrency=2, env=FAST_RECOVERY)
    executions = [start_execution(machine, name=f"run-{i}", input=json.dumps(pipeline_input(i))) for i in range(10)]
    wait_until(lambda: all_finished(executions), timeout=90, message="executions did not finish")
    assert_finished_like_in_memory(executions)
    assert workers.ping() == set(workers.names)


def test_killing_a_worker_mid_run_loses_nothing(celery_workers: Any, machine: Any) -> None:
    workers = celery_workers(2, concurrency=2, env=FAST_RECOVERY)
    executions = [start_execution(machine, name=f"run-{i}", input=json.dumps(pipeline_input(i))) for i in range(200)]
    wait_until(lambda: HistoryEvent.objects.filter(type="TaskStateEntered").count() >= 40, timeout=60,
               message="work did not start")
    workers.kill(0)  # SIGKILL, main process and pool children: messages in flight are lost with it
    wait_until(lambda: all_finished(executions), timeout=240, message="executions did not finish after the kill")
    assert_finished_like_in_memory(executions)


def test_restarting_redis_mid_run_loses_nothing(celery_workers: Any, redis_server: Any, machine: Any) -> None:
    celery_workers(2, concurrency=2, env=FAST_RECOVERY)
    executions = [start_execution(machine, name=f"run-{i}", input=json.dumps(pipeline_input(i))) for i in range(60)]
    wait_until(lambda: HistoryEvent.objects.filter(type="WaitStateEntered").count() >= 10, timeout=60,
               message="work did not start")
    redis_server.restart(hard=True)  # no persistence: every queued and scheduled message is gone
    wait_until(lambda: all_finished(executions), timeout=240, message="executions did not finish after the restart")
    assert_finished_like_in_memory(executions)


SEVEN_FAILS = {
    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Odd",
    "States": {
        "Odd": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 7, "Next": "No"}],
                "Default": "Work"},
        "No": {"Type": "Fail", "Error": "Seven", "Cause": "not seven"},
        "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow_increment",
                 "End": True},
    },
}
DISTRIBUTED = {"StartAt": "Fan", "States": {"Fan": {
    "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 8, "ToleratedFailureCount": 100,
    "ItemProcessor": SEVEN_FAILS, "End": True}}}


def test_a_distributed_map_runs_its_items_as_child_executions_across_workers(celery_workers: Any) -> None:
    celery_workers(2, concurrency=4, pool="threads", env=FAST_RECOVERY)
    owner = User.objects.create_user("dora", password="explorer-42")
    machine = create_state_machine(owner=owner, name="Distributed", definition=json.dumps(DISTRIBUTED)).machine
    data = {"items": [{"id": i, "n": i, "v": i} for i in range(40)]}
    executions = [start_execution(machine, name=f"fan-{k}", input=json.dumps(data)) for k in range(3)]
    wait_until(lambda: all_finished(executions), timeout=180, message="distributed maps did not finish")

    expected = asl.run(DISTRIBUTED, data, handlers={"slow_increment": fault_handlers.slow_increment})
    for execution in executions:
        execution.refresh_from_db()
        assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
        assert json.loads(execution.output or "null") == expected.output
        assert [e.type for e in HistoryEvent.objects.filter(execution=execution).order_by("event_id")] == [
            e.type for e in expected.events]
        children = Execution.objects.filter(parent=execution)
        assert Counter(children.values_list("status", flat=True)) == Counter({"SUCCEEDED": 39, "FAILED": 1})
        for child in children:  # each child's own history: numbered from 1, no event twice
            ids = list(HistoryEvent.objects.filter(execution=child).order_by("event_id").values_list("event_id",
                                                                                                     flat=True))
            assert ids == list(range(1, len(ids) + 1))
