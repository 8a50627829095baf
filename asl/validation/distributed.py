"""A Distributed Map's ``ItemReader``, ``ItemBatcher`` and ``ResultWriter`` configurations.

AWS keeps adding reader options; a field of ``ItemReader``/``ReaderConfig`` that Stepcraft does
not know is a warning (UNKNOWN_FIELD), not an error, so that definitions exported from AWS load.
"""
from __future__ import annotations

import re
from typing import Any

from asl.validation import jsonata_check
from asl.validation.checker import Checker, StateCtx
from asl.validation.diagnostics import UNKNOWN_FIELD, ptr
from asl.validation.fields import language_message
from asl.validation.jsonpath import check_path, check_template
from asl.validation.values import check_enum, check_int, expect, only_one, require, unsupported_fields

MAX_ITEMS = 100_000_000
_READER_RESOURCE = re.compile(r"arn:[^:]+:states:::s3:(getObject|listObjectsV2)\Z")
_WRITER_RESOURCE = re.compile(r"arn:[^:]+:states:::s3:putObject\Z")
_READER_CONFIG_ENUMS = {
    "InputType": ("CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"),
    "CSVHeaderLocation": ("FIRST_ROW", "GIVEN"),
    "CSVDelimiter": ("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"),
}


def _payload(chk: Checker, ctx: StateCtx, owner: dict[str, Any], base: str) -> None:
    """``Parameters`` (JSONPath) or ``Arguments`` (JSONata) of a reader or writer."""
    own, other = ("Arguments", "Parameters") if ctx.jsonata else ("Parameters", "Arguments")
    if other in owner:
        chk.schema(language_message(ctx.jsonata, other), ptr(base, other))
    if own not in owner:
        return
    value, location = owner[own], ptr(base, own)
    if ctx.jsonata:
        if not isinstance(value, dict) and not jsonata_check.is_jsonata(value):
            chk.schema("Expected an object or a JSONata expression", location)
        jsonata_check.check_value(chk, value, location)
    elif expect(chk, value, "object", location):
        check_template(chk, value, location)


def _number(chk: Checker, ctx: StateCtx, owner: dict[str, Any], key: str, base: str, maximum: int | None) -> None:
    only_one(chk, owner, (key, key + "Path"), base)
    if key in owner:
        value, location = owner[key], ptr(base, key)
        if ctx.jsonata and jsonata_check.is_jsonata(value):
            jsonata_check.check_string(chk, value, location)
        else:
            check_int(chk, value, location, minimum=0, maximum=maximum)
    if key + "Path" in owner:
        location = ptr(base, key + "Path")
        if ctx.jsonata:
            chk.schema(language_message(True, key + "Path"), location)
        else:
            check_path(chk, owner[key + "Path"], location, reference=True, context=False)


def _unknown(chk: Checker, owner: dict[str, Any], known: tuple[str, ...], base: str) -> None:
    for key in owner:
        if key not in known:
            chk.warn(UNKNOWN_FIELD, f"Field '{key}' is not one Stepcraft knows; it is ignored", ptr(base, key))


def check_item_reader(chk: Checker, ctx: StateCtx, reader: Any, base: str) -> None:
    if not expect(chk, reader, "object", base):
        return
    _unknown(chk, reader, ("Resource", "Parameters", "Arguments", "ReaderConfig"), base)
    resource = reader.get("Resource")
    if require(chk, reader, "Resource", base) and expect(chk, resource, "string", ptr(base, "Resource")) \
            and not _READER_RESOURCE.match(resource):
        chk.schema("The field 'Resource' does not match any of the allowed values. Examples: "
                       "[arn:<partition>:states:::s3:getObject, arn:<partition>:states:::s3:listObjectsV2]",
                       ptr(base, "Resource"))
    _payload(chk, ctx, reader, base)
    if "ReaderConfig" not in reader:
        return
    config, here = reader["ReaderConfig"], ptr(base, "ReaderConfig")
    if not expect(chk, config, "object", here):
        return
    _unknown(chk, config, ("InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                           "MaxItemsPath", "ManifestType"), here)
    for key, allowed in _READER_CONFIG_ENUMS.items():
        if key in config:
            check_enum(chk, config[key], allowed, ptr(here, key))
    if "CSVHeaders" in config and expect(chk, config["CSVHeaders"], "array", ptr(here, "CSVHeaders")):
        for index, header in enumerate(config["CSVHeaders"]):
            expect(chk, header, "string", ptr(here, "CSVHeaders", index))
    _number(chk, ctx, config, "MaxItems", here, MAX_ITEMS)


def check_item_batcher(chk: Checker, ctx: StateCtx, batcher: Any, base: str) -> None:
    if not expect(chk, batcher, "object", base):
        return
    sizes = ("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")
    unsupported_fields(chk, batcher, (*sizes, "BatchInput"), base)
    if not any(key in batcher for key in sizes):
        chk.schema(f"ItemBatcher must have at least one of the following fields: [{', '.join(sizes)}]", base)
    for key in ("MaxItemsPerBatch", "MaxInputBytesPerBatch"):
        _number(chk, ctx, batcher, key, base, None)
    if "BatchInput" in batcher:
        if ctx.jsonata:
            jsonata_check.check_value(chk, batcher["BatchInput"], ptr(base, "BatchInput"))
        else:
            check_template(chk, batcher["BatchInput"], ptr(base, "BatchInput"))


def check_result_writer(chk: Checker, ctx: StateCtx, writer: Any, base: str) -> None:
    if not expect(chk, writer, "object", base):
        return
    destination = "Arguments" if ctx.jsonata else "Parameters"
    unsupported_fields(chk, writer, ("Resource", "Parameters", "Arguments", "WriterConfig"), base)
    has_resource, has_destination = "Resource" in writer, destination in writer
    if has_resource != has_destination or not (has_resource or "WriterConfig" in writer):
        chk.schema(f"ResultWriter must have WriterConfig alone, Resource with {destination}, or all three "
                   "fields", base)
    if has_resource and expect(chk, writer["Resource"], "string", ptr(base, "Resource")) \
            and not _WRITER_RESOURCE.match(writer["Resource"]):
        chk.schema("The field 'Resource' does not match the allowed value arn:<partition>:states:::s3:putObject",
                   ptr(base, "Resource"))
    _payload(chk, ctx, writer, base)
    if "WriterConfig" not in writer:
        return
    config, here = writer["WriterConfig"], ptr(base, "WriterConfig")
    if not expect(chk, config, "object", here):
        return
    unsupported_fields(chk, config, ("OutputType", "Transformation"), here)
    if require(chk, config, "OutputType", here):
        check_enum(chk, config["OutputType"], ("JSON", "JSONL"), ptr(here, "OutputType"))
    if require(chk, config, "Transformation", here):
        check_enum(chk, config["Transformation"], ("NONE", "COMPACT", "FLATTEN"), ptr(here, "Transformation"))
