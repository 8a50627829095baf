"""Redrive of Parallel and Map states: only the branches and iterations that did not succeed run again.

Most tests move the runs themselves (``tests.api.drive``, nothing enqueued), so the order in which
children run -- and so which ones a failure stops -- is the same every time; the last one runs on the
embedded worker. Tasks call ``redrive_probe``, which fails for a key as many times as ``FAILURES`` says;
how often each state ran in each branch or iteration is read back from the TaskInvocation rows.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from executions import runtime
from executions.handlers import REGISTRY
from executions.models import Execution, HistoryEvent, MapRun, Run, RunStatus, TaskInvocation
from executions.selectors import state_summaries
from executions.services import redrive_execution, start_execution, stop_execution
from tests.api.drive import drive
from tests.executions.conftest import wait_for_end

PROBE = "arn:aws:lambda:us-east-1:123456789012:function:redrive_probe"
FAILURES: Counter[str] = Counter()  # key -> how many more calls fail
ACTIVE_CHILDREN: list[int] = []  # children running when the probe was called (MaxConcurrency)


def redrive_probe(event: Any) -> Any:
    """Fails while FAILURES[key] > 0; else returns {"done": key}."""
    key = event["key"]
    ACTIVE_CHILDREN.append(Run.objects.filter(parent__isnull=False, status=RunStatus.ACTIVE).count())
    if FAILURES[key] > 0:
        FAILURES[key] -= 1
        raise RuntimeError(f"{key} is down")
    return {"done": key}


@pytest.fixture(autouse=True)
def probe() -> Iterator[None]:
    REGISTRY.register(redrive_probe, name="redrive_probe", description="fails on demand")
    FAILURES.clear()
    ACTIVE_CHILDREN.clear()
    yield
    FAILURES.clear()


def task(name: str, key: str, **extra: Any) -> dict[str, Any]:
    return {name: {"Type": "Task", "Resource": PROBE, "Parameters": {"key": key}, "End": True, **extra}}


def branch(states: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


def machine(machine_of: Any, states: dict[str, Any]) -> Any:
    return machine_of(json.dumps({"StartAt": next(iter(states)), "States": states}))


def item_map(name: str, task_name: str, **extra: Any) -> dict[str, Any]:
    """A Map over the input's ``items``: each item is a probe key."""
    return {name: {"Type": "Map", "ItemsPath": "$.items", "End": True, **extra, "ItemProcessor": branch({
        task_name: {"Type": "Task", "Resource": PROBE, "Parameters": {"key.$": "$"}, "End": True}})}}


def calls(execution: Execution, state: str) -> Counter[int]:
    """How often ``state`` was invoked, by the index of the branch or iteration it ran in."""
    return Counter(TaskInvocation.objects.filter(execution=execution, state=state).values_list("run__index",
                                                                                               flat=True))


def events(execution: Execution) -> list[HistoryEvent]:
    return list(HistoryEvent.objects.filter(execution=execution).order_by("event_id"))


def after_redrive(execution: Execution) -> list[HistoryEvent]:
    history = events(execution)
    [redriven] = [i for i, e in enumerate(history) if e.type == "ExecutionRedriven"]
    return history[redriven:]


