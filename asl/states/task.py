"""The Task state: invoke a resource with the effective input and process its result."""
from __future__ import annotations

from typing import Any

from asl import jsonata
from asl.dataflow import Evaluable
from asl.errors import ErrorName, StatesError
from asl.resources import parse_resource, result_size_bytes
from asl.states.base import RecoverableState
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


class _Duration:
    """TimeoutSeconds / HeartbeatSeconds: a literal, a Path (JSONPath) or an expression (JSONata)."""

    def __init__(self, raw: dict[str, Any], field: str, jsonata_mode: bool):
        self.field = field
        self.literal: Any = raw.get(field)
        self.path = Evaluable(field + "Path", raw[field + "Path"]) if field + "Path" in raw else None
        self.expression = None
        if jsonata_mode and jsonata.is_expression(self.literal):
            self.expression, self.literal = jsonata.compile_template(self.literal), None

    def resolve(self, state: TaskState, run: Run, frame: Frame) -> int | None:
        if self.expression is not None:
            value = state.evaluate_jsonata(self.expression, run, frame, self.field)
            error = ErrorName.QUERY_EVALUATION_ERROR
        elif self.path is not None:
            value = self.path.evaluate(state.filtered_input(run, frame), state.context(run, frame), run.variables)
            error = ErrorName.RUNTIME
        else:
            return self.literal
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise StatesError(error, f"The {self.field} field must be a positive integer, but was: {value!r}")
        return value
