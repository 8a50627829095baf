"""The durable runtime end to end in embedded mode: real Celery worker threads, in-memory broker.

Each workflow also runs through ``asl.run`` in memory: the durable runtime must produce the
same output and the same history event types (Map iterations and Parallel branches, which the
worker runs concurrently, compare as multisets).
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

import asl
from examples.catalog import examples
from executions.handlers import handler_table
from executions.models import HistoryEvent, TaskInvocation
from executions.services import ExecutionAlreadyExists, start_execution, stop_execution
from tests.executions.conftest import wait_for_end

pytestmark = pytest.mark.usefixtures("embedded_worker")

def definition(states: dict[str, Any], start: str | None = None, **extra: Any) -> str:
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **extra})


def run_both(machine_of: Any, text: str, input: Any) -> tuple[Any, Any]:
    machine = machine_of(text)
    execution = wait_for_end(start_execution(machine, input=json.dumps(input)))
    expected = asl.run(json.loads(text), input, handlers=handler_table())
    return execution, expected


def event_types(execution: Any) -> list[str]:
    return list(HistoryEvent.objects.filter(execution=execution).order_by("event_id").values_list("type", flat=True))


def test_pass_wait_choice_chain_matches_the_in_memory_run(machine_of: Any) -> None:
    text = definition({
        "Add": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 0, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Add"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"},
    })
    execution, expected = run_both(machine_of, text, {"n": 0})
    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == expected.output == {"n": 3}
    assert event_types(execution) == [e.type for e in expected.events]
    ids = list(HistoryEvent.objects.filter(execution=execution).values_list("event_id", flat=True))
    assert ids == list(range(1, len(ids) + 1))


def test_wait_seconds_really_waits(machine_of: Any) -> None:
    text = definition({"Nap": {"Type": "Wait", "Seconds": 1, "End": True}})
    execution = wait_for_end(start_execution(machine_of(text), input="{}"))
    assert execution.status == "SUCCEEDED"
    assert (execution.stop_date - execution.start_date).total_seconds() >= 1.0


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_example_runs_durably_as_in_memory(machine_of: Any, example: Any) -> None:
    text = example.definition_text()
    execution, expected = run_both(machine_of, text, example.sample_input())
    assert execution.status == expected.status == "SUCCEEDED"
    assert json.loads(execution.output) == expected.output
    assert Counter(event_types(execution)) == Counter(e.type for e in expected.events)
    invocations = TaskInvocation.objects.filter(execution=execution)
    scheduled = ("TaskScheduled", "LambdaFunctionScheduled")
    assert invocations.count() == sum(1 for e in expected.events if e.type in scheduled)
    assert all(i.finished_at is not None for i in invocations)


def test_map_with_max_concurrency_and_parallel(machine_of: Any) -> None:
    text = definition({
        "Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
                "ItemProcessor": {"StartAt": "Both", "States": {
                    "Both": {"Type": "Parallel", "End": True, "Branches": [
                        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                        {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}},
                    ]}}},
                "ResultPath": "$.out", "End": True},
    })
    execution, expected = run_both(machine_of, text, {"items": list(range(7))})
    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == expected.output
    assert Counter(event_types(execution)) == Counter(e.type for e in expected.events)


def test_failure_in_an_iteration_fails_the_execution(machine_of: Any) -> None:
    text = definition({
        "Fan": {"Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 3, "Next": "Boom"}],
                      "Default": "Ok"},
            "Boom": {"Type": "Fail", "Error": "Three", "Cause": "three is not allowed"},
            "Ok": {"Type": "Succeed"}}}},
    })
    execution, expected = run_both(machine_of, text, [1, 2, 3, 4])
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Three", "three is not allowed")
    assert expected.error == "Three"
    assert "MapStateFailed" in event_types(execution)


def test_start_is_idempotent_on_name_and_input(machine_of: Any) -> None:
    machine = machine_of(definition({"Nap": {"Type": "Wait", "Seconds": 5, "End": True}}))
    first = start_execution(machine, name="nightly", input='{"a": 1}')
    assert start_execution(machine, name="nightly", input='{"a": 1}').pk == first.pk
    with pytest.raises(ExecutionAlreadyExists):
        start_execution(machine, name="nightly", input='{"a": 2}')
    stop_execution(first, error="Manual", cause="stopped by the test")


def test_stop_aborts_a_waiting_execution(machine_of: Any) -> None:
    machine = machine_of(definition({"Nap": {"Type": "Wait", "Seconds": 3600, "End": True}}))
    execution = start_execution(machine, input="{}")
    wait_until_event(execution, "WaitStateEntered")
    stopped = stop_execution(execution, error="Manual", cause="enough")
    assert (stopped.status, stopped.error, stopped.cause) == ("ABORTED", "Manual", "enough")
    assert event_types(execution) == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]


def test_execution_timeout(machine_of: Any) -> None:
    machine = machine_of(definition({"Nap": {"Type": "Wait", "Seconds": 60, "End": True}}, TimeoutSeconds=1))
    from executions import runtime

    execution = start_execution(machine, input="{}")
    wait_until_event(execution, "WaitStateEntered")
    import time

    time.sleep(1.1)
    runtime.sweep()
    execution.refresh_from_db()
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")
    assert event_types(execution)[-1] == "ExecutionTimedOut"


def wait_until_event(execution: Any, event_type: str, timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if HistoryEvent.objects.filter(execution=execution, type=event_type).exists():
            return
        time.sleep(0.02)
    raise AssertionError(f"no {event_type} within {timeout}s")


def test_the_same_message_delivered_twice_makes_one_transition(machine_of: Any) -> None:
    from executions import runtime
    from executions.models import Run

    machine = machine_of(definition({"Hello": {"Type": "Pass", "Result": "hi", "End": True}}))
    execution = wait_for_end(start_execution(machine, input="{}"))
    root = Run.objects.get(execution=execution, parent=None)
    before = event_types(execution)
    assert runtime.advance(root.pk, 1) is False  # the worker already handled (run, sequence 1)
    assert runtime.advance(root.pk, root.sequence) is False  # a finished run takes no message
    assert event_types(execution) == before == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
                                                 "ExecutionSucceeded"]


_flaky_calls: list[Any] = []


def flaky_once(event: Any) -> Any:
    """Fails its first call in this process, then succeeds: a redrive's second chance."""
    _flaky_calls.append(event)
    if len(_flaky_calls) == 1:
        raise RuntimeError("warehouse offline")
    return {"shipped": event["order"]}


