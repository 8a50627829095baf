"""What every state type shares: its common fields, its exit, and Retry/Catch.

Each state type is a subclass with its own fields; they all go through one lifecycle:
entered (recorded by ``asl.step.enter``) -> input processing -> the state's own work ->
output processing -> assignments -> exited -> next. Input and output processing live here, in
both query languages, so a state type only says what its result is.
"""
from __future__ import annotations

from typing import Any

from asl import jsonata
from asl.dataflow import ABSENT, Evaluable, InputFilter, PayloadTemplate, ResultPath
from asl.errors import ErrorName, StatesError
from asl.history import to_json_text
from asl.retry import Retrier, error_matches, find_retrier
from asl.step import Frame, Outcome, Run, RunFailed, RunSucceeded, Sleep, Transition, later

JSONATA = "JSONata"
JSONPATH = "JSONPath"

# Frame flag: a failure from now on is the state's own failure (see RecoverableState.failed_event).
REPORT_FAILURE = "report_failure"

# Errors whose cause AWS prefixes with where they happened.
_LOCATED_ERRORS = (ErrorName.RUNTIME, ErrorName.QUERY_EVALUATION_ERROR)


class State:
    type = ""
    has_retry_count = False  # whether $$.State.RetryCount exists for this state type

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        self.name = name
        self.raw = raw
        self.comment: str | None = raw.get("Comment")
        self.query_language = raw.get("QueryLanguage", query_language)
        self.jsonata = self.query_language == JSONATA
        self.next: str | None = raw.get("Next")
        self.end: bool = bool(raw.get("End", False))
        self.entered_event = f"{self.type}StateEntered"
        self.exited_event = f"{self.type}StateExited"
        self.assign: Any = None
        # Outputs computed from templates can outgrow AWS's 256 KiB limit quickly (a template that
        # repeats "$" doubles the data): those are measured. A static Result adds a constant per
        # state, bounded by the history limit, and is not worth serialising every state's output.
        self.checks_output_size = "Parameters" in raw or "ResultSelector" in raw or "Arguments" in raw or (
            # A ResultPath merging anything but a static Result into the input can double the data.
            raw.get("ResultPath") not in (None, "$") and "Result" not in raw)
        if self.jsonata:
            self.output_template = jsonata.compile_template(raw["Output"]) if "Output" in raw else None
            self.checks_output_size = self.checks_output_size or self.output_template is not None
            if "Assign" in raw:
                self.assign = jsonata.compile_template(raw["Assign"])
        else:
            self.input_filter = InputFilter(raw.get("InputPath", ABSENT))
            self.output_filter = InputFilter(raw.get("OutputPath", ABSENT))
            if "Assign" in raw:
                self.assign = PayloadTemplate(raw["Assign"])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    # ---- the lifecycle ------------------------------------------------------------------------

    def enter(self, run: Run, frame: Frame) -> Outcome:
        raise NotImplementedError

    def resume(self, run: Run, frame: Frame, signal: Any) -> Outcome:
        raise StatesError(ErrorName.RUNTIME, f"State '{self.name}' cannot be resumed with {signal!r}")

    def redriven(self, run: Run, frame: Frame, total: int) -> None:
        """Record the start of a redriven visit that keeps its children (see ``asl.step.redrive_fan_out``)."""
        raise TypeError(f"a {self.type} state has no branches or iterations to redrive")

    def context(self, run: Run, frame: Frame) -> dict[str, Any]:
        return frame.context(run, frame.retry_total if self.has_retry_count else None)

    def variables(self, run: Run) -> Any:
        return run.variables

    # ---- input ----------------------------------------------------------------------------------

    def filtered_input(self, run: Run, frame: Frame) -> Any:
        """JSONPath: the raw input after InputPath (JSONata has no InputPath: the raw input)."""
        if self.jsonata:
            return frame.input
        f = self.input_filter
        if f.path is None:
            return frame.input
        return f.apply(frame.input, self.context(run, frame), run.variables)

    def states_variable(self, run: Run, frame: Frame, **extra: Any) -> dict[str, Any]:
        """``$states`` for a JSONata expression of this state."""
        states = {"input": frame.input, "context": self.context(run, frame)}
        states.update(extra)
        return states

    def evaluate_jsonata(self, template: Any, run: Run, frame: Frame, field: str, **extra: Any) -> Any:
        return template.evaluate(self.states_variable(run, frame, **extra), dict(run.variables), field)

    # ---- output -----------------------------------------------------------------------------------

    def output_from_input(self, run: Run, frame: Frame, effective_input: Any) -> Any:
        """Output of a state without a result (Choice, Wait, Succeed): OutputPath / Output on its input."""
        if self.jsonata:
            if self.output_template is None:
                return frame.input
            return self.evaluate_jsonata(self.output_template, run, frame, "Output")
        return self.apply_output_path(run, frame, effective_input)

    def apply_output_path(self, run: Run, frame: Frame, data: Any) -> Any:
        f = self.output_filter
        if f.path is None:
            return data
        return f.apply(data, self.context(run, frame), run.variables)

    def finish(self, run: Run, frame: Frame, output: Any, assign_input: Any = None,
               next_state: str | None = None, assign: Any = ABSENT, **states_extra: Any) -> Outcome:
        """Leave the state: evaluate Assign, record StateExited, go on (or end the run).

        ``assign`` replaces the state's own Assign (a Choice rule's or a catcher's, even when absent).
        """
        if assign is ABSENT:
            assign = self.assign
        assigned = None
        if assign is not None:
            if self.jsonata:
                assigned = self.evaluate_jsonata(assign, run, frame, "Assign", **states_extra)
            else:
                assigned = assign.evaluate(assign_input, self.context(run, frame), run.variables)
        if self.checks_output_size:
            check_payload_size(output, self.name)
        details: dict[str, Any] = {"name": self.name, "output": output}
        if assigned:
            details["assignedVariables"] = assigned
            run.variables.maps[0].update(assigned)
        run.emit(self.exited_event, details)
        target = next_state or self.next
        if target is None:
            return RunSucceeded(output)
        return Transition(target, output)

    # ---- failure ----------------------------------------------------------------------------------

    def located(self, frame: Frame, exc: StatesError) -> StatesError:
        if exc.error in _LOCATED_ERRORS and exc.cause is not None and not exc.located:
            return StatesError(exc.error, f"An error occurred while executing the state '{self.name}' "
                                          f"(entered at the event id #{frame.entered_event_id}). {exc.cause}",
                               located=True)
        return exc

    def handle_error(self, run: Run, frame: Frame, exc: StatesError) -> Outcome:
        """A state without Retry/Catch fails its run."""
        if exc.error == ErrorName.QUERY_EVALUATION_ERROR and not exc.located:
            run.emit("EvaluationFailed", {"error": exc.error, "cause": exc.cause, "state": self.name})
        exc = self.located(frame, exc)
        return RunFailed(exc.error, exc.cause, self.name, frame.input)


