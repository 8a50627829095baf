"""The pure step, driven by hand: ``asl.step.enter`` and ``asl.step.resume`` and the outcomes they return.

No handler is ever called and no clock is read: a Task asks to be invoked, a Wait names the moment to
wake it, a Map or Parallel lists its children -- and whoever drives the step (the in-memory runner, the
durable runtime) does the waiting and resumes the state with what arrived.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asl
from asl import step
from asl.context import ExecutionInfo
from asl.history import History
from asl.step import (
    ChildOutcome,
    ChildrenDone,
    FanOut,
    InvokeTask,
    Run,
    RunFailed,
    RunSucceeded,
    Sleep,
    TaskError,
    TaskResult,
    Transition,
    Woke,
)

MORNING = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
GREETER = "arn:aws:lambda:us-east-1:123456789012:function:greeter"


def new_run(states: dict[str, Any], start: str, now: datetime = MORNING) -> Run:
    machine = asl.parse({"StartAt": start, "States": states})
    info = ExecutionInfo(input={}, execution_name="by-hand", start_time=now)
    return Run(machine, History(), info.base_context(), now)


def types(run: Run) -> list[str]:
    return [event.type for event in run.history]


GREET = {"Greet": {"Type": "Task", "Resource": GREETER, "InputPath": "$.person",
                   "Parameters": {"name.$": "$.name", "asked_by.$": "$$.Execution.Name"},
                   "ResultPath": "$.greeting", "Next": "Done"},
         "Done": {"Type": "Succeed"}}


# ---- Task --------------------------------------------------------------------------------------

def test_entering_a_task_asks_for_an_invocation_with_the_effective_input() -> None:
    run = new_run(GREET, "Greet")

    outcome = step.enter(run, "Greet", {"person": {"name": "hana"}})

    assert isinstance(outcome, InvokeTask)
    assert outcome.resource.arn == GREETER
    assert outcome.resource.legacy_lambda
    assert outcome.payload == {"name": "hana", "asked_by": "by-hand"}
    assert types(run) == ["TaskStateEntered", "LambdaFunctionScheduled"]


def test_resuming_a_task_with_its_result_goes_on_to_the_next_state() -> None:
    run = new_run(GREET, "Greet")
    invoke = step.enter(run, "Greet", {"person": {"name": "hana"}})
    assert isinstance(invoke, InvokeTask)
    step.task_started(run, invoke)

    outcome = step.resume(run, invoke.frame, TaskResult("Hello, hana!"))

    assert outcome == Transition("Done", {"person": {"name": "hana"}, "greeting": "Hello, hana!"})
    assert types(run) == ["TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                          "LambdaFunctionSucceeded", "TaskStateExited"]


def test_resuming_a_task_with_an_error_fails_the_run() -> None:
    run = new_run(GREET, "Greet")
    invoke = step.enter(run, "Greet", {"person": {"name": "hana"}})
    assert isinstance(invoke, InvokeTask)

    outcome = step.resume(run, invoke.frame, TaskError("Greeter.Mute", "lost its voice"))

    assert outcome == RunFailed("Greeter.Mute", "lost its voice", state="Greet",
                                state_input={"person": {"name": "hana"}})
    assert types(run)[-1] == "LambdaFunctionFailed"


def test_retryable_error_asks_to_sleep_for_the_back_off_then_invokes_again() -> None:
    states = {"Greet": {"Type": "Task", "Resource": GREETER, "End": True,
                        "Retry": [{"ErrorEquals": ["Greeter.Mute"], "IntervalSeconds": 30}]}}
    run = new_run(states, "Greet")
    invoke = step.enter(run, "Greet", {"name": "hana"})
    assert isinstance(invoke, InvokeTask)

    sleep = step.resume(run, invoke.frame, TaskError("Greeter.Mute", "lost its voice"))

    assert isinstance(sleep, Sleep)
    assert sleep.retry
    assert sleep.until == MORNING + timedelta(seconds=30)
    run.now = sleep.until
    again = step.resume(run, sleep.frame, Woke())
    assert isinstance(again, InvokeTask)
    assert again.payload == {"name": "hana"}
    assert run.history.events[-1].type == "LambdaFunctionScheduled"
    assert run.history.events[-1].timestamp == MORNING + timedelta(seconds=30)


def test_caught_error_goes_to_the_catchers_state_with_the_error_output() -> None:
    states = {"Greet": {"Type": "Task", "Resource": GREETER, "End": True,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Sorry"}]},
              "Sorry": {"Type": "Pass", "End": True}}
    run = new_run(states, "Greet")
    invoke = step.enter(run, "Greet", {"name": "hana"})
    assert isinstance(invoke, InvokeTask)

    outcome = step.resume(run, invoke.frame, TaskError("Greeter.Mute", "lost its voice"))

    assert outcome == Transition("Sorry", {"name": "hana", "error": {"Error": "Greeter.Mute",
                                                                      "Cause": "lost its voice"}})


def test_lambda_invoke_task_asks_for_the_integration_with_its_parameters() -> None:
    states = {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                       "Parameters": {"FunctionName": "greeter", "Payload": {"name.$": "$.who"}}}}
    run = new_run(states, "Call")

    outcome = step.enter(run, "Call", {"who": "ivan"})

    assert isinstance(outcome, InvokeTask)
    assert (outcome.resource.service, outcome.resource.action) == ("lambda", "invoke")
    assert outcome.payload == {"FunctionName": "greeter", "Payload": {"name": "ivan"}}
    assert types(run) == ["TaskStateEntered", "TaskScheduled"]


# ---- Wait --------------------------------------------------------------------------------------

def test_wait_seconds_asks_to_sleep_until_now_plus_the_seconds() -> None:
    run = new_run({"Nap": {"Type": "Wait", "Seconds": 600, "Next": "Done"}, "Done": {"Type": "Succeed"}}, "Nap")
    run.now = MORNING + timedelta(hours=2)

    outcome = step.enter(run, "Nap", {"a": 1})

    assert isinstance(outcome, Sleep)
    assert not outcome.retry
    assert outcome.until == MORNING + timedelta(hours=2, minutes=10)


def test_wait_timestamp_asks_to_sleep_until_that_moment_whatever_the_time() -> None:
    run = new_run({"Nap": {"Type": "Wait", "TimestampPath": "$.at", "End": True}}, "Nap")

    outcome = step.enter(run, "Nap", {"at": "2031-01-01T00:00:00Z"})

    assert isinstance(outcome, Sleep)
    assert outcome.until == datetime(2031, 1, 1, tzinfo=UTC)


def test_woken_wait_goes_on_and_records_its_exit_at_the_wake_up_time() -> None:
    run = new_run({"Nap": {"Type": "Wait", "Seconds": 600, "Next": "Done"}, "Done": {"Type": "Succeed"}}, "Nap")
    sleep = step.enter(run, "Nap", {"a": 1})
    assert isinstance(sleep, Sleep)
    run.now = sleep.until

    outcome = step.resume(run, sleep.frame, Woke())

    assert outcome == Transition("Done", {"a": 1})
    assert [(e.type, e.timestamp) for e in run.history] == [("WaitStateEntered", MORNING),
                                                            ("WaitStateExited", MORNING + timedelta(minutes=10))]


# ---- Map and Parallel --------------------------------------------------------------------------

LABELS = {"Label": {"Type": "Map", "ItemsPath": "$.skus", "MaxConcurrency": 3,
                    "ItemSelector": {"sku.$": "$$.Map.Item.Value", "position.$": "$$.Map.Item.Index"},
                    "ItemProcessor": {"StartAt": "Print", "States": {"Print": {"Type": "Pass", "End": True}}},
                    "ResultPath": "$.labels", "End": True}}


def test_entering_a_map_fans_out_one_child_per_item() -> None:
    run = new_run(LABELS, "Label")

    outcome = step.enter(run, "Label", {"skus": ["A", "B"]})

    assert isinstance(outcome, FanOut)
    assert outcome.map_iterations
    assert outcome.max_concurrency == 3
    assert [(child.index, child.input) for child in outcome.children] == [
        (0, {"sku": "A", "position": 0}), (1, {"sku": "B", "position": 1})]
    assert all(child.scope.start_at == "Print" for child in outcome.children)
    assert types(run) == ["MapStateEntered", "MapStateStarted"]


def test_map_resumed_with_its_children_outcomes_collects_them_in_order() -> None:
    run = new_run(LABELS, "Label")
    fan_out = step.enter(run, "Label", {"skus": ["A", "B"]})
    assert isinstance(fan_out, FanOut)

    outcome = step.resume(run, fan_out.frame, ChildrenDone([ChildOutcome(True, "label A"),
                                                            ChildOutcome(True, "label B")]))

    assert outcome == RunSucceeded({"skus": ["A", "B"], "labels": ["label A", "label B"]})


def test_map_with_a_failed_child_fails_with_the_childs_error() -> None:
    run = new_run(LABELS, "Label")
    fan_out = step.enter(run, "Label", {"skus": ["A", "B"]})
    assert isinstance(fan_out, FanOut)

    outcome = step.resume(run, fan_out.frame, ChildrenDone([ChildOutcome(True, "label A"), ChildOutcome(
        False, error="Printer.Jammed", cause="paper jam")]))

    assert isinstance(outcome, RunFailed)
    assert (outcome.error, outcome.cause, outcome.state) == ("Printer.Jammed", "paper jam", "Label")


def test_entering_a_parallel_fans_out_one_child_per_branch_with_the_same_input() -> None:
    states = {"Both": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
        {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}}]}}
    run = new_run(states, "Both")

    outcome = step.enter(run, "Both", {"order": 1})

    assert isinstance(outcome, FanOut)
    assert not outcome.map_iterations
    assert [(c.index, c.scope.start_at, c.input) for c in outcome.children] == [
        (0, "Left", {"order": 1}), (1, "Right", {"order": 1})]
    done = step.resume(run, outcome.frame, ChildrenDone([ChildOutcome(True, "l"), ChildOutcome(True, "r")]))
    assert done == RunSucceeded(["l", "r"])


# ---- the states that finish at once ------------------------------------------------------------

def test_pass_choice_succeed_and_fail_finish_in_one_step() -> None:
    states = {"Shape": {"Type": "Pass", "Result": {"n": 5}, "Next": "Route"},
              "Route": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Yes"}],
                        "Default": "No"},
              "Yes": {"Type": "Succeed"},
              "No": {"Type": "Fail", "Error": "Too.Small"}}
    run = new_run(states, "Shape")

    assert step.enter(run, "Shape", {}) == Transition("Route", {"n": 5})
    assert step.enter(run, "Route", {"n": 5}) == Transition("Yes", {"n": 5})
    assert step.enter(run, "Route", {"n": 1}) == Transition("No", {"n": 1})
    assert step.enter(run, "Yes", {"n": 5}) == RunSucceeded({"n": 5})
    assert step.enter(run, "No", {"n": 1}) == RunFailed("Too.Small", None, state="No", state_input={"n": 1})


def test_events_are_stamped_with_the_runs_time_and_chained_by_the_run() -> None:
    run = new_run({"Shape": {"Type": "Pass", "End": True}}, "Shape", now=MORNING)
    run.now = MORNING + timedelta(days=3)

    step.enter(run, "Shape", {})

    assert [(e.id, e.previous_event_id, e.type, e.timestamp) for e in run.history] == [
        (1, 0, "PassStateEntered", MORNING + timedelta(days=3)), (2, 1, "PassStateExited", MORNING + timedelta(days=3))]


# ---- the time comes from outside ---------------------------------------------------------------

def test_an_execution_in_the_past_is_stamped_from_its_start_time_alone() -> None:
    definition = {"StartAt": "Greet", "States": {
        "Greet": {"Type": "Task", "Resource": GREETER, "Parameters": {"started.$": "$$.Execution.StartTime",
                                                                      "entered.$": "$$.State.EnteredTime"},
                  "Retry": [{"ErrorEquals": ["Greeter.Mute"], "IntervalSeconds": 5}], "Next": "Nap"},
        "Nap": {"Type": "Wait", "Seconds": 60, "End": True}}}
    seen: list[Any] = []

    def shy_greeter(event: Any) -> Any:
        """Says nothing the first time."""
        seen.append(event)
        if len(seen) == 1:
            raise asl.TaskFailure("Greeter.Mute", "shy")
        return event

    long_ago = datetime(1999, 12, 31, 23, 59, 0, tzinfo=UTC)
    result = asl.run(definition, {}, handlers={"greeter": shy_greeter},
                     context=ExecutionInfo(start_time=long_ago, execution_name="y2k"))

    assert [e["timestamp"] for e in result.history] == (
        ["1999-12-31T23:59:00Z"] * 5 + ["1999-12-31T23:59:05Z"] * 5 + ["2000-01-01T00:00:05Z"] * 2)
    assert seen[0] == {"started": "1999-12-31T23:59:00.000Z", "entered": "1999-12-31T23:59:00.000Z"}
    assert seen[1] == seen[0]  # a retry is the same state entry: EnteredTime does not move
    assert result.output == seen[1]
