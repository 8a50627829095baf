"""Request body parsers of the REST API: a size limit, and a 400 (never a 500) for any bad body.

- :class:`JSONParser` reads at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (413 beyond: DRF reads
  the body stream itself, bypassing Django's own check) and turns every malformed, non-UTF-8 or
  too deeply nested body into a 400.
- :class:`TextParser` and its YAML siblings hand a ``text/plain`` or YAML body over as a string
  (import and validate take a definition sent as it is).
- :class:`JSONRenderer` never fails on text that is not Unicode (lone surrogates echoed in a message).

REST_FRAMEWORK settings name these classes, and DRF resolves them while ``rest_framework.views``
is being imported: this module must not import that (nor anything importing it).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import exceptions, parsers, renderers

from stepcraft.api_errors import RequestTooLarge


def read_limited(stream: IO[bytes] | None, parser_context: Mapping[str, Any] | None) -> bytes:
    """The request body, refusing (413) more than DATA_UPLOAD_MAX_MEMORY_SIZE bytes."""
    limit: int = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        declared = 0
    if declared > limit:
        raise RequestTooLarge(f"The request body is {declared} bytes; the limit is {limit}.")
    if stream is None:
        return b""
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestTooLarge(f"The request body is larger than the limit of {limit} bytes.")
    return body


def decode_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise exceptions.ParseError(f"The request body is not UTF-8 text: {exc}") from None


def lone_surrogate(value: Any) -> str | None:
    """A string (key or value) of a parsed JSON value that is not Unicode text, if any.

    JSON's ``\\ud800`` escapes can produce lone surrogates, which cannot be stored or encoded.
    """
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return node
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class JSONParser(parsers.BaseParser):
    media_type = "application/json"

    def parse(self, stream: IO[bytes] | None, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        text = decode_text(read_limited(stream, parser_context))
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            raise exceptions.ParseError("The JSON body is nested too deeply.") from None
        except ValueError as exc:
            raise exceptions.ParseError(f"The body is not valid JSON: {exc}") from None
        if "\\u" in text and lone_surrogate(data) is not None:
            raise exceptions.ParseError("The body is not valid JSON text: it escapes a lone UTF-16 surrogate.")
        return data


class TextParser(parsers.BaseParser):
    """A plain text or YAML body, as a string (a definition sent as it is, not wrapped in JSON)."""

    media_type = "text/plain"

    def parse(self, stream: IO[bytes] | None, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        return decode_text(read_limited(stream, parser_context))


class YAMLTextParser(TextParser):
    media_type = "application/yaml"


class XYAMLTextParser(TextParser):
    media_type = "application/x-yaml"


class TextYAMLTextParser(TextParser):
    media_type = "text/yaml"


TEXT_PARSERS: list[type[parsers.BaseParser]] = [TextParser, YAMLTextParser, XYAMLTextParser, TextYAMLTextParser]


class _AsciiJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


class JSONRenderer(renderers.JSONRenderer):
    """DRF's renderer (UTF-8), falling back to ASCII escapes for text that is not Unicode."""

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)
