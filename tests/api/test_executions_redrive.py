"""POST /api/executions/<id>/redrive/: run a failed, aborted or timed-out execution again (RUN)."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from designer.models import SharePermission, StateMachine, StateMachineShare
from executions.models import Execution, HistoryEvent
from executions.services import start_execution
from tests.api.conftest import error_of
from tests.api.drive import LAMBDA, drive, machine_with, run_to_end


def url(execution: Execution) -> str:
    return f"/api/executions/{execution.id}/redrive/"


@pytest.fixture
def failed(alice: User) -> Execution:
    """An order whose card is declined: FAILED in the Pay state."""
    machine = machine_with(alice, {
        "Pay": {"Type": "Task", "Resource": f"{LAMBDA}charge_payment", "End": True},
    })
    execution = run_to_end(machine, {"amount": 5, "payment": {"card": "4000000000000002"}})
    assert (execution.status, execution.error) == ("FAILED", "CardDeclined")
    return execution


def test_redrives_a_failed_execution_from_the_failed_state(alice_client: APIClient, failed: Execution) -> None:
    response = alice_client.post(url(failed))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["redrive_count"], body["error"]) == ("RUNNING", 1, None)
    assert body["redrive_date"] is not None
    types = list(HistoryEvent.objects.filter(execution=failed).values_list("type", flat=True))
    assert types[-1] == "ExecutionRedriven"
    drive(failed)  # the card is still declined
    states = alice_client.get(f"/api/executions/{failed.id}/states/").json()["states"]
    assert [(s["name"], s["visit"], s["status"]) for s in states] == [("Pay", 0, "FAILED"), ("Pay", 1, "FAILED")]


def test_a_running_or_succeeded_execution_is_not_redrivable(alice_client: APIClient, machine: StateMachine) -> None:
    for execution in (start_execution(machine), run_to_end(machine)):
        response = alice_client.post(url(execution))
        assert response.status_code == 400
        assert error_of(response)["code"] == "ExecutionNotRedrivable"


def test_anonymous_callers_get_401(anon: APIClient, failed: Execution) -> None:
    assert anon.post(url(failed)).status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, failed: Execution) -> None:
    assert bob_client.post(url(failed)).status_code == 404
    failed.refresh_from_db()
    assert failed.redrive_count == 0


def test_view_access_cannot_redrive_and_run_access_can(carol_client: APIClient, failed: Execution,
                                                       team: Group) -> None:
    share = StateMachineShare.objects.create(state_machine=failed.state_machine, group=team,
                                             permission=SharePermission.VIEW)
    response = carol_client.post(url(failed))
    assert (response.status_code, error_of(response)["code"]) == (403, "permission_denied")
    share.permission = SharePermission.RUN
    share.save()
    assert carol_client.post(url(failed)).json()["redrive_count"] == 1
