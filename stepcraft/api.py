"""REST plumbing shared by the apps (parsers are in ``stepcraft.api_parsers``).

- :class:`StrictSerializer` refuses fields it does not declare: a misspelt field is an error,
  not a silently ignored wish.
- :func:`validate_body` / :func:`validate_query` run an input serializer over the body / the query
  parameters; errors carry the body field's pointer / the parameter's name.
- :class:`Cursor` is the cursor pagination of lists; the docs pages ask people to sign in.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from stepcraft.api_errors import ApiError, flatten


class StrictSerializer(serializers.Serializer):
    """An input serializer that rejects undeclared fields; ``immutable_fields`` get a clearer message."""

    immutable_fields: tuple[str, ...] = ()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = {}
            for key in data:
                if key in self.fields:
                    continue
                if key in self.immutable_fields:
                    unknown[key] = [ErrorDetail(f"'{key}' cannot be changed after creation.", code="immutable")]
                else:
                    unknown[key] = [ErrorDetail(f"Unknown field '{key}'.", code="unknown_field")]
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


def signed_in(request: Request) -> User:
    """The authenticated user of a request (views behind IsAuthenticated), typed as such."""
    if not isinstance(request.user, User):
        raise exceptions.NotAuthenticated()
    return request.user


def validate_body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated request body (400 with pointers otherwise)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def validate_query(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated query parameters (unknown ones are ignored: paging has its own)."""
    serializer = serializer_class(data=request.query_params.dict())
    if not serializer.is_valid():
        first = next(flatten(serializer.errors))
        parameter = first["pointer"].lstrip("/")
        raise ApiError(first["message"], code=first["code"], parameter=parameter)
    return dict(serializer.validated_data)


class Cursor(CursorPagination):
    """Newest first, ``?page_size=`` up to 1000 (AWS's maxResults); a bad cursor is a 400."""

    ordering = ("-created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise ApiError("The cursor is not valid; start again without it.", code="invalid_cursor",
                           parameter=self.cursor_query_param) from None


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI (offline, from drf-spectacular-sidecar); a page for people, so it asks them to sign in."""

    redirect_to_login = True


class ApiRedocView(SpectacularRedocView):
    redirect_to_login = True


class ApiNotFound(APIView):
    """Any other path under /api/: a JSON 404 rather than Django's HTML page."""

    permission_classes: list[Any] = []
    schema = None

    def dispatch_404(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        raise exceptions.NotFound("No such API endpoint.")

    get = post = put = patch = delete = dispatch_404


_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "A stable snake_case word (not_found, required, ...)."},
            "message": {"type": "string"},
            "pointer": {"type": "string", "description": "JSON pointer of the bad field in the request body."},
            "parameter": {"type": "string", "description": "The bad query parameter."},
            "details": {"type": "array", "description": "Every problem of a bad input.", "items": {
                "type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                                 "pointer": {"type": "string"}}}},
        },
        "additionalProperties": True,
    }},
}
_ERRORS = {
    "400": "Bad input: see error.pointer or error.parameter.",
    "401": "Not authenticated: send 'Authorization: Bearer <token>' or sign in.",
    "403": "Visible, but you lack the access this needs (or the CSRF token is missing).",
    "404": "No such object, or not one of yours.",
    "413": "The request body is over the size limit.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: document the error answers every operation can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["400", "401", "403"]
            if "{" in path:
                codes.append("404")
            if method in ("post", "put", "patch"):
                codes.append("413")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": _ERRORS[code], "content": content})
    return result
