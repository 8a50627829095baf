"""``asl.run``: run a state machine to completion in memory, on a virtual clock.

Task states call plain Python callables (``handlers``, keyed by resource ARN or function
name); Wait states and retry back-off advance a virtual clock instead of sleeping, so a
workflow that waits an hour finishes in milliseconds. Branches and iterations run one after
another, in order. The durable runtime in ``executions/`` drives the same steps with a
database, a broker and real time.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from asl import step
from asl.context import ExecutionInfo
from asl.errors import ErrorName
from asl.history import History
from asl.machine import StateMachine, parse
from asl.resources import (
    function_name,
    function_not_found_cause,
    lambda_request,
    lambda_result,
    task_error_from_exception,
)
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

Handler = Callable[[Any], Any]
MAX_HISTORY_EVENTS = 25_000
MAX_EXECUTION_SECONDS = 365 * 24 * 3600


@dataclass
class ExecutionResult:
    status: str  # SUCCEEDED, FAILED or TIMED_OUT
    output: Any = None
    error: str | None = None
    cause: str | None = None
    events: History = field(default_factory=History, repr=False)

    @cached_property
    def history(self) -> list[dict[str, Any]]:
        """The execution's history events, as GetExecutionHistory shows them."""
        return self.events.render()


class _HistoryLimitReached(Exception):
    pass


class _TimedOut(Exception):
    pass


def run(definition: Any, input: Any = None, handlers: Mapping[str, Handler] | None = None,
        context: ExecutionInfo | Mapping[str, Any] | None = None, *, max_events: int = MAX_HISTORY_EVENTS,
        seed: int | None = None) -> ExecutionResult:
    """Run ``definition`` on ``input`` and return how the execution ended, with its history."""
    machine = definition if isinstance(definition, StateMachine) else parse(definition)
    info = context if isinstance(context, ExecutionInfo) else ExecutionInfo(**(context or {}))
    info.input = {} if input is None else input
    return Runner(machine, info, handlers or {}, max_events, random.Random(seed)).execute()


