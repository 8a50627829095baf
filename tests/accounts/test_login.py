"""Sign-in pages: the login page works, every page needs a signed-in user, logout ends the session."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


def test_the_login_page_is_a_form(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html and 'name="username"' in html and 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.parametrize(("page", "login"), [("/accounts/", "/accounts/login/"),
                                             ("/accounts/logout/", "/accounts/login/"),
                                             ("/admin/", "/admin/login/")])  # the admin has its own
def test_pages_redirect_to_login(client: Client, db: None, page: str, login: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={page}"


def test_signing_in_goes_back_to_the_page_asked_for(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "alice-password-123",
                                                "next": "/api/docs/"})
    assert (response.status_code, response["Location"]) == (302, "/api/docs/")
    assert client.get("/accounts/").status_code == 200
    assert client.get("/api/state-machines/").status_code == 200  # the session authenticates the API too


def test_a_wrong_password_shows_an_error(client: Client, alice: User) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get("/accounts/").status_code == 302


def test_the_account_page_names_the_user(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert "alice" in client.get("/accounts/").content.decode()


def test_logout(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 200  # a page with the button
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert client.get("/accounts/").status_code == 302
    assert client.get("/api/state-machines/").status_code == 401


def test_the_health_check_needs_no_login(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
