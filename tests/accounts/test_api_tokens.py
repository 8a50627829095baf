"""API tokens: created once (secret shown once, only a hash stored), used as Bearer, revoked -> 401."""
from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import create_api_token
from tests.api.conftest import error_of

TOKENS = "/api/tokens/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_create_use_and_revoke(alice_client: APIClient) -> None:
    created = alice_client.post(TOKENS, {"name": "laptop"}, format="json")
    assert created.status_code == 201
    body = created.json()
    secret = body["token"]
    assert secret.startswith("stc_") and body["prefix"] == secret[:12] and body["is_active"]

    stored = ApiToken.objects.get(id=body["id"])
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get(id=body["id"]))

    script = bearer(secret)
    assert script.get("/api/state-machines/").status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None

    listed = alice_client.get(TOKENS).json()
    assert [t["name"] for t in listed] == ["laptop"] and "token" not in listed[0]

    assert alice_client.delete(f"{TOKENS}{body['id']}/").status_code == 204
    rejected = script.get("/api/state-machines/")
    assert rejected.status_code == 401
    assert error_of(rejected)["code"] == "authentication_failed"
    assert alice_client.get(f"{TOKENS}{body['id']}/").json()["revoked_at"] is not None


def test_a_token_acts_as_its_user(alice: User, bob: User) -> None:
    secret = create_api_token(user=bob, name="ci")[1]
    body = bearer(secret).post("/api/state-machines/", {"name": "bobs", "definition": {
        "StartAt": "S", "States": {"S": {"Type": "Succeed"}}}}, format="json").json()
    assert body["owner"] == "bob"


def test_a_token_can_revoke_but_not_mint_tokens(alice: User) -> None:
    token, secret = create_api_token(user=alice, name="ci")
    script = bearer(secret)
    response = script.post(TOKENS, {"name": "another"}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (403, "permission_denied")
    assert [t["id"] for t in script.get(TOKENS).json()] == [str(token.id)]
    assert script.delete(f"{TOKENS}{token.id}/").status_code == 204
    assert script.get(TOKENS).status_code == 401


def test_other_users_tokens_are_invisible(alice: User, bob_client: APIClient) -> None:
    token = create_api_token(user=alice, name="ci")[0]
    assert bob_client.get(TOKENS).json() == []
    assert bob_client.get(f"{TOKENS}{token.id}/").status_code == 404
    assert bob_client.delete(f"{TOKENS}{token.id}/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_bad_tokens_are_401(alice: User) -> None:
    for header in ("Bearer stc_wrong", "Bearer", "Bearer a b", "bearer " + "x" * 500):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/state-machines/")
        assert response.status_code == 401, header
        assert error_of(response)["code"] == "authentication_failed"


def test_an_inactive_users_token_is_401(alice: User) -> None:
    secret = create_api_token(user=alice, name="ci")[1]
    alice.is_active = False
    alice.save()
    assert bearer(secret).get("/api/state-machines/").status_code == 401


def test_bad_input_is_a_400_with_a_pointer(alice_client: APIClient) -> None:
    for body, pointer in (({}, "/name"), ({"name": "x" * 101}, "/name"), ({"name": "x", "scope": "all"}, "/scope")):
        response = alice_client.post(TOKENS, body, format="json")
        assert (response.status_code, error_of(response)["pointer"]) == (400, pointer)


def test_unauthenticated_token_calls_are_401(anon: APIClient) -> None:
    assert anon.get(TOKENS).status_code == 401
    assert anon.post(TOKENS, {"name": "x"}, format="json").status_code == 401
