"""Distributed Map: its iterations are child executions of a Map Run, with histories of their own (as AWS).

Most tests move the runs themselves (``tests.api.drive`` follows the child executions too); the
last ones run on the embedded worker, where children run concurrently and aborts go through Celery.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

import asl
from executions import runtime
from executions.models import Execution, HistoryEvent, MapRun
from executions.services import (
    ExecutionError,
    ExecutionNotRedrivable,
    redrive_execution,
    start_execution,
    stop_execution,
)
from tests.api.drive import drive
from tests.executions.conftest import wait_for_end
from tests.integration.servers import wait_until


def distributed(processor: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "Label": "Items", "End": True, **extra,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, **processor}}}}


WHO_AM_I = {"StartAt": "Who", "States": {"Who": {"Type": "Pass", "End": True, "Parameters": {
    "item.$": "$", "execution.$": "$$.Execution.Id", "machine.$": "$$.StateMachine.Id"}}}}
FAIL_ON_3 = {"StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 3, "Next": "Broken"}],
              "Default": "Fine"},
    "Broken": {"Type": "Fail", "Error": "Three", "Cause": "three is broken"},
    "Fine": {"Type": "Pass", "End": True}}}
HOLD = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 30, "End": True}}}


def types(execution: Execution) -> list[str]:
    return list(HistoryEvent.objects.filter(execution=execution).order_by("event_id").values_list("type", flat=True))


@pytest.fixture
def api(alice: User) -> APIClient:
    """The REST API as the machines' owner (``machine_of`` makes Alice's machines)."""
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_iterations_are_child_executions_with_their_own_histories(machine_of: Any, api: APIClient, quiet: None) -> None:
    definition = distributed(WHO_AM_I, MaxConcurrency=2)
    machine = machine_of(json.dumps(definition), name="Fan")
    execution = drive(start_execution(machine, input=json.dumps({"items": [1, 2, 3, 4, 5]})))

    assert execution.status == "SUCCEEDED"
    output = json.loads(execution.output)
    assert [o["item"] for o in output] == [1, 2, 3, 4, 5]
    # The parent's history has the Map Run, not the iterations (AWS's shape for a Distributed Map).
    assert types(execution) == ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                                "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    expected = asl.run(definition, {"items": [1, 2, 3, 4, 5]})
    assert types(execution) == [e.type for e in expected.events]

    children = list(Execution.objects.filter(parent=execution).order_by("start_date", "name"))
    assert sorted(json.loads(c.input) for c in children) == [1, 2, 3, 4, 5]
    map_run = MapRun.objects.get(execution=execution)
    for child in children:
        assert (child.status, child.map_run_id, child.revision_id) == ("SUCCEEDED", map_run.pk, execution.revision_id)
        assert types(child) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
        # $$ inside a child names the child: its own ARN, under the machine's ARN qualified with the label.
        result = json.loads(child.output)
        assert result["execution"].endswith(f":execution:Fan/Items:{child.name}")
        assert result["machine"].endswith(":stateMachine:Fan/Items")
    started = HistoryEvent.objects.get(execution=execution, type="MapRunStarted")
    assert map_run.arn == started.details["mapRunArn"] and ":mapRun:Fan/Items:" in map_run.arn
    assert (map_run.status, map_run.item_count, map_run.max_concurrency, map_run.label) == ("SUCCEEDED", 5, 2, "Items")

    # ListExecutions by machine: the parent only; by Map Run: the five children.
    listed = api.get(f"/api/state-machines/{machine.pk}/executions/").json()["results"]
    assert [e["id"] for e in listed] == [str(execution.pk)]
    assert api.get(f"/api/executions/?state_machine={machine.pk}").json()["results"] == listed
    runs = api.get(f"/api/executions/{execution.pk}/map-runs/").json()["map_runs"]
    assert [(r["id"], r["state"], r["status"]) for r in runs] == [(str(map_run.pk), "Each", "SUCCEEDED")]
    described = api.get(f"/api/map-runs/{map_run.pk}/").json()
    assert described["map_run_arn"] == map_run.arn and described["execution_id"] == str(execution.pk)
    assert described["execution_name"] == execution.name
    assert described["item_counts"] == {"pending": 0, "running": 0, "succeeded": 5, "failed": 0, "timed_out": 0,
                                        "aborted": 0, "total": 5, "results_written": 0,
                                        "failures_not_redrivable": 0, "pending_redrive": 0}
    assert described["state_machine_arn"].endswith(":stateMachine:Fan/Items")
    child_list = api.get(f"/api/map-runs/{map_run.pk}/executions/").json()["results"]
    assert {c["id"] for c in child_list} == {str(c.pk) for c in children}
    assert all(c["map_run_arn"] == map_run.arn for c in child_list)
    one = api.get(f"/api/executions/{children[0].pk}/").json()
    assert (one["parent_id"], one["map_run_id"]) == (str(execution.pk), str(map_run.pk))
    assert one["execution_arn"].endswith(f":execution:Fan/Items:{children[0].name}")
    assert api.get(f"/api/executions/{children[0].pk}/history/").json()["events"][0]["type"] == "ExecutionStarted"
    runs_it = api.get(f"/api/executions/{children[0].pk}/state-machine/").json()
    assert (runs_it["map_run_arn"], runs_it["label"], runs_it["map_state"]) == (map_run.arn, "Items", "Each")
    assert api.get(f"/api/executions/{execution.pk}/state-machine/").json()["map_run_arn"] is None


def test_map_runs_are_private_to_who_may_see_the_machine(machine_of: Any, quiet: None) -> None:
    machine = machine_of(json.dumps(distributed(WHO_AM_I)), name="Secret")
    execution = drive(start_execution(machine, input=json.dumps({"items": [1]})))
    map_run = MapRun.objects.get(execution=execution)
    stranger = APIClient()
    stranger.force_authenticate(User.objects.create_user("sam", password="pw-sam-123456"))
    assert stranger.get(f"/api/map-runs/{map_run.pk}/").status_code == 404
    assert stranger.get(f"/api/map-runs/{map_run.pk}/executions/").status_code == 404
    assert stranger.get(f"/api/executions/{execution.pk}/map-runs/").status_code == 404
    assert stranger.get("/api/map-runs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_failed_child_fails_the_map_run_and_the_parent(machine_of: Any, quiet: None) -> None:
    machine = machine_of(json.dumps(distributed(FAIL_ON_3)))
    execution = drive(start_execution(machine, input=json.dumps({"items": [1, 2, 3]})))

    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Three", "three is broken")
    assert types(execution)[-3:] == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"]
    assert MapRun.objects.get(execution=execution).status == "FAILED"
    failed = Execution.objects.get(parent=execution, status="FAILED")
    assert json.loads(failed.input) == 3 and failed.error == "Three"
    # A child is redriven by its Map Run and stops with its parent, not on its own.
    with pytest.raises(ExecutionNotRedrivable, match="redrive the parent"):
        redrive_execution(failed)


def test_tolerated_failures_let_the_map_succeed_with_the_errors_in_its_result(machine_of: Any, quiet: None) -> None:
    machine = machine_of(json.dumps(distributed(FAIL_ON_3, ToleratedFailureCount=1)))
    execution = drive(start_execution(machine, input=json.dumps({"items": [1, 2, 3]})))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [1, 2, {"Error": "Three", "Cause": "three is broken"}]
    map_run = MapRun.objects.get(execution=execution)
    assert (map_run.status, map_run.tolerated_failure_count) == ("SUCCEEDED", 1)
    assert Counter(Execution.objects.filter(parent=execution).values_list("status", flat=True)) == Counter(
        {"SUCCEEDED": 2, "FAILED": 1})


def test_stopping_the_parent_aborts_the_running_children(machine_of: Any, quiet: None) -> None:
    machine = machine_of(json.dumps(distributed(HOLD, MaxConcurrency=2)))
    # Two rounds: the parent fans out, then two children (MaxConcurrency) start and wait; one item is pending.
    execution = drive(start_execution(machine, input=json.dumps({"items": [1, 2, 3]})), max_rounds=2)
    children = Execution.objects.filter(parent=execution)
    assert list(children.values_list("status", flat=True)) == ["RUNNING", "RUNNING"]
    with pytest.raises(ExecutionError, match="stop the parent"):
        stop_execution(children[0])

    stop_execution(execution)
    assert runtime.abort_map_run_children(execution.pk) == 2  # what the task sent after the commit does

    assert list(children.values_list("status", flat=True)) == ["ABORTED", "ABORTED"]
    assert all(types(child)[-1] == "ExecutionAborted" for child in children)
    assert MapRun.objects.get(execution=execution).status == "ABORTED"
    assert drive(execution).status == "ABORTED"  # nothing moves any more: the pending item never starts
    assert children.count() == 2


@pytest.mark.usefixtures("embedded_worker")
def test_on_the_embedded_worker_a_failure_aborts_the_siblings_still_running(machine_of: Any) -> None:
    processor = {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "Broken"}],
                  "Default": "Hold"},
        "Broken": {"Type": "Fail", "Error": "Zero"},
        "Hold": {"Type": "Wait", "Seconds": 30, "End": True}}}
    machine = machine_of(json.dumps(distributed(processor)))
    execution = wait_for_end(start_execution(machine, input=json.dumps({"items": [0, 1, 2, 3]})))

    assert (execution.status, execution.error) == ("FAILED", "Zero")
    children = Execution.objects.filter(parent=execution)
    settled = Counter({"FAILED": 1, "ABORTED": 3})
    wait_until(lambda: Counter(children.values_list("status", flat=True)) == settled, timeout=20,
               message=f"children {settled}")


@pytest.mark.usefixtures("embedded_worker")
def test_on_the_embedded_worker_a_map_run_of_many_items_gathers_every_output(machine_of: Any) -> None:
    machine = machine_of(json.dumps(distributed(WHO_AM_I, MaxConcurrency=10)), name="Many")
    execution = wait_for_end(start_execution(machine, input=json.dumps({"items": list(range(60))})), timeout=60)

    assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
    assert [o["item"] for o in json.loads(execution.output)] == list(range(60))
    assert Execution.objects.filter(parent=execution, status="SUCCEEDED").count() == 60
    assert MapRun.objects.get(execution=execution).status == "SUCCEEDED"



def test_a_child_whose_output_is_too_large_fails_as_its_map_sees_it(machine_of: Any, quiet: None) -> None:
    # A static Result is not measured by its state (asl.states.base: checks_output_size), so the output only
    # proves too large for an execution at its end: the child fails there, and its Map must see that failure.
    padded = {"StartAt": "Pad", "States": {"Pad": {"Type": "Pass", "End": True, "Result": {"pad": "y" * 20_000},
                                                   "ResultPath": "$.extra"}}}
    machine = machine_of(json.dumps(distributed(padded, ToleratedFailureCount=1)))
    execution = drive(start_execution(machine, input=json.dumps({"items": [{"s": "x" * 250_000}]})))

    [child] = Execution.objects.filter(parent=execution)
    assert (child.status, child.error) == ("FAILED", "States.DataLimitExceeded")
    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output)[0]["Error"] == "States.DataLimitExceeded"


def test_a_map_run_of_no_items_ends_at_once(machine_of: Any, quiet: None) -> None:
    machine = machine_of(json.dumps(distributed(WHO_AM_I)))
    execution = drive(start_execution(machine, input=json.dumps({"items": []})))

    assert (execution.status, json.loads(execution.output)) == ("SUCCEEDED", [])
    map_run = MapRun.objects.get(execution=execution)
    assert (map_run.status, map_run.item_count) == ("SUCCEEDED", 0)
    assert map_run.stop_date is not None
