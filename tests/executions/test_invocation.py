"""Running one task invocation in a worker: results, errors, time limits, logs and isolation."""
from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_django.fixtures import Settings

import asl
from asl import TaskFailure
from asl.resources import parse_resource, task_error_from_exception
from asl.step import TaskError, TaskResult
from executions.handlers import Registry
from executions.invocation import Invocation, invoke

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
INVOKE = parse_resource("arn:aws:states:::lambda:invoke")
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) .*")

log = logging.getLogger("tests.invocation")
log.setLevel(logging.INFO)


class QuotaExceeded(Exception):
    error_type = "Billing.QuotaExceeded"


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end of a test: handlers blocked on it finish, so no thread outlives its test for long."""
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def registry(release: threading.Event) -> Registry:
    registry = Registry()

    @registry.handler
    def echo(event: Any) -> Any:
        return event

    @registry.handler
    def chatty(event: Any) -> Any:
        print("to stdout")
        print("to stderr", file=sys.stderr)
        log.info("info with %s", "args")
        logging.getLogger("some.other.library").warning("careful")
        log.debug("below the logger's level: dropped")
        sys.stdout.write("no newline")
        return "done"

    @registry.handler
    def vandal(event: Any) -> Any:
        event["added"] = True
        event["nested"]["items"].append(99)
        return {"seen": sorted(event)}

    @registry.handler
    def sleepy(event: Any) -> Any:
        print("going to sleep")
        release.wait(10)
        return "woke up"

    @registry.handler
    def broken(event: Any) -> Any:
        print("about to fail")
        raise ValueError("bad value")

    @registry.handler
    def refuses(event: Any) -> Any:
        raise TaskFailure("Order.Rejected", "the order was rejected")

    @registry.handler
    def over_quota(event: Any) -> Any:
        raise QuotaExceeded("no more")

    @registry.handler
    def returns_a_date(event: Any) -> Any:
        return {"when": datetime(2024, 1, 1, tzinfo=UTC)}

    @registry.handler
    def returns_nan(event: Any) -> Any:
        return float("nan")

    @registry.handler
    def noisy(event: Any) -> Any:
        print("x" * 5000)
        print("the end")
        return None

    return registry


def call(registry: Registry, name: str, payload: Any = None, timeout: int | None = None, *, via_invoke: bool = False,
         **kwargs: Any) -> Invocation:
    if via_invoke:
        return invoke(INVOKE, {"FunctionName": name, "Payload": payload}, timeout, registry=registry, **kwargs)
    return invoke(parse_resource(FUNCTION_ARN + name), payload, timeout, registry=registry, **kwargs)


# ---- results ------------------------------------------------------------------------------------

def test_function_arn_result_is_the_handler_result(registry: Registry) -> None:
    invocation = call(registry, "echo", {"a": [1, 2]})
    assert invocation.signal == TaskResult({"a": [1, 2]})
    assert invocation.logs == ""
    assert invocation.started_at <= invocation.finished_at
    assert 0 <= invocation.duration_ms < 5000


def test_lambda_invoke_result_comes_in_the_aws_envelope(registry: Registry) -> None:
    invocation = call(registry, "echo", {"a": 1}, via_invoke=True)
    assert invocation.signal == TaskResult({"ExecutedVersion": "$LATEST", "Payload": {"a": 1}, "StatusCode": 200})


def test_handler_cannot_change_the_callers_payload(registry: Registry) -> None:
    payload = {"nested": {"items": [1, 2]}, "keep": "me"}
    invocation = call(registry, "vandal", payload)
    assert payload == {"nested": {"items": [1, 2]}, "keep": "me"}
    assert invocation.signal == TaskResult({"seen": ["added", "keep", "nested"]})


# ---- errors -------------------------------------------------------------------------------------

def test_unregistered_function_is_resource_not_found_with_the_arn_of_the_settings(registry: Registry,
                                                                                settings: Settings) -> None:
    settings.STEPCRAFT_REGION, settings.STEPCRAFT_ACCOUNT_ID = "eu-west-3", "210987654321"
    invocation = call(registry, "missing", via_invoke=True)
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == "Lambda.ResourceNotFoundException"
    assert re.fullmatch(r"Function not found: arn:aws:lambda:eu-west-3:210987654321:function:missing \(Service: "
                        r"AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                        r"[0-9a-f-]{36}; Proxy: null\)", invocation.signal.cause or "")


def test_region_and_account_can_be_passed_explicitly(registry: Registry) -> None:
    invocation = call(registry, "missing", region="ap-south-1", account_id="111122223333")
    assert isinstance(invocation.signal, TaskError)
    assert "arn:aws:lambda:ap-south-1:111122223333:function:missing " in (invocation.signal.cause or "")


def test_resources_other_than_lambda_fail_the_task(registry: Registry) -> None:
    invocation = invoke(parse_resource("arn:aws:states:::sqs:sendMessage"), {}, None, registry=registry)
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == "States.TaskFailed"
    assert "arn:aws:states:::sqs:sendMessage" in (invocation.signal.cause or "")


def test_an_exception_becomes_the_error_named_after_its_class_with_lambdas_payload(registry: Registry) -> None:
    invocation = call(registry, "broken")
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == "ValueError"
    cause = json.loads(invocation.signal.cause or "")
    assert (cause["errorType"], cause["errorMessage"]) == ("ValueError", "bad value")
    assert any("raise ValueError" in frame for frame in cause["stackTrace"])
    assert invocation.logs == "about to fail\n"  # what it printed before failing is kept


@pytest.mark.parametrize(("name", "error", "message"), [
    ("refuses", "Order.Rejected", "the order was rejected"),
    ("over_quota", "Billing.QuotaExceeded", "no more"),
])
def test_explicit_error_names_are_kept(registry: Registry, name: str, error: str, message: str) -> None:
    invocation = call(registry, name, via_invoke=True)
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == error
    assert json.loads(invocation.signal.cause or "")["errorMessage"] == message


def test_errors_are_the_ones_the_in_memory_runner_reports(registry: Registry) -> None:
    """One mapping, shared: asl.run and the worker fail a task the same way."""
    definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": FUNCTION_ARN + "refuses",
                                                   "End": True}}}
    in_memory = asl.run(definition, {}, handlers=registry.table())
    invocation = call(registry, "refuses")
    assert isinstance(invocation.signal, TaskError)
    assert in_memory.error == invocation.signal.error == "Order.Rejected"
    assert json.loads(in_memory.cause or "")["errorMessage"] == json.loads(invocation.signal.cause or "")[
        "errorMessage"]
    assert task_error_from_exception(TaskFailure("E", "c"), False) == ("E", "c")


@pytest.mark.parametrize("name", ["returns_a_date", "returns_nan"])
def test_a_result_that_is_not_json_is_a_marshal_error(registry: Registry, name: str) -> None:
    invocation = call(registry, name, via_invoke=True)
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == "Runtime.MarshalError"
    cause = json.loads(invocation.signal.cause or "")
    assert cause["errorType"] == "Runtime.MarshalError"
    assert cause["errorMessage"].startswith("Unable to marshal response: ")


def test_marshal_error_names_the_offending_type(registry: Registry) -> None:
    invocation = call(registry, "returns_a_date")
    assert isinstance(invocation.signal, TaskError)
    assert "Object of type datetime is not JSON serializable" in (invocation.signal.cause or "")


# ---- time limits --------------------------------------------------------------------------------

def test_a_handler_past_its_timeout_times_out_at_once(registry: Registry) -> None:
    began = time.monotonic()
    invocation = call(registry, "sleepy", timeout=1)
    elapsed = time.monotonic() - began
    assert 0.9 <= elapsed < 3
    assert invocation.signal == TaskError("States.Timeout", None)  # AWS records no cause for a timeout
    assert invocation.timed_out
    assert 900 <= invocation.duration_ms < 3000
    lines = invocation.logs.splitlines()
    assert lines[0] == "going to sleep"
    assert re.fullmatch(r"\S+Z Task timed out after 1\.00 seconds", lines[1])


def test_the_functions_own_limit_applies_when_the_task_sets_none(registry: Registry) -> None:
    invocation = call(registry, "sleepy", None, function_timeout_seconds=0.3)
    assert isinstance(invocation.signal, TaskError)
    assert invocation.signal.error == "Sandbox.Timedout"
    cause = json.loads(invocation.signal.cause or "")
    assert cause["errorType"] == "Sandbox.Timedout"
    assert cause["errorMessage"].endswith("Error: Task timed out after 0.30 seconds")


def test_an_abandoned_handlers_late_result_is_discarded(registry: Registry, release: threading.Event) -> None:
    invocation = call(registry, "sleepy", timeout=1)
    release.set()  # the abandoned thread now returns "woke up"...
    time.sleep(0.1)
    assert invocation.signal == TaskError("States.Timeout", None)  # ...which nobody sees
    assert "woke up" not in invocation.logs


def test_a_handler_within_its_timeout_succeeds(registry: Registry) -> None:
    assert call(registry, "echo", 5, timeout=1).signal == TaskResult(5)


# ---- logs ---------------------------------------------------------------------------------------

def test_prints_and_log_records_are_captured_in_order(registry: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    invocation = call(registry, "chatty")
    lines = invocation.logs.split("\n")
    assert lines[0] == "to stdout"
    assert lines[1] == "to stderr"
    assert LOG_LINE.fullmatch(lines[2]) and lines[2].endswith(" INFO info with args")
    assert LOG_LINE.fullmatch(lines[3]) and lines[3].endswith(" WARNING careful")
    assert lines[4] == "no newline"
    assert "below the logger's level" not in invocation.logs
    out, err = capsys.readouterr()
    assert "to stdout" not in out and "to stderr" not in err  # captured, not echoed to the worker's output


def test_output_of_other_threads_is_not_captured(registry: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    invocation = call(registry, "chatty")
    print("printed by the test itself")
    assert "printed by the test itself" not in invocation.logs
    assert "printed by the test itself" in capsys.readouterr().out


def test_concurrent_invocations_keep_their_logs_apart() -> None:
    registry = Registry()
    both_running = threading.Barrier(2, timeout=5)

    @registry.handler
    def tagged(event: Any) -> Any:
        both_running.wait()  # the two calls overlap for sure
        for i in range(200):
            print(f"{event} {i}")
            log.warning("%s logged %d", event, i)
            time.sleep(0)
        return event

    results: dict[str, Invocation] = {}

    def run(tag: str) -> None:
        results[tag] = call(registry, "tagged", tag)

    threads = [threading.Thread(target=run, args=(tag,)) for tag in ("alpha", "omega")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    for tag, other in (("alpha", "omega"), ("omega", "alpha")):
        logs = results[tag].logs
        assert results[tag].signal == TaskResult(tag)
        assert other not in logs
        assert logs.count(f"{tag} logged") == 200
        assert [line for line in logs.splitlines() if not LOG_LINE.fullmatch(line)] == [
            f"{tag} {i}" for i in range(200)]


def test_logs_keep_the_head_and_mark_the_truncation(registry: Registry) -> None:
    invocation = call(registry, "noisy", log_limit_bytes=1000)
    assert invocation.logs_truncated
    assert len(invocation.logs.encode()) <= 1000
    assert invocation.logs.startswith("x" * 800)
    assert invocation.logs.endswith("[log truncated: showing the first bytes of 5009; the limit is 1000 bytes]\n")
    assert "the end" not in invocation.logs


def test_logs_under_the_limit_are_not_marked(registry: Registry) -> None:
    invocation = call(registry, "noisy", log_limit_bytes=6000)
    assert not invocation.logs_truncated
    assert invocation.logs == "x" * 5000 + "\nthe end\n"
