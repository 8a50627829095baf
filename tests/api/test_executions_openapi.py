"""The OpenAPI schema documents the execution endpoints with their request and response shapes."""
from __future__ import annotations

import json
from typing import Any

from rest_framework.test import APIClient


def schema(client: APIClient) -> dict[str, Any]:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def ref(operation: dict[str, Any], status: str) -> str:
    content = operation["responses"][status]["content"]["application/json"]["schema"]
    return content.get("$ref", "").rsplit("/", 1)[-1]


def test_every_execution_endpoint_is_documented(anon: APIClient) -> None:
    paths = schema(anon)["paths"]
    assert {
        "/api/state-machines/{machine_id}/executions/", "/api/executions/", "/api/executions/{execution_id}/",
        "/api/executions/{execution_id}/stop/", "/api/executions/{execution_id}/redrive/",
        "/api/executions/{execution_id}/history/", "/api/executions/{execution_id}/states/",
        "/api/executions/{execution_id}/invocations/",
    } <= set(paths)


def test_request_and_response_shapes(anon: APIClient) -> None:
    document = schema(anon)
    paths, components = document["paths"], document["components"]["schemas"]
    start = paths["/api/state-machines/{machine_id}/executions/"]["post"]
    body = start["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[body]["properties"]) == {"name", "input", "version", "alias"}
    assert (ref(start, "201"), ref(start, "200")) == ("ExecutionOutput", "ExecutionOutput")
    assert {"400", "401", "403", "404", "409"} <= set(start["responses"])
    assert ref(paths["/api/executions/{execution_id}/history/"]["get"], "200") == "HistoryOutput"
    assert ref(paths["/api/executions/{execution_id}/states/"]["get"], "200") == "StateSummariesOutput"
    listed = paths["/api/executions/"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"status", "state_machine", "started_after",
                                                         "started_before", "search", "cursor", "page_size"}
    assert ref(listed, "200") == "PaginatedExecutionSummaryOutputList"
    history = {p["name"] for p in paths["/api/executions/{execution_id}/history/"]["get"]["parameters"]}
    assert history >= {"after", "limit", "reverse", "types"}
