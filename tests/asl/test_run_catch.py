"""Catch through ``asl.run``: which catcher takes an error, and what the next state receives.

ASL spec, "Fallback states": catchers are scanned in order; the first whose ErrorEquals matches
sends the Error Output ``{"Error", "Cause"}`` (placed by the catcher's ResultPath) to its Next.
AWS never catches ``States.Runtime`` (recorded case scenarios_test_base_scenarios...test_catch_states_runtime).
"""
from __future__ import annotations

from typing import Any

import pytest

import asl
from asl import TaskFailure

SHIPPING = "arn:aws:states:::sqs:sendMessage"


def courier_on_strike(event: Any) -> Any:
    raise TaskFailure("Courier.OnStrike", "no deliveries until Monday")


def courier(event: Any) -> Any:
    return {"tracking": "TRK-1"}


FALLBACKS = {"Apologise": {"Type": "Pass", "End": True},
             "Escalate": {"Type": "Pass", "Result": "escalated", "End": True}}


def shipping(catch: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """Ship, then Shipped; the catchers lead to Apologise (passes its input on) or Escalate."""
    fallbacks = {catcher["Next"]: FALLBACKS[catcher["Next"]] for catcher in catch}
    return {"StartAt": "Ship", "States": {
        "Ship": {"Type": "Task", "Resource": SHIPPING, "Catch": catch, **fields, "Next": "Shipped"},
        "Shipped": {"Type": "Pass", "End": True}, **fallbacks}}


def test_caught_error_output_replaces_the_input_by_default() -> None:
    result = asl.run(shipping([{"ErrorEquals": ["Courier.OnStrike"], "Next": "Apologise"}]), {"order": 7},
                     handlers={SHIPPING: courier_on_strike})

    assert result.status == "SUCCEEDED"
    assert result.output == {"Error": "Courier.OnStrike", "Cause": "no deliveries until Monday"}


def test_catcher_result_path_places_the_error_output_in_the_input() -> None:
    catch = [{"ErrorEquals": ["Courier.OnStrike"], "ResultPath": "$.problem", "Next": "Apologise"}]

    result = asl.run(shipping(catch), {"order": 7}, handlers={SHIPPING: courier_on_strike})

    assert result.output == {"order": 7, "problem": {"Error": "Courier.OnStrike",
                                                     "Cause": "no deliveries until Monday"}}


def test_catcher_result_path_null_keeps_the_input_and_drops_the_error() -> None:
    catch = [{"ErrorEquals": ["Courier.OnStrike"], "ResultPath": None, "Next": "Apologise"}]

    result = asl.run(shipping(catch), {"order": 7}, handlers={SHIPPING: courier_on_strike})

    assert result.output == {"order": 7}


def test_state_is_exited_then_the_catchers_next_state_entered() -> None:
    result = asl.run(shipping([{"ErrorEquals": ["States.ALL"], "Next": "Apologise"}]), {},
                     handlers={SHIPPING: courier_on_strike})

    assert [(e["type"], (e.get("stateEnteredEventDetails") or e.get("stateExitedEventDetails") or {}).get("name"))
            for e in result.history] == [
        ("ExecutionStarted", None), ("TaskStateEntered", "Ship"), ("TaskScheduled", None), ("TaskStarted", None),
        ("TaskFailed", None), ("TaskStateExited", "Ship"), ("PassStateEntered", "Apologise"),
        ("PassStateExited", "Apologise"), ("ExecutionSucceeded", None)]


def test_first_matching_catcher_wins() -> None:
    catch = [{"ErrorEquals": ["Courier.Lost"], "Next": "Escalate"},
             {"ErrorEquals": ["Courier.OnStrike"], "Next": "Apologise"},
             {"ErrorEquals": ["States.ALL"], "Next": "Escalate"}]

    result = asl.run(shipping(catch), {}, handlers={SHIPPING: courier_on_strike})

    assert result.output == {"Error": "Courier.OnStrike", "Cause": "no deliveries until Monday"}


def test_states_all_catches_what_no_earlier_catcher_named() -> None:
    catch = [{"ErrorEquals": ["Courier.Lost"], "Next": "Apologise"},
             {"ErrorEquals": ["States.ALL"], "Next": "Escalate"}]

    result = asl.run(shipping(catch), {}, handlers={SHIPPING: courier_on_strike})

    assert result.output == "escalated"


def test_unmatched_error_fails_the_execution() -> None:
    result = asl.run(shipping([{"ErrorEquals": ["Courier.Lost"], "Next": "Apologise"}]), {},
                     handlers={SHIPPING: courier_on_strike})

    assert result.status == "FAILED"
    assert result.error == "Courier.OnStrike"
    assert result.cause == "no deliveries until Monday"


def test_retry_comes_before_catch() -> None:
    calls: list[int] = []

    def busy_courier(event: Any) -> Any:
        calls.append(1)
        raise TaskFailure("Courier.Busy", "try later")

    definition = shipping([{"ErrorEquals": ["Courier.Busy"], "Next": "Apologise"}],
                          Retry=[{"ErrorEquals": ["Courier.Busy"], "MaxAttempts": 2}])

    result = asl.run(definition, {}, handlers={SHIPPING: busy_courier})

    assert len(calls) == 3
    assert result.output == {"Error": "Courier.Busy", "Cause": "try later"}


@pytest.mark.parametrize("error_equals", [["States.ALL"], ["States.Runtime"]])
def test_states_runtime_is_never_caught(error_equals: list[str]) -> None:
    # AWS-recorded: test_catch_states_runtime (ErrorEquals ["States.Runtime"]) fails the execution.
    definition = shipping([{"ErrorEquals": error_equals, "Next": "Apologise"}], OutputPath="$.no.such.result.path")

    result = asl.run(definition, {}, handlers={SHIPPING: courier})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'Ship' (entered at the event id #2). "
                            "Invalid path '$.no.such.result.path' : Missing property in path $['no']")
    assert [e["type"] for e in result.history] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "ExecutionFailed"]


