"""Parallel and Map states: their nested scopes and the Map's item, concurrency and
tolerance fields. The Distributed Map configurations are in :mod:`distributed`."""
from __future__ import annotations

import re
from typing import Any

from asl.validation import distributed, jsonata_check
from asl.validation.basic_states import literal_or_jsonata
from asl.validation.checker import Checker, StateCtx
from asl.validation.diagnostics import DUPLICATE_LABEL_NAME, INVALID_LABEL_NAME, ptr
from asl.validation.fields import PROCESSOR_FIELDS, SCOPE_FIELDS, uses
from asl.validation.jsonpath import check_path, check_template
from asl.validation.values import check_enum, check_int, check_range, expect, only_one, unsupported_fields

MAX_LABEL_LENGTH = 40
# AWS's naming rule: no whitespace, brackets, wildcards, these specials, or control characters.
_LABEL_FORBIDDEN = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")


def check_parallel(chk: Checker, ctx: StateCtx) -> list[tuple[Any, str]]:
    body, pointer = ctx.body, ctx.pointer
    if "Branches" not in body:
        chk.schema("Field 'Branches' is required", pointer)
        return []
    branches, base = body["Branches"], ptr(pointer, "Branches")
    if not expect(chk, branches, "array", base):
        return []
    if not branches:
        chk.schema("Branches must contain at least one branch", base)
    children = []
    for index, branch in enumerate(branches):
        here = ptr(base, index)
        if expect(chk, branch, "object", here):
            unsupported_fields(chk, branch, SCOPE_FIELDS, here)
            children.append((branch, here))
    return children


def check_map(chk: Checker, ctx: StateCtx) -> list[tuple[Any, str]]:
    body, pointer = ctx.body, ctx.pointer
    children = _processor(chk, body, pointer)
    if uses(ctx, "ItemsPath"):
        check_path(chk, body["ItemsPath"], ptr(pointer, "ItemsPath"), reference=True)
    if uses(ctx, "Items"):
        jsonata_check.check_value(chk, body["Items"], ptr(pointer, "Items"))
        if not isinstance(body["Items"], list) and not jsonata_check.is_jsonata(body["Items"]):
            chk.schema("Items must be an array or a JSONata expression", ptr(pointer, "Items"))
    only_one(chk, body, ("ItemSelector", "Parameters"), pointer)
    if "ItemSelector" in body:
        if ctx.jsonata:
            jsonata_check.check_value(chk, body["ItemSelector"], ptr(pointer, "ItemSelector"))
        else:
            check_template(chk, body["ItemSelector"], ptr(pointer, "ItemSelector"))
    _numbers(chk, ctx)
    if "Label" in body:
        _label(chk, body["Label"], ptr(pointer, "Label"))
    if "ItemReader" in body:
        distributed.check_item_reader(chk, ctx, body["ItemReader"], ptr(pointer, "ItemReader"))
    if "ItemBatcher" in body:
        distributed.check_item_batcher(chk, ctx, body["ItemBatcher"], ptr(pointer, "ItemBatcher"))
    if "ResultWriter" in body:
        distributed.check_result_writer(chk, ctx, body["ResultWriter"], ptr(pointer, "ResultWriter"))
    return children


def _processor(chk: Checker, body: dict[str, Any], pointer: str) -> list[tuple[Any, str]]:
    if "ItemProcessor" not in body and "Iterator" not in body:
        chk.schema("Field 'ItemProcessor' is required", pointer)
        return []
    if not only_one(chk, body, ("ItemProcessor", "Iterator"), pointer):
        return []
    key = "ItemProcessor" if "ItemProcessor" in body else "Iterator"
    processor, here = body[key], ptr(pointer, key)
    if not expect(chk, processor, "object", here):
        return []
    unsupported_fields(chk, processor, PROCESSOR_FIELDS, here)
    config = processor.get("ProcessorConfig")
    if "ProcessorConfig" in processor and expect(chk, config, "object", ptr(here, "ProcessorConfig")):
        config_ptr = ptr(here, "ProcessorConfig")
        unsupported_fields(chk, config, ("Mode", "ExecutionType"), config_ptr)
        if "Mode" in config:
            check_enum(chk, config["Mode"], ("INLINE", "DISTRIBUTED"), ptr(config_ptr, "Mode"))
        if "ExecutionType" in config:
            check_enum(chk, config["ExecutionType"], ("STANDARD", "EXPRESS"), ptr(config_ptr, "ExecutionType"))
    return [(processor, here)]


def _numbers(chk: Checker, ctx: StateCtx) -> None:
    body, pointer = ctx.body, ctx.pointer
    for key in ("MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage"):
        only_one(chk, body, (key, key + "Path"), pointer)
        if uses(ctx, key + "Path"):
            check_path(chk, body[key + "Path"], ptr(pointer, key + "Path"), reference=True, context=False)
    if uses(ctx, "MaxConcurrency"):
        literal_or_jsonata(chk, ctx, "MaxConcurrency", lambda v, loc: check_int(chk, v, loc, maximum=None))
    if uses(ctx, "ToleratedFailureCount"):
        literal_or_jsonata(chk, ctx, "ToleratedFailureCount", lambda v, loc: check_int(chk, v, loc, maximum=None))
    if uses(ctx, "ToleratedFailurePercentage"):
        literal_or_jsonata(chk, ctx, "ToleratedFailurePercentage", lambda v, loc: _percentage(chk, v, loc))


def _percentage(chk: Checker, value: Any, location: str) -> None:
    if expect(chk, value, "number", location):
        check_range(chk, value, location, 0.0, 100.0)


def _label(chk: Checker, label: Any, location: str) -> None:
    if not expect(chk, label, "string", location):
        return
    if not 1 <= len(label) <= MAX_LABEL_LENGTH or _LABEL_FORBIDDEN.search(label):
        chk.error(INVALID_LABEL_NAME, f"Invalid Label name: '{label}' must be 1 to {MAX_LABEL_LENGTH} "
                  "characters, without whitespace, brackets, wildcards, special or control characters", location)
    elif label in chk.labels:
        chk.error(DUPLICATE_LABEL_NAME, f"Duplicate Label name: '{label}' (first used at {chk.labels[label]})",
                  location)
    else:
        chk.labels[label] = location
