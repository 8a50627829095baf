"""Make sure a first administrator exists (``make run`` calls this after migrating). Idempotent.

- a superuser already exists, and STEPCRAFT_ADMIN_USER names none that is missing: nothing to do;
- otherwise creates the superuser STEPCRAFT_ADMIN_USER (default ``admin``) with the password
  STEPCRAFT_ADMIN_PASSWORD, or, when that is unset, a generated one printed once.

An existing user's password is never changed. Never prompts.
"""
from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first admin user from STEPCRAFT_ADMIN_USER / STEPCRAFT_ADMIN_PASSWORD (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        wanted = os.environ.get("STEPCRAFT_ADMIN_USER", "").strip()
        username = wanted or "admin"
        if users.objects.filter(**{users.USERNAME_FIELD: username}).exists():
            self.stdout.write(f"ensure_admin: user {username!r} exists")
            return
        if not wanted and users.objects.filter(is_superuser=True).exists():
            self.stdout.write("ensure_admin: an admin user exists")
            return
        password = os.environ.get("STEPCRAFT_ADMIN_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        users.objects.create_superuser(**{users.USERNAME_FIELD: username}, email="", password=password)
        if generated:
            self.stdout.write(self.style.WARNING(
                f"ensure_admin: created admin user {username!r} with password {password}\n"
                "  (shown only now; set STEPCRAFT_ADMIN_PASSWORD to choose it, or change it in /admin/)"))
        else:
            self.stdout.write(f"ensure_admin: created admin user {username!r} (password from STEPCRAFT_ADMIN_PASSWORD)")
