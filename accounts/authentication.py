"""``Authorization: Bearer <token>`` for the REST API (scripts); the browser uses its session."""
from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import ApiToken
from accounts.services import authenticate_api_token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates an API token; ``request.auth`` is the :class:`ApiToken`.

    No Authorization header, or another scheme: not this class's business (the session may
    still authenticate). A Bearer header with a wrong, revoked or malformed token: 401.
    """

    keyword = "bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.keyword:
            return None
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Bearer <token>'.")
        token = authenticate_api_token(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The API token is not valid (unknown or revoked).")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to unauthenticated calls.
        return 'Bearer realm="api"'
