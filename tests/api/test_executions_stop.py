"""POST /api/executions/<id>/stop/: abort a running execution (RUN), as StopExecution."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from designer.models import StateMachine
from executions.models import Execution, HistoryEvent
from executions.services import start_execution
from tests.api.conftest import error_of
from tests.api.drive import run_to_end


def url(execution: Execution) -> str:
    return f"/api/executions/{execution.id}/stop/"


def test_stops_a_running_execution(alice_client: APIClient, machine: StateMachine) -> None:
    execution = start_execution(machine)
    response = alice_client.post(url(execution), {"error": "Manual", "cause": "enough"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["error"], body["cause"]) == ("ABORTED", "Manual", "enough")
    assert body["stop_date"] is not None
    last = HistoryEvent.objects.filter(execution=execution).last()
    assert last is not None and (last.type, last.details) == ("ExecutionAborted", {"error": "Manual",
                                                                                   "cause": "enough"})


def test_error_and_cause_are_optional(alice_client: APIClient, machine: StateMachine) -> None:
    body = alice_client.post(url(start_execution(machine)), {}, format="json").json()
    assert (body["status"], body["error"], body["cause"]) == ("ABORTED", None, None)


def test_an_execution_that_is_not_running_cannot_be_stopped(alice_client: APIClient, machine: StateMachine) -> None:
    execution = run_to_end(machine)
    response = alice_client.post(url(execution), {}, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "ValidationException"
    assert "not running" in error_of(response)["message"]
    assert "pointer" not in error_of(response)


@pytest.mark.parametrize(("body", "pointer", "code"), [
    ({"error": "e" * 257}, "/error", "max_length"),
    ({"cause": "c" * 32769}, "/cause", "max_length"),
    ({"error": 5}, None, None),  # numbers are taken as text, as DRF's CharField does
    ({"reason": "x"}, "/reason", "unknown_field"),
])
def test_bad_input_is_a_400_naming_the_field(alice_client: APIClient, machine: StateMachine,
                                            body: dict[str, object], pointer: str | None, code: str | None) -> None:
    execution = start_execution(machine)
    response = alice_client.post(url(execution), body, format="json")
    if pointer is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert (error_of(response)["pointer"], error_of(response)["code"]) == (pointer, code)
    execution.refresh_from_db()
    assert execution.status == "RUNNING"


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.post(url(start_execution(machine)), {}, format="json").status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, machine: StateMachine) -> None:
    execution = start_execution(machine)
    assert bob_client.post(url(execution), {}, format="json").status_code == 404
    execution.refresh_from_db()
    assert execution.status == "RUNNING"


def test_view_access_cannot_stop_and_run_access_can(carol_client: APIClient, machine: StateMachine,
                                                    share_with_team: Callable[[str], object]) -> None:
    execution = start_execution(machine)
    share_with_team("VIEW")
    response = carol_client.post(url(execution), {}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (403, "permission_denied")
    share_with_team("RUN")
    assert carol_client.post(url(execution), {}, format="json").json()["status"] == "ABORTED"
