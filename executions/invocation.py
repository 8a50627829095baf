"""Run one task invocation in a worker: call the handler as Lambda would, with a time limit and its logs.

:func:`invoke` resolves the Task's resource to a registered handler
(:mod:`executions.handlers`), calls it on a private copy of its event in a thread of its own,
waits at most the state's ``TimeoutSeconds``, and returns the signal to resume the state with
(:class:`asl.step.TaskResult` or :class:`asl.step.TaskError`, exactly as ``asl.run`` would
produce them) together with what the handler printed and logged.

Limits of running handlers in-process, by design of Python rather than of this module:

- A thread cannot be killed. A handler that overruns its timeout is *abandoned*: the task
  fails with ``States.Timeout`` at once, the thread runs on in the background (a daemon, so it
  never holds up the process's exit) and whatever it returns or raises later is discarded.
- Log capture routes by thread. ``sys.stdout``/``sys.stderr`` are replaced (once, and again
  if someone swaps them later) by proxies that send the text written by an invoking thread to
  that invocation's buffer and everything else to the stream they wrap; a ``logging`` handler
  on the root logger does the same for log records. Output of threads a handler starts itself
  is not captured (it goes to the worker's own output), nor are records of loggers with
  ``propagate = False`` or dropped by a logger's level -- as on Lambda, the root logger's
  default level is WARNING: a handler that wants its INFO lines calls ``setLevel``.
"""
from __future__ import annotations

import json
import logging
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from django.utils import timezone

from asl.context import DEFAULT_ACCOUNT, DEFAULT_REGION
from asl.errors import ErrorName
from asl.resources import (
    Resource,
    function_not_found_cause,
    lambda_error_cause,
    lambda_result,
    task_error_from_exception,
)
from asl.step import TaskError, TaskResult
from executions.handlers import Handler, Registry, resolve

DEFAULT_LOG_LIMIT_BYTES = 65_536
# Lambda's own ceiling on a function's run time: a Task without a (smaller) TimeoutSeconds is
# still stopped then, failing as a Lambda function does when it reaches its configured timeout.
FUNCTION_TIMEOUT_SECONDS = 900.0


@dataclass(frozen=True)
class Invocation:
    """How one invocation went: the signal to resume the Task state with, and what the handler wrote."""

    signal: TaskResult | TaskError
    logs: str  # prints as written, log records as "<ISO time> <LEVEL> <message>"; at most the limit
    duration_ms: float
    started_at: datetime
    finished_at: datetime
    timed_out: bool = False  # the handler was still running when its time was up (and was abandoned)
    logs_truncated: bool = False


def invoke(resource: Resource, payload: Any, timeout_seconds: int | None, *,
           log_limit_bytes: int = DEFAULT_LOG_LIMIT_BYTES, registry: Registry | None = None,
           region: str | None = None, account_id: str | None = None,
           function_timeout_seconds: float = FUNCTION_TIMEOUT_SECONDS) -> Invocation:
    """Invoke the handler ``resource`` names with the Task's effective input ``payload``.

    ``timeout_seconds`` is the state's TimeoutSeconds (None: no limit but the function's own,
    ``function_timeout_seconds``). ``region``/``account_id`` (for the ARN in a not-found
    error) default to the STEPCRAFT_REGION / STEPCRAFT_ACCOUNT_ID settings.
    """
    started_at = timezone.now()
    clock = time.perf_counter()
    resolution = resolve(resource, payload, registry)
    capture = _Capture(log_limit_bytes)
    timed_out = False
    if not resolution.lambda_backed:
        signal: TaskResult | TaskError = TaskError(
            ErrorName.TASK_FAILED, f"Stepcraft cannot run the resource '{resource.arn}' yet: a Task can invoke "
            "local handlers, named as Lambda functions (arn:aws:lambda:...:function:NAME or lambda:invoke)")
    elif resolution.handler is None:
        region, account_id = _location(region, account_id)
        signal = TaskError("Lambda.ResourceNotFoundException",
                           function_not_found_cause(resolution.function_name, region, account_id))
    else:
        limit = function_timeout_seconds if timeout_seconds is None else min(timeout_seconds,
                                                                             function_timeout_seconds)
        call = _Call(resolution.handler, resolution.event, resolution.lambda_backed, capture)
        finished = call.start(resolution.function_name).wait(limit)
        if finished:
            signal = call.signal
        else:
            timed_out = True
            signal = _timeout_error(timeout_seconds, function_timeout_seconds, capture)
        if isinstance(signal, TaskResult):
            signal = TaskResult(lambda_result(resource, signal.value))
    logs, truncated = capture.text()
    return Invocation(signal, logs, (time.perf_counter() - clock) * 1000.0, started_at, timezone.now(),
                      timed_out, truncated)


def _location(region: str | None, account_id: str | None) -> tuple[str, str]:
    from django.conf import settings

    if region is None:
        region = str(getattr(settings, "STEPCRAFT_REGION", DEFAULT_REGION))
    if account_id is None:
        account_id = str(getattr(settings, "STEPCRAFT_ACCOUNT_ID", DEFAULT_ACCOUNT))
    return region, account_id


