"""``manage.py load_examples`` (what ``make run`` calls): the examples as the admin's state machines."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from designer.models import StateMachine
from examples.catalog import examples


@pytest.mark.django_db
def test_every_example_becomes_a_machine_with_its_sample_input_once() -> None:
    admin = User.objects.create_superuser("root", password="pw-root-12345")
    call_command("load_examples", verbosity=0)
    call_command("load_examples", verbosity=0)  # again: nothing doubles

    machines = {m.name: m for m in StateMachine.objects.filter(owner=admin)}
    assert set(machines) == {example.name for example in examples()}
    for example in examples():
        machine = machines[example.name]
        assert machine.sample_input == example.sample_input(), "the start dialog offers it"
        assert machine.current_revision is not None
        assert json.loads(machine.current_revision.definition) == example.definition()
