"""The Task state: invoke a resource with the effective input and process its result."""
from __future__ import annotations

from typing import Any

from asl.errors import ErrorName, StatesError
from asl.resources import parse_resource, result_size_bytes
from asl.states.base import DynamicSetting, RecoverableState
from asl.step import Frame, InvokeTask, Outcome, Run, TaskError, TaskResult, Woke

MAX_PAYLOAD_BYTES = 262_144


class TaskState(RecoverableState):
    type = "Task"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        self.resource = parse_resource(raw.get("Resource", ""))
        self.timeout = _Duration(raw, "TimeoutSeconds", self.jsonata)
        self.heartbeat = _Duration(raw, "HeartbeatSeconds", self.jsonata)

    def start(self, run: Run, frame: Frame) -> Outcome:
        payload = self.effective_input(run, frame)
        timeout = self.timeout.resolve(self, run, frame)
        heartbeat = self.heartbeat.resolve(self, run, frame)
        resource = self.resource
        if resource.legacy_lambda:
            run.emit("LambdaFunctionScheduled", {"resource": resource.arn, "input": payload,
                                                 "timeoutInSeconds": timeout})
        else:
            region = run.base_context["StateMachine"]["Id"].split(":")[3]
            run.emit("TaskScheduled", {**resource.history_fields, "region": region, "parameters": payload,
                                       "timeoutInSeconds": timeout, "heartbeatInSeconds": heartbeat})
        return InvokeTask(frame, resource, payload, timeout, heartbeat)

    def resume(self, run: Run, frame: Frame, signal: Any) -> Outcome:
        if isinstance(signal, Woke):
            return self.start(run, frame)
        legacy = self.resource.legacy_lambda
        if isinstance(signal, TaskResult):
            if result_size_bytes(signal.value) > MAX_PAYLOAD_BYTES:
                source = self.resource.arn if legacy else self.resource.service
                signal = TaskError(ErrorName.DATA_LIMIT_EXCEEDED,
                                   f"The state/task '{source}' returned a result with a size exceeding the "
                                   "maximum number of bytes service limit.")
            else:
                if legacy:
                    run.emit("LambdaFunctionSucceeded", {"output": signal.value})
                else:
                    run.emit("TaskSucceeded", {**self.resource.history_fields, "output": signal.value})
                return self.complete(run, frame, signal.value)
        if isinstance(signal, TaskError):
            timed_out = signal.error in (ErrorName.TIMEOUT, ErrorName.HEARTBEAT_TIMEOUT)
            if legacy:
                run.emit("LambdaFunctionTimedOut" if timed_out else "LambdaFunctionFailed",
                         {"error": signal.error, "cause": signal.cause})
            else:
                run.emit("TaskTimedOut" if timed_out else "TaskFailed",
                         {**self.resource.history_fields, "error": signal.error, "cause": signal.cause})
            raise StatesError(signal.error, signal.cause)
        return super().resume(run, frame, signal)


class _Duration(DynamicSetting):
    """TimeoutSeconds / HeartbeatSeconds: a positive whole number of seconds."""

    def resolve(self, state: TaskState, run: Run, frame: Frame) -> int | None:
        found = self.evaluate(state, run, frame, state.filtered_input(run, frame) if self.path else None)
        if found is None:
            return self.literal
        value, error = found
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise StatesError(error, f"The {self.field} field must be a positive integer, but was: {value!r}")
        return value