def _timeout_error(timeout_seconds: int | None, function_timeout: float, capture: _Capture) -> TaskError:
    if timeout_seconds is not None and timeout_seconds <= function_timeout:
        # The Task's own TimeoutSeconds: AWS records States.Timeout with no cause at all
        # (TaskTimedOut / LambdaFunctionTimedOut); the log says what happened.
        capture.write(f"{_iso_now()} Task timed out after {timeout_seconds:.2f} seconds\n")
        return TaskError(ErrorName.TIMEOUT, None)
    # The function's own limit: Lambda stops it and the task fails (TaskFailed), not times out.
    message = f"RequestId: {uuid.uuid4()} Error: Task timed out after {function_timeout:.2f} seconds"
    capture.write(f"{_iso_now()} {message}\n")
    return TaskError("Sandbox.Timedout", json.dumps({"errorMessage": message, "errorType": "Sandbox.Timedout"}))


class _Call:
    """One handler call in a thread of its own; :attr:`signal` is set when it has finished."""

    def __init__(self, function: Handler, event: Any, lambda_backed: bool, capture: _Capture):
        self.function = function
        self.event = event
        self.lambda_backed = lambda_backed
        self.capture = capture
        self.done = threading.Event()
        self.signal: TaskResult | TaskError = TaskError(ErrorName.TASK_FAILED, "The handler did not finish")

    def start(self, name: str) -> threading.Event:
        _install_routing()
        thread = threading.Thread(target=self._run, name=f"stepcraft-handler-{name}", daemon=True)
        thread.start()
        return self.done

    def _run(self) -> None:
        ident = threading.get_ident()
        _captures[ident] = self.capture
        try:
            self.signal = self._call()
        finally:
            _captures.pop(ident, None)
            self.done.set()

    def _call(self) -> TaskResult | TaskError:
        # A private copy: whatever the handler does to its event never reaches the engine's data.
        event = json.loads(json.dumps(self.event))
        try:
            value = self.function(event)
        except BaseException as exc:  # noqa: B036 - anything a handler raises (SystemExit too) fails its task
            return TaskError(*task_error_from_exception(exc, self.lambda_backed))
        try:
            return TaskResult(json.loads(json.dumps(value, allow_nan=False)))
        except (TypeError, ValueError, RecursionError) as exc:
            message = f"Unable to marshal response: {exc}"
            cause = lambda_error_cause("Runtime.MarshalError", message) if self.lambda_backed else message
            return TaskError("Runtime.MarshalError", cause)


# ---- log capture --------------------------------------------------------------------------------

class _Capture:
    """An invocation's log: the head of what was written, at most ``limit`` bytes in the end."""

    def __init__(self, limit: int):
        self.limit = max(0, limit)
        self.parts: list[str] = []
        self.size = 0  # bytes kept
        self.dropped = 0  # bytes written past the limit
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        if not text:
            return
        data = text.encode("utf-8", "replace")
        with self.lock:
            room = self.limit - self.size
            if len(data) <= room:
                self.parts.append(text)
                self.size += len(data)
                return
            if room > 0:
                self.parts.append(data[:room].decode("utf-8", "ignore"))
                self.size = self.limit
            self.dropped += len(data) - max(room, 0)

    def text(self) -> tuple[str, bool]:
        with self.lock:
            text = "".join(self.parts)
            if not self.dropped:
                return text, False
            data = text.encode("utf-8")
            total = len(data) + self.dropped
            marker = f"\n[log truncated: showing the first bytes of {total}; the limit is {self.limit} bytes]\n"
            room = self.limit - len(marker.encode("utf-8"))
            if room < 0:  # a limit too small for the marker: as much of the marker as fits
                return marker.encode("utf-8")[: self.limit].decode("utf-8", "ignore"), True
            return data[:room].decode("utf-8", "ignore") + marker, True


# Thread ident -> the capture of the invocation that thread runs. Written by the invoking thread
# only (dict item assignment is atomic), read by whichever thread writes or logs.
_captures: dict[int, _Capture] = {}


class _RoutingStream:
    """Stands in for sys.stdout / sys.stderr: an invoking thread's text goes to its capture."""

    def __init__(self, target: TextIO):
        self._target = target

    def write(self, text: str) -> int:
        capture = _captures.get(threading.get_ident())
        if capture is None:
            return self._target.write(text)
        capture.write(text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if threading.get_ident() not in _captures:
            self._target.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, ...
        return getattr(self._target, name)


class _RoutingLogHandler(logging.Handler):
    """On the root logger: a record logged by an invoking thread goes to its capture."""

    def emit(self, record: logging.LogRecord) -> None:
        capture = _captures.get(record.thread) if record.thread is not None else None
        if capture is None:
            return
        try:
            when = datetime.fromtimestamp(record.created, UTC)
            capture.write(f"{_iso(when)} {record.levelname} {self.format(record)}\n")
        except Exception:  # logging must never break the handler it records
            self.handleError(record)


_log_handler = _RoutingLogHandler()
_log_handler.setFormatter(logging.Formatter("%(message)s"))
_install_lock = threading.Lock()


def _install_routing() -> None:
    """Put the proxies and the log handler in place; checked before each call, as others may replace them.

    (A Celery worker, for one, empties the root logger's handlers and redirects the standard
    streams when it starts.)
    """
    with _install_lock:
        if not isinstance(sys.stdout, _RoutingStream):
            sys.stdout = _RoutingStream(sys.stdout)
        if not isinstance(sys.stderr, _RoutingStream):
            sys.stderr = _RoutingStream(sys.stderr)
        root = logging.getLogger()
        if _log_handler not in root.handlers:
            root.addHandler(_log_handler)


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _iso_now() -> str:
    return _iso(datetime.now(UTC))
