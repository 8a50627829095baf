"""GET /api/executions/<id>/invocations/: every task invocation, with what it logged, in the order they ran."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from designer.models import SharePermission, StateMachineShare
from executions.models import Execution
from tests.api.conftest import error_of
from tests.api.drive import LAMBDA, machine_with, run_to_end


def url(execution: Execution) -> str:
    return f"/api/executions/{execution.id}/invocations/"


@pytest.fixture
def scored(alice: User) -> Execution:
    """A Map scoring and greeting three users, then a Task ranking them: seven invocations."""
    machine = machine_with(alice, {
        "Score": {"Type": "Map", "ItemsPath": "$.users", "ResultPath": "$.results", "Next": "Rank",
                  "ItemSelector": {"user.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                  "ItemProcessor": {"StartAt": "One", "States": {
                      "One": {"Type": "Task", "Resource": f"{LAMBDA}score_user", "Next": "Greet"},
                      "Greet": {"Type": "Task", "Resource": f"{LAMBDA}greet_user", "End": True}}}},
        "Rank": {"Type": "Task", "Resource": f"{LAMBDA}rank_users", "End": True},
    })
    users = [{"name": "ann", "visits": 1}, {"name": "ben", "visits": 2}, {"name": "cy", "referrals": 1}]
    execution = run_to_end(machine, {"users": users})
    assert execution.status == "SUCCEEDED", execution.cause
    return execution


def test_lists_invocations_with_their_place_and_logs(alice_client: APIClient, scored: Execution) -> None:
    body = alice_client.get(url(scored)).json()
    invocations = body["results"]
    assert sorted(i["state"] for i in invocations[:6]) == ["Greet"] * 3 + ["One"] * 3
    assert sorted(i["path"][0]["index"] for i in invocations[:6] if i["state"] == "Greet") == [0, 1, 2]
    assert {i["path"][0]["state"] for i in invocations[:6]} == {"Score"}
    rank = invocations[6]
    assert (rank["path"], rank["attempt"], rank["error"]) == ([], 0, None)
    assert rank["resource"].endswith(":function:rank_users")
    assert rank["output"]["leaderboard"][0]["name"] == "cy"
    assert isinstance(rank["logs"], str) and rank["finished_at"] >= rank["started_at"]


def test_filters_by_state_and_pages(alice_client: APIClient, scored: Execution) -> None:
    assert [i["state"] for i in alice_client.get(url(scored), {"state": "Rank"}).json()["results"]] == ["Rank"]
    page = alice_client.get(url(scored), {"page_size": 4}).json()
    assert len(page["results"]) == 4
    rest = alice_client.get(page["next"]).json()
    assert [i["state"] for i in rest["results"]][-1] == "Rank"
    assert len({i["id"] for i in page["results"] + rest["results"]}) == 7


def test_a_bad_cursor_is_a_400(alice_client: APIClient, scored: Execution) -> None:
    response = alice_client.get(url(scored), {"cursor": "zzz"})
    assert (response.status_code, error_of(response)["parameter"]) == (400, "cursor")


def test_anonymous_callers_get_401(anon: APIClient, scored: Execution) -> None:
    assert anon.get(url(scored)).status_code == 401


def test_another_users_execution_does_not_exist(bob_client: APIClient, scored: Execution) -> None:
    assert bob_client.get(url(scored)).status_code == 404


def test_view_access_is_enough_to_read(carol_client: APIClient, scored: Execution, team: Group,
                                       share_with_team: Callable[[str], object]) -> None:
    StateMachineShare.objects.create(state_machine=scored.state_machine, group=team, permission=SharePermission.VIEW)
    assert len(carol_client.get(url(scored)).json()["results"]) == 7
