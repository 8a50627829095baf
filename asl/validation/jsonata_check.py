"""JSONata strings (``"{% expression %}"``): syntax, forbidden references, ``$states`` fields.

The grammar is the engine's: :mod:`asl.jsonata` (``compile_expression``, ``InvalidJsonata``,
``top_level_references``), imported lazily so that this module works before that one exists;
without it only the checks that need no parser run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from asl.validation.checker import Checker
from asl.validation.diagnostics import (
    INCOMPLETE_JSONATA,
    INVALID_JSONATA_EXPRESSION,
    UNSUPPORTED_JSONATA_EXPRESSION,
    ptr,
)

_STRING_LITERAL = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|`[^`]*`", re.DOTALL)
_STATES_FIELD = re.compile(r"\$states\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Where:
    """Which ``$states`` fields an expression at this place may read."""

    result: bool = False  # $states.result: a Task/Map/Parallel's top-level Output and Assign
    error_output: bool = False  # $states.errorOutput: a Catcher's Output and Assign


ANYWHERE = Where()


def is_jsonata(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 4 and value.startswith("{%") and value.endswith("%}")


def check_value(chk: Checker, value: Any, location: str, where: Where = ANYWHERE) -> None:
    """Every JSONata string in ``value``, however deeply nested in objects and arrays."""
    stack: list[tuple[Any, str]] = [(value, location)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, str):
            check_string(chk, node, here, where)
        elif isinstance(node, list):
            stack.extend((item, ptr(here, i)) for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, dict):
            stack.extend((item, ptr(here, key)) for key, item in reversed(list(node.items())))


def check_string(chk: Checker, text: str, location: str, where: Where = ANYWHERE) -> None:
    if is_jsonata(text):
        check_expression(chk, text[2:-2], location, where)
    elif text.startswith("{%") or text.endswith("%}"):
        chk.warn(INCOMPLETE_JSONATA, "This string is not a JSONata expression, which must start with '{%' "
                 "and end with '%}'; it is used as a literal string", location)


def check_expression(chk: Checker, expression: str, location: str, where: Where = ANYWHERE) -> None:
    problem, references = _parse(expression)
    if problem is not None:
        chk.error(INVALID_JSONATA_EXPRESSION, problem, location)
        return
    for name in references:
        if name == "$$":
            chk.error(UNSUPPORTED_JSONATA_EXPRESSION, "Reference to '$$' is not supported.", location)
        else:
            chk.error(UNSUPPORTED_JSONATA_EXPRESSION,
                      f"Reference to '{name}' at the top level is not supported.", location)
    for field in sorted(_states_fields(expression)):
        allowed = {"input": True, "context": True, "result": where.result, "errorOutput": where.error_output}
        if not allowed.get(field, False):
            chk.error(UNSUPPORTED_JSONATA_EXPRESSION, f"Field '$states.{field}' does not exist.", location)


def _states_fields(expression: str) -> set[str]:
    """The ``$states.<field>`` names an expression reads (string literals aside)."""
    if "$states" not in expression:
        return set()
    return set(_STATES_FIELD.findall(_STRING_LITERAL.sub('""', expression)))


@lru_cache(maxsize=8192)  # a designer validates the same expressions again at every edit
def _parse(expression: str) -> tuple[str | None, tuple[str, ...]]:
    """(the parse error, or None; the forbidden top-level references) from the engine's parser."""
    try:
        from asl.jsonata import InvalidJsonata, compile_expression, top_level_references
    except ImportError:
        return None, ()
    try:
        compiled = compile_expression(expression)
    except InvalidJsonata as exc:
        return getattr(exc, "detail", None) or _strip_code(str(exc)) or "Invalid JSONata expression", ()
    except Exception:  # a failure of the parser itself is not the definition's fault
        return None, ()
    try:
        references = list(top_level_references(compiled))
    except Exception:
        return None, ()
    return None, tuple(dict.fromkeys(references))


def _strip_code(message: str) -> str:
    """AWS reports the parser's message without JSONata's error code (``S0202: ...``)."""
    return re.sub(r"^[A-Z]\d{4}:\s*", "", message)
