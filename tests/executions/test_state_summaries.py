"""executions.summaries: per-state visits and statuses derived from hand-written history events."""
from __future__ import annotations

from typing import Any

from executions.summaries import outline, roll_up, summarize
from tests.executions.histories import MAP_FAILURE, PARALLEL, ev, parallel_failure


def by_name(summaries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in summaries}


def statuses(summaries: list[dict[str, Any]]) -> list[tuple[str, list[tuple[str, int]], str]]:
    return [(s["name"], [(p["state"], p["index"]) for p in s["path"]], s["status"]) for s in summaries]


def test_a_task_then_a_pass_succeed_with_their_data_and_timing() -> None:
    states = summarize([
        ev(1, 0, "ExecutionStarted", input={"n": 1}),
        ev(2, 0, "TaskStateEntered", name="Work", input={"n": 1}),
        ev(3, 2, "TaskScheduled", resource="invoke"),
        ev(4, 3, "TaskStarted", resource="invoke"),
        ev(5, 4, "TaskSucceeded", resource="invoke", output={"n": 2}),
        ev(7, 5, "TaskStateExited", name="Work", output={"n": 2}),
        ev(8, 7, "PassStateEntered", name="Done", input={"n": 2}),
        ev(9, 8, "PassStateExited", name="Done", output="done"),
        ev(10, 9, "ExecutionSucceeded", output="done"),
    ])
    work, done = states
    assert (work["name"], work["type"], work["status"], work["path"], work["visit"]) == ("Work", "Task", "SUCCEEDED",
                                                                                         [], 0)
    assert (work["input"], work["output"], work["attempts"], work["error"]) == ({"n": 1}, {"n": 2}, 1, None)
    assert (work["entered_at"], work["exited_at"], work["duration_ms"]) == ("2025-01-01T00:00:02Z",
                                                                            "2025-01-01T00:00:07Z", 5000.0)
    assert (done["status"], done["output"], done["attempts"]) == ("SUCCEEDED", "done", 0)


def test_a_retry_that_then_succeeds_counts_its_attempts_and_is_a_success() -> None:
    [pay] = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "TaskStateEntered", name="Pay", input={}),
        ev(3, 2, "LambdaFunctionScheduled", resource="f"),
        ev(4, 3, "LambdaFunctionStarted"),
        ev(5, 4, "LambdaFunctionFailed", error="Gateway", cause="timed out"),
        ev(6, 5, "LambdaFunctionScheduled", resource="f"),
        ev(7, 6, "LambdaFunctionStarted"),
        ev(8, 7, "LambdaFunctionSucceeded", output={}),
        ev(9, 8, "TaskStateExited", name="Pay", output={}),
        ev(10, 9, "ExecutionSucceeded", output={}),
    ])
    assert (pay["status"], pay["attempts"], pay["error"]) == ("SUCCEEDED", 2, None)


def test_a_caught_error_shows_on_the_state_that_raised_it() -> None:
    states = by_name(summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "TaskStateEntered", name="Pay", input={}),
        ev(3, 2, "TaskScheduled", resource="f"),
        ev(4, 3, "TaskStarted", resource="f"),
        ev(5, 4, "TaskFailed", error="CardDeclined", cause="no"),
        ev(6, 5, "TaskStateExited", name="Pay", output={"Error": "CardDeclined"}),
        ev(7, 6, "PassStateEntered", name="Refund", input={}),
        ev(8, 7, "PassStateExited", name="Refund", output={}),
        ev(9, 8, "ExecutionSucceeded", output={}),
    ]))
    assert (states["Pay"]["status"], states["Pay"]["error"], states["Pay"]["cause"]) == ("CAUGHT_ERROR",
                                                                                        "CardDeclined", "no")
    assert states["Refund"]["status"] == "SUCCEEDED"


def test_an_uncaught_failure_fails_the_state() -> None:
    [pay] = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "TaskStateEntered", name="Pay", input={}),
        ev(3, 2, "TaskScheduled", resource="f"),
        ev(4, 3, "TaskStarted", resource="f"),
        ev(5, 4, "TaskFailed", error="CardDeclined", cause="no"),
        ev(6, 5, "ExecutionFailed", error="CardDeclined", cause="no"),
    ])
    assert (pay["status"], pay["error"], pay["exited_at"]) == ("FAILED", "CardDeclined", "2025-01-01T00:00:06Z")


def test_a_runtime_error_in_a_pass_state_fails_it_with_the_executions_error() -> None:
    [shape] = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "PassStateEntered", name="Shape", input={}),
        ev(3, 2, "ExecutionFailed", error="States.Runtime", cause="bad path"),
    ])
    assert (shape["status"], shape["error"], shape["cause"]) == ("FAILED", "States.Runtime", "bad path")


