"""The OpenAPI 3 schema at /api/schema/ and the docs pages, which work offline (sidecar assets)."""
from __future__ import annotations

import json

from django.contrib.staticfiles import finders
from django.test import Client
from rest_framework.test import APIClient


def test_the_schema_documents_every_endpoint(anon: APIClient) -> None:
    response = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/state-machines/", "/api/state-machines/import/", "/api/state-machines/{machine_id}/",
        "/api/state-machines/{machine_id}/export/", "/api/state-machines/{machine_id}/versions/",
        "/api/state-machines/{machine_id}/versions/{number}/", "/api/state-machines/{machine_id}/aliases/",
        "/api/state-machines/{machine_id}/aliases/{alias_name}/", "/api/state-machines/{machine_id}/shares/",
        "/api/state-machines/{machine_id}/shares/{share_id}/", "/api/validate/", "/api/tokens/",
        "/api/tokens/{token_id}/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["bearerAuth"][
            "description"]}
    get_machine = schema["paths"]["/api/state-machines/{machine_id}/"]["get"]
    assert {"200", "401", "404"} <= set(get_machine["responses"])


def test_the_docs_pages_ask_people_to_sign_in(client: Client) -> None:
    for page in ("/api/docs/", "/api/redoc/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={page}")


def test_the_docs_page_loads_its_assets_from_this_server(alice_client: APIClient) -> None:
    response = alice_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "//cdn" not in html and "https://" not in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert alice_client.get("/api/redoc/").status_code == 200
