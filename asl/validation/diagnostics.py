"""The diagnostic record, its codes, and the JSON pointers that locate it."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "ERROR"
WARNING = "WARNING"

# AWS's ValidateStateMachineDefinition codes.
SCHEMA_VALIDATION_FAILED = "SCHEMA_VALIDATION_FAILED"
MISSING_TRANSITION_TARGET = "MISSING_TRANSITION_TARGET"  # also AWS's code for an unreferenced state
MISSING_END_STATE = "MISSING_END_STATE"
DUPLICATE_STATE_NAME = "DUPLICATE_STATE_NAME"
INVALID_STATE_NAME = "INVALID_STATE_NAME"
INVALID_JSON_DESCRIPTION = "INVALID_JSON_DESCRIPTION"
MISSING_DESCRIPTION = "MISSING_DESCRIPTION"
INVALID_RESOURCE = "INVALID_RESOURCE"
TOO_DEEPLY_NESTED = "TOO_DEEPLY_NESTED"
DUPLICATE_LABEL_NAME = "DUPLICATE_LABEL_NAME"
INVALID_LABEL_NAME = "INVALID_LABEL_NAME"
INVALID_JSONATA_EXPRESSION = "INVALID_JSONATA_EXPRESSION"
UNSUPPORTED_JSONATA_EXPRESSION = "UNSUPPORTED_JSONATA_EXPRESSION"
NO_DOLLAR = "NO_DOLLAR"  # warning
NO_PATH = "NO_PATH"  # warning
PASS_RESULT_IS_STATIC = "PASS_RESULT_IS_STATIC"  # warning

# Stepcraft's own codes, where AWS has none.
DEFINITION_TOO_LARGE = "DEFINITION_TOO_LARGE"  # AWS refuses it before validating (ValidationException)
UNREACHABLE_STATE = "UNREACHABLE_STATE"  # warning: referenced, but not on any path from StartAt
UNKNOWN_RESOURCE = "UNKNOWN_RESOURCE"  # warning: an ARN Stepcraft has no integration for
UNSUPPORTED_JSONPATH = "UNSUPPORTED_JSONPATH"  # warning: Jayway syntax Stepcraft cannot evaluate
INVALID_TIMESTAMP = "INVALID_TIMESTAMP"  # warning: a literal that is not an RFC 3339 timestamp
INCOMPLETE_JSONATA = "INCOMPLETE_JSONATA"  # warning: "{%" without "%}" (or the reverse) is a literal
UNKNOWN_FIELD = "UNKNOWN_FIELD"  # warning: a field of a Distributed Map configuration Stepcraft does not know


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a definition, located by a JSON pointer (RFC 6901) into the definition."""

    code: str
    message: str
    location: str
    severity: str = ERROR


def escape(token: str) -> str:
    """One RFC 6901 reference token: ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


def ptr(base: str, *tokens: str | int) -> str:
    """``base`` extended by ``tokens`` (field names or array indices)."""
    return base + "".join("/" + escape(str(t)) for t in tokens)
