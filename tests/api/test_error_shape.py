"""One error shape everywhere, and no server error for bad bodies: malformed, huge, deep, not Unicode."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from designer.models import StateMachine
from tests.api.conftest import error_of

CREATE = "/api/state-machines/"


@pytest.mark.parametrize("body", [b"{", b"nul", b"[1,]", b"\xff\xfe", b'{"name": NaN}', b'{"a": Infinity}',
                                  b"[" * 200_000, b'{"a":' * 100_000])
def test_malformed_bodies_are_400_parse_errors(alice_client: APIClient, body: bytes) -> None:
    response = alice_client.post(CREATE, body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_lone_surrogates_are_refused(alice_client: APIClient) -> None:
    response = alice_client.post(CREATE, b'{"name": "x", "\\ud800": 1}', content_type="application/json")
    assert (response.status_code, error_of(response)["code"]) == (400, "parse_error")
    text = '{"StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": "\\udc00"}}}'
    response = alice_client.post(CREATE, {"name": "x", "definition": text}, format="json")
    assert (response.status_code, error_of(response)["code"]) == (400, "invalid_definition")


def test_validate_echoing_a_lone_surrogate_still_answers(alice_client: APIClient) -> None:
    text = '{"StartAt": "\\ud800", "States": {}}'
    response = alice_client.post("/api/validate/", {"definition": text}, format="json")
    assert response.status_code == 200
    assert response.json()["result"] == "FAIL"


def test_bodies_over_the_limit_are_413(alice_client: APIClient, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    response = alice_client.post(CREATE, b'{"name": "' + b"x" * 2000 + b'"}', content_type="application/json")
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_the_default_limit_is_2_mib(alice_client: APIClient) -> None:
    response = alice_client.post("/api/validate/", b" " * (2 * 1024 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413


def test_unsupported_media_types_are_415(alice_client: APIClient) -> None:
    response = alice_client.post(CREATE, b"name=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_unknown_api_paths_are_json_404(alice_client: APIClient, anon: APIClient) -> None:
    for client in (alice_client, anon):
        response = client.get("/api/no/such/thing/")
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_session_writes_need_the_csrf_token(alice: object, machine: StateMachine) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)  # type: ignore[arg-type]
    response = client.patch(f"/api/state-machines/{machine.id}/", {"description": "x"},
                            content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in error_of(response)["message"]
    client.get("/accounts/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.patch(f"/api/state-machines/{machine.id}/", {"description": "x"},
                            content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
