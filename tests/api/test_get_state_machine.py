"""GET /api/state-machines/<id>/: the machine with its current definition, as stored."""
from __future__ import annotations

import uuid

from rest_framework.test import APIClient

from designer.models import StateMachine
from tests.api.conftest import HELLO_TEXT, error_of


def test_returns_the_machine_and_its_definition(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.get(f"/api/state-machines/{machine.id}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["definition"]) == (str(machine.id), "hello", HELLO_TEXT)
    assert body["arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
    assert body["revision_id"] == str(machine.current_revision_id)
    assert (body["access"], body["logging_level"], body["last_version_number"]) == ("OWNER", "OFF", 0)


def test_arns_use_the_configured_region_and_account(alice_client: APIClient, machine: StateMachine,
                                                    settings: object) -> None:
    settings.STEPCRAFT_REGION = "eu-west-3"  # type: ignore[attr-defined]
    settings.STEPCRAFT_ACCOUNT_ID = "000000000042"  # type: ignore[attr-defined]
    body = alice_client.get(f"/api/state-machines/{machine.id}/").json()
    assert body["arn"] == "arn:aws:states:eu-west-3:000000000042:stateMachine:hello"


def test_an_unknown_id_is_a_404(alice_client: APIClient) -> None:
    response = alice_client.get(f"/api/state-machines/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_malformed_id_is_a_json_404(alice_client: APIClient) -> None:
    response = alice_client.get("/api/state-machines/not-a-uuid/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_put_is_not_allowed(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.put(f"/api/state-machines/{machine.id}/", {}, format="json")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
