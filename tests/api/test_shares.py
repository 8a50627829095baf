"""Shares: the owner (or an EDITor) grants a group VIEW, RUN or EDIT; changing and removing it."""
from __future__ import annotations

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from designer.models import StateMachine
from tests.api.conftest import error_of


def shares(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/shares/"


def test_share_change_and_unshare(alice_client: APIClient, carol_client: APIClient, machine: StateMachine,
                                  team: Group) -> None:
    assert carol_client.get(f"/api/state-machines/{machine.id}/").status_code == 404
    created = alice_client.post(shares(machine), {"group": "team", "permission": "RUN"}, format="json")
    assert created.status_code == 201
    share = created.json()
    assert (share["group"], share["permission"]) == ("team", "RUN")
    assert carol_client.get(f"/api/state-machines/{machine.id}/").json()["access"] == "RUN"

    changed = alice_client.patch(f"{shares(machine)}{share['id']}/", {"permission": "EDIT"}, format="json")
    assert changed.json()["permission"] == "EDIT"
    assert alice_client.get(shares(machine)).json() == [changed.json()]
    assert alice_client.get(f"{shares(machine)}{share['id']}/").json() == changed.json()

    assert alice_client.delete(f"{shares(machine)}{share['id']}/").status_code == 204
    assert carol_client.get(f"/api/state-machines/{machine.id}/").status_code == 404


def test_sharing_again_with_a_group_updates_its_share(alice_client: APIClient, machine: StateMachine,
                                                      team: Group) -> None:
    first = alice_client.post(shares(machine), {"group": "team"}, format="json")
    assert first.json()["permission"] == "VIEW"
    again = alice_client.post(shares(machine), {"group": "team", "permission": "EDIT"}, format="json")
    assert (again.status_code, again.json()["id"], again.json()["permission"]) == (200, first.json()["id"], "EDIT")


def test_an_editor_can_share_further(alice_client: APIClient, carol_client: APIClient, machine: StateMachine,
                                     team: Group) -> None:
    Group.objects.create(name="auditors")
    alice_client.post(shares(machine), {"group": "team", "permission": "EDIT"}, format="json")
    response = carol_client.post(shares(machine), {"group": "auditors"}, format="json")
    assert response.status_code == 201


def test_bad_input_is_a_400_pointing_at_the_field(alice_client: APIClient, machine: StateMachine,
                                                  team: Group) -> None:
    unknown = alice_client.post(shares(machine), {"group": "nobody"}, format="json")
    assert (unknown.status_code, error_of(unknown)["pointer"], error_of(unknown)["code"]) == (400, "/group",
                                                                                             "unknown_group")
    bad = alice_client.post(shares(machine), {"group": "team", "permission": "OWN"}, format="json")
    assert (bad.status_code, error_of(bad)["pointer"]) == (400, "/permission")
    share = alice_client.post(shares(machine), {"group": "team"}, format="json").json()
    moved = alice_client.patch(f"{shares(machine)}{share['id']}/", {"group": "other"}, format="json")
    assert (moved.status_code, error_of(moved)["code"]) == (400, "immutable")
