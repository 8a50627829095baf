"""GET /api/executions/<id>/history/: AWS-shaped history events, paged by event id, filterable by type."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.models import StateMachine
from executions.models import Execution
from executions.services import start_execution
from tests.api.conftest import error_of
from tests.api.drive import LAMBDA, machine_with, run_to_end


def url(execution: Execution) -> str:
    return f"/api/executions/{execution.id}/history/"


@pytest.fixture
def finished(alice: User) -> Execution:
    """Task -> Pass: ExecutionStarted ... ExecutionSucceeded, 9 events."""
    machine = machine_with(alice, {
        "Check": {"Type": "Task", "Resource": f"{LAMBDA}check_inventory", "ResultPath": "$.stock", "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    })
    return run_to_end(machine, {"orderId": "o-1", "items": [{"sku": "MOUSE-02", "quantity": 1}]})


def types(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [event["type"] for event in response.json()["events"]]


def test_the_whole_history_in_aws_shape(alice_client: APIClient, finished: Execution) -> None:
    body = alice_client.get(url(finished)).json()
    assert [e["type"] for e in body["events"]] == [
        "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert body["next_cursor"] is None
    entered = body["events"][1]
    assert (entered["id"], entered["previousEventId"]) == (2, 0)
    assert entered["stateEnteredEventDetails"]["name"] == "Check"
    assert isinstance(entered["stateEnteredEventDetails"]["input"], str)  # JSON text, as AWS sends it
    assert entered["timestamp"].endswith("Z")


def test_pages_forwards_and_backwards(alice_client: APIClient, finished: Execution) -> None:
    first = alice_client.get(url(finished), {"limit": 4}).json()
    assert ([e["id"] for e in first["events"]], first["next_cursor"]) == ([1, 2, 3, 4], 4)
    second = alice_client.get(url(finished), {"limit": 4, "after": 4}).json()
    assert [e["id"] for e in second["events"]] == [5, 6, 7, 8]
    last = alice_client.get(url(finished), {"limit": 4, "after": second["next_cursor"]}).json()
    assert ([e["id"] for e in last["events"]], last["next_cursor"]) == ([9], None)
    newest = alice_client.get(url(finished), {"limit": 3, "reverse": "true"}).json()
    assert ([e["id"] for e in newest["events"]], newest["next_cursor"]) == ([9, 8, 7], 7)
    older = alice_client.get(url(finished), {"limit": 3, "reverse": "true", "after": 7}).json()
    assert [e["id"] for e in older["events"]] == [6, 5, 4]


def test_filters_by_event_type(alice_client: APIClient, finished: Execution) -> None:
    response = alice_client.get(url(finished), {"types": "TaskStateEntered, PassStateExited"})
    assert types(response) == ["TaskStateEntered", "PassStateExited"]


@pytest.mark.parametrize(("query", "parameter", "code"), [
    ({"limit": 0}, "limit", "min_value"),
    ({"limit": 1001}, "limit", "max_value"),
    ({"after": -1}, "after", "min_value"),
    ({"after": "x"}, "after", "invalid"),
    ({"reverse": "maybe"}, "reverse", "invalid"),
    ({"types": "TaskStateEntered,Nonsense"}, "types", "invalid_choice"),
])
def test_bad_parameters_are_a_400_naming_them(alice_client: APIClient, finished: Execution, query: dict[str, Any],
                                              parameter: str, code: str) -> None:
    response = alice_client.get(url(finished), query)
    assert response.status_code == 400
    assert (error_of(response)["parameter"], error_of(response)["code"]) == (parameter, code)


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.get(url(start_execution(machine))).status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, machine: StateMachine) -> None:
    assert bob_client.get(url(start_execution(machine))).status_code == 404


def test_view_access_is_enough_to_read(carol_client: APIClient, machine: StateMachine,
                                       share_with_team: Callable[[str], object]) -> None:
    execution = start_execution(machine)
    share_with_team("VIEW")
    assert types(carol_client.get(url(execution))) == ["ExecutionStarted"]
