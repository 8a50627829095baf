"""Running an example in memory (``asl.run``) with the registered handlers, and reading its history."""
from __future__ import annotations

import json
from typing import Any

import asl
from examples import catalog
from executions.handlers import handler_table, load_handler_modules

load_handler_modules(["examples.handlers"])


def run_example(name: str, input: Any = None) -> asl.ExecutionResult:
    example = catalog.get(name)
    return asl.run(example.definition(), example.sample_input() if input is None else input,
                   handlers=handler_table())


def events(result: asl.ExecutionResult, event_type: str) -> list[dict[str, Any]]:
    """The details of every event of ``event_type``, in order."""
    key = next(iter({k for e in result.history if e["type"] == event_type for k in e if k.endswith("Details")}),
               None)
    return [event.get(key, {}) if key else {} for event in result.history if event["type"] == event_type]


def entered(result: asl.ExecutionResult) -> list[str]:
    """The names of the states entered, in order."""
    return [event["stateEnteredEventDetails"]["name"] for event in result.history
            if event["type"].endswith("StateEntered")]


def state_outputs(result: asl.ExecutionResult, state: str) -> list[Any]:
    """The outputs of every exit of ``state``."""
    return [json.loads(event["stateExitedEventDetails"]["output"]) for event in result.history
            if event["type"].endswith("StateExited") and event["stateExitedEventDetails"]["name"] == state]