def test_redrive_resumes_at_the_failed_state_without_rerunning_the_others(machine_of: Any) -> None:
    from executions.handlers import REGISTRY
    from executions.services import redrive_execution

    REGISTRY.register(flaky_once, name="flaky_once", description="fails once")
    _flaky_calls.clear()
    text = definition({
        "Count": {"Type": "Pass", "Parameters": {"order.$": "$.order"}, "Next": "Ship"},
        "Ship": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky_once",
                 "End": True},
    })
    execution = wait_for_end(start_execution(machine_of(text), input='{"order": 7}'))
    assert (execution.status, execution.error) == ("FAILED", "RuntimeError")

    redriven = wait_for_end(redrive_execution(execution))

    assert redriven.status == "SUCCEEDED"
    assert json.loads(redriven.output) == {"shipped": 7}
    assert redriven.redrive_count == 1
    types = event_types(execution)
    assert types.count("PassStateEntered") == 1  # Count succeeded the first time: not run again
    assert types.count("TaskStateEntered") == 2
    assert "ExecutionRedriven" in types and types[-1] == "ExecutionSucceeded"


def test_a_succeeded_execution_cannot_be_redriven(machine_of: Any) -> None:
    from executions.services import ExecutionNotRedrivable, redrive_execution

    execution = wait_for_end(start_execution(machine_of(definition({"P": {"Type": "Pass", "End": True}})),
                                             input="{}"))
    with pytest.raises(ExecutionNotRedrivable):
        redrive_execution(execution)


def test_express_execution_runs_in_one_task_and_keeps_history_per_logging_level(machine_of: Any) -> None:
    text = definition({"Nap": {"Type": "Wait", "Seconds": 1, "Next": "Hi"},
                       "Hi": {"Type": "Pass", "Result": "hi", "End": True}})
    logged = machine_of(text, name="Logged", type="EXPRESS", logging_level="ALL")
    quiet = machine_of(text, name="Quiet", type="EXPRESS", logging_level="OFF")

    logged_run = wait_for_end(start_execution(logged, input="{}"))
    quiet_run = wait_for_end(start_execution(quiet, input="{}"))

    assert (logged_run.status, json.loads(logged_run.output)) == ("SUCCEEDED", "hi")
    assert event_types(logged_run) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
                                       "PassStateExited", "ExecutionSucceeded"]
    assert (logged_run.stop_date - logged_run.start_date).total_seconds() >= 1.0
    assert quiet_run.status == "SUCCEEDED" and event_types(quiet_run) == []


def test_sync_express_start_returns_the_finished_execution(machine_of: Any) -> None:
    from executions.services import StateMachineTypeNotSupported, start_sync_execution

    express = machine_of(definition({"Add": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.a, 1)"},
                                             "End": True}}), name="Adder", type="EXPRESS")
    finished = start_sync_execution(express, input='{"a": 41}')
    assert (finished.status, json.loads(finished.output)) == ("SUCCEEDED", {"v": 42})
    standard = machine_of(definition({"P": {"Type": "Pass", "End": True}}), name="Std")
    with pytest.raises(StateMachineTypeNotSupported):
        start_sync_execution(standard, input="{}")


def test_stopping_an_execution_stops_its_map_iterations(machine_of: Any) -> None:
    from executions.models import Run

    text = definition({"Fan": {"Type": "Map", "MaxConcurrency": 2, "End": True, "ItemProcessor": {
        "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600, "End": True}}}}})
    execution = start_execution(machine_of(text), input=json.dumps(list(range(5))))
    wait_until_event(execution, "WaitStateEntered")
    stop_execution(execution)
    assert set(Run.objects.filter(execution=execution).values_list("status", flat=True)) == {"ABORTED"}


def test_two_maps_in_a_row_keep_their_children_apart(machine_of: Any) -> None:
    """Each fan-out of a run gathers its own children only, not those of an earlier Map of the same run."""
    def double(name: str) -> dict[str, Any]:
        return {"StartAt": name, "States": {name: {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"},
                                                   "End": True}}}

    text = definition({
        "First": {"Type": "Map", "ItemsPath": "$.a", "ItemProcessor": double("D1"), "ResultPath": "$.first",
                  "Next": "Second"},
        "Second": {"Type": "Map", "ItemsPath": "$.b", "ItemProcessor": double("D2"), "ResultPath": "$.second",
                   "End": True},
    })
    execution, expected = run_both(machine_of, text, {"a": [1, 2, 3], "b": [7, 8]})
    assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
    output = json.loads(execution.output)
    assert output == expected.output
    assert (output["first"], output["second"]) == ([{"v": 2}, {"v": 4}, {"v": 6}], [{"v": 14}, {"v": 16}])
