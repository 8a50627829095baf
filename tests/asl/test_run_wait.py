"""The Wait state through ``asl.run``: on the virtual clock, an hour's wait takes no time at all.

AWS evidence for the failures: recorded cases base_test_wait.TestSfnWait.test_base_wait_seconds_path__*
and scenarios_test_base_scenarios...test_wait_timestamp_path__* (error names and cause texts).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import asl

NINE_AM = datetime(2024, 5, 1, 9, 0, 0, tzinfo=UTC)


def waiting(**wait: Any) -> dict[str, Any]:
    return {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", **wait, "End": True}}}


def stamp(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))


def entered_and_exited(result: asl.ExecutionResult) -> tuple[datetime, datetime]:
    entered = next(e for e in result.history if e["type"] == "WaitStateEntered")
    exited = next(e for e in result.history if e["type"] == "WaitStateExited")
    return stamp(entered), stamp(exited)


def run_at_nine(definition: dict[str, Any], payload: Any) -> asl.ExecutionResult:
    return asl.run(definition, payload, context={"start_time": NINE_AM})


def test_seconds_wait_of_an_hour_finishes_instantly_an_hour_later() -> None:
    started = datetime.now()

    result = run_at_nine(waiting(Seconds=3600), {"parcel": 1})

    assert datetime.now() - started < timedelta(seconds=5)
    assert result.status == "SUCCEEDED"
    assert result.output == {"parcel": 1}
    assert entered_and_exited(result) == (NINE_AM, NINE_AM + timedelta(hours=1))
    assert result.history[-1]["timestamp"] == "2024-05-01T10:00:00Z"


def test_seconds_path_reads_the_wait_from_the_input() -> None:
    result = run_at_nine(waiting(SecondsPath="$.delay"), {"delay": 90})

    assert entered_and_exited(result) == (NINE_AM, NINE_AM + timedelta(seconds=90))


@pytest.mark.parametrize("seconds", [0, 1])
def test_seconds_path_of_zero_or_more_succeeds(seconds: int) -> None:
    # AWS-recorded: test_base_wait_seconds_path__0 and __1.
    payload = {"input": {"waitSeconds": seconds}}

    result = asl.run(waiting(SecondsPath="$.input.waitSeconds"), payload)

    assert result.status == "SUCCEEDED"
    assert result.output == payload


@pytest.mark.parametrize(("seconds", "problem"), [
    (-1, "references a negative value"),
    (1.5, "cannot be parsed as a long value"),
    (-1.5, "cannot be parsed as a long value"),
])
def test_seconds_path_to_a_bad_value_fails_with_states_runtime(seconds: float, problem: str) -> None:
    # AWS-recorded: test_base_wait_seconds_path__-1, __1.5, __-1.5.
    result = asl.run(waiting(SecondsPath="$.input.waitSeconds"), {"input": {"waitSeconds": seconds}})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'Pause' (entered at the event id #2). "
                            f"The SecondsPath parameter {problem}: $.input.waitSeconds == {seconds}")
    assert [e["type"] for e in result.history] == ["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"]


def test_timestamp_waits_until_that_moment() -> None:
    result = run_at_nine(waiting(Timestamp="2024-05-01T17:30:00Z"), {})

    assert entered_and_exited(result) == (NINE_AM, datetime(2024, 5, 1, 17, 30, tzinfo=UTC))


def test_timestamp_in_the_past_does_not_wait() -> None:
    result = run_at_nine(waiting(Timestamp="2020-01-01T00:00:00Z"), {})

    assert entered_and_exited(result) == (NINE_AM, NINE_AM)


def test_timestamp_path_reads_the_moment_from_the_input() -> None:
    result = run_at_nine(waiting(TimestampPath="$.deliver_at"), {"deliver_at": "2024-05-02T09:00:00Z"})

    assert entered_and_exited(result) == (NINE_AM, NINE_AM + timedelta(days=1))


def test_timestamp_path_with_an_offset_is_converted_to_utc() -> None:
    result = run_at_nine(waiting(TimestampPath="$.deliver_at"), {"deliver_at": "2024-05-01T12:00:00+02:00"})

    assert entered_and_exited(result)[1] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2016-13-05T21:29:29Z", "2016-12-05T25:29:29Z", "2016-12-05 21:29:29Z"])
def test_timestamp_path_to_an_invalid_timestamp_fails_with_states_runtime(value: str) -> None:
    # AWS-recorded: test_wait_timestamp_path__INVALID_DATE, __INVALID_TIME, __NO_T.
    definition = {"StartAt": "WaitUntil", "States": {
        "WaitUntil": {"Type": "Wait", "TimestampPath": "$.TimestampValue", "End": True}}}

    result = asl.run(definition, {"TimestampValue": value})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'WaitUntil' (entered at the event id #2). "
                            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                            f"date-time format string: $.TimestampValue == {value}")


def test_wait_applies_input_path_and_output_path() -> None:
    result = asl.run(waiting(Seconds=5, InputPath="$.parcel", OutputPath="$.id"), {"parcel": {"id": "P-9"}})

    assert result.output == "P-9"


def test_next_state_is_entered_when_the_wait_is_over() -> None:
    definition = {"StartAt": "Pause", "States": {
        "Pause": {"Type": "Wait", "Seconds": 120, "Next": "Resume"},
        "Resume": {"Type": "Pass", "Parameters": {"entered.$": "$$.State.EnteredTime"}, "End": True}}}

    result = run_at_nine(definition, {})

    assert result.output == {"entered": "2024-05-01T09:02:00.000Z"}
