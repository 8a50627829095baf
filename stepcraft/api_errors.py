"""One error shape for the whole REST API, and the exceptions services raise to produce it.

Every error answer is ``{"error": {"code": ..., "message": ..., "pointer": ...}}``:

- ``code``: a stable snake_case word (``required``, ``invalid_definition``, ``not_found``, ...);
- ``message``: a sentence for people;
- ``pointer``: the RFC 6901 pointer of the bad field in the request body (``/routing_configuration/0/weight``),
  or ``parameter``: the name of the bad query parameter; absent when the whole request is at fault;
- ``details``: for bad input, every problem found (each with its own code, message and pointer);
- anything an exception adds (``diagnostics`` for an invalid definition).

Status codes: 400 bad input, 401 unauthenticated, 403 visible but not allowed, 404 absent or
invisible (another user's object is never admitted to exist), 409 conflicts, 413 bodies over
``DATA_UPLOAD_MAX_MEMORY_SIZE``.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from asl.validation.diagnostics import escape


class ApiError(exceptions.APIException):
    """An error with a code, a message and, optionally, the pointer or parameter it is about."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"
    default_detail = "The request is not valid."

    def __init__(self, message: str | None = None, *, code: str | None = None, pointer: str | None = None,
                 parameter: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message or self.default_detail, code or self.default_code)
        self.pointer = pointer
        self.parameter = parameter
        self.extra = extra or {}


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The request conflicts with the current state of the resource."


class RequestTooLarge(ApiError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is too large."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Django's own exceptions mapped and every body in Stepcraft's error shape."""
    from rest_framework.views import exception_handler as drf_exception_handler  # imports the settings

    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # not ours to answer: a real server error
    response.data = {"error": error_body(exc)}
    return response


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict("The object is still in use and cannot be deleted.", code="in_use")
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    return exc


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        details = list(flatten(exc.detail))
        if not details:  # pragma: no cover - DRF never raises an empty ValidationError
            details = [{"code": "invalid", "message": "The request is not valid.", "pointer": ""}]
        return {**details[0], "details": details}
    detail = exc.detail
    message = str(detail) if not isinstance(detail, list | dict) else str(next(_messages(detail), ""))
    code = getattr(detail, "code", None) or exc.default_code
    body: dict[str, Any] = {"code": code, "message": message}
    if isinstance(exc, ApiError):
        if exc.pointer is not None:
            body["pointer"] = exc.pointer
        if exc.parameter is not None:
            body["parameter"] = exc.parameter
        body.update(exc.extra)
    return body


def flatten(detail: Any, pointer: str = "") -> Iterator[dict[str, Any]]:
    """Every message of a DRF error tree, with the JSON pointer of the field it belongs to."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            # Errors about the body as a whole ("Expected a dictionary") belong to its root.
            sub = pointer if key in ("non_field_errors", "detail") else f"{pointer}/{escape(str(key))}"
            yield from flatten(value, sub)
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):  # messages of one field
            for item in detail:
                yield _entry(item, pointer)
        else:  # a ListField's children: position -> messages ({} for items without errors)
            for index, item in enumerate(detail):
                if item:
                    yield from flatten(item, f"{pointer}/{index}")
    elif detail:
        yield _entry(detail, pointer)


def _entry(message: Any, pointer: str) -> dict[str, Any]:
    code = message.code if isinstance(message, ErrorDetail) and message.code else "invalid"
    return {"code": code, "message": str(message), "pointer": pointer}


def _messages(detail: Any) -> Iterator[str]:
    for entry in flatten(detail):
        yield entry["message"]
