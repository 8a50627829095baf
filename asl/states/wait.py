"""The Wait state: resume at a point in time (Seconds, SecondsPath, Timestamp, TimestampPath)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from asl import jsonata
from asl.dataflow import Evaluable
from asl.errors import ErrorName, StatesError
from asl.history import to_json_text
from asl.states.base import State
from asl.step import Frame, Outcome, Run, Sleep, Woke, later
from asl.timestamps import parse_timestamp


class WaitState(State):
    type = "Wait"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        self.seconds: Any = raw.get("Seconds")
        self.timestamp: Any = raw.get("Timestamp")
        if self.jsonata:
            self.seconds = jsonata.compile_template(self.seconds) if "Seconds" in raw else None
            self.timestamp = jsonata.compile_template(self.timestamp) if "Timestamp" in raw else None
        self.seconds_path = Evaluable("SecondsPath", raw["SecondsPath"]) if "SecondsPath" in raw else None
        self.timestamp_path = Evaluable("TimestampPath", raw["TimestampPath"]) if "TimestampPath" in raw else None

    def enter(self, run: Run, frame: Frame) -> Outcome:
        data = self.filtered_input(run, frame)
        frame.effective_input = data
        return Sleep(frame, self._until(run, frame, data))

    def resume(self, run: Run, frame: Frame, signal: Any) -> Outcome:
        if not isinstance(signal, Woke):
            return super().resume(run, frame, signal)
        data = frame.effective_input
        return self.finish(run, frame, self.output_from_input(run, frame, data), assign_input=data)

    def _until(self, run: Run, frame: Frame, data: Any) -> datetime:
        if self.jsonata:
            if self.seconds is not None:
                value = self.evaluate_jsonata(self.seconds, run, frame, "Seconds")
                seconds = _seconds(value, "The Seconds field", ErrorName.QUERY_EVALUATION_ERROR)
                return later(run.now, seconds)
            value = self.evaluate_jsonata(self.timestamp, run, frame, "Timestamp")
            when = parse_timestamp(value) if isinstance(value, str) else None
            if when is None:
                raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                                  "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                                  f"format string: {value if isinstance(value, str) else to_json_text(value)}")
            return when
        if self.seconds is not None:
            return later(run.now, self.seconds)
        if self.timestamp is not None:
            when = parse_timestamp(self.timestamp)
            assert when is not None  # validated with the definition
            return when
        ctx = self.context(run, frame)
        if self.seconds_path is not None:
            value = self.seconds_path.evaluate(data, ctx, run.variables)
            label = "The SecondsPath parameter"
            seconds = _seconds(value, label, ErrorName.RUNTIME, self.seconds_path.path_text)
            return later(run.now, seconds)
        assert self.timestamp_path is not None
        value = self.timestamp_path.evaluate(data, ctx, run.variables)
        when = parse_timestamp(value) if isinstance(value, str) else None
        if when is None:
            raise StatesError(ErrorName.RUNTIME,
                              "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                              f"date-time format string: {self.timestamp_path.path_text} == {_show(value)}")
        return when


def _show(value: Any) -> str:
    return value if isinstance(value, str) else to_json_text(value)


def _seconds(value: Any, label: str, error: str, path: str | None = None) -> int:
    where = f": {path} == {_show(value)}" if path else f": {_show(value)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()):
        raise StatesError(error, f"{label} cannot be parsed as a long value{where}")
    if value < 0:
        raise StatesError(error, f"{label} references a negative value{where}")
    return int(value)
