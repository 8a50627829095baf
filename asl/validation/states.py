"""One state: its Type, its fields for its type and query language, its transition, its I/O.

Type-specific checks live beside this module; :func:`check_state` dispatches to them and
returns what the graph checks of the enclosing scope need.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asl.validation import basic_states, choice, jsonata_check, map_parallel, retry_catch
from asl.validation.checker import Checker, Scope, StateCtx
from asl.validation.diagnostics import ptr
from asl.validation.fields import FIELDS, STATE_TYPES, language_message, uses, wrong_language
from asl.validation.jsonpath import check_path, check_template
from asl.validation.values import check_enum, expect
from asl.validation.variables import check_assign

QUERY_LANGUAGES = ("JSONPath", "JSONata")
_FLOW_TYPES = frozenset({"Task", "Pass", "Wait", "Parallel", "Map"})
_RESULT_TYPES = frozenset({"Task", "Parallel", "Map"})  # where $states.result exists


@dataclass
class StateResult:
    """What a state contributes to its scope's graph, and the scopes nested in it."""

    targets: list[tuple[str, str]] = field(default_factory=list)  # (state name, pointer of the field)
    terminal: bool = False
    children: list[tuple[Any, str]] = field(default_factory=list)  # (branch/processor object, pointer)


def check_query_language(chk: Checker, owner: dict[str, Any], location: str) -> None:
    if "QueryLanguage" in owner:
        check_enum(chk, owner["QueryLanguage"], QUERY_LANGUAGES, location)


def resolves_to_jsonata(declared: Any, inherited: bool) -> bool:
    if isinstance(declared, str) and declared.lower() in ("jsonata", "jsonpath"):
        return declared.lower() == "jsonata"
    return inherited


def check_state(chk: Checker, name: str, body: Any, pointer: str, scope: Scope) -> StateResult:
    result = StateResult()
    if not expect(chk, body, "object", pointer):
        result.terminal = True  # unknown; do not add graph errors to the one real problem
        return result
    if "Type" not in body:
        chk.schema("Field 'Type' is required", pointer)
        return _untyped(body, pointer)
    state_type = body["Type"]
    if not check_enum(chk, state_type, STATE_TYPES, ptr(pointer, "Type")):
        return _untyped(body, pointer)
    declared = body.get("QueryLanguage")
    check_query_language(chk, body, ptr(pointer, "QueryLanguage"))
    # The states inside a Map or Parallel default to the machine's language, not to the Map's.
    jsonata = resolves_to_jsonata(declared, chk.machine_jsonata)
    downgraded = chk.machine_jsonata and not jsonata
    if downgraded:
        chk.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", pointer)
    ctx = StateCtx(name, pointer, body, state_type, jsonata, scope)
    for key in body:
        if key not in FIELDS[state_type]:
            chk.schema(f"Field '{key}' is not supported", ptr(pointer, key))
        elif not downgraded and wrong_language(jsonata, key):
            chk.schema(language_message(jsonata, key), ptr(pointer, key))
    if "Comment" in body:
        expect(chk, body["Comment"], "string", ptr(pointer, "Comment"))
    if state_type in _FLOW_TYPES:
        _check_flow(chk, ctx, result)
    _check_io(chk, ctx)
    if uses(ctx, "Retry"):
        retry_catch.check_retry(chk, ctx)
    if uses(ctx, "Catch"):
        result.targets.extend(retry_catch.check_catch(chk, ctx))
    _TYPE_CHECKS[state_type](chk, ctx, result)
    return result


def _untyped(body: dict[str, Any], pointer: str) -> StateResult:
    """A state whose type is unknown: keep its Next, and count it as possibly terminal, so that its
    scope's graph checks do not pile consequences on the one real problem."""
    result = StateResult(terminal=True)
    if isinstance(body.get("Next"), str):
        result.targets.append((body["Next"], ptr(pointer, "Next")))
    return result


def _check_flow(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    body, pointer = ctx.body, ctx.pointer
    end = body.get("End")
    if "End" in body:
        expect(chk, end, "boolean", ptr(pointer, "End"))
    if "Next" in body and expect(chk, body["Next"], "string", ptr(pointer, "Next")):
        result.targets.append((body["Next"], ptr(pointer, "Next")))
    if "Next" in body and end is True:
        chk.schema("There should only be one of the following fields: [Next, End]", ptr(pointer, "End"))
    elif "Next" not in body and end is not True:
        chk.schema("A state of this type must have either 'Next' or '\"End\": true'", pointer)
    result.terminal = end is True


def _check_io(chk: Checker, ctx: StateCtx) -> None:
    body, pointer = ctx.body, ctx.pointer
    for key in ("InputPath", "OutputPath"):
        if uses(ctx, key):
            check_path(chk, body[key], ptr(pointer, key), nullable=True)
    if uses(ctx, "ResultPath"):
        check_path(chk, body["ResultPath"], ptr(pointer, "ResultPath"), reference=True, context=False,
                   variables=False, nullable=True)
    for key in ("Parameters", "ResultSelector"):
        if uses(ctx, key):
            check_template(chk, body[key], ptr(pointer, key))
    where = jsonata_check.Where(result=ctx.type in _RESULT_TYPES)
    if uses(ctx, "Output"):
        jsonata_check.check_value(chk, body["Output"], ptr(pointer, "Output"), where)
    if uses(ctx, "Arguments"):
        jsonata_check.check_value(chk, body["Arguments"], ptr(pointer, "Arguments"))
    if uses(ctx, "Assign"):
        check_assign(chk, body["Assign"], ptr(pointer, "Assign"), ctx.scope, jsonata=ctx.jsonata, where=where)


def _check_succeed(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    result.terminal = True


def _check_fail(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    result.terminal = True
    basic_states.check_fail(chk, ctx)


def _check_choice(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    result.targets.extend(choice.check_choice(chk, ctx))


def _check_parallel(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    result.children.extend(map_parallel.check_parallel(chk, ctx))


def _check_map(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
    result.children.extend(map_parallel.check_map(chk, ctx))


def _only(check: Callable[[Checker, StateCtx], None]) -> Callable[[Checker, StateCtx, StateResult], None]:
    def run(chk: Checker, ctx: StateCtx, result: StateResult) -> None:
        check(chk, ctx)

    return run


_TYPE_CHECKS: dict[str, Callable[[Checker, StateCtx, StateResult], None]] = {
    "Task": _only(basic_states.check_task),
    "Pass": _only(basic_states.check_pass),
    "Wait": _only(basic_states.check_wait),
    "Choice": _check_choice,
    "Succeed": _check_succeed,
    "Fail": _check_fail,
    "Parallel": _check_parallel,
    "Map": _check_map,
}
