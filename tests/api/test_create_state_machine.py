"""POST /api/state-machines/: a named, owned machine from a valid definition; bad input is a 400 with a pointer."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from designer.models import DefinitionRevision, StateMachine
from tests.api.conftest import HELLO, HELLO_TEXT, error_of

URL = "/api/state-machines/"


def test_creates_a_machine_owned_by_the_caller(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "hello", "definition": HELLO, "type": "EXPRESS",
                                       "description": "greets", "logging_level": "ERROR"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["arn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
    assert (body["type"], body["owner"], body["access"]) == ("EXPRESS", "alice", "OWNER")
    assert body["logging_level"] == "ERROR"
    assert body["diagnostics"] == [] and body["version"] is None
    machine = StateMachine.objects.get(id=body["id"])
    assert machine.current_revision is not None
    assert machine.current_revision.definition == body["definition"]


def test_definition_text_is_stored_exactly_as_given(alice_client: APIClient) -> None:
    text = '{"States":{"Greet":{"End":true,"Type":"Pass"}},   "StartAt":"Greet"}'
    body = alice_client.post(URL, {"name": "hello", "definition": text}, format="json").json()
    assert body["definition"] == text
    assert DefinitionRevision.objects.get(id=body["revision_id"]).definition == text


def test_definition_object_is_stored_as_indented_text_in_the_given_key_order(alice_client: APIClient) -> None:
    body = alice_client.post(URL, {"name": "hello", "definition": HELLO}, format="json").json()
    assert body["definition"] == HELLO_TEXT


def test_publish_creates_version_1(alice_client: APIClient) -> None:
    body = alice_client.post(URL, {"name": "hello", "definition": HELLO, "publish": True,
                                   "version_description": "first"}, format="json").json()
    assert body["version"]["number"] == 1
    assert body["version"]["arn"].endswith(":stateMachine:hello:1")
    assert body["version"]["description"] == "first"


def test_warnings_come_back_with_the_machine(alice_client: APIClient) -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x": "$.y"}, "End": True}}}
    response = alice_client.post(URL, {"name": "warned", "definition": definition}, format="json")
    assert response.status_code == 201
    [warning] = response.json()["diagnostics"]
    assert (warning["severity"], warning["code"]) == ("WARNING", "NO_DOLLAR")
    assert warning["location"] == "/States/A/Parameters/x"


def test_an_invalid_definition_is_refused_with_every_diagnostic(alice_client: APIClient) -> None:
    definition = {"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "Next": "B"}}}
    response = alice_client.post(URL, {"name": "broken", "definition": definition}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["pointer"]) == ("invalid_definition", "/definition")
    locations = {(d["code"], d["location"]) for d in error["diagnostics"]}
    assert ("MISSING_TRANSITION_TARGET", "/StartAt") in locations
    assert ("MISSING_TRANSITION_TARGET", "/States/A/Next") in locations
    assert not StateMachine.objects.exists()


def test_definition_text_that_is_not_json_is_an_invalid_definition(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "broken", "definition": "{not json"}, format="json")
    assert response.status_code == 400
    assert error_of(response)["diagnostics"][0]["code"] == "INVALID_JSON_DESCRIPTION"


def test_a_definition_over_1_mib_is_refused(alice_client: APIClient) -> None:
    definition = {**HELLO, "Comment": "x" * 1_048_576}
    response = alice_client.post(URL, {"name": "big", "definition": definition}, format="json")
    assert response.status_code == 400
    assert error_of(response)["diagnostics"][0]["code"] == "DEFINITION_TOO_LARGE"


@pytest.mark.parametrize("name", ["", "a b", "tab\there", "x" * 81, "a/b", "a:b", "brace{", "star*", "dollar$",
                                  "quote\"", "ctrl\u0007", "c1\u0085"])
def test_names_follow_aws_rules(alice_client: APIClient, name: str) -> None:
    response = alice_client.post(URL, {"name": name, "definition": HELLO}, format="json")
    assert response.status_code == 400
    assert error_of(response)["pointer"] == "/name"


@pytest.mark.parametrize("name", ["hello", "x" * 80, "with-dash_and.dot", "Ünïcode", "(parens)!"])
def test_names_aws_accepts(alice_client: APIClient, name: str) -> None:
    assert alice_client.post(URL, {"name": name, "definition": HELLO}, format="json").status_code == 201


def test_names_are_unique_per_owner(alice_client: APIClient, bob_client: APIClient) -> None:
    assert alice_client.post(URL, {"name": "hello", "definition": HELLO}, format="json").status_code == 201
    again = alice_client.post(URL, {"name": "hello", "definition": HELLO}, format="json")
    assert again.status_code == 409
    assert (error_of(again)["code"], error_of(again)["pointer"]) == ("state_machine_already_exists", "/name")
    assert bob_client.post(URL, {"name": "hello", "definition": HELLO}, format="json").status_code == 201


@pytest.mark.parametrize(("body", "pointer", "code"), [
    ({"definition": HELLO}, "/name", "required"),
    ({"name": "x"}, "/definition", "required"),
    ({"name": "x", "definition": 42}, "/definition", "invalid"),
    ({"name": "x", "definition": [HELLO]}, "/definition", "invalid"),
    ({"name": "x", "definition": None}, "/definition", "null"),
    ({"name": "x", "definition": HELLO, "type": "FAST"}, "/type", "invalid_choice"),
    ({"name": "x", "definition": HELLO, "logging_level": "DEBUG"}, "/logging_level", "invalid_choice"),
    ({"name": "x", "definition": HELLO, "include_execution_data": "maybe"}, "/include_execution_data", "invalid"),
    ({"name": "x", "definition": HELLO, "description": "d" * 257}, "/description", "max_length"),
    ({"name": {"a": 1}, "definition": HELLO}, "/name", "invalid"),
    ({"name": "x", "definition": HELLO, "role_arn": "arn:aws:iam::1:role/r"}, "/role_arn", "unknown_field"),
])
def test_bad_input_is_a_400_pointing_at_the_field(alice_client: APIClient, body: dict, pointer: str, code: str) -> None:
    response = alice_client.post(URL, body, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["pointer"], error["code"]) == (pointer, code)
    assert error["details"][0]["pointer"] == pointer


def test_a_body_that_is_not_an_object_is_a_400(alice_client: APIClient) -> None:
    response = alice_client.post(URL, json.dumps([1, 2]), content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["pointer"] == ""
