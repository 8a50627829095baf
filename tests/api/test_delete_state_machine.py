"""DELETE /api/state-machines/<id>/: the machine goes, with its revisions, versions, aliases and shares."""
from __future__ import annotations

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from designer.models import AliasRoute, DefinitionRevision, StateMachine, StateMachineShare, StateMachineVersion
from designer.services import create_alias, publish_version, share_state_machine


def test_deletes_everything_that_belongs_to_the_machine(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    create_alias(machine=machine, name="live", routing=[(1, 100)])
    share_state_machine(machine=machine, group=Group.objects.create(name="team"))
    response = alice_client.delete(f"/api/state-machines/{machine.id}/")
    assert response.status_code == 204
    for model in (StateMachine, DefinitionRevision, StateMachineVersion, AliasRoute, StateMachineShare):
        assert not model.objects.exists(), model
    assert alice_client.get(f"/api/state-machines/{machine.id}/").status_code == 404
