"""Reads of API tokens: a user sees and revokes only their own."""
from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound

from accounts.models import ApiToken


def tokens_of(user: User | AnonymousUser) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def get_token_for(user: User | AnonymousUser, token_id: uuid.UUID) -> ApiToken:
    token = tokens_of(user).filter(id=token_id).first()
    if token is None:
        raise NotFound("No such token.")
    return token
