"""The Succeed and Fail states through ``asl.run``."""
from __future__ import annotations

from typing import Any

import pytest

import asl


def failing(**fail: Any) -> dict[str, Any]:
    return {"StartAt": "Reject", "States": {"Reject": {"Type": "Fail", **fail}}}


def test_succeed_ends_the_execution_with_its_input() -> None:
    result = asl.run({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}, {"order": 5})

    assert result.status == "SUCCEEDED"
    assert result.output == {"order": 5}
    assert [e["type"] for e in result.history] == [
        "ExecutionStarted", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]


def test_succeed_applies_input_path_then_output_path() -> None:
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed", "InputPath": "$.order",
                                                         "OutputPath": "$.lines"}}}

    result = asl.run(definition, {"order": {"lines": [1, 2]}, "noise": True})

    assert result.output == [1, 2]


def test_fail_reports_its_error_and_cause() -> None:
    result = asl.run(failing(Error="Order.Rejected", Cause="credit limit reached"), {"order": 5})

    assert result.status == "FAILED"
    assert (result.error, result.cause) == ("Order.Rejected", "credit limit reached")
    assert result.output is None
    assert [e["type"] for e in result.history] == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    assert result.history[-1]["executionFailedEventDetails"] == {"error": "Order.Rejected",
                                                                 "cause": "credit limit reached"}


def test_fail_without_error_or_cause_reports_neither() -> None:
    result = asl.run(failing(), {})

    assert result.status == "FAILED"
    assert (result.error, result.cause) == (None, None)


def test_error_path_and_cause_path_read_them_from_the_input() -> None:
    result = asl.run(failing(ErrorPath="$.problem.code", CausePath="$.problem.text"),
                     {"problem": {"code": "Order.Rejected", "text": "credit limit reached"}})

    assert (result.error, result.cause) == ("Order.Rejected", "credit limit reached")


def test_cause_path_can_be_an_intrinsic() -> None:
    cause_path = "States.Format('order {} over limit by {}', $.id, $.by)"

    result = asl.run(failing(Error="Order.Rejected", CausePath=cause_path), {"id": 42, "by": 17.5})

    assert result.cause == "order 42 over limit by 17.5"


def test_error_path_can_read_the_context_object() -> None:
    result = asl.run(failing(ErrorPath="$$.State.Name"), {})

    assert result.error == "Reject"


def test_cause_path_missing_from_the_input_fails_with_states_runtime() -> None:
    # AWS-recorded: test_invalid_jsonpath__ST.INVALID_JSONPATH_IN_CAUSEPATH has this cause text.
    result = asl.run(failing(Error="Order.Rejected", CausePath="$.NoSuchCausePath"), {"a": 1})

    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'Reject' (entered at the event id #2). "
                            "The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found "
                            "in the input '{\"a\":1}'")


@pytest.mark.parametrize("value", [404, {"code": 1}, ["x"], True])
def test_error_path_to_a_non_string_fails_with_states_runtime(value: Any) -> None:
    result = asl.run(failing(ErrorPath="$.code"), {"code": value})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"


def test_fail_inside_a_branch_fails_only_the_branch_run() -> None:
    definition = {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Fine", "States": {"Fine": {"Type": "Succeed"}}},
        {"StartAt": "Reject", "States": {"Reject": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "no"}}}]}}}

    result = asl.run(definition, {})

    assert (result.status, result.error, result.cause) == ("FAILED", "Order.Rejected", "no")
