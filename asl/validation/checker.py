"""The state of one validation run: the diagnostics found so far and what later checks need."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from asl.validation.diagnostics import ERROR, SCHEMA_VALIDATION_FAILED, WARNING, Diagnostic


@dataclass
class Scope:
    """One ``States`` block: the top level, a Parallel branch or a Map's ItemProcessor."""

    pointer: str  # the object holding StartAt/States ("" for the top level)
    parent: Scope | None
    assigned: dict[str, str] = field(default_factory=dict)  # variable -> where it is first assigned

    def ancestors(self) -> list[Scope]:
        found, scope = [], self.parent
        while scope is not None:
            found.append(scope)
            scope = scope.parent
        return found


@dataclass
class StateCtx:
    """One state being validated."""

    name: str
    pointer: str
    body: dict[str, Any]
    type: str
    jsonata: bool  # the state's effective query language is JSONata
    scope: Scope


class Checker:
    def __init__(self, machine_jsonata: bool) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.machine_jsonata = machine_jsonata
        self.state_names: dict[str, str] = {}  # every state name in the machine -> its pointer
        self.labels: dict[str, str] = {}  # every Map Label -> its pointer
        self.assignments: list[tuple[Scope, str, str]] = []  # (scope, variable, location)

    def error(self, code: str, message: str, location: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, location, ERROR))

    def warn(self, code: str, message: str, location: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, location, WARNING))

    def schema(self, message: str, location: str) -> None:
        """The catch-all AWS uses for anything its schema refuses."""
        self.error(SCHEMA_VALIDATION_FAILED, message, location)
