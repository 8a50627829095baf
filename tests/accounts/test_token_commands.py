"""manage.py create_api_token / revoke_api_token, for scripts and operators."""
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def works(secret: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get("/api/state-machines/").status_code == 200


def test_create_prints_only_the_secret(alice: User) -> None:
    secret = create("alice", "--name", "deploy")
    assert secret.startswith("stc_") and "\n" not in secret
    assert ApiToken.objects.get().name == "deploy"
    assert works(secret)


def test_create_for_an_unknown_user_fails(db: None) -> None:
    with pytest.raises(CommandError, match="No user"):
        create("nobody")


@pytest.mark.parametrize("how", ["id", "secret", "prefix"])
def test_revoke_by_id_secret_or_prefix(alice: User, how: str) -> None:
    secret = create("alice")
    token = ApiToken.objects.get()
    given = {"id": str(token.id), "secret": secret, "prefix": token.prefix}[how]
    out = StringIO()
    call_command("revoke_api_token", given, stdout=out)
    assert "Revoked 1" in out.getvalue()
    assert not works(secret)


def test_revoke_all_of_a_user(alice: User, bob: User) -> None:
    alices = [create("alice"), create("alice")]
    bobs = create("bob")
    call_command("revoke_api_token", "--user", "alice", "--all", stdout=StringIO())
    assert not any(works(s) for s in alices) and works(bobs)


def test_revoke_an_unknown_token_fails(db: None) -> None:
    with pytest.raises(CommandError, match="No token"):
        call_command("revoke_api_token", "stc_nothing", stdout=StringIO())
