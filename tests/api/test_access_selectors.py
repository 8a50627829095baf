"""designer.selectors: the access rules the executions API and websocket consumers reuse."""
from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from rest_framework.exceptions import NotFound, PermissionDenied

from designer.models import SharePermission, StateMachine, StateMachineShare
from designer.selectors import (
    Access,
    access_of,
    check_access,
    get_state_machine_for,
    state_machines_visible_to,
)


def test_the_owner_has_owner_access(alice: User, machine: StateMachine) -> None:
    assert access_of(alice, machine) is Access.OWNER
    assert get_state_machine_for(alice, machine.id, Access.OWNER) == machine
    assert get_state_machine_for(alice, str(machine.id)) == machine


def test_strangers_and_anonymous_users_get_not_found(bob: User, machine: StateMachine) -> None:
    for user in (bob, AnonymousUser()):
        assert access_of(user, machine) is None
        with pytest.raises(NotFound):
            get_state_machine_for(user, machine.id)
        assert not state_machines_visible_to(user).exists()


def test_malformed_and_unknown_ids_are_not_found(alice: User) -> None:
    for machine_id in ("nope", uuid.uuid4()):
        with pytest.raises(NotFound):
            get_state_machine_for(alice, machine_id)


@pytest.mark.parametrize(("permission", "granted"), [(SharePermission.VIEW, Access.VIEW),
                                                     (SharePermission.RUN, Access.RUN),
                                                     (SharePermission.EDIT, Access.EDIT)])
def test_a_share_grants_its_level_and_those_below(carol: User, team: Group, machine: StateMachine,
                                                  permission: SharePermission, granted: Access) -> None:
    StateMachineShare.objects.create(state_machine=machine, group=team, permission=permission)
    assert access_of(carol, machine) is granted
    for need in Access:
        visible = state_machines_visible_to(carol, need).filter(id=machine.id).exists()
        assert visible == (need <= granted)
        if need <= granted:
            assert check_access(carol, machine, need) is granted
        else:
            with pytest.raises(PermissionDenied):
                get_state_machine_for(carol, machine.id, need)


def test_the_best_of_several_group_shares_counts(carol: User, team: Group, machine: StateMachine) -> None:
    auditors = Group.objects.create(name="auditors")
    carol.groups.add(auditors)
    StateMachineShare.objects.create(state_machine=machine, group=team, permission=SharePermission.VIEW)
    StateMachineShare.objects.create(state_machine=machine, group=auditors, permission=SharePermission.RUN)
    assert access_of(carol, machine) is Access.RUN
    assert state_machines_visible_to(carol).count() == 1


def test_superusers_see_everything(machine: StateMachine) -> None:
    root = User.objects.create_superuser("root", "", "pw")
    assert access_of(root, machine) is Access.OWNER
    assert list(state_machines_visible_to(root, Access.OWNER)) == [machine]


def test_inactive_users_see_nothing(alice: User, machine: StateMachine) -> None:
    alice.is_active = False
    assert access_of(alice, machine) is None
    assert not state_machines_visible_to(alice).exists()