class Runner:
    """Runs one execution to its end in this thread, on a virtual clock.

    Subclasses change how time passes (:meth:`wait_until`, :meth:`current_time`) and how tasks are
    invoked (:meth:`invoke`): the Express runtime in ``executions/`` waits in real time and calls
    registered handlers in worker threads. ``max_seconds`` caps the execution (a year for Standard).
    """

    def __init__(self, machine: StateMachine, info: ExecutionInfo, handlers: Mapping[str, Handler],
                 max_events: int = MAX_HISTORY_EVENTS, rng: random.Random | None = None,
                 max_seconds: int = MAX_EXECUTION_SECONDS):
        self.machine = machine
        self.info = info
        self.handlers = handlers
        self.max_events = max_events
        self.rng = rng or random.Random()
        self.now: datetime = info.start_time
        # TimeoutSeconds may end the execution sooner than its type's limit.
        limit = min(machine.timeout_seconds or max_seconds, max_seconds)
        self.deadline = info.start_time + timedelta(seconds=limit)
        self.timeout_seconds = limit
        self.history = History()

    def execute(self) -> ExecutionResult:
        info = self.info
        history = self.history
        history.add("ExecutionStarted", {"input": info.input, "roleArn": info.base_context()["Execution"]["RoleArn"]},
                    0, self.now)
        root = Run(self.machine, history, info.base_context(), self.now, rng=self.rng)
        try:
            outcome = self._drive(root, info.input)
        except _TimedOut:
            cause = f"The execution exceeded its time limit of {self.timeout_seconds} seconds."
            history.add("ExecutionTimedOut", {"error": ErrorName.TIMEOUT, "cause": cause}, root.last_event_id,
                        self.now)
            return ExecutionResult("TIMED_OUT", error=ErrorName.TIMEOUT, cause=cause, events=history)
        except _HistoryLimitReached:
            # What happened past the limit was never recorded: the last event is ExecutionFailed, number max_events.
            del history.events[self.max_events - 1:]
            history.next_id = self.max_events
            root.last_event_id = history.events[-1].id
            outcome = ChildOutcome(False, error=ErrorName.RUNTIME,
                                   cause=f"The execution reached the maximum number of history events "
                                         f"({self.max_events}).")
        if outcome.succeeded:
            history.add("ExecutionSucceeded", {"output": outcome.output}, root.last_event_id, self.now)
            return ExecutionResult("SUCCEEDED", output=outcome.output, events=history)
        history.add("ExecutionFailed", {"error": outcome.error, "cause": outcome.cause}, root.last_event_id,
                    self.now)
        return ExecutionResult("FAILED", error=outcome.error, cause=outcome.cause, events=history)

    def _drive(self, run: Run, state_input: Any) -> ChildOutcome:
        """Run one run (the execution, a branch or an iteration) until it ends."""
        run.now = self.now
        outcome = step.enter(run, run.scope.start_at, state_input)
        history = self.history
        while True:
            if len(history.events) >= self.max_events:  # the execution's own last event needs a place
                raise _HistoryLimitReached
            run.now = self.now
            if isinstance(outcome, Transition):
                outcome = step.enter(run, outcome.next_state, outcome.output)
            elif isinstance(outcome, RunSucceeded):
                return ChildOutcome(True, outcome.output)
            elif isinstance(outcome, RunFailed):
                return ChildOutcome(False, error=outcome.error, cause=outcome.cause)
            elif isinstance(outcome, InvokeTask):
                step.task_started(run, outcome)
                signal = self.invoke(outcome)
                run.now = self.now = self.current_time()
                if self.now > self.deadline:
                    raise _TimedOut
                outcome = step.resume(run, outcome.frame, signal)
            elif isinstance(outcome, Sleep):
                if outcome.until > self.deadline:
                    self.wait_until(self.deadline)
                    self.now = self.deadline
                    raise _TimedOut
                if outcome.until > self.now:
                    self.wait_until(outcome.until)
                    self.now = max(outcome.until, self.current_time())
                run.now = self.now
                outcome = step.resume(run, outcome.frame, Woke())
            elif isinstance(outcome, FanOut):
                outcome = step.resume(run, outcome.frame, ChildrenDone(self._fan_out(run, outcome)))
            else:  # pragma: no cover - every Outcome type is handled above
                raise TypeError(f"unexpected outcome {outcome!r}")

    def _fan_out(self, run: Run, fan_out: FanOut) -> list[ChildOutcome]:
        outcomes = []
        started = run.last_event_id
        for child in fan_out.children:
            if not fan_out.map_iterations:
                # Parallel branches start together: each one's first event follows ParallelStateStarted,
                # not the previous branch's last event (the durable runtime records them so too).
                run.last_event_id = started
            child_run = step.begin_child(run, fan_out, child)
            outcome = self._drive(child_run, child.input)
            step.end_child(run, fan_out, child, outcome, child_run.last_event_id)
            outcomes.append(outcome)
            if not outcome.succeeded and fan_out.stop_on_failure:
                # AWS stops the siblings; run one after another, those not yet run never start.
                break
        run.now = self.now
        return outcomes

    def current_time(self) -> datetime:
        """The time now: on the virtual clock, whatever the last wait advanced it to."""
        return self.now

    def wait_until(self, when: datetime) -> None:
        """Let time pass until ``when``: on the virtual clock, at once."""

    def invoke(self, task: InvokeTask) -> TaskResult | TaskError:
        """Invoke the task's resource: here, a handler from ``handlers`` called in this thread."""
        resource = task.resource
        lambda_backed = resource.lambda_backed
        if lambda_backed:
            request = lambda_request(resource, task.payload)
            handler = self._handler(request.function)
            if handler is None:
                return TaskError("Lambda.ResourceNotFoundException",
                                 function_not_found_cause(function_name(request.function), self.info.region,
                                                          self.info.account_id))
            event = request.event
        else:
            handler = self._handler(resource.arn)
            if handler is None:
                return TaskError(ErrorName.TASK_FAILED, f"No handler is registered for resource '{resource.arn}'")
            event = task.payload
        try:
            value = handler(json.loads(json.dumps(event)))
            value = json.loads(json.dumps(value))
        except Exception as exc:  # a handler's failure is the task's failure, whatever it is
            return TaskError(*task_error_from_exception(exc, lambda_backed))
        return TaskResult(lambda_result(resource, value) if lambda_backed else value)

    def _handler(self, ref: str) -> Handler | None:
        handlers = self.handlers
        return handlers.get(ref) or handlers.get(function_name(ref))
