"""Which fields each state type accepts, and which belong to one query language only.

From the two field tables of the ASL specification, the state-specific fields of each state
type, and AWS's measured behaviour: a field outside its type's set is refused with
"Field '<name>' is not supported"; a field of the other query language with AWS's
"The QueryLanguage is set to ..." message.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asl.validation.checker import StateCtx

STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")

_COMMON = frozenset({"Type", "Comment", "QueryLanguage"})
_IO = frozenset({"InputPath", "OutputPath", "Output"})
_FLOW = frozenset({"Next", "End"})
_RESULT = frozenset({"Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Assign"})

FIELDS: dict[str, frozenset[str]] = {
    "Task": _COMMON | _IO | _FLOW | _RESULT | {
        "Resource", "Arguments", "Credentials", "TimeoutSeconds", "TimeoutSecondsPath",
        "HeartbeatSeconds", "HeartbeatSecondsPath"},
    "Pass": _COMMON | _IO | _FLOW | {"Result", "ResultPath", "Parameters", "Assign"},
    "Wait": _COMMON | _IO | _FLOW | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"},
    "Choice": _COMMON | _IO | {"Choices", "Default", "Assign"},
    "Succeed": _COMMON | _IO,
    "Fail": _COMMON | {"Error", "ErrorPath", "Cause", "CausePath"},
    "Parallel": _COMMON | _IO | _FLOW | _RESULT | {"Branches", "Arguments"},
    "Map": _COMMON | _IO | _FLOW | _RESULT | {
        "ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "ItemReader", "ItemBatcher",
        "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"},
}

# Fields that only a JSONPath state may have (every "...Path" field included).
JSONPATH_ONLY = frozenset({
    "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result", "ItemsPath",
    "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath",
    "CausePath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"})

# Fields that only a JSONata state may have. Assign belongs to both languages.
JSONATA_ONLY = frozenset({"Output", "Arguments", "Items"})

TOP_LEVEL_FIELDS = frozenset({"Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"})
SCOPE_FIELDS = frozenset({"Comment", "StartAt", "States"})  # a Parallel branch
PROCESSOR_FIELDS = SCOPE_FIELDS | {"ProcessorConfig"}  # a Map's ItemProcessor / Iterator


def language_message(jsonata: bool, name: str) -> str:
    """AWS's wording for a field of the other query language."""
    own, other = ("JSONata", "JSONPath") if jsonata else ("JSONPath", "JSONata")
    return (f"The QueryLanguage is set to '{own}', but field '{name}' is only supported for the "
            f"'{other}' QueryLanguage")


def wrong_language(jsonata: bool, name: str) -> bool:
    return name in (JSONPATH_ONLY if jsonata else JSONATA_ONLY)


def uses(ctx: StateCtx, key: str) -> bool:
    """The state has ``key`` and it is a field of its type and query language (else already reported)."""
    return key in ctx.body and key in FIELDS[ctx.type] and not wrong_language(ctx.jsonata, key)
