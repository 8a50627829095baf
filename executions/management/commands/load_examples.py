"""``manage.py load_examples [--user NAME]``: the example workflows, as state machines of a user.

Idempotent: an example already there (by name) keeps its definition unless ``--update``.
``make run`` loads them for the first admin, so a new user sees real workflows at once.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from designer.models import StateMachine
from designer.services import create_state_machine, update_state_machine
from examples.catalog import examples


class Command(BaseCommand):
    help = "Create the example state machines for a user (default: the first superuser)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="owner of the examples (default: the first superuser)")
        parser.add_argument("--update", action="store_true", help="replace changed example definitions")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        if options["user"]:
            owner = users.objects.filter(**{users.USERNAME_FIELD: options["user"]}).first()
        else:
            owner = users.objects.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise CommandError("no such user (create one first: manage.py ensure_admin)")
        for example in examples():
            machine = StateMachine.objects.filter(owner=owner, name=example.name).first()
            if machine is None:
                create_state_machine(owner=owner, name=example.name, definition=example.definition_text(),
                                     type=example.type, description=example.description,
                                     sample_input=example.sample_input())
                self.stdout.write(f"load_examples: created {example.name}")
            elif options["update"]:
                update_state_machine(machine=machine, definition=example.definition_text(),
                                     sample_input=example.sample_input())
                self.stdout.write(f"load_examples: updated {example.name}")
