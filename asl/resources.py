"""Task resources: what a ``Resource`` ARN names and how its requests and results look.

Stepcraft runs Task states against local Python handlers standing in for Lambda functions.
This module knows the ARN forms and AWS's envelopes -- the request a function receives, the
``lambda:invoke`` response wrapper, Lambda's error payload -- so every runner (the in-memory
one here, the durable one in ``executions/``) produces the same results and history events.
"""
from __future__ import annotations

import json
import traceback
import uuid
from dataclasses import dataclass
from typing import Any

from asl.history import to_json_text

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
_PATTERN_SUFFIXES = (".waitForTaskToken", ".sync:2", ".sync")


@dataclass(frozen=True)
class Resource:
    """A parsed ``Resource`` ARN."""

    arn: str
    service: str  # "lambda" for both Lambda forms, else the service part of the ARN
    action: str  # "invoke", "function", "activity", the API action, ...
    pattern: str  # "", "sync", "sync:2" or "waitForTaskToken"
    legacy_lambda: bool  # a function ARN used directly: history says LambdaFunction*, not Task*

    @property
    def lambda_backed(self) -> bool:
        """Whether the Task invokes a Lambda function: a function ARN, or ``lambda:invoke`` (any pattern)."""
        return self.legacy_lambda or (self.service == "lambda" and self.action == "invoke")

    @property
    def history_fields(self) -> dict[str, str]:
        """``resourceType`` / ``resource`` as TaskScheduled and friends report them."""
        resource = self.action + (f".{self.pattern}" if self.pattern else "")
        return {"resourceType": self.service, "resource": resource}


def parse_resource(arn: str) -> Resource:
    pattern = ""
    base = arn
    for suffix in _PATTERN_SUFFIXES:
        if arn.endswith(suffix):
            pattern, base = suffix[1:], arn[: -len(suffix)]
            break
    parts = base.split(":")
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return Resource(arn, "lambda", "function", pattern, legacy_lambda=True)
    if len(parts) >= 6 and parts[2] == "states" and parts[3] == "" and parts[4] == "":
        # arn:aws:states:::<service>:<action>  (optimised integrations, aws-sdk, http, ...)
        service = parts[5]
        action = ":".join(parts[6:]) if len(parts) > 6 else ""
        if service == "aws-sdk" and len(parts) > 7:
            service, action = f"aws-sdk:{parts[6]}", ":".join(parts[7:])
        return Resource(arn, service, action, pattern, legacy_lambda=False)
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return Resource(arn, "activity", parts[6], pattern, legacy_lambda=False)
    return Resource(arn, parts[2] if len(parts) > 2 else "", parts[-1], pattern, legacy_lambda=False)


def function_name(ref: str) -> str:
    """``arn:aws:lambda:r:acct:function:NAME[:qualifier]``, ``NAME:qualifier`` or ``NAME`` -> ``NAME``."""
    if ":function:" in ref:
        return ref.split(":function:", 1)[1].split(":")[0]
    return ref.split(":")[0]


@dataclass(frozen=True)
class LambdaRequest:
    function: str  # the function's name or ARN as the definition gave it
    event: Any  # what the function receives


def lambda_request(resource: Resource, effective_input: Any) -> LambdaRequest:
    """The function and event a Lambda-backed Task invokes with its effective input."""
    if resource.legacy_lambda:
        return LambdaRequest(resource.arn, effective_input)
    params = effective_input if isinstance(effective_input, dict) else {}
    payload = params.get("Payload")
    if payload is None:
        event: Any = {}
    elif isinstance(payload, str):
        # A string Payload is the request body itself, as with Lambda's Invoke API.
        try:
            event = json.loads(payload)
        except ValueError:
            event = payload
    else:
        event = payload
    return LambdaRequest(str(params.get("FunctionName", "")), event)


def lambda_result(resource: Resource, function_result: Any) -> Any:
    """The task result for a function's return value: ``lambda:invoke`` wraps it in AWS's envelope."""
    if resource.legacy_lambda:
        return function_result
    return {"ExecutedVersion": "$LATEST", "Payload": function_result, "StatusCode": 200}


def lambda_error_cause(error_type: str, message: str, exc: BaseException | None = None) -> str:
    """Lambda's error payload, which AWS puts in the task's Cause as JSON text."""
    stack = traceback.format_tb(exc.__traceback__) if exc is not None and exc.__traceback__ else []
    return json.dumps({"errorMessage": message, "errorType": error_type,
                       "requestId": str(uuid.uuid4()), "stackTrace": stack})


def task_error_from_exception(exc: BaseException, lambda_backed: bool) -> tuple[str, str]:
    """The error and cause a task fails with when its handler raises ``exc``.

    The error is the exception's ``error_type`` or ``error`` attribute (:class:`asl.TaskFailure`
    sets ``error``), else its class name, as Lambda names unhandled errors. For a Lambda-backed
    task the cause is Lambda's error payload (JSON text), else the message itself.
    """
    error = getattr(exc, "error_type", None) or getattr(exc, "error", None)
    error = error if isinstance(error, str) and error else type(exc).__name__
    message = getattr(exc, "error_message", None) or getattr(exc, "cause", None) or str(exc)
    message = message if isinstance(message, str) else str(message)
    return error, (lambda_error_cause(error, message, exc) if lambda_backed else message)


def function_not_found_cause(name: str, region: str, account_id: str) -> str:
    """The cause of ``Lambda.ResourceNotFoundException``, in the AWS SDK's wording."""
    return (f"Function not found: arn:aws:lambda:{region}:{account_id}:function:{name} (Service: AWSLambda; "
            f"Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {uuid.uuid4()}; Proxy: null)")


def result_size_bytes(value: Any) -> int:
    return len(to_json_text(value).encode("utf-8"))
