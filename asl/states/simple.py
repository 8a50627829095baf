"""The states that finish in one step: Pass, Succeed and Fail."""
from __future__ import annotations

from typing import Any

from asl import jsonata
from asl.dataflow import ABSENT, Evaluable, PayloadTemplate, ResultPath
from asl.errors import StatesError
from asl.states.base import State
from asl.step import Frame, Outcome, Run, RunFailed, RunSucceeded


class PassState(State):
    type = "Pass"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        if not self.jsonata:
            self.has_result = "Result" in raw
            self.result = raw.get("Result")
            self.parameters = PayloadTemplate(raw["Parameters"]) if "Parameters" in raw else None
            self.result_path = ResultPath(raw.get("ResultPath", ABSENT))

    def enter(self, run: Run, frame: Frame) -> Outcome:
        if self.jsonata:
            output = self.output_from_input(run, frame, frame.input)
            return self.finish(run, frame, output)
        if self.has_result:
            result = self.result
        else:
            result = self.filtered_input(run, frame)
            if self.parameters is not None:
                ctx = self.context(run, frame) if self.parameters.uses_context else None
                result = self.parameters.evaluate(result, ctx, run.variables)
        output = self.apply_output_path(run, frame, self.result_path.apply(frame.input, result))
        return self.finish(run, frame, output, assign_input=result)


class SucceedState(State):
    type = "Succeed"

    def enter(self, run: Run, frame: Frame) -> Outcome:
        output = self.output_from_input(run, frame, self.filtered_input(run, frame))
        run.emit(self.exited_event, {"name": self.name, "output": output})
        return RunSucceeded(output)


class FailState(State):
    type = "Fail"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        self.error: Any = raw.get("Error")
        self.cause: Any = raw.get("Cause")
        if self.jsonata:
            self.error = jsonata.compile_template(self.error) if self.error is not None else None
            self.cause = jsonata.compile_template(self.cause) if self.cause is not None else None
        self.error_path = Evaluable("ErrorPath", raw["ErrorPath"]) if "ErrorPath" in raw else None
        self.cause_path = Evaluable("CausePath", raw["CausePath"]) if "CausePath" in raw else None

    def enter(self, run: Run, frame: Frame) -> Outcome:
        return RunFailed(self._text(run, frame, self.error, self.error_path, "Error"),
                         self._text(run, frame, self.cause, self.cause_path, "Cause"), self.name, frame.input)

    def _text(self, run: Run, frame: Frame, literal: Any, path: Evaluable | None, field: str) -> str | None:
        if path is not None:
            value = path.evaluate(frame.input, self.context(run, frame), run.variables)
        elif literal is not None and self.jsonata:
            value = self.evaluate_jsonata(literal, run, frame, field)
        else:
            value = literal
        if value is not None and not isinstance(value, str):
            raise StatesError("States.Runtime", f"The value of the field '{field}' must be a string, "
                                                f"but was: {value!r}")
        return value
