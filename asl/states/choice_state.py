"""The Choice state: pick the next state by the first matching rule (or Default)."""
from __future__ import annotations

import json
from typing import Any

from asl import jsonata
from asl.choice import parse_rule
from asl.dataflow import ABSENT, PayloadTemplate
from asl.errors import ErrorName, StatesError
from asl.states.base import State
from asl.step import Frame, Outcome, Run


class ChoiceBranch:
    """One top-level rule: its condition, its Next, and the Assign/Output it brings (if any)."""

    __slots__ = ("rule", "condition", "next", "assign", "output")

    def __init__(self, raw: dict[str, Any], jsonata_mode: bool):
        self.next: str = raw.get("Next", "")
        self.assign: Any = ABSENT
        self.output: Any = ABSENT
        self.rule = None
        self.condition: Any = None
        if jsonata_mode:
            self.condition = jsonata.compile_template(raw.get("Condition"))
            if "Assign" in raw:
                self.assign = jsonata.compile_template(raw["Assign"])
            if "Output" in raw:
                self.output = jsonata.compile_template(raw["Output"])
        else:
            self.rule = parse_rule(raw)
            if "Assign" in raw:
                self.assign = PayloadTemplate(raw["Assign"])


class ChoiceState(State):
    type = "Choice"

    def __init__(self, name: str, raw: dict[str, Any], query_language: str):
        super().__init__(name, raw, query_language)
        self.branches = [ChoiceBranch(rule, self.jsonata) for rule in raw.get("Choices", [])]
        self.default: str | None = raw.get("Default")
        # Building the context object costs more than most rules: only when a rule reads "$$".
        self.uses_context = "$$" in json.dumps(raw.get("Choices", []))

    def enter(self, run: Run, frame: Frame) -> Outcome:
        data = self.filtered_input(run, frame)
        chosen = self._choose(run, frame, data)
        if chosen is None:
            if self.default is None:
                raise StatesError(ErrorName.NO_CHOICE_MATCHED,
                                  f"No Choice Rule matched and no Default is specified in state '{self.name}'")
            next_state, assign, output_template = self.default, ABSENT, ABSENT
        else:
            next_state, assign, output_template = chosen.next, chosen.assign, chosen.output
        if self.jsonata and output_template is not ABSENT:
            output = self.evaluate_jsonata(output_template, run, frame, "Output")
        else:
            output = self.output_from_input(run, frame, data)
        return self.finish(run, frame, output, assign_input=data, next_state=next_state, assign=assign)

    def _choose(self, run: Run, frame: Frame, data: Any) -> ChoiceBranch | None:
        if self.jsonata:
            for branch in self.branches:
                value = self.evaluate_jsonata(branch.condition, run, frame, "Condition")
                if not isinstance(value, bool):
                    raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                                      f"The Condition field must evaluate to a boolean, but was: {value!r}")
                if value:
                    return branch
            return None
        ctx = self.context(run, frame) if self.uses_context else None
        for branch in self.branches:
            assert branch.rule is not None
            if branch.rule.matches(data, ctx, run.variables):
                return branch
        return None
