"""Aliases: a name routing to one or two versions with weights adding up to 100 (AWS's rules)."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from designer.models import StateMachine
from designer.services import publish_version, update_state_machine
from tests.api.conftest import error_of


@pytest.fixture
def published(machine: StateMachine) -> StateMachine:
    """The machine with versions 1 and 2."""
    publish_version(machine=machine)
    update_state_machine(machine=machine, definition='{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}',
                         publish=True)
    return machine


def aliases(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/aliases/"


def test_create_read_update_delete(alice_client: APIClient, published: StateMachine) -> None:
    created = alice_client.post(aliases(published), {"name": "live", "description": "prod", "routing_configuration": [
        {"version": 1, "weight": 100}]}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello:live"
    assert body["routing_configuration"] == [{"version": 1, "weight": 100, "state_machine_version_arn":
                                              "arn:aws:states:us-east-1:123456789012:stateMachine:hello:1"}]
    canary = [{"version": 2, "weight": 10}, {"version": 1, "weight": 90}]
    updated = alice_client.patch(f"{aliases(published)}live/", {"routing_configuration": canary}, format="json")
    assert updated.status_code == 200
    assert [(r["version"], r["weight"]) for r in updated.json()["routing_configuration"]] == [(1, 90), (2, 10)]
    assert updated.json()["description"] == "prod"
    assert [a["name"] for a in alice_client.get(aliases(published)).json()] == ["live"]
    assert alice_client.get(f"{aliases(published)}live/").json()["id"] == body["id"]
    assert alice_client.delete(f"{aliases(published)}live/").status_code == 204
    assert alice_client.get(f"{aliases(published)}live/").status_code == 404


def test_alias_names_are_unique_per_machine(alice_client: APIClient, published: StateMachine) -> None:
    body = {"name": "live", "routing_configuration": [{"version": 1, "weight": 100}]}
    assert alice_client.post(aliases(published), body, format="json").status_code == 201
    again = alice_client.post(aliases(published), body, format="json")
    assert again.status_code == 409
    assert error_of(again)["pointer"] == "/name"


@pytest.mark.parametrize(("body", "pointer", "code"), [
    ({"name": "live", "routing_configuration": []}, "/routing_configuration", "min_length"),
    ({"name": "live", "routing_configuration": [{"version": 1, "weight": 50}, {"version": 2, "weight": 30},
                                                 {"version": 2, "weight": 20}]}, "/routing_configuration",
     "max_length"),
    ({"name": "live", "routing_configuration": [{"version": 1, "weight": 90}]}, "/routing_configuration",
     "invalid_routing"),
    ({"name": "live", "routing_configuration": [{"version": 1, "weight": 50}, {"version": 1, "weight": 50}]},
     "/routing_configuration", "invalid_routing"),
    ({"name": "live", "routing_configuration": [{"version": 1, "weight": 101}]}, "/routing_configuration/0/weight",
     "max_value"),
    ({"name": "live", "routing_configuration": [{"version": 1, "weight": 50}, {"version": 7, "weight": 50}]},
     "/routing_configuration/1/version", "unknown_version"),
    ({"name": "live", "routing_configuration": [{"version": 1}]}, "/routing_configuration/0/weight", "required"),
    ({"name": "123", "routing_configuration": [{"version": 1, "weight": 100}]}, "/name", "invalid_name"),
    ({"name": "has space", "routing_configuration": [{"version": 1, "weight": 100}]}, "/name", "invalid_name"),
    ({"name": "live"}, "/routing_configuration", "required"),
])
def test_bad_input_is_a_400_pointing_at_the_field(alice_client: APIClient, published: StateMachine, body: dict,
                                                  pointer: str, code: str) -> None:
    response = alice_client.post(aliases(published), body, format="json")
    assert response.status_code == 400, response.content
    assert (error_of(response)["pointer"], error_of(response)["code"]) == (pointer, code)


def test_an_alias_name_cannot_change(alice_client: APIClient, published: StateMachine) -> None:
    alice_client.post(aliases(published), {"name": "live", "routing_configuration": [{"version": 1, "weight": 100}]},
                      format="json")
    response = alice_client.patch(f"{aliases(published)}live/", {"name": "other"}, format="json")
    assert response.status_code == 400
    assert (error_of(response)["pointer"], error_of(response)["code"]) == ("/name", "immutable")