def test_parallel_reruns_only_the_failed_branch_from_its_failed_state(machine_of: Any, quiet: None) -> None:
    FAILURES["b1"] = 1
    flow = machine(machine_of, {"Fan": {"Type": "Parallel", "End": True, "Branches": [
        branch(task("T0", "b0")),
        branch({"Nap": {"Type": "Wait", "Seconds": 1, "Next": "T1"}, **task("T1", "b1")}),
        branch(task("T2", "b2")),
    ]}})
    execution = drive(start_execution(flow, input="{}"))
    assert (execution.status, execution.error) == ("FAILED", "RuntimeError")
    first_attempts = set(TaskInvocation.objects.filter(execution=execution).values_list("pk", flat=True))
    assert len(first_attempts) == 3  # the other branches succeeded before branch 1 failed

    execution = drive(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": "b0"}, {"done": "b1"}, {"done": "b2"}]
    assert (calls(execution, "T0"), calls(execution, "T1"), calls(execution, "T2")) == (
        Counter({0: 1}), Counter({1: 2}), Counter({2: 1}))
    assert first_attempts < set(TaskInvocation.objects.filter(execution=execution).values_list("pk", flat=True))
    history = events(execution)
    assert [e.type for e in history].count("ExecutionRedriven") == 1
    redriven = after_redrive(execution)
    # Branch 1 starts again in T1 (its Wait succeeded); T0 and T2 are not entered again.
    assert [e.type for e in redriven] == [
        "ExecutionRedriven", "ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered",
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
        "ParallelStateExited", "ExecutionSucceeded"]
    by_type = {e.type: e for e in redriven}
    assert by_type["ParallelStateEntered"].previous_event_id == by_type["ExecutionRedriven"].event_id
    assert by_type["TaskStateEntered"].previous_event_id == by_type["ParallelStateStarted"].event_id
    assert by_type["TaskStateEntered"].details["name"] == "T1"
    assert json.loads(by_type["ParallelStateExited"].details["output"]) == json.loads(execution.output)
    assert [e.event_id for e in history] == list(range(1, len(history) + 1))


def test_map_reruns_only_its_failed_iterations(machine_of: Any, quiet: None) -> None:
    FAILURES.update({"i1": 1, "i3": 1})
    flow = machine(machine_of, item_map("Each", "Work", ToleratedFailureCount=0))
    items = [f"i{n}" for n in range(5)]
    execution = drive(start_execution(flow, input=json.dumps({"items": items})))
    assert (execution.status, execution.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    assert calls(execution, "Work") == Counter(range(5))

    execution = drive(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": item} for item in items]
    assert calls(execution, "Work") == Counter({0: 1, 1: 2, 2: 1, 3: 2, 4: 1})
    redriven = after_redrive(execution)
    started = [e for e in redriven if e.type == "MapIterationStarted"]
    assert [e.details["index"] for e in started] == [1, 3]
    assert [e.details["index"] for e in redriven if e.type == "MapIterationSucceeded"] == [1, 3]
    assert [e.type for e in redriven[:3]] == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted"]
    assert redriven[2].details == {"length": 5}
    assert [e.type for e in redriven[-4:]] == ["MapIterationSucceeded", "MapStateSucceeded", "MapStateExited",
                                               "ExecutionSucceeded"]


def test_tolerated_failures_count_the_final_outcomes(machine_of: Any, quiet: None) -> None:
    FAILURES.update({"i1": 1, "i3": 5})
    flow = machine(machine_of, item_map("Each", "Work", ToleratedFailureCount=1))
    execution = drive(start_execution(flow, input=json.dumps({"items": ["i0", "i1", "i2", "i3"]})))
    assert (execution.status, execution.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")

    execution = drive(redrive_execution(execution))

    # i1 succeeds now and no longer counts; i3 fails again: one failure, which is tolerated.
    assert execution.status == "SUCCEEDED"
    output = json.loads(execution.output)
    assert output[:3] == [{"done": "i0"}, {"done": "i1"}, {"done": "i2"}]
    assert output[3]["Error"] == "RuntimeError"
    assert calls(execution, "Work") == Counter({0: 1, 1: 2, 2: 1, 3: 2})


def test_a_map_inside_a_parallel_is_redriven_to_any_depth(machine_of: Any, quiet: None) -> None:
    FAILURES["m2"] = 1
    flow = machine(machine_of, {"Both": {"Type": "Parallel", "End": True, "ResultSelector": {"all.$": "$"},
                                         "Branches": [branch(task("Solo", "solo")),
                                                      branch(item_map("Inner", "Item"))]}})
    execution = drive(start_execution(flow, input=json.dumps({"items": ["m0", "m1", "m2"]})))
    assert execution.status == "FAILED"

    execution = drive(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == {"all": [{"done": "solo"},
                                                    [{"done": "m0"}, {"done": "m1"}, {"done": "m2"}]]}
    assert calls(execution, "Solo") == Counter({0: 1})
    assert calls(execution, "Item") == Counter({0: 1, 1: 1, 2: 2})
    redriven = after_redrive(execution)
    assert [e.type for e in redriven[:6]] == ["ExecutionRedriven", "ParallelStateEntered", "ParallelStateStarted",
                                              "MapStateEntered", "MapStateStarted", "MapIterationStarted"]
    assert redriven[3].previous_event_id == redriven[2].event_id  # the branch hangs off the new visit
    assert redriven[5].details["index"] == 2
    assert [e.type for e in redriven].count("TaskStateEntered") == 1
    # The viewer: the new visits succeeded, the re-run iteration sits in its Map iteration, logs and all.
    summary = state_summaries(execution)
    assert summary["by_state"] == {"Both": "SUCCEEDED", "Solo": "SUCCEEDED", "Inner": "SUCCEEDED",
                                   "Item": "SUCCEEDED"}
    item2 = [s for s in summary["states"] if s["name"] == "Item" and s["path"][-1] == {"state": "Inner", "index": 2}]
    assert [(s["visit"], s["status"], len(s["invocations"])) for s in item2] == [(0, "FAILED", 1),
                                                                                (0, "SUCCEEDED", 1)]


def test_max_concurrency_holds_while_redriving(machine_of: Any, quiet: None) -> None:
    FAILURES.update({"i1": 1, "i3": 1})
    flow = machine(machine_of, item_map("Each", "Work", MaxConcurrency=1, ToleratedFailureCount=0))
    execution = drive(start_execution(flow, input=json.dumps({"items": ["i0", "i1", "i2", "i3", "i4"]})))
    assert execution.status == "FAILED"
    ACTIVE_CHILDREN.clear()

    redrive_execution(execution)
    root = Run.objects.get(execution=execution, parent=None)
    assert runtime.advance(root.pk, root.sequence)
    children = dict(Run.objects.filter(parent=root).values_list("index", "status"))
    assert children == {0: "SUCCEEDED", 1: "ACTIVE", 2: "SUCCEEDED", 3: "PENDING", 4: "SUCCEEDED"}
    execution = drive(execution)

    assert execution.status == "SUCCEEDED"
    assert ACTIVE_CHILDREN == [1, 1]  # i1, then i3: one at a time
    invocations = TaskInvocation.objects.filter(execution=execution).order_by("started_at")
    assert [i.input["key"] for i in invocations][-2:] == ["i1", "i3"]


def test_a_retried_map_is_redriven_from_its_last_attempt(machine_of: Any, quiet: None) -> None:
    FAILURES.update({"i1": 4})  # fails both attempts of the Map, and both again after the first redrive
    flow = machine(machine_of, item_map("Each", "Work", ToleratedFailureCount=0, Retry=[
        {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}]))
    execution = drive(start_execution(flow, input=json.dumps({"items": ["i0", "i1", "i2"]})))
    assert execution.status == "FAILED"
    assert calls(execution, "Work") == Counter({0: 2, 1: 2, 2: 2})  # the retry ran every item again

    execution = drive(redrive_execution(execution))
    # i1 alone runs again and fails; the Map retries as usual (its Retry budget starts again): every item
    # again, and i1 fails once more.
    assert execution.status == "FAILED"
    assert calls(execution, "Work") == Counter({0: 3, 1: 4, 2: 3})

    execution = drive(redrive_execution(execution))
    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": "i0"}, {"done": "i1"}, {"done": "i2"}]
    assert calls(execution, "Work") == Counter({0: 3, 1: 5, 2: 3})
    assert execution.redrive_count == 2


def test_an_aborted_map_runs_the_iterations_it_had_not_finished(machine_of: Any, quiet: None) -> None:
    flow = machine(machine_of, item_map("Each", "Work", MaxConcurrency=1))
    execution = start_execution(flow, input=json.dumps({"items": ["i0", "i1", "i2"]}))
    drive(execution, max_rounds=3)  # the Map fans out, i0 runs, i1 is started
    assert dict(Run.objects.filter(parent__isnull=False).values_list("index", "status")) == {
        0: "SUCCEEDED", 1: "ACTIVE", 2: "PENDING"}
    stop_execution(execution)

    execution = drive(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": "i0"}, {"done": "i1"}, {"done": "i2"}]
    assert calls(execution, "Work") == Counter({0: 1, 1: 1, 2: 1})


def test_a_state_that_failed_before_fanning_out_is_entered_again_whole(machine_of: Any, quiet: None) -> None:
    flow = machine(machine_of, item_map("Each", "Work"))
    execution = drive(start_execution(flow, input=json.dumps({"elsewhere": []})))
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")

    redrive_execution(execution)

    root = Run.objects.get(execution=execution, parent=None)
    assert root.waiting_for == {"kind": "enter", "position": {"kind": "enter", "state": "Each",
                                                              "input": {"elsewhere": []}}}
    execution = drive(execution)
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert [e.type for e in after_redrive(execution)] == ["ExecutionRedriven", "MapStateEntered", "MapStateFailed",
                                                         "ExecutionFailed"]


def test_stale_messages_do_nothing_and_the_sweeper_resends_lost_ones(machine_of: Any, quiet: None) -> None:
    FAILURES["b1"] = 1
    flow = machine(machine_of, {"Fan": {"Type": "Parallel", "End": True, "Branches": [
        branch(task("T0", "b0")), branch(task("T1", "b1"))]}})
    execution = drive(start_execution(flow, input="{}"))
    assert execution.status == "FAILED"
    before = {run.pk: run.sequence for run in Run.objects.filter(execution=execution)}

    redrive_execution(execution)  # its message is lost (nothing is enqueued)

    assert all(not runtime.advance(pk, sequence) for pk, sequence in before.items())
    with mock.patch("executions.tasks.advance.apply_async") as advance:
        assert runtime.sweep(timezone.now() + runtime.lease() + timedelta(seconds=1)) == 1
    root = Run.objects.get(execution=execution, parent=None)
    advance.assert_called_once_with((str(root.pk), root.sequence))
    assert runtime.advance(root.pk, root.sequence)
    assert not runtime.advance(root.pk, root.sequence - 1)  # a duplicate of that message
    rerun = Run.objects.get(parent=root, index=1)
    assert (rerun.status, rerun.waiting_for["kind"]) == ("ACTIVE", "enter")
    with mock.patch("executions.tasks.advance.apply_async") as advance:  # its message is lost too
        assert runtime.sweep(timezone.now() + runtime.lease() + timedelta(seconds=1)) == 1
    advance.assert_called_once_with((str(rerun.pk), rerun.sequence))
    assert drive(execution).status == "SUCCEEDED"
    assert calls(execution, "T0") == Counter({0: 1})


@pytest.mark.usefixtures("embedded_worker")
def test_redrive_on_the_embedded_worker(machine_of: Any) -> None:
    FAILURES.update({"b1": 1, "m1": 1})
    flow = machine(machine_of, {"Fan": {"Type": "Parallel", "End": True, "Branches": [
        branch(task("T0", "b0")), branch(task("T1", "b1")),
        branch(item_map("Inner", "Item", ToleratedFailureCount=0, MaxConcurrency=2))]}})
    execution = wait_for_end(start_execution(flow, input=json.dumps({"items": ["m0", "m1", "m2"]})))
    assert execution.status == "FAILED"

    execution = wait_for_end(redrive_execution(execution))
    while execution.status == "FAILED" and execution.redrive_count < 3:
        # Branch 1 may stop the Map before m1 failed, so m1 can fail on the first redrive: redrive again.
        execution = wait_for_end(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": "b0"}, {"done": "b1"},
                                            [{"done": "m0"}, {"done": "m1"}, {"done": "m2"}]]
    done = Counter(TaskInvocation.objects.filter(execution=execution, error__isnull=True).values_list(
        "input__key", flat=True))
    assert done == Counter(["b0", "b1", "m0", "m1", "m2"])  # nothing that succeeded ran twice
    assert [e.type for e in events(execution)].count("ExecutionRedriven") == execution.redrive_count


def test_a_distributed_map_redrives_its_map_run(machine_of: Any, quiet: None) -> None:
    FAILURES["i1"] = 1
    states = item_map("Each", "Work", ToleratedFailureCount=0)
    states["Each"]["ItemProcessor"]["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    execution = drive(start_execution(machine(machine_of, states), input=json.dumps({"items": ["i0", "i1", "i2"]})))
    assert execution.status == "FAILED"
    [started] = [e for e in events(execution) if e.type == "MapRunStarted"]

    execution = drive(redrive_execution(execution))

    assert execution.status == "SUCCEEDED"
    assert json.loads(execution.output) == [{"done": "i0"}, {"done": "i1"}, {"done": "i2"}]
    # The iterations are child executions of the Map Run: only i1's ran again, redriven by the Map Run.
    children = {c.input: c for c in Execution.objects.filter(parent=execution)}
    assert {json.loads(text): c.redrive_count for text, c in children.items()} == {"i0": 0, "i1": 1, "i2": 0}
    assert Counter(TaskInvocation.objects.filter(execution__parent=execution).values_list(
        "execution__input", flat=True)) == Counter({'"i0"': 1, '"i1"': 2, '"i2"': 1})
    assert [e.type for e in events(children['"i1"'])] == [
        "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionFailed", "ExecutionFailed", "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled",
        "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"]
    map_run = MapRun.objects.get(execution=execution)
    assert (map_run.status, map_run.redrive_count) == ("SUCCEEDED", 1)
    redriven = after_redrive(execution)
    assert [e.type for e in redriven] == ["ExecutionRedriven", "MapStateEntered", "MapStateStarted", "MapRunRedriven",
                                         "MapRunSucceeded", "MapStateSucceeded", "MapStateExited",
                                         "ExecutionSucceeded"]
    assert redriven[3].details == {"mapRunArn": started.details["mapRunArn"], "redriveCount": 1}

