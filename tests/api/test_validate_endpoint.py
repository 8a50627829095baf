"""POST /api/validate/: AWS's ValidateStateMachineDefinition; any definition gives OK or FAIL, never a 500."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import HELLO, error_of

URL = "/api/validate/"


def validate(client: APIClient, definition: object, **extra: object) -> dict:
    response = client.post(URL, {"definition": definition, **extra}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_valid_definition_is_ok(alice_client: APIClient) -> None:
    assert validate(alice_client, HELLO) == {"result": "OK", "diagnostics": [], "truncated": False}
    assert validate(alice_client, json.dumps(HELLO))["result"] == "OK"


def test_problems_are_located_by_pointer(alice_client: APIClient) -> None:
    body = validate(alice_client, {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}})
    assert body["result"] == "FAIL"
    assert {"severity": "ERROR", "code": "MISSING_TRANSITION_TARGET", "message": "Missing 'Next' target: B",
            "location": "/States/A/Next"} in body["diagnostics"]


def test_severity_error_leaves_warnings_out(alice_client: APIClient) -> None:
    warned = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x": "$.y"}, "End": True}}}
    assert validate(alice_client, warned)["diagnostics"][0]["code"] == "NO_DOLLAR"
    assert validate(alice_client, warned, severity="ERROR") == {"result": "OK", "diagnostics": [],
                                                                "truncated": False}


def test_max_results_truncates(alice_client: APIClient) -> None:
    states = {f"S{i}": {"Type": "Pass", "Next": f"Missing{i}"} for i in range(5)}
    body = validate(alice_client, {"StartAt": "S0", "States": states}, max_results=2)
    assert (len(body["diagnostics"]), body["truncated"]) == (2, True)


def test_the_definition_as_a_plain_text_body(alice_client: APIClient) -> None:
    response = alice_client.post(URL, b"{oops", content_type="text/plain")
    assert response.status_code == 200
    assert response.json()["diagnostics"][0]["code"] == "INVALID_JSON_DESCRIPTION"


@pytest.mark.parametrize("garbage", [
    None, 0, -1.5, True, "", "   ", "null", "[]", "{", "\u0000", "NaN", '{"StartAt": NaN}', '"\\ud800"',
    [], [1, [2]], {"States": None}, {"StartAt": 1, "States": []}, {"StartAt": "A", "States": {"A": None}},
    {"StartAt": "A", "States": {"A": {"Type": "Map"}}}, {"StartAt": "A", "States": {"A": {"Type": ["Pass"]}}},
    "[" * 100_000, "{\"a\":" * 50_000,
])
def test_garbage_definitions_fail_cleanly(alice_client: APIClient, garbage: object) -> None:
    body = validate(alice_client, garbage)
    assert body["result"] == "FAIL"
    assert all(d["severity"] == "ERROR" for d in body["diagnostics"][:1])


def test_a_deeply_nested_definition_object_fails_cleanly(alice_client: APIClient) -> None:
    nested: object = "leaf"
    for _ in range(900):
        nested = {"n": nested}
    response = alice_client.post(URL, json.dumps({"definition": {**HELLO, "Comment": nested}}),
                                 content_type="application/json")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(("body", "pointer"), [
    ({}, "/definition"),
    ({"definition": HELLO, "severity": "INFO"}, "/severity"),
    ({"definition": HELLO, "max_results": 0}, "/max_results"),
    ({"definition": HELLO, "max_results": "many"}, "/max_results"),
    ({"definition": HELLO, "role_arn": "x"}, "/role_arn"),
])
def test_bad_requests_are_400_with_a_pointer(alice_client: APIClient, body: dict, pointer: str) -> None:
    response = alice_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert error_of(response)["pointer"] == pointer
