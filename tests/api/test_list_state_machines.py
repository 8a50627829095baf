"""GET /api/state-machines/: your machines and those shared with you, newest first, searchable, paged."""
from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.services import create_state_machine
from tests.api.conftest import HELLO_TEXT, error_of

URL = "/api/state-machines/"


def make(owner: User, name: str, type: str = "STANDARD") -> None:
    create_state_machine(owner=owner, name=name, definition=HELLO_TEXT, type=type)


def names(response: object) -> list[str]:
    return [m["name"] for m in response.json()["results"]]  # type: ignore[attr-defined]


def test_lists_only_the_callers_machines_newest_first(alice: User, bob: User, alice_client: APIClient) -> None:
    for name in ("first", "second", "third"):
        make(alice, name)
    make(bob, "bobs")
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["third", "second", "first"]
    assert "definition" not in response.json()["results"][0]


def test_search_by_name_is_case_insensitive(alice: User, alice_client: APIClient) -> None:
    for name in ("OrderFlow", "orders-v2", "billing"):
        make(alice, name)
    assert sorted(names(alice_client.get(URL, {"search": "ORDER"}))) == ["OrderFlow", "orders-v2"]


def test_filter_by_type(alice: User, alice_client: APIClient) -> None:
    make(alice, "slow")
    make(alice, "fast", "EXPRESS")
    assert names(alice_client.get(URL, {"type": "EXPRESS"})) == ["fast"]
    assert names(alice_client.get(URL, {"type": "STANDARD"})) == ["slow"]


def test_cursor_pagination_walks_every_machine_once(alice: User, alice_client: APIClient) -> None:
    for index in range(7):
        make(alice, f"m{index}")
    seen: list[str] = []
    page = alice_client.get(URL, {"page_size": 3}).json()
    while True:
        seen += [m["name"] for m in page["results"]]
        if not page["next"]:
            break
        page = alice_client.get(page["next"]).json()
    assert seen == [f"m{index}" for index in reversed(range(7))]


def test_a_bad_filter_names_the_parameter(alice_client: APIClient) -> None:
    response = alice_client.get(URL, {"type": "SLOW"})
    assert response.status_code == 400
    assert (error_of(response)["parameter"], error_of(response)["code"]) == ("type", "invalid_choice")


def test_a_bad_cursor_is_a_400(alice_client: APIClient) -> None:
    response = alice_client.get(URL, {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert (error_of(response)["parameter"], error_of(response)["code"]) == ("cursor", "invalid_cursor")
