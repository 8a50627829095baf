"""The limits that end an execution: its TimeoutSeconds, the history size and the payload size.

AWS evidence: ASL spec (a machine's TimeoutSeconds: "the execution fails with a States.Timeout Error
Name" -- AWS reports status TIMED_OUT with an ExecutionTimedOut event); developer guide, "Avoid
reaching the history quota" ("If the event number 25,000 isn't ExecutionSucceeded, the
ExecutionFailed event is logged"); developer guide, quotas: "Maximum input or output size for a task,
state, or execution: 262,144 bytes ... This quota affects tasks (activity, Lambda function, or
integrated service), state or execution output, and input data when scheduling a task, entering a
state, or starting an execution" -- exceeding it is States.DataLimitExceeded.
"""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import asl

NOON = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
JAMMED = "arn:aws:states:::sqs:sendMessage"


def stamp(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))


def endless_loop() -> dict[str, Any]:
    return {"StartAt": "Again", "States": {
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.forever", "IsPresent": True, "Next": "Again"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}}


def pass_chain(length: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"Step{i}": {"Type": "Pass", "Next": f"Step{i + 1}"} for i in range(length - 1)}
    states[f"Step{length - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "Step0", "States": states}


# ---- the execution's TimeoutSeconds -------------------------------------------------------------

def test_execution_running_past_its_timeout_times_out() -> None:
    definition = {"TimeoutSeconds": 10, "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600,
                                                                             "End": True}}}

    result = asl.run(definition, {}, context={"start_time": NOON})

    assert result.status == "TIMED_OUT"
    assert result.error == "States.Timeout"
    assert result.output is None
    assert [e["type"] for e in result.history] == ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"]


def test_execution_times_out_when_its_timeout_runs_out() -> None:
    definition = {"TimeoutSeconds": 10, "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600,
                                                                             "End": True}}}

    result = asl.run(definition, {}, context={"start_time": NOON})

    assert stamp(result.history[-1]) == NOON + timedelta(seconds=10)


def test_execution_finishing_within_its_timeout_succeeds() -> None:
    definition = {"TimeoutSeconds": 10, "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 9,
                                                                             "End": True}}}

    result = asl.run(definition, {"ok": True})

    assert result.status == "SUCCEEDED"
    assert result.output == {"ok": True}


def test_retry_back_off_counts_towards_the_execution_timeout() -> None:
    def always_jammed(event: Any) -> Any:
        raise asl.TaskFailure("Printer.Jammed", "paper jam")

    definition = {"TimeoutSeconds": 60, "StartAt": "Print", "States": {"Print": {
        "Type": "Task", "Resource": JAMMED, "End": True,
        "Retry": [{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 3600, "MaxAttempts": 3}]}}}

    result = asl.run(definition, {}, handlers={JAMMED: always_jammed})

    assert result.status == "TIMED_OUT"
    assert [e["type"] for e in result.history].count("TaskScheduled") == 1


# ---- the history size ---------------------------------------------------------------------------

def test_endless_loop_fails_when_the_history_is_full_instead_of_hanging() -> None:
    started = time.monotonic()

    result = asl.run(endless_loop(), {"forever": True}, max_events=100)

    assert time.monotonic() - started < 5
    assert result.status == "FAILED"
    assert result.cause == "The execution reached the maximum number of history events (100)."
    assert result.history[-1]["type"] == "ExecutionFailed"


def test_execution_whose_last_event_is_exactly_the_limit_succeeds() -> None:
    result = asl.run(pass_chain(49), {}, max_events=100)  # 1 + 49 * 2 + 1 = 100 events

    assert result.status == "SUCCEEDED"
    assert len(result.history) == 100


def test_history_never_grows_past_the_limit() -> None:
    result = asl.run(pass_chain(50), {}, max_events=100)  # would need 102 events

    assert result.status == "FAILED"
    assert len(result.history) == 100
    assert result.history[-1]["id"] == 100
    assert result.history[-1]["type"] == "ExecutionFailed"


# ---- the payload size ---------------------------------------------------------------------------

def test_state_output_over_256_kib_fails_with_data_limit_exceeded() -> None:
    definition = {"StartAt": "Double", "States": {
        "Double": {"Type": "Pass", "Parameters": {"left.$": "$", "right.$": "$"}, "End": True}}}

    result = asl.run(definition, {"blob": "x" * 200_000})

    assert result.status == "FAILED"
    assert result.error == "States.DataLimitExceeded"


def echo(event: Any) -> Any:
    return event


@pytest.mark.parametrize("state", [
    {"Type": "Pass", "ResultPath": "$.copy", "End": True},
    {"Type": "Task", "Resource": JAMMED, "ResultPath": "$.copy", "End": True},
], ids=["pass", "task"])
def test_result_path_merge_over_256_kib_fails_with_data_limit_exceeded(state: dict[str, Any]) -> None:
    definition = {"StartAt": "Copy", "States": {"Copy": state}}

    result = asl.run(definition, {"blob": "x" * 200_000}, handlers={JAMMED: echo})

    assert result.status == "FAILED"
    assert result.error == "States.DataLimitExceeded"


# ---- the longest an execution may run -----------------------------------------------------------
# Developer guide, quotas: a Standard execution runs at most one year; one that runs longer fails
# with States.Timeout (status TIMED_OUT), as the Express quota page says of its five minutes.

def test_execution_cannot_run_for_more_than_a_year() -> None:
    definition = {"StartAt": "Hibernate", "States": {"Hibernate": {"Type": "Wait", "Seconds": 2 * 365 * 24 * 3600,
                                                                   "End": True}}}

    result = asl.run(definition, {}, context={"start_time": NOON})

    assert result.status == "TIMED_OUT"
    assert result.error == "States.Timeout"


def test_waiting_past_the_end_of_the_calendar_ends_the_execution_cleanly() -> None:
    definition = {"StartAt": "Doomsday", "States": {
        "Doomsday": {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z", "Next": "OneMore"},
        "OneMore": {"Type": "Wait", "Seconds": 1, "End": True}}}

    result = asl.run(definition, {})

    assert result.status == "TIMED_OUT"
