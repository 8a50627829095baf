"""Celery tasks for testing the test tooling itself; workers load them with ``include=[__name__]``.

Not part of Stepcraft: only worker processes started with ``--include tests.integration.probe_tasks``
register them.
"""

from __future__ import annotations

import os
import time

from celery import shared_task


@shared_task(name="stepcraft_tests.copy_group")
def copy_group(source: str, target: str) -> None:
    """Read a row the test committed and write one the test can read: proves a shared database."""
    from django.contrib.auth.models import Group
    from django.db import connection

    Group.objects.get(name=source)
    Group.objects.create(name=f"{target}|{connection.settings_dict['NAME']}|{os.getpid()}")


@shared_task(name="stepcraft_tests.sleep_then_mark")
def sleep_then_mark(seconds: float, name: str) -> None:
    time.sleep(seconds)
    from django.contrib.auth.models import Group

    Group.objects.create(name=name)