MAX_PAYLOAD_BYTES = 262_144


def check_payload_size(value: Any, state: str) -> None:
    """States.DataLimitExceeded for a state output over AWS's 256 KiB."""
    text = to_json_text(value)
    # Characters are 1-4 bytes in UTF-8: only texts near the limit need encoding to know.
    if len(text) * 4 > MAX_PAYLOAD_BYTES and len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise StatesError(ErrorName.DATA_LIMIT_EXCEEDED, f"The state '{state}' returned an output with a size "
                                                         "exceeding the maximum number of bytes service limit.")


class DynamicSetting:
    """A field given as a literal, as ``<field>Path`` (JSONPath) or as a ``{% %}`` expression (JSONata):
    TimeoutSeconds, HeartbeatSeconds, MaxConcurrency, ToleratedFailureCount/Percentage."""

    def __init__(self, raw: dict[str, Any], field: str, jsonata_mode: bool):
        self.field = field
        self.literal: Any = raw.get(field)
        self.path = Evaluable(field + "Path", raw[field + "Path"]) if field + "Path" in raw else None
        self.expression = None
        if jsonata_mode and jsonata.is_expression(self.literal):
            self.expression, self.literal = jsonata.compile_template(self.literal), None

    def evaluate(self, state: State, run: Run, frame: Frame, data: Any) -> tuple[Any, str] | None:
        """None when the field is a literal (``self.literal``); else the value and the error name a
        bad value is reported with (States.QueryEvaluationError for JSONata, States.Runtime for a Path)."""
        if self.expression is not None:
            return state.evaluate_jsonata(self.expression, run, frame, self.field), ErrorName.QUERY_EVALUATION_ERROR
        if self.path is not None:
            return self.path.evaluate(data, state.context(run, frame), run.variables), ErrorName.RUNTIME
        return None


class Catcher:
    __slots__ = ("error_equals", "next", "result_path", "output", "assign")

    def __init__(self, raw: dict[str, Any], jsonata_mode: bool):
        self.error_equals: list[str] = list(raw.get("ErrorEquals", []))
        self.next: str = raw.get("Next", "")
        self.output: Any = None
        self.assign: Any = None
        self.result_path: ResultPath | None = None
        if jsonata_mode:
            if "Output" in raw:
                self.output = jsonata.compile_template(raw["Output"])
            if "Assign" in raw:
                self.assign = jsonata.compile_template(raw["Assign"])
        else:
            self.result_path = ResultPath(raw.get("ResultPath", ABSENT))
            if "Assign" in raw:
                self.assign = PayloadTemplate(raw["Assign"])


