"""Revoke API tokens: by id, by secret, by shown prefix, or all of a user's."""
from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from accounts.models import ApiToken
from accounts.services import TOKEN_PREFIX, hash_token, revoke_api_token


class Command(BaseCommand):
    help = "Revoke an API token given its id, its secret or its prefix; or --user NAME --all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", nargs="?", help="Token id (UUID), secret (stc_...) or shown prefix.")
        parser.add_argument("--user", help="With --all: the user whose tokens to revoke.")
        parser.add_argument("--all", action="store_true", help="Revoke every token of --user.")

    def handle(self, *args: Any, **options: Any) -> None:
        tokens = self._select(options)
        count = 0
        for token in tokens:
            if token.revoked_at is None:
                revoke_api_token(token=token)
                count += 1
        self.stdout.write(f"Revoked {count} token(s)")

    def _select(self, options: dict[str, Any]) -> QuerySet[ApiToken]:
        if options["all"]:
            if not options["user"] or options["token"]:
                raise CommandError("--all needs --user and no token")
            return ApiToken.objects.filter(user__username=options["user"])
        given = (options["token"] or "").strip()
        if not given:
            raise CommandError("Name a token (id, secret or prefix), or use --user NAME --all")
        try:
            found = ApiToken.objects.filter(id=uuid.UUID(given))
        except ValueError:
            found = ApiToken.objects.filter(token_hash=hash_token(given))
            if not found.exists() and given.startswith(TOKEN_PREFIX):
                found = ApiToken.objects.filter(prefix=given)
        if options["user"]:
            found = found.filter(user__username=options["user"])
        if not found.exists():
            raise CommandError(f"No token matches {given!r}")
        if found.count() > 1:
            raise CommandError(f"{found.count()} tokens match {given!r}; give the id instead")
        return found
