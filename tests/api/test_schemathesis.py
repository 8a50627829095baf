"""Schemathesis fuzzes every operation of the OpenAPI schema in-process: no input gives a 5xx.

Schemathesis's coverage phase (boundary values, missing and wrong-typed fields, unexpected
methods) plus up to ``MAX_EXAMPLES`` random valid and invalid inputs per operation, sent through
Django's WSGI application as alice with an API token (~20 s for the whole API). Path ids are
pointed at one of alice's real machines (recreated if a generated DELETE removed it), so bodies
reach the code behind the access checks instead of stopping at 404; execution ids likewise point at
an execution of that machine (running until a generated stop aborts it).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from accounts.services import create_api_token
from designer.models import StateMachine
from designer.services import create_state_machine, publish_version
from executions.models import Execution
from executions.services import start_execution
from tests.api.conftest import HELLO_TEXT

MAX_EXAMPLES = 25
CONFIG = SchemathesisConfig.from_dict({
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "seed": 4,
    "suppress-health-check": ["all"],
})


# Loaded at collection: the schema endpoint needs no database. (schemathesis.pytest.from_fixture
# would load it per test, but fails on pytest 9: it sets the private Function._nodeid.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Django closes the connection (and so the test's transaction) around each request unless told not to."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzer(alice: User, keep_test_connection: None) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(user=alice, name='fuzz')[1]}"}


def alices_machine(alice: User) -> StateMachine:
    machine = StateMachine.objects.filter(owner=alice, name="fuzzed").first()
    if machine is None:
        machine = create_state_machine(owner=alice, name="fuzzed", definition=HELLO_TEXT).machine
        publish_version(machine=machine)
    return machine


def alices_execution(alice: User) -> Execution:
    machine = alices_machine(alice)
    execution = Execution.objects.filter(state_machine=machine, name="fuzzed").first()
    return execution or start_execution(machine, name="fuzzed", input='{"n": 1}')


@pytest.mark.slow
@schema.parametrize()
def test_no_input_gives_a_server_error(case: Any, alice: User, fuzzer: dict[str, str]) -> None:
    if "machine_id" in (case.path_parameters or {}):
        case.path_parameters["machine_id"] = str(alices_machine(alice).id)
    if "execution_id" in (case.path_parameters or {}):
        case.path_parameters["execution_id"] = str(alices_execution(alice).id)
    case.call_and_validate(headers=fuzzer, checks=[not_a_server_error])
