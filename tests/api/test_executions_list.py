"""GET /api/executions/ and GET /api/state-machines/<id>/executions/: newest first, filtered, paged."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.models import StateMachine
from designer.services import create_state_machine
from executions.models import Execution
from executions.services import start_execution, stop_execution
from tests.api.conftest import HELLO_TEXT, error_of
from tests.api.drive import run_to_end

ALL = "/api/executions/"


def of(machine: StateMachine) -> str:
    return f"/api/state-machines/{machine.id}/executions/"


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [e["name"] for e in response.json()["results"]]


def started(machine: StateMachine, name: str, minutes_ago: int = 0) -> Execution:
    execution = start_execution(machine, name=name)
    if minutes_ago:
        execution.start_date -= timedelta(minutes=minutes_ago)
        execution.save(update_fields=["start_date"])
    return execution


@pytest.fixture
def other(alice: User) -> StateMachine:
    return create_state_machine(owner=alice, name="other", definition=HELLO_TEXT).machine


def test_lists_a_machines_executions_newest_first(alice_client: APIClient, machine: StateMachine,
                                                  other: StateMachine) -> None:
    started(machine, "old", 10)
    started(machine, "new")
    started(other, "elsewhere")
    assert names(alice_client.get(of(machine))) == ["new", "old"]
    summary = alice_client.get(of(machine)).json()["results"][0]
    assert {"input", "output"}.isdisjoint(summary)
    assert (summary["status"], summary["state_machine_name"]) == ("RUNNING", "hello")


def test_lists_every_visible_execution(alice_client: APIClient, bob: User, machine: StateMachine,
                                       other: StateMachine) -> None:
    started(machine, "one", 2)
    started(other, "two", 1)
    bobs = create_state_machine(owner=bob, name="bobs", definition=HELLO_TEXT).machine
    started(bobs, "bobs-run")
    assert names(alice_client.get(ALL)) == ["two", "one"]
    assert names(alice_client.get(ALL, {"state_machine": str(machine.id)})) == ["one"]


def test_filters_by_status_name_and_start_time(alice_client: APIClient, machine: StateMachine) -> None:
    done = run_to_end(machine, name="done-run")
    stop_execution(started(machine, "stopped-run", 60))
    started(machine, "running-run", 30)
    assert done.status == "SUCCEEDED"
    assert names(alice_client.get(of(machine), {"status": "SUCCEEDED"})) == ["done-run"]
    assert names(alice_client.get(ALL, {"status": "ABORTED"})) == ["stopped-run"]
    assert sorted(names(alice_client.get(of(machine), {"search": "RUN"}))) == ["done-run", "running-run",
                                                                              "stopped-run"]
    assert names(alice_client.get(ALL, {"search": "stop"})) == ["stopped-run"]
    middle = (done.start_date - timedelta(minutes=45)).isoformat()
    assert names(alice_client.get(of(machine), {"started_after": middle})) == ["done-run", "running-run"]
    assert names(alice_client.get(ALL, {"started_before": middle})) == ["stopped-run"]


def test_cursor_pagination_walks_every_execution_once(alice_client: APIClient, machine: StateMachine) -> None:
    for index in range(7):
        started(machine, f"e{index}", 10 - index)
    seen: list[str] = []
    page = alice_client.get(of(machine), {"page_size": 3}).json()
    while True:
        seen += [e["name"] for e in page["results"]]
        if not page["next"]:
            break
        page = alice_client.get(page["next"]).json()
    assert seen == [f"e{index}" for index in reversed(range(7))]


@pytest.mark.parametrize(("query", "parameter", "code"), [
    ({"status": "DONE"}, "status", "invalid_choice"),
    ({"started_after": "yesterday"}, "started_after", "invalid"),
    ({"started_before": "2025-13-01"}, "started_before", "invalid"),
    ({"state_machine": "not-a-uuid"}, "state_machine", "invalid"),
    ({"cursor": "nonsense"}, "cursor", "invalid_cursor"),
])
def test_a_bad_filter_names_the_parameter(alice_client: APIClient, machine: StateMachine, query: dict[str, str],
                                          parameter: str, code: str) -> None:
    response = alice_client.get(ALL, query)
    assert response.status_code == 400
    assert (error_of(response)["parameter"], error_of(response)["code"]) == (parameter, code)


def test_anonymous_callers_get_401(anon: APIClient, machine: StateMachine) -> None:
    assert anon.get(ALL).status_code == 401
    assert anon.get(of(machine)).status_code == 401


def test_a_stranger_sees_nothing_of_another_users_executions(bob_client: APIClient, machine: StateMachine) -> None:
    started(machine, "private")
    assert names(bob_client.get(ALL)) == []
    assert names(bob_client.get(ALL, {"state_machine": str(machine.id)})) == []
    assert bob_client.get(of(machine)).status_code == 404


def test_view_access_lists_a_shared_machines_executions(carol_client: APIClient, machine: StateMachine,
                                                        share_with_team: Callable[[str], object]) -> None:
    started(machine, "shared")
    assert names(carol_client.get(ALL)) == []
    share_with_team("VIEW")
    assert names(carol_client.get(ALL)) == ["shared"]
    assert names(carol_client.get(of(machine))) == ["shared"]
