"""Choice states: ``Choices`` (JSONPath Data-test / Boolean Expressions, or JSONata
``Condition`` rules) and ``Default``."""
from __future__ import annotations

from typing import Any

from asl.timestamps import is_timestamp
from asl.validation import jsonata_check
from asl.validation.checker import Checker, StateCtx
from asl.validation.diagnostics import INVALID_TIMESTAMP, NO_PATH, ptr
from asl.validation.fields import language_message
from asl.validation.jsonpath import check_path, looks_like_path
from asl.validation.values import expect, require
from asl.validation.variables import check_assign

_KINDS = {"String": "string", "Numeric": "number", "Boolean": "boolean", "Timestamp": "timestamp"}
_COMPARISONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
OPERATORS: dict[str, str] = {}  # operator -> operand kind ("path" for the ...Path operators)
for _kind, _operand_kind in _KINDS.items():
    for _suffix in ("Equals",) if _kind == "Boolean" else _COMPARISONS:
        OPERATORS[_kind + _suffix] = _operand_kind
        OPERATORS[_kind + _suffix + "Path"] = "path"
OPERATORS["StringMatches"] = "string"
for _test in ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"):
    OPERATORS[_test] = "boolean"

BOOLEAN_OPERATORS = ("And", "Or", "Not")
_JSONATA_RULE_FIELDS = ("Condition", "Next", "Assign", "Output", "Comment")
_JSONPATH_ONLY = frozenset({"Variable", *OPERATORS, *BOOLEAN_OPERATORS})


def check_choice(chk: Checker, ctx: StateCtx) -> list[tuple[str, str]]:
    """Validates Choices and Default; returns the transition targets (name, pointer)."""
    body, pointer = ctx.body, ctx.pointer
    targets: list[tuple[str, str]] = []
    if "Default" in body and expect(chk, body["Default"], "string", ptr(pointer, "Default")):
        targets.append((body["Default"], ptr(pointer, "Default")))
    if not require(chk, body, "Choices", pointer):
        return targets
    choices, base = body["Choices"], ptr(pointer, "Choices")
    if not expect(chk, choices, "array", base):
        return targets
    if not choices:
        chk.schema("Choices must contain at least one Choice Rule", base)
    for index, rule in enumerate(choices):
        here = ptr(base, index)
        if not expect(chk, rule, "object", here):
            continue
        if ctx.jsonata:
            _jsonata_rule(chk, rule, here)
        else:
            _jsonpath_rule(chk, rule, here, top=True)
        if require(chk, rule, "Next", here) and expect(chk, rule["Next"], "string", ptr(here, "Next")):
            targets.append((rule["Next"], ptr(here, "Next")))
        if "Assign" in rule:
            check_assign(chk, rule["Assign"], ptr(here, "Assign"), ctx.scope, jsonata=ctx.jsonata)
        if "Output" in rule:
            if ctx.jsonata:
                jsonata_check.check_value(chk, rule["Output"], ptr(here, "Output"))
            else:
                chk.schema(language_message(False, "Output"), ptr(here, "Output"))
        if "Comment" in rule:
            expect(chk, rule["Comment"], "string", ptr(here, "Comment"))
    return targets


def _jsonata_rule(chk: Checker, rule: dict[str, Any], here: str) -> None:
    for key in rule:
        if key in _JSONPATH_ONLY:
            chk.schema(language_message(True, key), ptr(here, key))
        elif key not in _JSONATA_RULE_FIELDS:
            chk.schema(f"Field '{key}' is not supported", ptr(here, key))
    if not require(chk, rule, "Condition", here):
        return
    condition, location = rule["Condition"], ptr(here, "Condition")
    if isinstance(condition, str) and jsonata_check.is_jsonata(condition):
        jsonata_check.check_string(chk, condition, location)
    elif not isinstance(condition, bool):
        chk.schema("Condition must be a boolean or a JSONata expression", location)


def _jsonpath_rule(chk: Checker, rule: dict[str, Any], here: str, top: bool) -> None:
    extra = ("Next", "Assign", "Comment", "Output") if top else ("Comment",)
    for key in rule:
        if key == "Condition":
            chk.schema(language_message(False, key), ptr(here, key))
        elif key not in _JSONPATH_ONLY and key not in extra:
            chk.schema(f"Field '{key}' is not supported", ptr(here, key))
    boolean = [key for key in BOOLEAN_OPERATORS if key in rule]
    operators = [key for key in rule if key in OPERATORS]
    if "Condition" in rule and not boolean and not operators and "Variable" not in rule:
        return  # a JSONata rule in a JSONPath state: the language message says it all
    if boolean:
        if len(boolean) > 1 or operators or "Variable" in rule:
            second = ([*boolean[1:], *operators] or ["Variable"])[0]
            chk.schema("A Choice Rule must have exactly one of 'And', 'Or', 'Not', or a 'Variable' with one "
                       "comparison operator", ptr(here, second))
        key = boolean[0]
        value, location = rule[key], ptr(here, key)
        if key == "Not":
            if expect(chk, value, "object", location):
                _jsonpath_rule(chk, value, location, top=False)
        elif expect(chk, value, "array", location):
            if not value:
                chk.schema(f"'{key}' must contain at least one Choice Rule", location)
            for index, nested in enumerate(value):
                if expect(chk, nested, "object", ptr(location, index)):
                    _jsonpath_rule(chk, nested, ptr(location, index), top=False)
        return
    if "Variable" not in rule and not operators:
        chk.schema("A Choice Rule must have a 'Variable' and a comparison operator, or one of 'And', 'Or', "
                   "'Not'", here)
        return
    if require(chk, rule, "Variable", here):
        check_path(chk, rule["Variable"], ptr(here, "Variable"), reference=True)
    if not operators:
        chk.schema("A Choice Rule with a 'Variable' must have a comparison operator", here)
    elif len(operators) > 1:
        chk.schema(f"A Choice Rule must have exactly one comparison operator, not {', '.join(operators)}",
                   ptr(here, operators[1]))
    for name in operators:
        _operand(chk, name, rule[name], ptr(here, name))


def _operand(chk: Checker, name: str, value: Any, location: str) -> None:
    kind = OPERATORS[name]
    if kind == "path":
        check_path(chk, value, location, reference=True)
    elif kind == "timestamp":
        if expect(chk, value, "string", location) and not is_timestamp(value):
            chk.warn(INVALID_TIMESTAMP, f"'{value}' is not an ISO-8601 timestamp with an offset, such as "
                     "2016-03-14T01:59:00Z", location)
    elif expect(chk, value, kind, location) and kind == "string" and name != "StringMatches" \
            and looks_like_path(value):
        chk.warn(NO_PATH, f"The value of '{name}' looks like a path, but the field name does not end with "
                 "'Path'", location)
