"""POST /api/state-machines/import/: an ASL document, JSON or YAML, in a JSON body or sent as it is."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import HELLO, HELLO_TEXT, error_of

URL = "/api/state-machines/import/"
HELLO_YAML = """\
Comment: Says hello
StartAt: Greet
States:
  Greet:
    Type: Pass
    Result: hello
    End: true
"""


def test_yaml_text_in_a_json_body_is_stored_as_canonical_json(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "hello", "definition": HELLO_YAML, "type": "EXPRESS"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["definition"], response.json()["type"]) == (HELLO_TEXT, "EXPRESS")


def test_json_text_is_stored_as_given(alice_client: APIClient) -> None:
    text = json.dumps(HELLO)
    assert alice_client.post(URL, {"name": "hello", "definition": text}, format="json").json()["definition"] == text


def test_an_object_is_stored_as_canonical_json(alice_client: APIClient) -> None:
    assert alice_client.post(URL, {"name": "hello", "definition": HELLO}, format="json").json()["definition"] == (
        HELLO_TEXT)


@pytest.mark.parametrize("content_type", ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"])
def test_the_document_itself_as_the_body(alice_client: APIClient, content_type: str) -> None:
    response = alice_client.post(f"{URL}?name=hello&description=imported", HELLO_YAML.encode(),
                                 content_type=content_type)
    assert response.status_code == 201, response.content
    assert (response.json()["definition"], response.json()["description"]) == (HELLO_TEXT, "imported")


def test_yaml_timestamps_stay_strings(alice_client: APIClient) -> None:
    document = "StartAt: W\nStates:\n  W:\n    Type: Wait\n    Timestamp: 2016-03-14T01:59:00Z\n    End: true\n"
    body = alice_client.post(URL, {"name": "wait", "definition": document}, format="json").json()
    assert json.loads(body["definition"])["States"]["W"]["Timestamp"] == "2016-03-14T01:59:00Z"


@pytest.mark.parametrize(("document", "fragment"), [
    ("a: &x [1]\nb: *x\n", "aliases"),
    ("{not json", "Invalid JSON"),
    ("StartAt: [unclosed\n", "Invalid YAML"),
    ("1: one\n", "Keys must be strings"),
    ("x: .inf\n", "not a JSON number"),
    ("x: !!binary aGVsbG8=\n", "not JSON data"),
    ("[" * 5000, "Invalid JSON"),
    ("- " * 3000 + "x\n", "nested"),
])
def test_documents_that_are_not_json_data_are_refused(alice_client: APIClient, document: str, fragment: str) -> None:
    response = alice_client.post(URL, {"name": "bad", "definition": document}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["pointer"]) == ("invalid_definition", "/definition")
    assert fragment in error["diagnostics"][0]["message"]


def test_format_json_refuses_yaml(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "bad", "definition": HELLO_YAML, "format": "json"}, format="json")
    assert response.status_code == 400


def test_a_text_import_needs_a_name(alice_client: APIClient) -> None:
    response = alice_client.post(URL, HELLO_YAML.encode(), content_type="application/yaml")
    assert response.status_code == 400
    assert (error_of(response)["parameter"], error_of(response)["code"]) == ("name", "required")


def test_an_invalid_definition_points_into_it(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "bad", "definition": "StartAt: Nowhere\nStates: {}\n"}, format="json")
    assert response.status_code == 400
    locations = [d["location"] for d in error_of(response)["diagnostics"]]
    assert "/StartAt" in locations


def test_unknown_fields_are_refused(alice_client: APIClient) -> None:
    response = alice_client.post(URL, {"name": "x", "definition": HELLO, "extra": 1}, format="json")
    assert (response.status_code, error_of(response)["pointer"]) == (400, "/extra")
