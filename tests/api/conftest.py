"""Personas and their clients for the REST API tests.

- alice owns state machines (``machine``);
- bob is another user, in no group: alice's machines do not exist for him;
- carol is in the group ``team``, which ``share_with_team`` grants VIEW, RUN or EDIT on alice's machine.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from designer.models import SharePermission, StateMachine, StateMachineShare
from designer.services import create_state_machine

HELLO = {
    "Comment": "Says hello",
    "StartAt": "Greet",
    "States": {"Greet": {"Type": "Pass", "Result": "hello", "End": True}},
}
HELLO_TEXT = json.dumps(HELLO, indent=2) + "\n"


def make_user(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.com", f"{username}-password-123")


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob")


@pytest.fixture
def carol(db: None) -> User:
    return make_user("carol")


@pytest.fixture
def team(carol: User) -> Group:
    group = Group.objects.create(name="team")
    carol.groups.add(group)
    return group


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def alice_client(alice: User) -> APIClient:
    return client_for(alice)


@pytest.fixture
def bob_client(bob: User) -> APIClient:
    return client_for(bob)


@pytest.fixture
def carol_client(carol: User) -> APIClient:
    return client_for(carol)


@pytest.fixture
def machine(alice: User) -> StateMachine:
    return create_state_machine(owner=alice, name="hello", definition=HELLO_TEXT).machine


@pytest.fixture
def share_with_team(machine: StateMachine, team: Group) -> Callable[[str], StateMachineShare]:
    def share(permission: str) -> StateMachineShare:
        return StateMachineShare.objects.update_or_create(
            state_machine=machine, group=team, defaults={"permission": SharePermission(permission)})[0]

    return share


def error_of(response: Any) -> dict[str, Any]:
    """The ``error`` object of an error answer (asserting the shape)."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Users are made in nearly every test; PBKDF2's deliberate slowness would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
