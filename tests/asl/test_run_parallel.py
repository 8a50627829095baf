"""The Parallel state through ``asl.run``.

AWS evidence: recorded cases scenarios_test_base_scenarios...test_parallel_state* (outputs in branch
order; a failing branch fails the state with the branch's own error, not States.BranchFailed; a
retried Parallel starts all its branches again).
"""
from __future__ import annotations

from typing import Any

import asl
from asl import TaskFailure

STOCK = "arn:aws:states:::dynamodb:getItem"


def branch(name: str, state: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": name, "States": {name: state}}


def parallel(branches: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {"StartAt": "Together", "States": {"Together": {"Type": "Parallel", "Branches": branches, **fields,
                                                           "End": True}}}


def types(result: asl.ExecutionResult) -> list[str]:
    return [event["type"] for event in result.history]


def test_result_lists_the_branch_outputs_in_branch_order() -> None:
    branches = [branch("Slow", {"Type": "Wait", "Seconds": 60, "OutputPath": "$.slow", "End": True}),
                branch("Fast", {"Type": "Pass", "Result": "fast", "End": True}),
                branch("Echo", {"Type": "Pass", "End": True})]

    result = asl.run(parallel(branches), {"slow": "slow"})

    assert result.status == "SUCCEEDED"
    assert result.output == ["slow", "fast", {"slow": "slow"}]


def test_every_branch_gets_the_effective_input() -> None:
    branches = [branch("Left", {"Type": "Pass", "End": True}), branch("Right", {"Type": "Pass", "End": True})]

    result = asl.run(parallel(branches, InputPath="$.order", Parameters={"id.$": "$.id", "where.$": "$$.State.Name"}),
                     {"order": {"id": 8}})

    assert result.output == [{"id": 8, "where": "Together"}, {"id": 8, "where": "Together"}]


def test_result_selector_and_result_path_process_the_combined_result() -> None:
    branches = [branch("Price", {"Type": "Pass", "Result": 40, "End": True}),
                branch("Tax", {"Type": "Pass", "Result": 8, "End": True})]

    result = asl.run(parallel(branches, ResultSelector={"price.$": "$[0]", "tax.$": "$[1]"}, ResultPath="$.quote"),
                     {"order": 1})

    assert result.output == {"order": 1, "quote": {"price": 40, "tax": 8}}


def test_branch_failure_fails_the_state_with_the_branchs_own_error() -> None:
    # AWS-recorded: test_parallel_state_fail.
    branches = [branch("Branch1", {"Type": "Fail", "Error": "FailureType"})]

    result = asl.run(parallel(branches), {})

    assert result.status == "FAILED"
    assert result.error == "FailureType"
    assert result.cause is None
    assert types(result) == ["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "FailStateEntered",
                             "ParallelStateFailed", "ExecutionFailed"]


def test_branch_failure_keeps_the_branchs_cause() -> None:
    branches = [branch("Fine", {"Type": "Pass", "End": True}),
                branch("Broken", {"Type": "Fail", "Error": "Stock.Missing", "Cause": "no widgets"})]

    result = asl.run(parallel(branches), {})

    assert (result.error, result.cause) == ("Stock.Missing", "no widgets")


def test_retried_parallel_runs_all_its_branches_again() -> None:
    # AWS-recorded: test_parallel_state_retry (event types, error and cause).
    definition = {"StartAt": "ParallelState", "States": {
        "ParallelState": {"Type": "Parallel", "Branches": [branch("Branch1", {
            "Type": "Fail", "Error": "FailureType", "Cause": "Cause description"})],
            "Retry": [{"ErrorEquals": ["FailureType"], "MaxAttempts": 2}], "Next": "Final"},
        "Final": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {})

    assert (result.status, result.error, result.cause) == ("FAILED", "FailureType", "Cause description")
    assert types(result) == ["ExecutionStarted", "ParallelStateEntered",
                             "ParallelStateStarted", "FailStateEntered",
                             "ParallelStateStarted", "FailStateEntered",
                             "ParallelStateStarted", "FailStateEntered",
                             "ParallelStateFailed", "ExecutionFailed"]


def test_retry_succeeds_when_a_later_attempt_of_the_branches_succeeds() -> None:
    calls: list[str] = []

    def stock_checker(event: Any) -> Any:
        """The stock service is down the first time it is asked."""
        calls.append(event["sku"])
        if len(calls) == 1:
            raise TaskFailure("Stock.Unavailable", "service restarting")
        return {"sku": event["sku"], "in_stock": True}

    definition = parallel(
        [branch("Check", {"Type": "Task", "Resource": STOCK, "End": True}),
         branch("Label", {"Type": "Pass", "Result": "label printed", "End": True})],
        Retry=[{"ErrorEquals": ["Stock.Unavailable"], "IntervalSeconds": 5}])

    result = asl.run(definition, {"sku": "W-1"}, handlers={STOCK: stock_checker})

    assert result.output == [{"sku": "W-1", "in_stock": True}, "label printed"]
    assert calls == ["W-1", "W-1"]
    assert types(result).count("ParallelStateStarted") == 2


def test_caught_parallel_failure_goes_to_the_catchers_next_state() -> None:
    definition = {"StartAt": "Together", "States": {
        "Together": {"Type": "Parallel", "Branches": [branch("Broken", {
            "Type": "Fail", "Error": "Stock.Missing", "Cause": "no widgets"})],
            "Catch": [{"ErrorEquals": ["Stock.Missing"], "ResultPath": "$.problem", "Next": "Backorder"}],
            "End": True},
        "Backorder": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {"order": 3})

    assert result.status == "SUCCEEDED"
    assert result.output == {"order": 3, "problem": {"Error": "Stock.Missing", "Cause": "no widgets"}}
    assert types(result)[-4:] == ["ParallelStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]


def test_nested_parallel_results_nest() -> None:
    inner = {"StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": True, "Branches": [
        branch("A", {"Type": "Pass", "Result": "a", "End": True}),
        branch("B", {"Type": "Pass", "Result": "b", "End": True})]}}}

    result = asl.run(parallel([inner, branch("C", {"Type": "Pass", "Result": "c", "End": True})]), {})

    assert result.output == [["a", "b"], "c"]


def test_every_branch_starts_from_parallel_state_started() -> None:
    """Branches start together: each one's first event follows ParallelStateStarted, as the durable
    runtime records them (the viewer tells branches apart by it)."""
    branches = [branch("Left", {"Type": "Pass", "End": True}), branch("Right", {"Type": "Pass", "End": True})]

    history = asl.run(parallel(branches), {}).history

    started = next(e["id"] for e in history if e["type"] == "ParallelStateStarted")
    firsts = [e for e in history if e["type"] == "PassStateEntered"]
    assert [e["previousEventId"] for e in firsts] == [started, started]