def test_a_state_still_running_is_in_progress() -> None:
    states = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "WaitStateEntered", name="Nap", input={}),
    ])
    assert [(s["status"], s["exited_at"], s["duration_ms"]) for s in states] == [("IN_PROGRESS", None, None)]


def test_stopping_or_timing_out_cancels_the_state_in_progress() -> None:
    for end in ("ExecutionAborted", "ExecutionTimedOut"):
        [nap] = summarize([
            ev(1, 0, "ExecutionStarted", input={}),
            ev(2, 0, "TaskStateEntered", name="Call", input={}),
            ev(3, 2, "TaskScheduled", resource="f"),
            ev(4, 3, "TaskFailed", error="Flaky", cause="retrying"),  # waiting for a retry when stopped
            ev(5, 0, end, error="Stop", cause="enough"),
        ])
        assert (nap["status"], nap["exited_at"]) == ("CANCELLED", "2025-01-01T00:00:05Z"), end




def test_map_iterations_are_told_apart_and_a_failing_one_stops_the_others() -> None:
    states = summarize(MAP_FAILURE)
    assert statuses(states) == [
        ("Fan", [], "FAILED"),
        ("Check", [("Fan", 0)], "SUCCEEDED"),
        ("Check", [("Fan", 1)], "SUCCEEDED"),
        ("Nap", [("Fan", 0)], "CANCELLED"),
        ("Boom", [("Fan", 1)], "FAILED"),
    ]
    fan, boom = states[0], states[4]
    # The error reaches the Fail state it came from, through the Map.
    assert (fan["error"], boom["error"], boom["cause"]) == ("Three", "Three", "three is not allowed")
    assert boom["exited_at"] == "2025-01-01T00:00:12Z"


def test_the_roll_up_shows_the_worst_thread_and_states_never_entered() -> None:
    states = summarize(MAP_FAILURE)
    names, _ = outline({"StartAt": "Fan", "States": {
        "Fan": {"Type": "Map", "ItemProcessor": {"StartAt": "Check", "States": {
            "Check": {"Type": "Choice"}, "Nap": {"Type": "Wait"}, "Boom": {"Type": "Fail"},
            "Ok": {"Type": "Succeed"}}}, "Next": "After"},
        "After": {"Type": "Pass", "End": True}}})
    assert roll_up(states, names) == {"Fan": "FAILED", "Check": "SUCCEEDED", "Nap": "CANCELLED", "Boom": "FAILED",
                                      "Ok": "NOT_STARTED", "After": "NOT_STARTED"}


def test_parallel_branches_are_numbered_from_the_definition() -> None:
    _, branch_starts = outline(PARALLEL)
    assert branch_starts == {"Both": {"Work": 0, "Slow": 1}}
    states = summarize(parallel_failure(), branch_starts=branch_starts)
    assert statuses(states) == [("Both", [], "FAILED"), ("Slow", [("Both", 1)], "CANCELLED"),
                                ("Work", [("Both", 0)], "FAILED")]
    assert [s["error"] for s in states] == ["Boom", None, "Boom"]


def test_without_the_definition_branches_are_numbered_as_they_start() -> None:
    states = summarize(parallel_failure())
    assert [(s["name"], s["path"]) for s in states[1:]] == [("Slow", [{"state": "Both", "index": 0}]),
                                                            ("Work", [{"state": "Both", "index": 1}])]


def test_a_parallel_runs_until_its_last_branch_ends() -> None:
    states = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "ParallelStateEntered", name="Both", input={}),
        ev(3, 2, "ParallelStateStarted"),
        ev(4, 3, "TaskStateEntered", name="Work", input={}),
        ev(5, 3, "WaitStateEntered", name="Slow", input={}),
        ev(6, 4, "TaskScheduled", resource="f"),
        ev(7, 6, "TaskStarted", resource="f"),
        ev(8, 7, "TaskSucceeded", output=1),
        ev(9, 8, "TaskStateExited", name="Work", output=1),
    ], branch_starts=outline(PARALLEL)[1])
    assert statuses(states) == [("Both", [], "IN_PROGRESS"), ("Work", [("Both", 0)], "SUCCEEDED"),
                                ("Slow", [("Both", 1)], "IN_PROGRESS")]
    states = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "ParallelStateEntered", name="Both", input={}),
        ev(3, 2, "ParallelStateStarted"),
        ev(4, 3, "TaskStateEntered", name="Work", input={}),
        ev(5, 3, "WaitStateEntered", name="Slow", input={}),
        ev(6, 5, "WaitStateExited", name="Slow", output=2),
        ev(7, 4, "TaskScheduled", resource="f"),
        ev(8, 7, "TaskSucceeded", output=1),
        ev(9, 8, "TaskStateExited", name="Work", output=1),
        ev(10, 9, "ParallelStateSucceeded"),
        ev(11, 9, "ParallelStateExited", name="Both", output=[1, 2]),
        ev(12, 11, "ExecutionSucceeded", output=[1, 2]),
    ], branch_starts=outline(PARALLEL)[1])
    assert [s["status"] for s in states] == ["SUCCEEDED"] * 3
    assert states[0]["output"] == [1, 2]


