"""Export is deterministic and byte-stable: import the canonical text, export it, get the same bytes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rest_framework.test import APIClient

from designer.models import StateMachine
from designer.services import publish_version, update_state_machine
from tests.api.conftest import HELLO, error_of

FIXTURE = (Path(__file__).parent / "fixtures" / "unknown_fields.asl.json").read_text(encoding="utf-8")
IMPORT = "/api/state-machines/import/"


def export(client: APIClient, machine_id: str, fmt: str = "json", **query: object) -> bytes:
    response = client.get(f"/api/state-machines/{machine_id}/export/", {"format": fmt, **query})
    assert response.status_code == 200, response.content
    return response.content


def test_import_then_export_gives_the_same_bytes(alice_client: APIClient) -> None:
    created = alice_client.post(IMPORT, {"name": "roundtrip", "definition": FIXTURE}, format="json")
    assert created.status_code == 201, created.content
    assert export(alice_client, created.json()["id"]) == FIXTURE.encode("utf-8")


def test_a_second_round_trip_changes_nothing(alice_client: APIClient) -> None:
    messy = json.dumps(json.loads(FIXTURE), separators=(",", ":"))
    first = alice_client.post(IMPORT, {"name": "first", "definition": messy}, format="json").json()
    exported = export(alice_client, first["id"]).decode()
    second = alice_client.post(IMPORT, {"name": "second", "definition": exported}, format="json").json()
    assert export(alice_client, second["id"]).decode() == exported == FIXTURE


def test_yaml_export_keeps_key_order_and_imports_back(alice_client: APIClient) -> None:
    machine_id = alice_client.post(IMPORT, {"name": "y", "definition": FIXTURE}, format="json").json()["id"]
    exported = export(alice_client, machine_id, "yaml").decode()
    assert list(yaml.safe_load(exported)) == ["Comment", "StartAt", "States", "TimeoutSeconds"]
    again = alice_client.post(IMPORT, exported.encode(), content_type="application/yaml", QUERY_STRING="name=y2")
    assert again.status_code == 201, again.content
    assert export(alice_client, again.json()["id"]).decode() == FIXTURE


def test_compact_export(alice_client: APIClient, machine: StateMachine) -> None:
    assert export(alice_client, str(machine.id), "json-compact") == json.dumps(HELLO, separators=(",", ":")).encode()


def test_export_headers(alice_client: APIClient, machine: StateMachine) -> None:
    response = alice_client.get(f"/api/state-machines/{machine.id}/export/", {"format": "yaml"},
                                HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hello.asl.yaml"'


def test_export_a_published_version(alice_client: APIClient, machine: StateMachine) -> None:
    publish_version(machine=machine)
    update_state_machine(machine=machine, definition='{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}')
    assert json.loads(export(alice_client, str(machine.id), version=1)) == HELLO
    assert json.loads(export(alice_client, str(machine.id)))["StartAt"] == "S"
    assert alice_client.get(f"/api/state-machines/{machine.id}/export/", {"version": 2}).status_code == 404


@pytest.mark.parametrize(("query", "parameter"), [({"format": "xml"}, "format"), ({"version": "one"}, "version")])
def test_bad_export_parameters_are_400(alice_client: APIClient, machine: StateMachine, query: dict,
                                       parameter: str) -> None:
    response = alice_client.get(f"/api/state-machines/{machine.id}/export/", query)
    assert response.status_code == 400
    assert error_of(response)["parameter"] == parameter
