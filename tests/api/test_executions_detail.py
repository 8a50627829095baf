"""GET /api/executions/<id>/: an execution as DescribeExecution, for whoever can see its machine."""
from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.models import StateMachine
from executions.services import start_execution
from tests.api.conftest import error_of
from tests.api.drive import machine_with, run_to_end


def url(execution_id: object) -> str:
    return f"/api/executions/{execution_id}/"


def test_describes_a_finished_execution(alice_client: APIClient, machine: StateMachine) -> None:
    execution = run_to_end(machine, {"x": 1}, name="greet")
    body = alice_client.get(url(execution.id)).json()
    assert (body["status"], body["input"], body["output"], body["error"]) == ("SUCCEEDED", {"x": 1}, "hello", None)
    assert body["stop_date"] is not None and body["start_date"] <= body["stop_date"]
    assert (body["revision_id"], body["state_machine_name"], body["access"]) == (
        str(machine.current_revision_id), "hello", "OWNER")
    assert (body["redrive_count"], body["redrive_date"], body["parent_id"]) == (0, None, None)


def test_describes_a_failed_execution_with_its_error(alice_client: APIClient, alice: User) -> None:
    machine = machine_with(alice, {"Boom": {"Type": "Fail", "Error": "Oops", "Cause": "on purpose"}})
    body = alice_client.get(url(run_to_end(machine).id)).json()
    assert (body["status"], body["error"], body["cause"], body["output"]) == ("FAILED", "Oops", "on purpose", None)


def test_an_unknown_execution_is_a_404(alice_client: APIClient) -> None:
    response = alice_client.get(url(uuid.uuid4()))
    assert (response.status_code, error_of(response)["message"]) == (404, "No such execution.")


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.get(url(start_execution(machine).id)).status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, machine: StateMachine) -> None:
    response = bob_client.get(url(start_execution(machine).id))
    assert (response.status_code, error_of(response)["message"]) == (404, "No such execution.")


def test_view_access_is_enough_to_read(carol_client: APIClient, machine: StateMachine,
                                       share_with_team: Callable[[str], object]) -> None:
    share_with_team("VIEW")
    body = carol_client.get(url(start_execution(machine).id)).json()
    assert (body["status"], body["access"]) == ("RUNNING", "VIEW")
