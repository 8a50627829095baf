"""The whole definition: its text, its top-level fields, and the graph of every ``States`` scope.

Graph rules, as AWS applies them (measured, see the tests): a transition (``StartAt``, ``Next``,
``Default``, a Catcher's ``Next``, a Choice Rule's ``Next``) naming no state of its own scope is
"Missing 'Next' target"; a scope without a terminal state is MISSING_END_STATE, which then
suppresses the reachability check of that scope; a state that no other state (nor StartAt)
names is "not reachable" -- AWS counts references, not paths, so a referenced state that still
cannot be reached from StartAt gets Stepcraft's UNREACHABLE_STATE warning instead.
"""
from __future__ import annotations

import json
from collections import deque
from typing import Any

from asl.validation.checker import Checker, Scope
from asl.validation.diagnostics import (
    DEFINITION_TOO_LARGE,
    DUPLICATE_STATE_NAME,
    INVALID_JSON_DESCRIPTION,
    INVALID_STATE_NAME,
    MISSING_DESCRIPTION,
    MISSING_END_STATE,
    MISSING_TRANSITION_TARGET,
    SCHEMA_VALIDATION_FAILED,
    TOO_DEEPLY_NESTED,
    UNREACHABLE_STATE,
    Diagnostic,
    ptr,
)
from asl.validation.fields import TOP_LEVEL_FIELDS
from asl.validation.states import check_query_language, check_state, resolves_to_jsonata
from asl.validation.values import check_int, expect, unsupported_fields
from asl.validation.variables import check_scopes

MAX_DEFINITION_LENGTH = 1_048_576  # characters of JSON text
MAX_NESTING_DEPTH = 1000  # JSON nesting; not measured on AWS (Jackson's default limit)
MAX_STATE_NAME_LENGTH = 80


def validate(definition: Any, text_length: int | None = None) -> list[Diagnostic]:
    """Every problem of ``definition``: a parsed JSON value, or its JSON text (str or bytes).

    ``text_length`` is the length of the JSON text the definition came from, for the size limit;
    when not given it is the length of the compact JSON encoding (the smallest it could be).
    Never raises: whatever the input, the answer is a list of diagnostics.
    """
    try:
        return _validate(definition, text_length)
    except RecursionError:
        return [Diagnostic(TOO_DEEPLY_NESTED, "The definition is nested too deeply", "")]


def _validate(definition: Any, text_length: int | None) -> list[Diagnostic]:
    if isinstance(definition, bytes | bytearray):
        try:
            definition = definition.decode("utf-8")
        except UnicodeDecodeError as exc:
            return [Diagnostic(INVALID_JSON_DESCRIPTION, f"The definition is not UTF-8 text: {exc}", "")]
    if isinstance(definition, str):
        if not definition.strip():
            return [Diagnostic(MISSING_DESCRIPTION, "The definition is empty", "")]
        text_length = len(definition) if text_length is None else text_length
        try:
            definition = json.loads(definition, object_pairs_hook=_note_duplicates, parse_constant=_not_json)
        except ValueError as exc:
            return [Diagnostic(INVALID_JSON_DESCRIPTION, f"Invalid JSON: {exc}", "")]
    if definition is None:
        return [Diagnostic(MISSING_DESCRIPTION, "The definition is empty", "")]
    if _too_deep(definition):
        return [Diagnostic(TOO_DEEPLY_NESTED, f"The definition is nested more than {MAX_NESTING_DEPTH} levels "
                           "deep", "")]
    found: list[Diagnostic] = []
    length = text_length if text_length is not None else _json_length(definition)
    if length > MAX_DEFINITION_LENGTH:
        found.append(Diagnostic(DEFINITION_TOO_LARGE, f"The definition is {length} characters long; the "
                                f"maximum is {MAX_DEFINITION_LENGTH}", ""))
    if not isinstance(definition, dict):
        found.append(Diagnostic(SCHEMA_VALIDATION_FAILED, "The state machine definition must be a JSON object", ""))
        return found
    chk = Checker(resolves_to_jsonata(definition.get("QueryLanguage"), False))
    chk.diagnostics.extend(found)
    _top_level(chk, definition)
    _scope(chk, definition, "", None)
    check_scopes(chk)
    return chk.diagnostics


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


class _Object(dict[str, Any]):
    """A JSON object read from text, remembering the keys the text repeats (the last one wins)."""

    repeated: tuple[str, ...] = ()


