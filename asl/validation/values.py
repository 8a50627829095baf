"""Type, range, enum and field-set checks shared by every part of the validator."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from asl.validation.checker import Checker
from asl.validation.diagnostics import ptr

# The largest value AWS accepts in its integer second/attempt fields.
MAX_SECONDS = 99999999

_TYPE_NAMES = {"string": "STRING", "integer": "INTEGER", "number": "NUMBER", "boolean": "BOOLEAN",
               "object": "OBJECT", "array": "ARRAY"}


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def has_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return is_int(value)
    if kind == "number":
        return is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    raise ValueError(kind)


def expect(chk: Checker, value: Any, kind: str, location: str) -> bool:
    """Report a value of the wrong JSON type; True when the type is right."""
    if has_type(value, kind):
        return True
    chk.schema(f"Expected value of type [{_TYPE_NAMES[kind]}]", location)
    return False


def check_range(chk: Checker, value: float, location: str, minimum: float | None = None,
                maximum: float | None = None) -> None:
    if minimum is not None and value < minimum:
        chk.schema(f"Minimum value is {minimum}", location)
    elif maximum is not None and value > maximum:
        chk.schema(f"Maximum value is {maximum}", location)


def check_int(chk: Checker, value: Any, location: str, minimum: int | None = 0,
              maximum: int | None = MAX_SECONDS) -> None:
    if expect(chk, value, "integer", location):
        check_range(chk, value, location, minimum, maximum)


def check_enum(chk: Checker, value: Any, allowed: Iterable[str], location: str) -> bool:
    allowed = list(allowed)
    if not expect(chk, value, "string", location):
        return False
    if value not in allowed:
        chk.schema(f"Value should be one of the following: [{', '.join(allowed)}]", location)
        return False
    return True


def only_one(chk: Checker, body: Mapping[str, Any], names: Iterable[str], base: str) -> bool:
    """At most one of ``names`` may be present; reported at the second one. True when fine."""
    names = list(names)
    present = [n for n in names if n in body]
    if len(present) > 1:
        chk.schema(f"There should only be one of the following fields: [{', '.join(names)}]",
                   ptr(base, present[1]))
        return False
    return True


def require(chk: Checker, body: Mapping[str, Any], name: str, base: str) -> bool:
    if name in body:
        return True
    chk.schema(f"Field '{name}' is required", base)
    return False


def unsupported_fields(chk: Checker, body: Mapping[str, Any], allowed: Iterable[str], base: str) -> None:
    allowed = set(allowed)
    for name in body:
        if name not in allowed:
            chk.schema(f"Field '{name}' is not supported", ptr(base, name))
