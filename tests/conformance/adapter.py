"""Conformance adapter: runs a case of ``../shared/conformance`` through ``asl.run``.

The runner there calls ``run(definition, input, handlers)`` with the case's handlers.json;
this turns each Lambda stand-in into a handler keyed by function name and reports the result
in the runner's shape. The recorded ARNs name account 111111111111
and the role ARN was recorded as ``snf_role_arn``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import asl  # noqa: E402
from asl.context import ExecutionInfo  # noqa: E402

CONTEXT = {"account_id": "111111111111", "region": "us-east-1", "state_machine_name": "ConformanceMachine",
           "role_arn": "snf_role_arn"}


def _handler(spec: dict[str, Any]) -> Any:
    from local_handlers import make_lambda_callable  # type: ignore[import-not-found]

    function = make_lambda_callable(spec)
    if spec["kind"] != "raw_payload":
        return function
    # The function's response body is this exact text: Lambda returns it parsed when it is JSON.
    def raw(event: Any) -> Any:
        payload = function(event).payload
        try:
            return json.loads(payload)
        except ValueError:
            return payload
    return raw


def run(definition: dict[str, Any], input: Any, handlers: dict[str, Any],
        history: list[str] | None = None) -> dict[str, Any]:
    """Run one case; ``history``, when given, receives the event types of the run."""
    table = {name: _handler(spec) for name, spec in (handlers or {}).get("lambda", {}).items()}
    result = asl.run(definition, input, handlers=table, context=ExecutionInfo(**CONTEXT))
    if history is not None:
        history.extend(event.type for event in result.events)
    return {"status": result.status, "output": result.output, "error": result.error, "cause": result.cause}
