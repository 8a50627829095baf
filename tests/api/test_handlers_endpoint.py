"""GET /api/handlers/: the registered task handlers the designer's palette offers as Tasks."""
from __future__ import annotations

from rest_framework.test import APIClient

from tests.api.conftest import client_for

URL = "/api/handlers/"


def test_lists_every_registered_handler_with_its_function_arn(alice_client: APIClient, settings) -> None:
    settings.STEPCRAFT_REGION, settings.STEPCRAFT_ACCOUNT_ID = "eu-west-3", "111122223333"
    response = alice_client.get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["region"], body["account_id"]) == ("eu-west-3", "111122223333")
    names = [handler["name"] for handler in body["handlers"]]
    assert names == sorted(names) and names  # the example handlers are registered
    first = body["handlers"][0]
    assert first["arn"] == f"arn:aws:lambda:eu-west-3:111122223333:function:{first['name']}"
    assert all(isinstance(handler["description"], str) for handler in body["handlers"])


def test_signed_out_callers_are_refused_in_the_api_error_format(db: None) -> None:
    response = client_for(None).get(URL)
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
