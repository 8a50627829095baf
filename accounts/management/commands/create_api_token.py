"""Create an API token for a user and print its secret (the only time it is shown)."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print the secret on standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for (default: cli).")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        user = users.objects.filter(**{users.USERNAME_FIELD: options["username"]}).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}")
        name = options["name"].strip()
        if not name or len(name) > 100:
            raise CommandError("--name must have 1 to 100 characters")
        token, secret = create_api_token(user=user, name=name)
        self.stderr.write(f"Created token {token.id} ({token.name}) for {options['username']}; "
                          "the secret below is not shown again:")
        self.stdout.write(secret)
