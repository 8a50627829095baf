"""PATCH /api/state-machines/<id>/: a new definition makes a new revision (an unchanged one does not)."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from designer.models import StateMachine
from tests.api.conftest import HELLO, HELLO_TEXT, error_of

SUCCEED = '{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}'


def url(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/"


def test_a_new_definition_makes_a_new_revision(alice_client: APIClient, machine: StateMachine) -> None:
    old_revision = machine.current_revision_id
    response = alice_client.patch(url(machine), {"definition": SUCCEED}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["definition"] == SUCCEED
    assert body["revision_id"] != str(old_revision)
    assert machine.revisions.count() == 2


def test_an_unchanged_definition_makes_no_revision(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.patch(url(machine), {"definition": HELLO_TEXT}, format="json")
    assert response.json()["revision_id"] == str(machine.current_revision_id)
    response = alice_client.patch(url(machine), {"definition": HELLO}, format="json")  # same text once rendered
    assert response.json()["revision_id"] == str(machine.current_revision_id)
    assert machine.revisions.count() == 1


def test_settings_change_without_a_revision(alice_client: APIClient, machine: StateMachine) -> None:
    body = alice_client.patch(url(machine), {"description": "now described", "logging_level": "ALL",
                                             "include_execution_data": True}, format="json").json()
    assert (body["description"], body["logging_level"], body["include_execution_data"]) == ("now described", "ALL",
                                                                                           True)
    assert machine.revisions.count() == 1


def test_publish_with_the_update(alice_client: APIClient, machine: StateMachine) -> None:
    body = alice_client.patch(url(machine), {"definition": SUCCEED, "publish": True,
                                             "version_description": "v1"}, format="json").json()
    assert body["version"]["number"] == 1
    assert body["version"]["revision_id"] == body["revision_id"]


def test_an_invalid_definition_changes_nothing(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.patch(url(machine), {"definition": {"StartAt": "A", "States": {}}}, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_definition"
    machine.refresh_from_db()
    assert machine.current_revision is not None and machine.current_revision.definition == HELLO_TEXT


@pytest.mark.parametrize(("body", "pointer", "code"), [
    ({"name": "bad name!"}, "/name", "invalid_name"),
    ({"type": "EXPRESS"}, "/type", "immutable"),
    ({"colour": "blue"}, "/colour", "unknown_field"),
    ({"logging_level": 3}, "/logging_level", "invalid_choice"),
    ({"definition": True}, "/definition", "invalid"),
])
def test_bad_input_is_a_400_pointing_at_the_field(alice_client: APIClient, machine: StateMachine, body: dict,
                                                  pointer: str, code: str) -> None:
    response = alice_client.patch(url(machine), body, format="json")
    assert response.status_code == 400
    assert (error_of(response)["pointer"], error_of(response)["code"]) == (pointer, code)


def test_the_owner_renames_and_the_arn_follows(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.patch(url(machine), {"name": "Renamed"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Renamed"
    assert response.json()["arn"].endswith(":stateMachine:Renamed")
    machine.refresh_from_db()
    assert machine.name == "Renamed"


def test_a_rename_onto_another_machine_of_the_owner_is_a_409(alice_client: APIClient, machine: StateMachine) -> None:
    from designer.services import create_state_machine

    create_state_machine(owner=machine.owner, name="Taken", definition=HELLO_TEXT)
    response = alice_client.patch(url(machine), {"name": "Taken"}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (409, "state_machine_already_exists")


def test_a_sample_input_is_kept_cleared_and_bounded(alice_client: APIClient, machine: StateMachine) -> None:
    assert alice_client.get(url(machine)).json()["sample_input"] is None
    sample = {"orderId": "o-1", "items": [{"sku": "A", "quantity": 2}]}
    assert alice_client.patch(url(machine), {"sample_input": sample}, format="json").json()["sample_input"] == sample
    assert alice_client.patch(url(machine), {"description": "x"}, format="json").json()["sample_input"] == sample
    too_big = alice_client.patch(url(machine), {"sample_input": "x" * (256 * 1024)}, format="json")
    assert (too_big.status_code, error_of(too_big)["pointer"]) == (400, "/sample_input")
    assert alice_client.patch(url(machine), {"sample_input": None}, format="json").json()["sample_input"] is None
