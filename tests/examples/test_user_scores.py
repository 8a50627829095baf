"""The user scores Map: each user scored and greeted with their item index, then ranked."""
from __future__ import annotations

import json

from examples import catalog
from tests.examples.runs import events, run_example


def test_every_user_is_scored_greeted_and_ranked() -> None:
    result = run_example("UserScores")
    assert result.status == "SUCCEEDED"
    assert result.output["leaderboard"] == [
        {"rank": 1, "name": "Grace", "score": 310, "level": "champion"},
        {"rank": 2, "name": "Edsger", "score": 234, "level": "champion"},
        {"rank": 3, "name": "Ada", "score": 137, "level": "regular"},
        {"rank": 4, "name": "Katherine", "score": 50, "level": "regular"},
        {"rank": 5, "name": "Alan", "score": 5, "level": "newcomer"},
    ]
    assert result.output["greetings"][0] == (
        "Hello Ada! Thanks for joining Spring Launch: you have 137 points and the regular badge.")
    assert len(result.output["greetings"]) == 5


def test_item_selector_passes_each_items_index_and_the_campaign() -> None:
    result = run_example("UserScores")
    assert [e["index"] for e in events(result, "MapIterationSucceeded")] == [0, 1, 2, 3, 4]
    payloads = [json.loads(e["parameters"])["Payload"] for e in events(result, "TaskScheduled")]
    assert [(p["index"], p["user"]["name"], p["campaign"]) for p in payloads] == [
        (0, "Ada", "Spring Launch"), (1, "Grace", "Spring Launch"), (2, "Alan", "Spring Launch"),
        (3, "Katherine", "Spring Launch"), (4, "Edsger", "Spring Launch")]


def test_the_map_runs_two_users_at_a_time() -> None:
    assert catalog.get("UserScores").definition()["States"]["ScoreUsers"]["MaxConcurrency"] == 2


def test_an_empty_campaign_gives_an_empty_leaderboard() -> None:
    result = run_example("UserScores", {"campaign": "Quiet", "users": []})
    assert result.output == {"campaign": "Quiet", "leaderboard": [], "greetings": []}
