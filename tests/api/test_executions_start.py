"""POST /api/state-machines/<id>/executions/: start an execution (RUN), as StartExecution."""
from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from designer.models import StateMachine
from designer.services import create_alias, publish_version, update_state_machine
from executions.models import Execution, HistoryEvent
from tests.api.conftest import error_of

SUCCEED = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'


def url(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/executions/"


def test_starts_an_execution_and_describes_it(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.post(url(machine), {"name": "first", "input": '{"n": 1}'}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    execution = Execution.objects.get(id=body["id"])
    assert (body["name"], body["status"], body["type"], body["input"]) == ("first", "RUNNING", "STANDARD", {"n": 1})
    assert body["execution_arn"] == "arn:aws:states:us-east-1:123456789012:execution:hello:first"
    assert (body["state_machine_id"], body["state_machine_name"]) == (str(machine.id), "hello")
    assert body["state_machine_arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
    assert (body["revision_id"], body["state_machine_version_arn"]) == (str(machine.current_revision_id), None)
    assert (body["output"], body["stop_date"], body["access"]) == (None, None, "OWNER")
    assert execution.input == '{"n": 1}'  # JSON text is kept as given
    assert HistoryEvent.objects.filter(execution=execution).get().type == "ExecutionStarted"


def test_a_json_value_as_input_is_stored_as_compact_text(alice_client: APIClient, machine: StateMachine) -> None:
    body = alice_client.post(url(machine), {"input": {"items": [1, 2], "ü": None}}, format="json").json()
    assert Execution.objects.get(id=body["id"]).input == '{"items":[1,2],"ü":null}'
    assert body["input"] == {"items": [1, 2], "ü": None}


@pytest.mark.parametrize("given", [{}, {"input": None}])
def test_no_input_is_an_empty_object_and_no_name_a_uuid(alice_client: APIClient, machine: StateMachine,
                                                        given: dict[str, None]) -> None:
    body = alice_client.post(url(machine), given, format="json").json()
    assert body["input"] == {}
    assert len(body["name"]) == 36


def test_the_same_name_and_input_while_running_returns_the_same_execution(alice_client: APIClient,
                                                                         machine: StateMachine) -> None:
    first = alice_client.post(url(machine), {"name": "nightly", "input": {"a": 1}}, format="json")
    again = alice_client.post(url(machine), {"name": "nightly", "input": {"a": 1}}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Execution.objects.count() == 1


def test_the_same_name_with_another_input_is_a_conflict(alice_client: APIClient, machine: StateMachine) -> None:
    alice_client.post(url(machine), {"name": "nightly", "input": {"a": 1}}, format="json")
    response = alice_client.post(url(machine), {"name": "nightly", "input": {"a": 2}}, format="json")
    assert response.status_code == 409
    assert (error_of(response)["code"], error_of(response)["pointer"]) == ("ExecutionAlreadyExists", "/name")


@pytest.mark.parametrize(("body", "code", "pointer"), [
    ({"name": "has space"}, "InvalidName", "/name"),
    ({"name": "x" * 81}, "InvalidName", "/name"),
    ({"name": ""}, "blank", "/name"),
    ({"input": "{not json"}, "InvalidExecutionInput", "/input"),
    ({"input": "x" * 262_145}, "InvalidExecutionInput", "/input"),
    ({"version": 0}, "min_value", "/version"),
    ({"version": "one"}, "invalid", "/version"),
    ({"version": 9}, "unknown_version", "/version"),
    ({"alias": "nope"}, "unknown_alias", "/alias"),
    ({"version": 1, "alias": "live"}, "mutually_exclusive", "/alias"),
    ({"nmae": "typo"}, "unknown_field", "/nmae"),
])
def test_bad_input_is_a_400_naming_the_field(alice_client: APIClient, machine: StateMachine, body: dict[str, object],
                                            code: str, pointer: str) -> None:
    publish_version(machine=machine)
    create_alias(machine=machine, name="live", routing=[(1, 100)])
    response = alice_client.post(url(machine), body, format="json")
    assert response.status_code == 400, response.content
    assert (error_of(response)["code"], error_of(response)["pointer"]) == (code, pointer)
    assert not Execution.objects.exists()


@pytest.mark.parametrize("body", ['{"input": {"big": 1e400}}', '{"input": "NaN"}', '{"input": "[1e400]"}',
                                  '{"input": "{\\"a\\": -Infinity}"}'])
def test_a_number_json_cannot_represent_is_refused(alice_client: APIClient, machine: StateMachine, body: str) -> None:
    response = alice_client.post(url(machine), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert (error_of(response)["code"], error_of(response)["pointer"]) == ("not_finite", "/input")
    assert not Execution.objects.exists()


def test_a_version_runs_that_versions_definition(alice_client: APIClient, machine: StateMachine) -> None:
    version = publish_version(machine=machine)[0]
    update_state_machine(machine=machine, definition=SUCCEED)
    body = alice_client.post(url(machine), {"version": 1}, format="json").json()
    assert body["revision_id"] == str(version.revision_id)
    assert body["state_machine_version_arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello:1"


def test_an_alias_routes_by_weight(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    update_state_machine(machine=machine, definition=SUCCEED, publish=True)
    create_alias(machine=machine, name="live", routing=[(1, 0), (2, 100)])
    body = alice_client.post(url(machine), {"alias": "live"}, format="json").json()
    assert body["state_machine_version_arn"].endswith(":hello:2")
    create_alias(machine=machine, name="canary", routing=[(1, 50), (2, 50)])
    arns = {alice_client.post(url(machine), {"alias": "canary"}, format="json").json()["state_machine_version_arn"]
            for _ in range(40)}
    assert {arn.rsplit(":", 1)[1] for arn in arns} == {"1", "2"}


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.post(url(machine), {}, format="json").status_code == 401


def test_another_users_machine_does_not_exist(bob_client: APIClient, machine: StateMachine) -> None:
    response = bob_client.post(url(machine), {}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (404, "not_found")
    assert not Execution.objects.exists()


def test_view_access_cannot_start_and_run_access_can(carol_client: APIClient, machine: StateMachine,
                                                     share_with_team: Callable[[str], object]) -> None:
    share_with_team("VIEW")
    response = carol_client.post(url(machine), {}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (403, "permission_denied")
    share_with_team("RUN")
    response = carol_client.post(url(machine), {}, format="json")
    assert response.status_code == 201
    assert response.json()["access"] == "RUN"


def test_a_text_body_is_refused(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.post(url(machine), json.dumps({"name": "x"}), content_type="text/plain")
    assert response.status_code == 415
