"""``manage.py serve``: the web server, with an embedded worker unless workers run separately."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Stepcraft; in embedded mode (no REDIS_URL) also run the Celery worker in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="do not start the embedded worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_worker"] and not settings.REDIS_URL:
            from executions.worker import start_embedded_worker

            start_embedded_worker()
            self.stdout.write("Embedded worker started (in-memory broker).")
        call_command("runserver", options["addrport"], use_reloader=False)
