"""GET /api/executions/<id>/states/: per-state visits for the viewer, with statuses, data and logs."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.models import StateMachine
from executions.models import Execution
from executions.services import start_execution, stop_execution
from tests.api.drive import LAMBDA, drive, machine_with, run_to_end


def url(execution: Execution) -> str:
    return f"/api/executions/{execution.id}/states/"


def summaries(client: APIClient, execution: Execution) -> dict[str, Any]:
    response = client.get(url(execution))
    assert response.status_code == 200, response.content
    return response.json()


ORDER = {
    "Check": {"Type": "Task", "Resource": f"{LAMBDA}check_inventory", "ResultPath": "$.stock", "Next": "Pay",
              "Catch": [{"ErrorEquals": ["OutOfStock"], "ResultPath": "$.error", "Next": "Sorry"}]},
    "Pay": {"Type": "Task", "Resource": f"{LAMBDA}charge_payment", "ResultPath": "$.charge", "End": True,
            "Parameters": {"payment.$": "$.payment", "amount.$": "$.stock.total", "attempt.$": "$$.State.RetryCount"},
            "Retry": [{"ErrorEquals": ["GatewayUnavailable"], "IntervalSeconds": 1, "MaxAttempts": 3}]},
    "Sorry": {"Type": "Fail", "Error": "OutOfStock", "Cause": "sold out"},
}


def test_a_retried_task_and_its_logs(alice: User, alice_client: APIClient) -> None:
    execution = run_to_end(machine_with(alice, ORDER), {
        "orderId": "o-1", "items": [{"sku": "MOUSE-02", "quantity": 2}], "payment": {"transientFailures": 2}})
    body = summaries(alice_client, execution)
    check, pay = body["states"]
    assert (check["name"], check["status"], check["attempts"], check["path"]) == ("Check", "SUCCEEDED", 1, [])
    assert "Reserved 1 item(s) for order o-1" in check["invocations"][0]["logs"]
    assert (pay["status"], pay["attempts"], pay["error"]) == ("SUCCEEDED", 3, None)
    assert [i["attempt"] for i in pay["invocations"]] == [0, 1, 2]
    assert [i["logs"] for i in pay["invocations"]] == [
        "attempt 0: payment gateway timed out\n", "attempt 1: payment gateway timed out\n",
        "attempt 2: charged 4900 cents\n"]
    assert [i["error"] for i in pay["invocations"]] == ["GatewayUnavailable", "GatewayUnavailable", None]
    assert pay["input"]["stock"]["total"] == 4900 and pay["output"]["charge"]["status"] == "CAPTURED"
    assert pay["duration_ms"] >= 0 and pay["exited_at"] >= pay["entered_at"]
    assert body["by_state"] == {"Check": "SUCCEEDED", "Pay": "SUCCEEDED", "Sorry": "NOT_STARTED"}


def test_a_caught_error_and_the_fail_state_it_leads_to(alice: User, alice_client: APIClient) -> None:
    execution = run_to_end(machine_with(alice, ORDER), {"items": [{"sku": "CABLE-USB"}]})
    assert execution.status == "FAILED"
    check, sorry = summaries(alice_client, execution)["states"]
    assert (check["status"], check["error"]) == ("CAUGHT_ERROR", "OutOfStock")
    assert (sorry["status"], sorry["error"], sorry["cause"]) == ("FAILED", "OutOfStock", "sold out")


def test_map_iterations_and_parallel_branches_are_told_apart(alice: User, alice_client: APIClient) -> None:
    machine = machine_with(alice, {
        "Fan": {"Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Both", "States": {
            "Both": {"Type": "Parallel", "End": True, "Branches": [
                {"StartAt": "Score", "States": {"Score": {"Type": "Task", "Resource": f"{LAMBDA}score_user",
                                                          "Parameters": {"user.$": "$"}, "End": True}}},
                {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
            ]}}}},
    })
    execution = run_to_end(machine, [{"name": "ann", "visits": 3}, {"name": "ben", "purchases": 1}])
    assert execution.status == "SUCCEEDED"
    states = summaries(alice_client, execution)["states"]
    places = {(s["name"], tuple((p["state"], p["index"]) for p in s["path"])): s for s in states}
    assert set(places) == {
        ("Fan", ()), ("Both", (("Fan", 0),)), ("Both", (("Fan", 1),)),
        ("Score", (("Fan", 0), ("Both", 0))), ("Echo", (("Fan", 0), ("Both", 1))),
        ("Score", (("Fan", 1), ("Both", 0))), ("Echo", (("Fan", 1), ("Both", 1))),
    }
    assert {s["status"] for s in states} == {"SUCCEEDED"}
    assert places[("Score", (("Fan", 1), ("Both", 0)))]["output"]["score"] == 10
    assert len(places[("Score", (("Fan", 0), ("Both", 0)))]["invocations"]) == 1


def test_a_stopped_execution_cancels_the_state_in_progress(alice: User, alice_client: APIClient) -> None:
    machine = machine_with(alice, {"Nap": {"Type": "Wait", "Seconds": 3600, "End": True}})
    execution = start_execution(machine)
    drive(execution, max_rounds=1)
    assert [s["status"] for s in summaries(alice_client, execution)["states"]] == ["IN_PROGRESS"]
    stop_execution(execution)
    body = summaries(alice_client, execution)
    assert [s["status"] for s in body["states"]] == ["CANCELLED"]
    assert body["by_state"] == {"Nap": "CANCELLED"}


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.get(url(start_execution(machine))).status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, machine: StateMachine) -> None:
    assert bob_client.get(url(run_to_end(machine))).status_code == 404


def test_view_access_is_enough_to_read(carol_client: APIClient, machine: StateMachine,
                                       share_with_team: Callable[[str], object]) -> None:
    execution = run_to_end(machine)
    share_with_team("VIEW")
    body = summaries(carol_client, execution)
    assert [(s["name"], s["status"], s["output"]) for s in body["states"]] == [("Greet", "SUCCEEDED", "hello")]
