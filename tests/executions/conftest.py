"""Fixtures for runtime tests: the embedded worker (threads, in-memory broker) on a file SQLite database.

The worker's threads open their own database connections, so tests must commit
(``transactional_db``); ``tests/conftest.py`` makes the SQLite test database a file they all see.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User

from designer.models import StateMachine
from designer.services import create_state_machine
from executions.models import Execution


@pytest.fixture(scope="session")
def embedded_worker(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    from executions.worker import start_embedded_worker

    with django_db_blocker.unblock():
        worker = start_embedded_worker(concurrency=4)
        yield worker
        worker.stop(in_sighandler=False)


@pytest.fixture
def alice(transactional_db: Any) -> User:
    return User.objects.create_user("alice", password="wonderland-42")


@pytest.fixture
def machine_of(alice: User) -> Callable[..., StateMachine]:
    def make(definition: str, name: str = "Flow", **options: Any) -> StateMachine:
        return create_state_machine(owner=alice, name=name, definition=definition, **options).machine

    return make


def wait_for_end(execution: Execution, timeout: float = 30.0) -> Execution:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution.refresh_from_db()
        if execution.status != "RUNNING":
            return execution
        time.sleep(0.02)
    raise AssertionError(f"execution {execution.name} still RUNNING after {timeout}s")


@pytest.fixture
def quiet() -> Iterator[None]:
    """Nothing is enqueued: ``tests.api.drive`` moves the runs (an embedded worker another test started stays idle)."""
    with mock.patch("executions.runtime.AfterCommit.schedule"):
        yield
