"""The Map state: run the item processor once per item; the result is the outputs, in item order."""
from __future__ import annotations

import math
import uuid
from typing import Any

from asl import jsonata
from asl.dataflow import Evaluable, PayloadTemplate
from asl.errors import ErrorName, StatesError
from asl.history import to_json_text
from asl.states.base import REPORT_FAILURE, DynamicSetting, RecoverableState
from asl.step import LAST_ITERATION_EVENT, ChildrenDone, ChildRun, FanOut, Frame, Outcome, Run, Woke

# Frame extras of a distributed Map: its Map Run, and how often that Map Run was redriven.
MAP_RUN_ARN = "map_run_arn"
MAP_RUN_REDRIVES = "map_run_redrives"


def _show(value: Any) -> str:
    return value if isinstance(value, str) else to_json_text(value)


class MapState(RecoverableState):
    type = "Map"
    failed_event = "MapStateFailed"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str, machine_language: str):
        super().__init__(name, raw, query_language)
        self.checks_output_size = True  # the result gathers every child's output
        from asl.machine import Scope  # the item processor is a scope of states of its own

        processor = raw.get("ItemProcessor") or raw.get("Iterator") or {}
        self.processor = Scope(processor, machine_language)
        config = processor.get("ProcessorConfig", {}) if isinstance(processor, dict) else {}
        self.distributed = config.get("Mode") == "DISTRIBUTED"
        self.item_reader = raw.get("ItemReader")
        self.item_batcher = raw.get("ItemBatcher")
        selector = raw.get("ItemSelector", raw.get("Parameters"))
        self.items_path: Evaluable | None = None
        self.items: Any = None
        self.item_selector: Any = None
        if self.jsonata:
            self.items = jsonata.compile_template(raw["Items"]) if "Items" in raw else None
            self.item_selector = jsonata.compile_template(selector) if selector is not None else None
        else:
            self.items_path = Evaluable("ItemsPath", raw["ItemsPath"]) if "ItemsPath" in raw else None
            self.item_selector = PayloadTemplate(selector) if selector is not None else None
        self.max_concurrency = _Setting(raw, "MaxConcurrency", self.jsonata)
        self.tolerated_count = _Setting(raw, "ToleratedFailureCount", self.jsonata)
        self.tolerated_percentage = _Setting(raw, "ToleratedFailurePercentage", self.jsonata)

    def start(self, run: Run, frame: Frame) -> Outcome:
        data = self.filtered_input(run, frame)
        frame.effective_input = data
        max_concurrency = self.max_concurrency.resolve(self, run, frame, data)
        # AWS's order of checks and events: items (a failure here is the Map's own failure, with
        # MapStateFailed), MapStateStarted, the tolerated-failure settings, MapRunStarted, the iterations.
        frame.extra[REPORT_FAILURE] = True
        items = self._items(run, frame, data)
        inputs = [self._item_input(run, frame, data, index, item) for index, item in enumerate(items)]
        if self.item_batcher is not None:
            inputs = self._batches(inputs)
        del frame.extra[REPORT_FAILURE]
        run.emit("MapStateStarted", {"length": len(inputs)})
        count = self.tolerated_count.resolve(self, run, frame, data)
        percentage = self.tolerated_percentage.resolve(self, run, frame, data, number=True)
        if count is not None and count < 0:
            raise StatesError(ErrorName.RUNTIME, "ToleratedFailureCount cannot be negative.")
        if percentage is not None and not 0 <= percentage <= 100:
            raise StatesError(ErrorName.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.")
        frame.extra.update(count=count, percentage=percentage)
        if self.distributed:
            label = self.raw.get("Label") or self.name
            machine_arn = run.base_context["StateMachine"]["Id"]
            map_run_arn = (machine_arn.replace(":stateMachine:", ":mapRun:") + f"/{label}:"
                           + str(uuid.UUID(int=run.rng.getrandbits(128), version=4)))
            run.emit("MapRunStarted", {"mapRunArn": map_run_arn})
            frame.extra[MAP_RUN_ARN] = map_run_arn  # a redrive redrives this Map Run
        frame.extra[REPORT_FAILURE] = True
        children = [ChildRun(self.processor, item_input, i) for i, item_input in enumerate(inputs)]
        tolerant = count is not None or percentage is not None
        return FanOut(frame, children, max_concurrency or 0, map_iterations=not self.distributed,
                      stop_on_failure=not tolerant, separate_histories=self.distributed)

    def redriven(self, run: Run, frame: Frame, total: int) -> None:
        run.emit("MapStateStarted", {"length": total})
        if self.distributed:
            # AWS redrives a distributed Map's Map Run (MapRunRedriven) rather than starting another.
            count = frame.extra.get(MAP_RUN_REDRIVES, 0) + 1
            frame.extra[MAP_RUN_REDRIVES] = count
            run.emit("MapRunRedriven", {"mapRunArn": frame.extra.get(MAP_RUN_ARN), "redriveCount": count})

    def resume(self, run: Run, frame: Frame, signal: Any) -> Outcome:
        if isinstance(signal, Woke):
            return self.start(run, frame)
        if not isinstance(signal, ChildrenDone):
            return super().resume(run, frame, signal)
        outcomes = signal.outcomes
        failures = [o for o in outcomes if not o.succeeded]
        if failures:
            count, percentage = frame.extra.get("count"), frame.extra.get("percentage")
            tolerated = (count is not None and len(failures) <= count) or (
                percentage is not None and outcomes and 100.0 * len(failures) / len(outcomes) <= percentage)
            if not tolerated:
                if self.distributed:
                    run.emit("MapRunFailed", {"error": failures[0].error, "cause": failures[0].cause})
                if count is not None or percentage is not None:
                    raise StatesError(ErrorName.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                                      "The specified tolerated failure threshold was exceeded")
                raise StatesError(failures[0].error or ErrorName.TASK_FAILED, failures[0].cause, located=True)
        results = [o.output if o.succeeded else {"Error": o.error, "Cause": o.cause} for o in outcomes]
        del frame.extra[REPORT_FAILURE]
        if self.distributed:
            run.emit("MapRunSucceeded")
        run.last_event_id = frame.extra.pop(LAST_ITERATION_EVENT, run.last_event_id)
        # AWS's MapStateExited points past MapStateSucceeded, at the event before it.
        run.emit("MapStateSucceeded", chain=False)
        return self.complete(run, frame, results)

    def _items(self, run: Run, frame: Frame, data: Any) -> list[Any]:
        if self.item_reader is not None:
            raise StatesError(ErrorName.ITEM_READER_FAILED,
                              f"ItemReader resource '{self.item_reader.get('Resource')}' is not available: "
                              "Stepcraft does not read items from S3")
        if self.jsonata:
            if self.items is None:
                items = frame.input
            else:
                items = self.evaluate_jsonata(self.items, run, frame, "Items")
                if not isinstance(items, list):
                    raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                                      f"The JSONata expression '{_source(self.items)}' specified for the field "
                                      f"'Items' returned an unexpected result type. Expected 'array', but was "
                                      f"'{jsonata.json_type_name(items)}' for value: {to_json_text(items)}")
        elif self.items_path is not None:
            items = self.items_path.evaluate(data, self.context(run, frame), run.variables)
        else:
            items = data
        if not isinstance(items, list):
            raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                              f"Map state input must be an array but was: {to_json_text(items)}")
        return items

    def _item_input(self, run: Run, frame: Frame, data: Any, index: int, item: Any) -> Any:
        selector = self.item_selector
        if selector is None:
            return item
        ctx = frame.context(run, frame.retry_total, map_item=(index, item))
        if self.jsonata:
            states = {"input": frame.input, "context": ctx}
            return selector.evaluate(states, dict(run.variables), "ItemSelector")
        return selector.evaluate(data, ctx, run.variables)

    def _batches(self, inputs: list[Any]) -> list[Any]:
        batcher = self.item_batcher or {}
        size = batcher.get("MaxItemsPerBatch") or len(inputs) or 1
        batch_input = batcher.get("BatchInput")
        batches = []
        for start in range(0, len(inputs), size):
            batch: dict[str, Any] = {"Items": inputs[start:start + size]}
            if batch_input is not None:
                batch["BatchInput"] = batch_input
            batches.append(batch)
        return batches


def _number_from_text(text: str) -> Any:
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def _source(template: Any) -> str:
    return getattr(template, "source", None) or getattr(getattr(template, "expression", None), "source", "") or ""


class _Setting(DynamicSetting):
    """A Map number setting; from a Path, AWS also reads a number written as text ("5")."""

    def resolve(self, state: MapState, run: Run, frame: Frame, data: Any, number: bool = False) -> Any:
        found = self.evaluate(state, run, frame, data)
        if found is None:
            return self.literal
        value, error = found
        where = f": {self.path.path_text}" if self.path is not None else ""
        if self.path is not None and isinstance(value, str):
            value = _number_from_text(value)
        valid = not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
        if valid and not number:
            valid = isinstance(value, int) or float(value).is_integer()
            value = int(value) if valid else value
        if not valid:
            kind = "number" if number else "integer"
            raise StatesError(error, f"The {self.field}{'Path' if self.path else ''} field refers to value "
                                     f"\"{_show(value)}\" which is not a valid {kind}{where}")
        return value
