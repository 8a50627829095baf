"""The fields specific to Task, Pass, Wait and Fail states."""
from __future__ import annotations

from typing import Any

from asl.timestamps import parse_timestamp
from asl.validation import jsonata_check
from asl.validation.checker import Checker, StateCtx
from asl.validation.diagnostics import NO_PATH, PASS_RESULT_IS_STATIC, ptr
from asl.validation.fields import uses
from asl.validation.intrinsic_check import intrinsic_problem
from asl.validation.jsonpath import check_path, check_template, has_dynamic_keys, looks_like_path, path_problem
from asl.validation.resource import check_resource
from asl.validation.values import check_int, expect, only_one, require, unsupported_fields


def literal_or_jsonata(chk: Checker, ctx: StateCtx, key: str, check_literal: Any) -> None:
    """A field that holds a literal, or in a JSONata state also a JSONata string."""
    value, location = ctx.body[key], ptr(ctx.pointer, key)
    if ctx.jsonata and jsonata_check.is_jsonata(value):
        jsonata_check.check_string(chk, value, location)
    else:
        check_literal(value, location)


def seconds_field(chk: Checker, ctx: StateCtx, key: str, minimum: int) -> None:
    if uses(ctx, key):
        literal_or_jsonata(chk, ctx, key, lambda value, loc: check_int(chk, value, loc, minimum=minimum))
    path = key + "Path"
    if uses(ctx, path):
        check_path(chk, ctx.body[path], ptr(ctx.pointer, path), reference=True, context=False)


def check_task(chk: Checker, ctx: StateCtx) -> None:
    body, pointer = ctx.body, ctx.pointer
    if require(chk, body, "Resource", pointer):
        check_resource(chk, body["Resource"], ptr(pointer, "Resource"))
    for key in ("TimeoutSeconds", "HeartbeatSeconds"):
        only_one(chk, body, (key, key + "Path"), pointer)
        seconds_field(chk, ctx, key, minimum=1)
    timeout, heartbeat = body.get("TimeoutSeconds"), body.get("HeartbeatSeconds")
    if (type(timeout) is int and type(heartbeat) is int and 0 < timeout <= heartbeat):
        chk.schema("HeartbeatSeconds must be smaller than TimeoutSeconds", ptr(pointer, "HeartbeatSeconds"))
    if "Credentials" in body:
        _check_credentials(chk, ctx, body["Credentials"], ptr(pointer, "Credentials"))


def _check_credentials(chk: Checker, ctx: StateCtx, value: Any, location: str) -> None:
    if not expect(chk, value, "object", location):
        return
    names = ("RoleArn",) if ctx.jsonata else ("RoleArn", "RoleArn.$")
    unsupported_fields(chk, value, names, location)
    if not any(name in value for name in names):
        chk.schema("Field 'RoleArn' is required", location)
    if ctx.jsonata:
        if "RoleArn" in value:
            role = value["RoleArn"]
            if expect(chk, role, "string", ptr(location, "RoleArn")):
                jsonata_check.check_string(chk, role, ptr(location, "RoleArn"))
    else:
        check_template(chk, {k: v for k, v in value.items() if k in names}, location)
        if "RoleArn" in value:
            expect(chk, value["RoleArn"], "string", ptr(location, "RoleArn"))


def check_pass(chk: Checker, ctx: StateCtx) -> None:
    if not uses(ctx, "Result"):
        return
    result = ctx.body["Result"]
    location = ptr(ctx.pointer, "Result")
    message = "The Result of a Pass state is static: paths and intrinsic functions are not evaluated in it"
    for key in has_dynamic_keys(result):
        chk.warn(PASS_RESULT_IS_STATIC, message, location + key)
    if isinstance(result, str) and looks_like_path(result):
        chk.warn(PASS_RESULT_IS_STATIC, message, location)


_WAIT_FIELDS_JSONPATH = ("Seconds", "SecondsPath", "Timestamp", "TimestampPath")
_WAIT_FIELDS_JSONATA = ("Seconds", "Timestamp")


def check_wait(chk: Checker, ctx: StateCtx) -> None:
    body, pointer = ctx.body, ctx.pointer
    names = _WAIT_FIELDS_JSONATA if ctx.jsonata else _WAIT_FIELDS_JSONPATH
    if not any(name in body for name in names):
        chk.schema(f"A Wait state must have one of the following fields: [{', '.join(names)}]", pointer)
    only_one(chk, body, names, pointer)
    seconds_field(chk, ctx, "Seconds", minimum=0)
    if uses(ctx, "Timestamp"):
        literal_or_jsonata(chk, ctx, "Timestamp", lambda value, loc: _timestamp(chk, value, loc))
    if uses(ctx, "TimestampPath"):
        check_path(chk, body["TimestampPath"], ptr(pointer, "TimestampPath"), reference=True, context=False)


def _timestamp(chk: Checker, value: Any, location: str) -> None:
    if expect(chk, value, "string", location) and parse_timestamp(value) is None:
        chk.schema("Value must be an ISO-8601 extended offset date-time format string, such as "
                   "2016-03-14T01:59:00Z", location)


def check_fail(chk: Checker, ctx: StateCtx) -> None:
    body, pointer = ctx.body, ctx.pointer
    for key in ("Error", "Cause"):
        only_one(chk, body, (key, key + "Path"), pointer)
        if uses(ctx, key):
            value, location = body[key], ptr(pointer, key)
            if not expect(chk, value, "string", location):
                continue
            if ctx.jsonata:
                jsonata_check.check_string(chk, value, location)
            elif looks_like_path(value):
                chk.warn(NO_PATH, f"The value of '{key}' looks like a path, but the field name does not end "
                         "with 'Path'", location)
        if uses(ctx, key + "Path"):
            _path_or_intrinsic(chk, body[key + "Path"], ptr(pointer, key + "Path"))


def _path_or_intrinsic(chk: Checker, value: Any, location: str) -> None:
    """ErrorPath / CausePath: a Reference Path or an intrinsic function."""
    if not expect(chk, value, "string", location):
        return
    if value.startswith("$"):
        problem = path_problem(value, reference=True)
        if problem is not None:
            chk.schema(problem, location)
        return
    problem = intrinsic_problem(value, string_result=True)
    if problem is not None:
        chk.schema(f"Value must be a Reference Path or a valid intrinsic function call: {problem}", location)
