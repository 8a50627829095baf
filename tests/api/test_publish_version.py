"""Versions: publishing the current revision (idempotent, as AWS), listing, reading, deleting."""
from __future__ import annotations

from rest_framework.test import APIClient

from designer.models import StateMachine
from designer.services import create_alias, publish_version, update_state_machine
from tests.api.conftest import HELLO_TEXT, error_of

SUCCEED = '{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}'


def versions(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/versions/"


def test_publish_numbers_versions_from_1(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.post(versions(machine), {"description": "first"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["description"], body["definition"]) == (1, "first", HELLO_TEXT)
    assert body["arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello:1"
    update_state_machine(machine=machine, definition=SUCCEED)
    assert alice_client.post(versions(machine), {}, format="json").json()["number"] == 2


def test_publishing_an_already_published_revision_returns_that_version(alice_client: APIClient,
                                                                       machine: StateMachine) -> None:
    first = alice_client.post(versions(machine), {"description": "v"}, format="json")
    again = alice_client.post(versions(machine), {}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    conflict = alice_client.post(versions(machine), {"description": "other"}, format="json")
    assert conflict.status_code == 409
    assert error_of(conflict)["code"] == "version_exists"


def test_revision_id_guards_against_publishing_an_unseen_definition(alice_client: APIClient,
                                                                    machine: StateMachine) -> None:
    seen = str(machine.current_revision_id)
    update_state_machine(machine=machine, definition=SUCCEED)
    response = alice_client.post(versions(machine), {"revision_id": seen}, format="json")
    assert response.status_code == 409
    assert (error_of(response)["code"], error_of(response)["pointer"]) == ("revision_mismatch", "/revision_id")


def test_list_and_retrieve(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    update_state_machine(machine=machine, definition=SUCCEED, publish=True)
    listed = alice_client.get(versions(machine)).json()
    assert [v["number"] for v in listed] == [2, 1]
    assert "definition" not in listed[0]
    one = alice_client.get(f"{versions(machine)}1/").json()
    assert (one["number"], one["definition"]) == (1, HELLO_TEXT)
    assert alice_client.get(f"{versions(machine)}3/").status_code == 404
    assert alice_client.get(f"{versions(machine)}99999999999999999999999/").status_code == 404


def test_a_version_an_alias_uses_cannot_be_deleted(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    create_alias(machine=machine, name="live", routing=[(1, 100)])
    response = alice_client.delete(f"{versions(machine)}1/")
    assert response.status_code == 409
    assert error_of(response)["code"] == "version_in_use"


def test_deleted_version_numbers_are_not_reused(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    assert alice_client.delete(f"{versions(machine)}1/").status_code == 204
    update_state_machine(machine=machine, definition=SUCCEED)
    assert alice_client.post(versions(machine), {}, format="json").json()["number"] == 2


def test_bad_input_is_a_400_pointing_at_the_field(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.post(versions(machine), {"revision_id": "nope"}, format="json")
    assert response.status_code == 400
    assert (error_of(response)["pointer"], error_of(response)["code"]) == ("/revision_id", "invalid")
