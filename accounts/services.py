"""API tokens: create (the secret is returned once, only its hash is kept), revoke, authenticate."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import ApiToken

TOKEN_PREFIX = "stc_"  # makes Stepcraft tokens recognisable (secret scanners, logs)
SHOWN_CHARS = 8  # of the random part, kept in clear as ApiToken.prefix
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is not rewritten on every request


def hash_token(secret: str) -> str:
    # The secret is 256 random bits: a plain SHA-256 cannot be brute-forced, and allows lookups by hash.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token of ``user``: ``(token, secret)``. The secret cannot be recovered later."""
    random_part = secrets.token_urlsafe(32)
    secret = TOKEN_PREFIX + random_part
    token = ApiToken.objects.create(user=user, name=name, prefix=TOKEN_PREFIX + random_part[:SHOWN_CHARS],
                                    token_hash=hash_token(secret))
    return token, secret


def revoke_api_token(*, token: ApiToken) -> ApiToken:
    """Revoke a token (idempotent); the row stays, for the record."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate_api_token(secret: str) -> ApiToken | None:
    """The live token with that secret (its user active), noting its use; None otherwise."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(secret)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
