"""``Retry`` and ``Catch``: Retriers, Catchers and their error names."""
from __future__ import annotations

from typing import Any

from asl.validation import jsonata_check
from asl.validation.checker import Checker, StateCtx
from asl.validation.diagnostics import ptr
from asl.validation.fields import language_message
from asl.validation.jsonpath import check_path
from asl.validation.values import check_enum, check_int, check_range, expect, require, unsupported_fields
from asl.validation.variables import check_assign

ALL = "States.ALL"
_RETRIER_FIELDS = ("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                   "JitterStrategy", "Comment")
_CATCHER_FIELDS = ("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment")


def check_retry(chk: Checker, ctx: StateCtx) -> None:
    retriers = ctx.body["Retry"]
    base = ptr(ctx.pointer, "Retry")
    if not expect(chk, retriers, "array", base):
        return
    for index, retrier in enumerate(retriers):
        here = ptr(base, index)
        if not expect(chk, retrier, "object", here):
            continue
        unsupported_fields(chk, retrier, _RETRIER_FIELDS, here)
        _error_equals(chk, retrier, here, last=index == len(retriers) - 1)
        if "IntervalSeconds" in retrier:
            check_int(chk, retrier["IntervalSeconds"], ptr(here, "IntervalSeconds"), minimum=1)
        if "MaxAttempts" in retrier:
            check_int(chk, retrier["MaxAttempts"], ptr(here, "MaxAttempts"), minimum=0)
        if "MaxDelaySeconds" in retrier:
            check_int(chk, retrier["MaxDelaySeconds"], ptr(here, "MaxDelaySeconds"), minimum=1)
        if "BackoffRate" in retrier and expect(chk, retrier["BackoffRate"], "number", ptr(here, "BackoffRate")):
            check_range(chk, retrier["BackoffRate"], ptr(here, "BackoffRate"), minimum=1.0)
        if "JitterStrategy" in retrier:
            check_enum(chk, retrier["JitterStrategy"], ("FULL", "NONE"), ptr(here, "JitterStrategy"))
        if "Comment" in retrier:
            expect(chk, retrier["Comment"], "string", ptr(here, "Comment"))


def check_catch(chk: Checker, ctx: StateCtx) -> list[tuple[str, str]]:
    """Validates the Catchers; returns their (Next target, pointer of Next) for the graph checks."""
    catchers = ctx.body["Catch"]
    base = ptr(ctx.pointer, "Catch")
    targets: list[tuple[str, str]] = []
    if not expect(chk, catchers, "array", base):
        return targets
    for index, catcher in enumerate(catchers):
        here = ptr(base, index)
        if not expect(chk, catcher, "object", here):
            continue
        unsupported_fields(chk, catcher, _CATCHER_FIELDS, here)
        _error_equals(chk, catcher, here, last=index == len(catchers) - 1)
        if require(chk, catcher, "Next", here) and expect(chk, catcher["Next"], "string", ptr(here, "Next")):
            targets.append((catcher["Next"], ptr(here, "Next")))
        _catcher_io(chk, ctx, catcher, here)
    return targets


def _catcher_io(chk: Checker, ctx: StateCtx, catcher: dict[str, Any], here: str) -> None:
    where = jsonata_check.Where(error_output=True)
    for name in ("ResultPath", "Output"):
        if name in catcher and (name == "Output") != ctx.jsonata:
            chk.schema(language_message(ctx.jsonata, name), ptr(here, name))
    if "ResultPath" in catcher and not ctx.jsonata:
        check_path(chk, catcher["ResultPath"], ptr(here, "ResultPath"), reference=True, context=False,
                   variables=False, nullable=True)
    if "Output" in catcher and ctx.jsonata:
        jsonata_check.check_value(chk, catcher["Output"], ptr(here, "Output"), where)
    if "Assign" in catcher:
        check_assign(chk, catcher["Assign"], ptr(here, "Assign"), ctx.scope, jsonata=ctx.jsonata, where=where)
    if "Comment" in catcher:
        expect(chk, catcher["Comment"], "string", ptr(here, "Comment"))


def _error_equals(chk: Checker, owner: dict[str, Any], here: str, last: bool) -> None:
    if not require(chk, owner, "ErrorEquals", here):
        return
    names = owner["ErrorEquals"]
    location = ptr(here, "ErrorEquals")
    if not expect(chk, names, "array", location):
        return
    if not names:
        chk.schema("ErrorEquals must contain at least one error name", location)
    for index, name in enumerate(names):
        expect(chk, name, "string", ptr(location, index))
    if ALL in names:
        if len(names) > 1:
            chk.schema(f"'{ALL}' must appear alone in ErrorEquals", location)
        elif not last:
            chk.schema(f"A Retrier or Catcher with '{ALL}' must be the last one", location)
