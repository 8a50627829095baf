"""manage.py ensure_admin: a first admin for `make run`, from the environment or with a printed password."""
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command


def ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_admin_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEPCRAFT_ADMIN_USER", raising=False)
    monkeypatch.delenv("STEPCRAFT_ADMIN_PASSWORD", raising=False)


def test_creates_admin_with_a_generated_password_once(db: None) -> None:
    out = ensure_admin()
    password = out.split("with password ")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(password)
    assert "exists" in ensure_admin()
    assert User.objects.count() == 1


def test_takes_the_user_and_password_from_the_environment(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPCRAFT_ADMIN_USER", "root")
    monkeypatch.setenv("STEPCRAFT_ADMIN_PASSWORD", "s3cret-enough")
    out = ensure_admin()
    assert "s3cret" not in out
    assert User.objects.get(username="root").check_password("s3cret-enough")


def test_never_changes_an_existing_users_password(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    User.objects.create_user("root", "", "original")
    monkeypatch.setenv("STEPCRAFT_ADMIN_USER", "root")
    monkeypatch.setenv("STEPCRAFT_ADMIN_PASSWORD", "other")
    ensure_admin()
    assert User.objects.get(username="root").check_password("original")


def test_does_nothing_when_some_admin_exists(db: None) -> None:
    User.objects.create_superuser("boss", "", "pw")
    assert "an admin user exists" in ensure_admin()
    assert not User.objects.filter(username="admin").exists()