def _note_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


def _too_deep(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((item, depth + 1) for item in node.values() if isinstance(item, dict | list))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node if isinstance(item, dict | list))
    return False


def _json_length(definition: Any) -> int:
    try:
        return len(json.dumps(definition, ensure_ascii=False, separators=(",", ":")))
    except (TypeError, ValueError):  # not JSON data (a Python object); nothing to measure
        return 0


def _top_level(chk: Checker, definition: dict[str, Any]) -> None:
    unsupported_fields(chk, definition, TOP_LEVEL_FIELDS, "")
    if "Version" in definition:
        expect(chk, definition["Version"], "string", "/Version")
    if "TimeoutSeconds" in definition:
        check_int(chk, definition["TimeoutSeconds"], "/TimeoutSeconds", minimum=0)
    check_query_language(chk, definition, "/QueryLanguage")


def _scope(chk: Checker, raw: dict[str, Any], pointer: str, parent: Scope | None) -> None:
    """One ``StartAt`` + ``States`` block and, depth first, the blocks nested in its states."""
    scope = Scope(pointer, parent)
    start_at = raw.get("StartAt")
    if "StartAt" not in raw:
        chk.schema("Field 'StartAt' is required", pointer)
    elif not expect(chk, start_at, "string", ptr(pointer, "StartAt")):
        start_at = None
    if "States" not in raw:
        chk.schema("Field 'States' is required", pointer)
        return
    states = raw["States"]
    if not expect(chk, states, "object", ptr(pointer, "States")):
        return
    if "Comment" in raw:
        expect(chk, raw["Comment"], "string", ptr(pointer, "Comment"))
    for name in getattr(states, "repeated", ()):
        chk.error(DUPLICATE_STATE_NAME, f"Duplicate State name: '{name}' (the JSON text defines it more than once)",
                  ptr(pointer, "States", name))
    references: list[tuple[str, str, str | None]] = []  # (target, pointer, from state)
    if isinstance(start_at, str):
        references.append((start_at, ptr(pointer, "StartAt"), None))
    terminal = False
    for name, body in states.items():
        here = ptr(pointer, "States", name)
        _state_name(chk, name, here)
        result = check_state(chk, name, body, here, scope)
        terminal = terminal or result.terminal
        references.extend((target, where, name) for target, where in result.targets)
        for child, child_pointer in result.children:
            _scope(chk, child, child_pointer, scope)
    _graph(chk, states, references, terminal, pointer, start_at)


def _state_name(chk: Checker, name: str, location: str) -> None:
    if not name:
        chk.error(INVALID_STATE_NAME, "Invalid State name: a state name must not be empty", location)
    elif len(name) > MAX_STATE_NAME_LENGTH:
        chk.error(INVALID_STATE_NAME, f"Invalid State name: State '{name}' exceeds the "
                  f"{MAX_STATE_NAME_LENGTH}-character limit allowed by the service", location)
    if name in chk.state_names:
        chk.error(DUPLICATE_STATE_NAME, f"Duplicate State name: '{name}' (also defined at "
                  f"{chk.state_names[name]})", location)
    else:
        chk.state_names[name] = location


def _graph(chk: Checker, states: dict[str, Any], references: list[tuple[str, str, str | None]],
           terminal: bool, pointer: str, start_at: Any) -> None:
    for target, where, _ in references:
        if target not in states:
            chk.error(MISSING_TRANSITION_TARGET, f"Missing 'Next' target: {target}", where)
    if not terminal:
        chk.error(MISSING_END_STATE, "Workflow has no terminal state", pointer)
        return
    referenced = {target for target, _, source in references if source != target}
    for name in states:
        if name not in referenced:
            chk.error(MISSING_TRANSITION_TARGET, f'State "{name}" is not reachable.', ptr(pointer, "States", name))
    if start_at not in states:
        return
    edges: dict[str, list[str]] = {}
    for target, _, source in references:
        if source is not None:
            edges.setdefault(source, []).append(target)
    reached, queue = {start_at}, deque([start_at])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target in states and target not in reached:
                reached.add(target)
                queue.append(target)
    for name in states:
        if name in referenced and name not in reached:
            chk.warn(UNREACHABLE_STATE, f'State "{name}" cannot be reached from StartAt "{start_at}"',
                     ptr(pointer, "States", name))
