"""Sign-in pages (session) and the API token endpoints (``/api/tokens/``)."""
from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import ApiToken
from accounts.serializers import CreatedTokenOutput, TokenCreateInput, TokenOutput
from stepcraft.api import signed_in, validate_body


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST signs out; GET (a typed or bookmarked URL) shows a page with the sign-out button."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name)


def account(request: HttpRequest) -> HttpResponse:
    """Who is signed in, and where to go from here."""
    return render(request, "accounts/account.html")


class TokenListCreate(APIView):
    @extend_schema(responses=TokenOutput(many=True), summary="Your API tokens")
    def get(self, request: Request) -> Response:
        return Response(TokenOutput(selectors.tokens_of(request.user), many=True).data)

    @extend_schema(request=TokenCreateInput, responses={201: CreatedTokenOutput}, summary="Create an API token")
    def post(self, request: Request) -> Response:
        # A leaked token must not be able to mint successors that outlive its revocation.
        if isinstance(request.auth, ApiToken):
            raise PermissionDenied("Creating API tokens needs a signed-in session (or manage.py create_api_token).")
        data = validate_body(TokenCreateInput, request)
        token, secret = services.create_api_token(user=signed_in(request), **data)
        return Response({**TokenOutput(token).data, "token": secret}, status=status.HTTP_201_CREATED)


class TokenDetail(APIView):
    @extend_schema(responses=TokenOutput, summary="One of your API tokens")
    def get(self, request: Request, token_id: uuid.UUID) -> Response:
        return Response(TokenOutput(selectors.get_token_for(request.user, token_id)).data)

    @extend_schema(responses={204: None}, summary="Revoke an API token")
    def delete(self, request: Request, token_id: uuid.UUID) -> Response:
        services.revoke_api_token(token=selectors.get_token_for(request.user, token_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
