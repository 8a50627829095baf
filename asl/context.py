"""The context object (``$$`` in JSONPath, ``$states.context`` in JSONata).

:class:`ExecutionInfo` describes the execution; :func:`context_object` builds the object a
state sees, adding the per-state and per-item parts. Timestamps come in as arguments: the
engine never reads the clock.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from asl.timestamps import format_timestamp

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"


@dataclass
class ExecutionInfo:
    """Who and what is running: names, ARNs, input and start time of one execution."""

    input: Any = None
    state_machine_name: str = "StateMachine"
    execution_name: str = field(default_factory=lambda: str(uuid.uuid4()))
    region: str = DEFAULT_REGION
    account_id: str = DEFAULT_ACCOUNT
    role_arn: str | None = None
    start_time: datetime = field(default_factory=lambda: datetime(2024, 1, 1, tzinfo=UTC))
    redrive_count: int = 0

    @property
    def state_machine_arn(self) -> str:
        return f"arn:aws:states:{self.region}:{self.account_id}:stateMachine:{self.state_machine_name}"

    @property
    def execution_arn(self) -> str:
        return (f"arn:aws:states:{self.region}:{self.account_id}:execution:"
                f"{self.state_machine_name}:{self.execution_name}")

    def base_context(self) -> dict[str, Any]:
        """The parts of the context object that stay the same for the whole execution."""
        role_arn = self.role_arn or f"arn:aws:iam::{self.account_id}:role/StepcraftExecutionRole"
        return {
            "Execution": {
                "Id": self.execution_arn,
                "Input": self.input,
                "Name": self.execution_name,
                "RoleArn": role_arn,
                "StartTime": format_timestamp(self.start_time),
                "RedriveCount": self.redrive_count,
            },
            "StateMachine": {"Id": self.state_machine_arn, "Name": self.state_machine_name},
        }


def context_object(base: dict[str, Any], state_name: str, entered_time: datetime,
                   retry_count: int | None = None, map_item: tuple[int, Any] | None = None,
                   task_token: str | None = None) -> dict[str, Any]:
    """The context object one state sees (a fresh dict: states may hand it to users)."""
    state: dict[str, Any] = {"EnteredTime": format_timestamp(entered_time), "Name": state_name}
    if retry_count is not None:
        state["RetryCount"] = retry_count
    ctx = {"Execution": base["Execution"], "StateMachine": base["StateMachine"], "State": state}
    if task_token is not None:
        ctx["Task"] = {"Token": task_token}
    if map_item is not None:
        ctx["Map"] = {"Item": {"Index": map_item[0], "Value": map_item[1]}}
    return ctx