def test_a_redriven_execution_shows_the_failed_visit_and_the_new_one() -> None:
    states = summarize([
        ev(1, 0, "ExecutionStarted", input={}),
        ev(2, 0, "TaskStateEntered", name="Pay", input={}),
        ev(3, 2, "TaskScheduled", resource="f"),
        ev(4, 3, "TaskFailed", error="Down", cause="503"),
        ev(5, 4, "ExecutionFailed", error="Down", cause="503"),
        ev(6, 0, "ExecutionRedriven", redriveCount=1),
        ev(7, 6, "TaskStateEntered", name="Pay", input={}),
        ev(8, 7, "TaskScheduled", resource="f"),
        ev(9, 8, "TaskSucceeded", output={}),
        ev(10, 9, "TaskStateExited", name="Pay", output={}),
        ev(11, 10, "ExecutionSucceeded", output={}),
    ])
    assert [(s["visit"], s["status"], s["error"]) for s in states] == [(0, "FAILED", "Down"), (1, "SUCCEEDED", None)]
    assert roll_up(states) == {"Pay": "SUCCEEDED"}


def test_a_loop_numbers_its_visits() -> None:
    states = summarize([
        ev(1, 0, "ExecutionStarted", input=0),
        ev(2, 0, "ChoiceStateEntered", name="Again", input=0),
        ev(3, 2, "ChoiceStateExited", name="Again", output=0),
        ev(4, 3, "PassStateEntered", name="Add", input=0),
        ev(5, 4, "PassStateExited", name="Add", output=1),
        ev(6, 5, "ChoiceStateEntered", name="Again", input=1),
    ])
    assert [(s["name"], s["visit"], s["status"]) for s in states] == [
        ("Again", 0, "SUCCEEDED"), ("Add", 0, "SUCCEEDED"), ("Again", 1, "IN_PROGRESS")]


def test_invocations_go_to_the_visit_they_ran_in() -> None:
    states = summarize(MAP_FAILURE[:8], invocations=[
        {"state": "Check", "path": [["Fan", 1]], "started_at": "2025-01-01T00:00:07.500000+00:00", "logs": "one"},
        {"state": "Check", "path": [["Fan", 0]], "started_at": "2025-01-01T00:00:06.500000+00:00", "logs": "zero"},
        {"state": "Elsewhere", "path": [], "started_at": "2025-01-01T00:00:06Z", "logs": "lost"},
    ])
    assert {(tuple(p["index"] for p in s["path"]), s["name"]): [i["logs"] for i in s["invocations"]]
            for s in states} == {((), "Fan"): [], ((0,), "Check"): ["zero"], ((1,), "Check"): ["one"]}


def test_the_outline_walks_nested_maps_and_branches() -> None:
    names, branch_starts = outline({"StartAt": "M", "States": {
        "M": {"Type": "Map", "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True,
                                                                           "Branches": [{"StartAt": "X", "States": {
                                                                               "X": {"Type": "Succeed"}}}]}}},
              "End": True}}})
    assert (names, branch_starts) == (["M", "P", "X"], {"P": {"X": 0}})


def test_a_branch_redriven_from_its_second_state_is_shown_in_its_own_branch() -> None:
    definition = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "End": True}}},
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": True}}},
    ]}}}
    _, branch_starts = outline(definition)
    assert branch_starts == {"Both": {"A1": 0, "B1": 1, "B2": 1}}
    # After a redrive only branch 1 runs again, and from B2: its visit belongs to branch 1, not branch 0.
    states = summarize([
        ev(1, 0, "ExecutionRedriven", redriveCount=1),
        ev(2, 1, "ParallelStateEntered", name="Both", input={}),
        ev(3, 2, "ParallelStateStarted"),
        ev(4, 3, "PassStateEntered", name="B2", input={}),
        ev(5, 4, "PassStateExited", name="B2", output={}),
    ], branch_starts=branch_starts)
    assert [(s["name"], [p["index"] for p in s["path"]]) for s in states] == [("Both", []), ("B2", [1])]