def test_catcher_assign_sees_the_error_output_and_replaces_the_states_assign() -> None:
    definition = {"StartAt": "Ship", "States": {
        "Ship": {"Type": "Task", "Resource": SHIPPING, "Assign": {"outcome": "shipped"},
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Report",
                            "Assign": {"outcome": "failed", "reason.$": "$.Cause", "kind.$": "$.Error"}}],
                 "End": True},
        "Report": {"Type": "Pass", "Parameters": {"outcome.$": "$outcome", "reason.$": "$reason", "kind.$": "$kind"},
                   "End": True}}}

    result = asl.run(definition, {}, handlers={SHIPPING: courier_on_strike})

    assert result.output == {"outcome": "failed", "reason": "no deliveries until Monday", "kind": "Courier.OnStrike"}
    exited = result.history[5]
    assert exited["type"] == "TaskStateExited"
    assert exited["stateExitedEventDetails"]["assignedVariables"] == {
        "outcome": '"failed"', "reason": '"no deliveries until Monday"', "kind": '"Courier.OnStrike"'}


def test_a_fail_state_error_is_caught_by_its_name() -> None:
    definition = {"StartAt": "Work", "States": {
        "Work": {"Type": "Parallel", "Branches": [{"StartAt": "Boom", "States": {
            "Boom": {"Type": "Fail", "Error": "Work.Failed", "Cause": "it broke"}}}],
                 "Catch": [{"ErrorEquals": ["Work.Failed"], "Next": "Recover"}], "End": True},
        "Recover": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {})

    assert result.output == {"Error": "Work.Failed", "Cause": "it broke"}


def test_catcher_result_path_that_cannot_apply_fails_the_execution() -> None:
    # The input's "order" is a number: the Error Output cannot be placed under it. The catcher's own
    # failure is the state's failure: the execution fails with States.ResultPathMatchFailure.
    catch = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.order.problem", "Next": "Apologise"}]

    result = asl.run(shipping(catch), {"order": 7}, handlers={SHIPPING: courier_on_strike})

    assert result.status == "FAILED"
    assert result.error == "States.ResultPathMatchFailure"


def test_catcher_assign_that_cannot_be_evaluated_fails_the_execution() -> None:
    catch = [{"ErrorEquals": ["States.ALL"], "Assign": {"ticket.$": "$.TicketId"}, "Next": "Apologise"}]

    result = asl.run(shipping(catch), {}, handlers={SHIPPING: courier_on_strike})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert "$.TicketId" in (result.cause or "")
