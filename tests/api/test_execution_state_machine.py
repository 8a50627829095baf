"""GET /api/executions/<id>/state-machine/: the definition an execution runs (DescribeStateMachineForExecution)."""
from __future__ import annotations

import json

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from designer.services import create_state_machine, update_state_machine
from executions.services import start_execution

FIRST = '{"StartAt": "A",\n  "States": {"A": {"Type": "Pass", "End": true}}}'
SECOND = json.dumps({"StartAt": "B", "States": {"B": {"Type": "Succeed"}}})


def test_an_execution_keeps_the_definition_it_started_with(db: None) -> None:
    owner = User.objects.create_user("olive", password="pw-olive-12345")
    machine = create_state_machine(owner=owner, name="Keep", definition=FIRST).machine
    execution = start_execution(machine, input="{}", name="first")
    update_state_machine(machine=machine, definition=SECOND)
    client = APIClient()
    client.force_authenticate(owner)

    body = client.get(f"/api/executions/{execution.pk}/state-machine/").json()
    assert body["definition"] == FIRST, "the exact text of the revision run, not the current definition"
    assert body["name"] == "Keep" and body["revision_id"] == str(execution.revision_id)
    assert body["state_machine_arn"].endswith(":stateMachine:Keep")

    stranger = APIClient()
    stranger.force_authenticate(User.objects.create_user("sam", password="pw-sam-123456"))
    assert stranger.get(f"/api/executions/{execution.pk}/state-machine/").status_code == 404
