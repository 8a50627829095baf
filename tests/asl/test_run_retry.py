"""Retry through ``asl.run``: which retrier decides, how often, and how long the back-off waits.

The runner's clock is virtual: back-off advances it instead of sleeping, so the waits show up as
timestamps in the history (and the tests take no time). ASL spec, "Retrying after error": retriers
are scanned in order, the first whose ErrorEquals matches applies its policy, and once its
MaxAttempts are spent normal error handling (Catch) resumes.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asl
from asl import TaskFailure

PRINTER = "arn:aws:states:::sqs:sendMessage"


class FlakyPrinter:
    """A printer that fails with the given errors, one per call, in order -- and then prints."""

    def __init__(self, *errors: str):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self, event: Any) -> Any:
        self.calls += 1
        if self.errors:
            raise TaskFailure(self.errors.pop(0), f"failure on call {self.calls}")
        return {"printed_on_call": self.calls}


def always_jammed(event: Any) -> Any:
    raise TaskFailure("Printer.Jammed", "paper jam")


def printing(retry: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {"StartAt": "Print", "States": {
        "Print": {"Type": "Task", "Resource": PRINTER, "Retry": retry, **fields, "End": True}}}


def scheduled_times(result: asl.ExecutionResult) -> list[datetime]:
    return [datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00"))
            for e in result.history if e["type"] == "TaskScheduled"]


def gaps_in_seconds(times: list[datetime]) -> list[float]:
    return [(later - earlier).total_seconds() for earlier, later in zip(times, times[1:], strict=False)]


# ---- how long the back-off waits -----------------------------------------------------------------

def test_default_back_off_waits_one_then_two_then_four_seconds() -> None:
    printer = FlakyPrinter("Printer.Jammed", "Printer.Jammed", "Printer.Jammed")

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"]}]), {}, handlers={PRINTER: printer},
                     context={"start_time": datetime.fromisoformat("2024-05-01T09:00:00+00:00")})

    assert result.status == "SUCCEEDED"
    assert result.output == {"printed_on_call": 4}
    assert [t.isoformat() for t in scheduled_times(result)] == [
        "2024-05-01T09:00:00+00:00", "2024-05-01T09:00:01+00:00", "2024-05-01T09:00:03+00:00",
        "2024-05-01T09:00:07+00:00"]


def test_interval_and_backoff_rate_set_the_waits() -> None:
    printer = FlakyPrinter("Printer.Jammed", "Printer.Jammed", "Printer.Jammed")
    retry = [{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 2, "BackoffRate": 1.5, "MaxAttempts": 3}]

    result = asl.run(printing(retry), {}, handlers={PRINTER: printer})

    assert gaps_in_seconds(scheduled_times(result)) == [2.0, 3.0, 4.5]


def test_max_delay_seconds_caps_each_wait() -> None:
    printer = FlakyPrinter("Printer.Jammed", "Printer.Jammed", "Printer.Jammed")
    retry = [{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 4, "BackoffRate": 3, "MaxDelaySeconds": 10}]

    result = asl.run(printing(retry), {}, handlers={PRINTER: printer})

    assert gaps_in_seconds(scheduled_times(result)) == [4.0, 10.0, 10.0]


def test_full_jitter_waits_between_zero_and_the_computed_back_off() -> None:
    retry = [{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 3, "BackoffRate": 3, "MaxAttempts": 5,
              "MaxDelaySeconds": 50, "JitterStrategy": "FULL"}]

    for seed in range(20):
        result = asl.run(printing(retry), {}, handlers={PRINTER: always_jammed}, seed=seed)

        gaps = gaps_in_seconds(scheduled_times(result))
        ceilings = [3, 9, 27, 50, 50]
        assert len(gaps) == 5
        assert all(0 <= gap <= ceiling for gap, ceiling in zip(gaps, ceilings, strict=True)), (seed, gaps)


def test_full_jitter_is_reproducible_with_a_seed_and_varies_without_one() -> None:
    retry = [{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}]

    first = asl.run(printing(retry), {}, handlers={PRINTER: always_jammed}, seed=42)
    again = asl.run(printing(retry), {}, handlers={PRINTER: always_jammed}, seed=42)
    other_seeds = {tuple(gaps_in_seconds(scheduled_times(
        asl.run(printing(retry), {}, handlers={PRINTER: always_jammed}, seed=seed)))) for seed in range(5)}

    assert scheduled_times(first) == scheduled_times(again)
    assert len(other_seeds) > 1


def test_retries_appear_as_repeated_task_events_chained_in_order() -> None:
    printer = FlakyPrinter("Printer.Jammed")

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"]}]), {}, handlers={PRINTER: printer})

    assert [(e["id"], e["previousEventId"], e["type"]) for e in result.history] == [
        (1, 0, "ExecutionStarted"), (2, 0, "TaskStateEntered"), (3, 2, "TaskScheduled"), (4, 3, "TaskStarted"),
        (5, 4, "TaskFailed"), (6, 5, "TaskScheduled"), (7, 6, "TaskStarted"), (8, 7, "TaskSucceeded"),
        (9, 8, "TaskStateExited"), (10, 9, "ExecutionSucceeded")]


# ---- how often ----------------------------------------------------------------------------------

def test_retries_stop_after_max_attempts_and_the_last_error_fails_the_execution() -> None:
    printer = FlakyPrinter(*["Printer.Jammed"] * 10)

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 2}]), {},
                     handlers={PRINTER: printer})

    assert printer.calls == 3
    assert result.status == "FAILED"
    assert result.error == "Printer.Jammed"
    assert result.cause == "failure on call 3"


def test_max_attempts_zero_never_retries() -> None:
    printer = FlakyPrinter("Printer.Jammed")

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 0}]), {},
                     handlers={PRINTER: printer})

    assert printer.calls == 1
    assert result.error == "Printer.Jammed"


def test_first_matching_retrier_decides_even_when_exhausted() -> None:
    printer = FlakyPrinter(*["Printer.Jammed"] * 10)
    retry = [{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 1},
             {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]

    result = asl.run(printing(retry), {}, handlers={PRINTER: printer})

    assert printer.calls == 2
    assert result.error == "Printer.Jammed"


def test_each_retrier_counts_its_own_attempts() -> None:
    printer = FlakyPrinter("Printer.Jammed", "Printer.Offline", "Printer.Jammed", "Printer.Offline", "Printer.Jammed")
    retry = [{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 2},
             {"ErrorEquals": ["Printer.Offline"], "MaxAttempts": 2}]

    result = asl.run(printing(retry), {}, handlers={PRINTER: printer})

    # Jammed, Offline, Jammed, Offline are retried (two each); the third Jammed is one too many.
    assert printer.calls == 5
    assert result.error == "Printer.Jammed"


def test_retry_counters_start_again_when_the_state_is_entered_again() -> None:
    definition = {"StartAt": "Begin", "States": {
        "Begin": {"Type": "Pass", "Assign": {"round": 0}, "Next": "Print"},
        "Print": {"Type": "Task", "Resource": PRINTER,
                  "Retry": [{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["Printer.Jammed"], "Next": "Again",
                             "Assign": {"round.$": "States.MathAdd($round, 1)"}}],
                  "End": True},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$round", "NumericLessThan": 2, "Next": "Print"}],
                  "Default": "GiveUp"},
        "GiveUp": {"Type": "Succeed"}}}
    printer = FlakyPrinter(*["Printer.Jammed"] * 10)

    result = asl.run(definition, {}, handlers={PRINTER: printer})

    assert result.status == "SUCCEEDED"
    assert printer.calls == 4  # two visits, each one attempt and one retry


# ---- which errors -------------------------------------------------------------------------------

def test_states_task_failed_retries_task_errors() -> None:
    printer = FlakyPrinter("Printer.Jammed")

    result = asl.run(printing([{"ErrorEquals": ["States.TaskFailed"]}]), {}, handlers={PRINTER: printer})

    assert result.status == "SUCCEEDED"
    assert printer.calls == 2


def test_states_task_failed_does_not_retry_a_timeout() -> None:
    printer = FlakyPrinter("States.Timeout")

    result = asl.run(printing([{"ErrorEquals": ["States.TaskFailed"]}]), {}, handlers={PRINTER: printer})

    assert printer.calls == 1
    assert result.error == "States.Timeout"
    assert [e["type"] for e in result.history][-2:] == ["TaskTimedOut", "ExecutionFailed"]


def test_states_timeout_retrier_retries_a_timeout() -> None:
    printer = FlakyPrinter("States.Timeout")

    result = asl.run(printing([{"ErrorEquals": ["States.Timeout"]}]), {}, handlers={PRINTER: printer})

    assert result.status == "SUCCEEDED"
    assert printer.calls == 2


def test_states_all_retries_any_task_error() -> None:
    printer = FlakyPrinter("Printer.Jammed", "States.Timeout", "Whatever.Else")

    result = asl.run(printing([{"ErrorEquals": ["States.ALL"]}]), {}, handlers={PRINTER: printer})

    assert result.status == "SUCCEEDED"
    assert printer.calls == 4


def test_unlisted_error_is_not_retried() -> None:
    printer = FlakyPrinter("Printer.OutOfToner")

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"]}]), {}, handlers={PRINTER: printer})

    assert printer.calls == 1
    assert result.error == "Printer.OutOfToner"


def test_states_runtime_is_never_retried_even_by_states_all() -> None:
    printer = FlakyPrinter()

    result = asl.run(printing([{"ErrorEquals": ["States.ALL"]}], OutputPath="$.no.such.field"), {},
                     handlers={PRINTER: printer})

    assert printer.calls == 1
    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'Print' (entered at the event id #2). "
                            "Invalid path '$.no.such.field' : Missing property in path $['no']")


# ---- the virtual clock --------------------------------------------------------------------------

def test_an_hour_of_back_off_takes_no_real_time() -> None:
    printer = FlakyPrinter("Printer.Jammed")
    started = datetime.now()

    result = asl.run(printing([{"ErrorEquals": ["Printer.Jammed"], "IntervalSeconds": 3600}]), {},
                     handlers={PRINTER: printer})

    assert datetime.now() - started < timedelta(seconds=5)
    assert gaps_in_seconds(scheduled_times(result)) == [3600.0]
