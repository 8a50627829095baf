"""/healthz answers over plain Django and through the ASGI application `make run` serves."""

from __future__ import annotations

import json

from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator
from django.test import Client

from stepcraft.asgi import application


def test_healthz_reports_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_only_answers_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_healthz_over_asgi() -> None:
    communicator = HttpCommunicator(application, "GET", "/healthz", headers=[(b"host", b"localhost")])
    response = async_to_sync(communicator.get_response)()
    assert response["status"] == 200
    assert json.loads(response["body"]) == {"status": "ok"}
