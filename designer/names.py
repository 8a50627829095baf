"""AWS's naming rules for state machines, executions and aliases (reference sheet §1.10).

``name_problem`` is pure, so that the executions app (execution names) and the AWS-compatible
endpoint can apply the same rule and wording; ``validate_name`` is the Django validator.
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError

MAX_NAME_LENGTH = 80
# Brackets, wildcards and the specials AWS forbids; whitespace and control characters are checked apart.
_FORBIDDEN = frozenset('<>{}[]?*"#%\\^|~`$&,;:/')
# Alias names: letters, digits, '_', '-', '.', and at least one non-digit (so "1" is a version, not an alias).
_ALIAS = re.compile(r"(?=.*[a-zA-Z_.\-])[a-zA-Z0-9_.\-]+")


def _is_control(char: str) -> bool:
    code = ord(char)
    return code <= 0x1F or 0x7F <= code <= 0x9F


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid state machine or execution name, or None when it is."""
    if not name:
        return "The name must not be empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"The name is {len(name)} characters long; the maximum is {MAX_NAME_LENGTH}"
    for char in name:
        if char.isspace():
            return "The name must not contain whitespace"
        if _is_control(char):
            return f"The name must not contain control characters (U+{ord(char):04X})"
        if char in _FORBIDDEN:
            return f"The name must not contain {char!r}: brackets, wildcards and {''.join(sorted(_FORBIDDEN))}"
    return None


def alias_name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid alias name (AWS's pattern), or None when it is."""
    if not name or len(name) > MAX_NAME_LENGTH:
        return f"An alias name has 1 to {MAX_NAME_LENGTH} characters"
    if not _ALIAS.fullmatch(name):
        return "An alias name uses only letters, digits, '_', '-' and '.', and is not only digits"
    return None


def validate_name(value: str) -> None:
    problem = name_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_name")


def validate_alias_name(value: str) -> None:
    problem = alias_name_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_name")