class RecoverableState(State):
    """A state with Retry and Catch (Task, Parallel, Map) and a result to process."""

    has_retry_count = True

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        self.retriers = [Retrier(r) for r in raw.get("Retry", [])]
        self.catchers = [Catcher(c, self.jsonata) for c in raw.get("Catch", [])]
        # Parameters (JSONPath) / Arguments (JSONata) make the effective input; Map has neither here
        # (its Parameters is the deprecated name of ItemSelector).
        self.parameters: Any = None
        self.arguments: Any = None
        if self.jsonata:
            if "Arguments" in raw:
                self.arguments = jsonata.compile_template(raw["Arguments"])
        else:
            if "Parameters" in raw and self.type != "Map":
                self.parameters = PayloadTemplate(raw["Parameters"])
            self.result_selector = PayloadTemplate(raw["ResultSelector"]) if "ResultSelector" in raw else None
            self.result_path = ResultPath(raw.get("ResultPath", ABSENT))

    def effective_input(self, run: Run, frame: Frame) -> Any:
        """The input after InputPath and Parameters (JSONata: Arguments), kept in the frame."""
        if self.jsonata:
            data = frame.input
            if self.arguments is not None:
                data = self.evaluate_jsonata(self.arguments, run, frame, "Arguments")
        else:
            data = self.filtered_input(run, frame)
            if self.parameters is not None:
                data = self.parameters.evaluate(data, self.context(run, frame), run.variables)
        frame.effective_input = data
        return data

    def start(self, run: Run, frame: Frame) -> Outcome:
        """Do the state's work (again, when retrying)."""
        raise NotImplementedError

    def enter(self, run: Run, frame: Frame) -> Outcome:
        frame.retry_counts = [0] * len(self.retriers)
        return self.start(run, frame)

    def complete(self, run: Run, frame: Frame, result: Any) -> Outcome:
        """The state's result is in: ResultSelector -> ResultPath -> OutputPath (or Output) -> Assign."""
        if self.jsonata:
            if self.output_template is None:
                output = result
            else:
                output = self.evaluate_jsonata(self.output_template, run, frame, "Output", result=result)
            return self.finish(run, frame, output, result=result)
        if self.result_selector is not None:
            result = self.result_selector.evaluate(result, self.context(run, frame), run.variables)
        output = self.apply_output_path(run, frame, self.result_path.apply(frame.input, result))
        return self.finish(run, frame, output, assign_input=result)

    # ParallelStateFailed / MapStateFailed: recorded when the state gives up (not before a retry), for
    # failures of its children or items -- AWS records none for a bad MaxConcurrencyPath, for instance.
    failed_event: str | None = None
    failed_event_when_caught = True

    def handle_error(self, run: Run, frame: Frame, exc: StatesError) -> Outcome:
        if exc.error == ErrorName.QUERY_EVALUATION_ERROR and not exc.located:
            run.emit("EvaluationFailed", {"error": exc.error, "cause": exc.cause, "state": self.name})
        exc = self.located(frame, exc)
        index = find_retrier(self.retriers, exc.error)
        if index is not None:
            retrier = self.retriers[index]
            attempts = frame.retry_counts[index] if index < len(frame.retry_counts) else 0
            if attempts < retrier.max_attempts:
                delay = retrier.delay_seconds(attempts, run.rng)
                if len(frame.retry_counts) < len(self.retriers):
                    frame.retry_counts = [0] * len(self.retriers)
                frame.retry_counts[index] += 1
                frame.retry_total += 1
                frame.extra.pop(REPORT_FAILURE, None)
                return Sleep(frame, later(run.now, delay), retry=True)
        report_failure = self.failed_event is not None and frame.extra.pop(REPORT_FAILURE, False)
        for catcher in self.catchers:
            if error_matches(catcher.error_equals, exc.error):
                if report_failure and self.failed_event_when_caught:
                    run.emit(self.failed_event)  # type: ignore[arg-type]
                try:
                    return self.caught(run, frame, catcher, exc)
                except StatesError as catcher_failure:  # the catcher's own ResultPath/Output/Assign failed
                    located = self.located(frame, catcher_failure)
                    return RunFailed(located.error, located.cause, self.name, frame.input)
        if report_failure:
            run.emit(self.failed_event)  # type: ignore[arg-type]
        elif run.parallel_branch:
            # The failure ends the branch, and AWS records the failed state as aborted with it.
            run.emit(f"{self.type}StateAborted")
        return RunFailed(exc.error, exc.cause, self.name, frame.input)

    def caught(self, run: Run, frame: Frame, catcher: Catcher, exc: StatesError) -> Outcome:
        error_output: dict[str, Any] = {"Error": exc.error}
        if exc.cause is not None:
            error_output["Cause"] = exc.cause
        if self.jsonata:
            if catcher.output is None:
                output: Any = error_output
            else:
                output = self.evaluate_jsonata(catcher.output, run, frame, "Output", errorOutput=error_output)
            return self.finish(run, frame, output, next_state=catcher.next, assign=catcher.assign,
                               errorOutput=error_output)
        assert catcher.result_path is not None
        output = catcher.result_path.apply(frame.input, error_output)
        return self.finish(run, frame, output, assign_input=error_output, next_state=catcher.next,
                           assign=catcher.assign)

    def resume_retry(self, run: Run, frame: Frame) -> Outcome:
        return self.start(run, frame)
