"""Reads, and the access rules every reader goes through.

Who may do what with a state machine:

- its owner, and superusers, have :attr:`Access.OWNER` (everything, including deleting it);
- members of a group it is shared with have the share's level: VIEW (read it, its versions,
  aliases, executions and history), RUN (also start, stop and redrive executions) or EDIT (also
  change the definition and settings, publish versions, manage aliases and shares);
- everyone else does not see it at all: it answers 404, never 403, so that the existence of
  another user's machine is not revealed. 403 means "you can see it, but not do that".

These functions are the one place those rules live. The executions API and the websocket
consumers reuse them, e.g.::

    machine = get_state_machine_for(request.user, machine_id, need=Access.RUN)   # start an execution
    Execution.objects.filter(state_machine__in=state_machines_visible_to(user))  # list executions
    check_access(user, execution.state_machine, Access.RUN)                      # stop one
    # in an AsyncJsonWebsocketConsumer:
    await database_sync_to_async(check_access)(self.scope["user"], machine, Access.VIEW)

They raise DRF's ``NotFound`` / ``PermissionDenied``, which the REST API turns into 404 / 403
answers and which a consumer can catch to close the socket.
"""
from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied

from designer.models import (
    DefinitionRevision,
    SharePermission,
    StateMachine,
    StateMachineAlias,
    StateMachineShare,
    StateMachineVersion,
)

AnyUser = User | AnonymousUser  # request.user, scope["user"]
MAX_DB_INT = 2**31 - 1  # larger numbers in a URL cannot name anything (and would overflow the database)


class Access(enum.IntEnum):
    """What a user may do with a machine; each level includes the ones below it."""

    VIEW = 1
    RUN = 2
    EDIT = 3
    OWNER = 4


_SHARE_ACCESS = {SharePermission.VIEW: Access.VIEW, SharePermission.RUN: Access.RUN,
                 SharePermission.EDIT: Access.EDIT}


def _permissions_granting(need: Access) -> list[str]:
    return [permission.value for permission, access in _SHARE_ACCESS.items() if access >= need]


def _is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False))


def state_machines_visible_to(user: AnyUser, need: Access = Access.VIEW) -> QuerySet[StateMachine]:
    """The machines ``user`` has at least ``need`` access to (none for anonymous or inactive users)."""
    machines = StateMachine.objects.select_related("owner", "current_revision")
    if not user.is_authenticated or not user.is_active:
        return machines.none()
    if _is_superuser(user):
        return machines.all()
    mine = Q(owner=user)
    if need >= Access.OWNER:
        return machines.filter(mine)
    shared = StateMachineShare.objects.filter(group__user=user, permission__in=_permissions_granting(need))
    return machines.filter(mine | Q(id__in=shared.values("state_machine_id")))


def access_of(user: AnyUser, machine: StateMachine) -> Access | None:
    """The access ``user`` has to ``machine``, or None when they may not even see it."""
    return access_to_many(user, [machine]).get(machine.id)


def access_to_many(user: AnyUser, machines: Iterable[StateMachine]) -> dict[uuid.UUID, Access]:
    """``access_of`` for several machines in one query (machines the user cannot see are left out)."""
    machines = list(machines)
    if not user.is_authenticated or not user.is_active:
        return {}
    if _is_superuser(user):
        return {machine.id: Access.OWNER for machine in machines}
    found = {machine.id: Access.OWNER for machine in machines if machine.owner_id == user.pk}
    others = [machine.id for machine in machines if machine.id not in found]
    if others:
        shares = StateMachineShare.objects.filter(state_machine_id__in=others, group__user=user)
        for machine_id, permission in shares.values_list("state_machine_id", "permission"):
            access = _SHARE_ACCESS[SharePermission(permission)]
            found[machine_id] = max(found.get(machine_id, access), access)
    return found


def check_access(user: AnyUser, machine: StateMachine, need: Access = Access.VIEW,
                 not_found: str = "No such state machine.") -> Access:
    """``user``'s access to ``machine`` if it is at least ``need``.

    Raises NotFound (404, with the message ``not_found``: "No such execution." when checking an
    execution through its machine) when the user may not see the machine, PermissionDenied (403)
    when they may see it but need more.
    """
    access = access_of(user, machine)
    if access is None:
        raise NotFound(not_found)
    if access < need:
        raise PermissionDenied(f"This needs {need.name} access to the state machine; you have {access.name}.")
    return access


def get_state_machine_for(user: AnyUser, machine_id: uuid.UUID | str, need: Access = Access.VIEW) -> StateMachine:
    """The machine with that id, if ``user`` has ``need`` access to it (404 / 403 otherwise, see check_access)."""
    return get_state_machine_with_access(user, machine_id, need)[0]


def get_state_machine_with_access(user: AnyUser, machine_id: uuid.UUID | str,
                                  need: Access = Access.VIEW) -> tuple[StateMachine, Access]:
    """``get_state_machine_for``, also returning the user's access (to tell the client what it may do)."""
    try:
        key = machine_id if isinstance(machine_id, uuid.UUID) else uuid.UUID(str(machine_id))
    except ValueError:
        raise NotFound("No such state machine.") from None
    machine = StateMachine.objects.select_related("owner", "current_revision").filter(id=key).first()
    if machine is None:
        raise NotFound("No such state machine.")
    return machine, check_access(user, machine, need)


def current_revision(machine: StateMachine) -> DefinitionRevision:
    if machine.current_revision is None:  # only while create_state_machine's transaction runs
        raise NotFound("The state machine has no definition yet.")
    return machine.current_revision


def versions_of(machine: StateMachine) -> QuerySet[StateMachineVersion]:
    return machine.versions.select_related("revision").order_by("-number")


def get_version(machine: StateMachine, number: int) -> StateMachineVersion:
    version = versions_of(machine).filter(number=number).first() if 0 < number <= MAX_DB_INT else None
    if version is None:
        raise NotFound(f"State machine {machine.name} has no version {number}.")
    return version


def aliases_of(machine: StateMachine) -> QuerySet[StateMachineAlias]:
    return machine.aliases.prefetch_related("routes__version").order_by("name")


def get_alias(machine: StateMachine, name: str) -> StateMachineAlias:
    alias = aliases_of(machine).filter(name=name).first()
    if alias is None:
        raise NotFound(f"State machine {machine.name} has no alias {name!r}.")
    return alias


def shares_of(machine: StateMachine) -> QuerySet[StateMachineShare]:
    return machine.shares.select_related("group").order_by("group__name")


def get_share(machine: StateMachine, share_id: uuid.UUID) -> StateMachineShare:
    share = shares_of(machine).filter(id=share_id).first()
    if share is None:
        raise NotFound("No such share.")
    return share


def search_state_machines(machines: QuerySet[StateMachine], *, search: str = "", type: str = "",
                          **_: Any) -> QuerySet[StateMachine]:
    """Narrow a list by a case-insensitive name substring and/or a type."""
    if search:
        machines = machines.filter(name__icontains=search)
    if type:
        machines = machines.filter(type=type)
    return machines
