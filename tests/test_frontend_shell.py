"""The single-page app's shell: served for the app's routes, only to signed-in users."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def built(tmp_path: Path, settings: object) -> Path:
    (tmp_path / "index.html").write_text('<!doctype html><div id="root"></div><script src="/static/assets/app.js">')
    settings.FRONTEND_DIST = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.mark.parametrize("route", ["/machines/", "/machines/3f2a/design", "/executions/", "/executions/abc"])
def test_app_routes_need_a_signed_in_user(client: Client, db: None, built: Path, route: str) -> None:
    response = client.get(route)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("route", ["/machines/", "/machines/3f2a/design", "/executions/", "/executions/abc/"])
def test_app_routes_serve_the_built_shell_with_a_csrf_cookie(client: Client, db: None, built: Path,
                                                              route: str) -> None:
    client.force_login(User.objects.create_user("ann", password="pw-ann-12345"))
    response = client.get(route)
    assert response.status_code == 200
    assert b'<div id="root"></div>' in response.content
    assert "csrftoken" in response.cookies, "the app's REST calls need the CSRF cookie"


def test_root_goes_to_the_machine_list(client: Client, db: None) -> None:
    client.force_login(User.objects.create_user("ann", password="pw-ann-12345"))
    assert client.get("/")["Location"] == "/machines/"


def test_an_unbuilt_frontend_says_how_to_build_it(client: Client, db: None, tmp_path: Path, settings: object) -> None:
    settings.FRONTEND_DIST = tmp_path / "missing"  # type: ignore[attr-defined]
    client.force_login(User.objects.create_user("ann", password="pw-ann-12345"))
    response = client.get("/machines/")
    assert response.status_code == 503 and b"make frontend" in response.content
