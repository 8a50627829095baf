"""A parsed state machine: scopes of typed states, ready to run.

:func:`parse` validates the definition (raising :class:`DefinitionError` with every problem)
and compiles every path, template and expression once. The original dict is kept as ``raw``
so that export gives back exactly what was imported, unknown fields included.
"""
from __future__ import annotations

import json
from typing import Any

from asl.errors import DefinitionError
from asl.states.base import JSONPATH, State
from asl.states.choice_state import ChoiceState
from asl.states.map_state import MapState
from asl.states.parallel import ParallelState
from asl.states.simple import FailState, PassState, SucceedState
from asl.states.task import TaskState
from asl.states.wait import WaitState
from asl.validation import ERROR, validate

_SIMPLE_TYPES: dict[str, type[State]] = {
    "Pass": PassState, "Succeed": SucceedState, "Fail": FailState, "Choice": ChoiceState,
    "Wait": WaitState, "Task": TaskState,
}
_CONTAINER_TYPES: dict[str, type[ParallelState] | type[MapState]] = {"Parallel": ParallelState, "Map": MapState}


class Scope:
    """One ``States`` block with its ``StartAt``: the machine itself, a branch, an item processor."""

    def __init__(self, raw: dict[str, Any], machine_language: str):
        self.raw = raw
        self.start_at: str = raw.get("StartAt", "")
        self.states: dict[str, State] = {
            name: parse_state(name, state, machine_language) for name, state in raw.get("States", {}).items()
        }


ScopePath = list[tuple[str, int | None]]  # [(Parallel or Map state, branch index or None for a Map), ...]


def child_scope(scope: Scope, state_name: str, branch: int | None) -> Scope:
    """The scope of one Parallel branch (``branch`` = its index) or of a Map's item processor."""
    state = scope.states[state_name]
    if isinstance(state, ParallelState):
        return state.branches[branch or 0]
    if isinstance(state, MapState):
        return state.processor
    raise KeyError(f"state {state_name!r} has no inner scope")


def scope_at(machine: Scope, path: ScopePath) -> Scope:
    """Follow ``path`` from the machine's root scope down to a branch or item processor."""
    scope = machine
    for state_name, branch in path:
        scope = child_scope(scope, state_name, branch)
    return scope


def parse_state(name: str, raw: dict[str, Any], machine_language: str) -> State:
    state_type = raw.get("Type")
    simple = _SIMPLE_TYPES.get(state_type)  # type: ignore[arg-type]
    if simple is not None:
        return simple(name, raw, machine_language)
    container = _CONTAINER_TYPES[state_type]  # type: ignore[index]
    return container(name, raw, machine_language, machine_language)


class StateMachine(Scope):
    def __init__(self, raw: dict[str, Any]):
        self.query_language: str = raw.get("QueryLanguage", JSONPATH)
        super().__init__(raw, self.query_language)
        self.comment: str | None = raw.get("Comment")
        self.timeout_seconds: int | None = raw.get("TimeoutSeconds")


def parse(definition: Any) -> StateMachine:
    """Validate and compile a definition (a dict, or its JSON text)."""
    errors = [d for d in validate(definition) if d.severity == ERROR]
    if errors:
        raise DefinitionError(errors)
    if isinstance(definition, (str, bytes)):
        definition = json.loads(definition)
    return StateMachine(definition)
