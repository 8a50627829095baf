"""Every endpoint against every kind of caller: anonymous (401), a stranger (404, nothing changes),
and a group member whose share grants exactly VIEW, RUN or EDIT (403 above that level).

Executions count as their machine's: the same rules apply to them through it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from designer.models import SharePermission, StateMachine, StateMachineShare
from designer.selectors import Access
from designer.services import create_alias, publish_version, share_state_machine, update_state_machine
from executions.models import Execution
from executions.services import start_execution
from tests.api.conftest import HELLO, error_of
from tests.api.drive import run_to_end


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {id}, {share}, {execution}, {failed} are filled in from the world
    need: Access | None  # None: not about one machine
    body: Any = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


MACHINE_ENDPOINTS = [
    Endpoint("get", "/api/state-machines/{id}/", Access.VIEW),
    Endpoint("patch", "/api/state-machines/{id}/", Access.EDIT, {"description": "changed"}),
    Endpoint("delete", "/api/state-machines/{id}/", Access.OWNER),
    Endpoint("get", "/api/state-machines/{id}/export/?format=yaml", Access.VIEW),
    Endpoint("get", "/api/state-machines/{id}/versions/", Access.VIEW),
    Endpoint("post", "/api/state-machines/{id}/versions/", Access.EDIT, {"description": ""}),
    Endpoint("get", "/api/state-machines/{id}/versions/1/", Access.VIEW),
    Endpoint("delete", "/api/state-machines/{id}/versions/2/", Access.EDIT),
    Endpoint("get", "/api/state-machines/{id}/aliases/", Access.VIEW),
    Endpoint("post", "/api/state-machines/{id}/aliases/", Access.EDIT,
             {"name": "canary", "routing_configuration": [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}]}),
    Endpoint("get", "/api/state-machines/{id}/aliases/live/", Access.VIEW),
    Endpoint("patch", "/api/state-machines/{id}/aliases/live/", Access.EDIT, {"description": "prod"}),
    Endpoint("delete", "/api/state-machines/{id}/aliases/live/", Access.EDIT),
    Endpoint("get", "/api/state-machines/{id}/shares/", Access.EDIT),
    Endpoint("post", "/api/state-machines/{id}/shares/", Access.EDIT, {"group": "others", "permission": "RUN"}),
    Endpoint("get", "/api/state-machines/{id}/shares/{share}/", Access.EDIT),
    Endpoint("patch", "/api/state-machines/{id}/shares/{share}/", Access.EDIT, {"permission": "EDIT"}),
    Endpoint("delete", "/api/state-machines/{id}/shares/{share}/", Access.EDIT),
    Endpoint("get", "/api/state-machines/{id}/executions/", Access.VIEW),
    Endpoint("post", "/api/state-machines/{id}/executions/", Access.RUN, {"input": {"n": 1}}),
    Endpoint("get", "/api/executions/{execution}/", Access.VIEW),
    Endpoint("post", "/api/executions/{execution}/stop/", Access.RUN, {"error": "Manual"}),
    Endpoint("post", "/api/executions/{failed}/redrive/", Access.RUN),
    Endpoint("get", "/api/executions/{execution}/history/?limit=5", Access.VIEW),
    Endpoint("get", "/api/executions/{failed}/states/", Access.VIEW),
    Endpoint("get", "/api/executions/{failed}/invocations/", Access.VIEW),
]
GLOBAL_ENDPOINTS = [
    Endpoint("get", "/api/state-machines/", None),
    Endpoint("post", "/api/state-machines/", None, {"name": "new", "definition": HELLO}),
    Endpoint("post", "/api/state-machines/import/", None, {"name": "new", "definition": "StartAt: A\n"}),
    Endpoint("post", "/api/validate/", None, {"definition": HELLO}),
    Endpoint("get", "/api/executions/", None),
    Endpoint("get", "/api/tokens/", None),
    Endpoint("post", "/api/tokens/", None, {"name": "laptop"}),
    Endpoint("get", "/api/tokens/00000000-0000-0000-0000-000000000000/", None),
    Endpoint("delete", "/api/tokens/00000000-0000-0000-0000-000000000000/", None),
]


@dataclass
class World:
    machine: StateMachine
    share: StateMachineShare  # with the group "others", which nobody here is in
    execution: Execution  # RUNNING
    failed: Execution  # FAILED, in a Fail state: redrivable

    def url(self, endpoint: Endpoint) -> str:
        return endpoint.path.format(id=self.machine.id, share=self.share.id, execution=self.execution.id,
                                    failed=self.failed.id)


@pytest.fixture
def world(machine: StateMachine, team: Group) -> World:
    """alice's machine with versions 1 and 2, the alias ``live`` -> 1, a share with ``others``, a running
    execution and a failed one (of a definition that was current for a moment)."""
    publish_version(machine=machine)
    update_state_machine(machine=machine, definition='{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}',
                         publish=True)
    create_alias(machine=machine, name="live", routing=[(1, 100)])
    share = share_state_machine(machine=machine, group=Group.objects.create(name="others"))[0]
    current = machine.current_revision
    update_state_machine(machine=machine, definition='{"StartAt": "F", "States": {"F": {"Type": "Fail"}}}')
    failed = run_to_end(machine)
    machine.current_revision = current
    machine.save(update_fields=["current_revision"])
    return World(machine, share, start_execution(machine, name="running"), failed)


def call(client: APIClient, endpoint: Endpoint, url: str) -> Any:
    return getattr(client, endpoint.method)(url, endpoint.body, format="json")


@pytest.mark.parametrize("endpoint", MACHINE_ENDPOINTS + GLOBAL_ENDPOINTS, ids=str)
def test_anonymous_callers_get_401(anon: APIClient, world: World, endpoint: Endpoint) -> None:
    response = call(anon, endpoint, world.url(endpoint))
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint", MACHINE_ENDPOINTS, ids=str)
def test_another_users_machine_does_not_exist_for_a_stranger(bob_client: APIClient, world: World,
                                                              endpoint: Endpoint) -> None:
    before = StateMachine.objects.values().get(id=world.machine.id)
    response = call(bob_client, endpoint, world.url(endpoint))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert StateMachine.objects.values().get(id=world.machine.id) == before
    assert sorted(Execution.objects.values_list("status", flat=True)) == ["FAILED", "RUNNING"]
    assert world.machine.versions.count() == 2
    assert world.machine.aliases.count() == 1
    assert world.machine.shares.count() == 1


def test_a_stranger_does_not_list_another_users_machine(bob_client: APIClient, world: World) -> None:
    assert bob_client.get("/api/state-machines/").json()["results"] == []
    assert bob_client.get("/api/state-machines/?search=hello").json()["results"] == []
    assert bob_client.get("/api/executions/").json()["results"] == []


@pytest.mark.parametrize("level", [SharePermission.VIEW, SharePermission.RUN, SharePermission.EDIT])
@pytest.mark.parametrize("endpoint", MACHINE_ENDPOINTS, ids=str)
def test_a_group_share_grants_exactly_its_level(carol_client: APIClient, world: World, team: Group,
                                                endpoint: Endpoint, level: SharePermission) -> None:
    StateMachineShare.objects.create(state_machine=world.machine, group=team, permission=level)
    response = call(carol_client, endpoint, world.url(endpoint))
    granted = {SharePermission.VIEW: Access.VIEW, SharePermission.RUN: Access.RUN, SharePermission.EDIT: Access.EDIT}
    assert endpoint.need is not None
    if endpoint.need <= granted[level]:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code == 403, response.content
        assert error_of(response)["code"] == "permission_denied"


@pytest.mark.parametrize("level", [SharePermission.VIEW, SharePermission.RUN, SharePermission.EDIT])
def test_shared_machines_are_listed_with_the_access_they_grant(carol_client: APIClient, world: World, team: Group,
                                                               level: SharePermission) -> None:
    StateMachineShare.objects.create(state_machine=world.machine, group=team, permission=level)
    [listed] = carol_client.get("/api/state-machines/").json()["results"]
    assert (listed["id"], listed["access"], listed["owner"]) == (str(world.machine.id), level.value, "alice")
    assert carol_client.get(f"/api/state-machines/{world.machine.id}/").json()["access"] == level.value


def test_leaving_the_group_removes_the_access(carol: User, carol_client: APIClient, world: World, team: Group) -> None:
    StateMachineShare.objects.create(state_machine=world.machine, group=team, permission=SharePermission.EDIT)
    carol.groups.remove(team)
    assert carol_client.get(f"/api/state-machines/{world.machine.id}/").status_code == 404


@pytest.mark.parametrize("endpoint", MACHINE_ENDPOINTS, ids=str)
def test_the_owner_may_do_everything(alice_client: APIClient, world: World, endpoint: Endpoint) -> None:
    assert call(alice_client, endpoint, world.url(endpoint)).status_code in (200, 201, 204)
