"""A Task's ``Resource``: an ARN AWS accepts, and whether Stepcraft knows what it names."""
from __future__ import annotations

import re
from typing import Any

from asl.validation.checker import Checker
from asl.validation.diagnostics import INVALID_RESOURCE, UNKNOWN_RESOURCE

# arn:partition:service:region:account:resource
_ARN = re.compile(r"arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+\Z")
_LAMBDA_FUNCTION = re.compile(
    r"arn:[^:]+:lambda:[^:]*:[^:]*:function:[A-Za-z0-9_.-]+(?::(?:\$LATEST|[A-Za-z0-9_-]+))?\Z")
_STATES_INTEGRATION = re.compile(r"arn:[^:]+:states:::\S+\Z")
_ACTIVITY = re.compile(r"arn:[^:]+:states:[^:]*:[^:]*:activity:\S+\Z")


def check_resource(chk: Checker, value: Any, location: str) -> None:
    if not isinstance(value, str):
        chk.schema("Expected value of type [STRING]", location)
        return
    if not _ARN.match(value):
        chk.schema("Value is not a valid resource ARN", location)
        return
    service = value.split(":")[2]
    if service == "lambda" and value.split(":")[5] == "function":
        if not _LAMBDA_FUNCTION.match(value):
            chk.error(INVALID_RESOURCE, f"The resource provided {value} is not a valid Lambda function ARN",
                      location)
        return
    if _STATES_INTEGRATION.match(value) or _ACTIVITY.match(value):
        return
    chk.warn(UNKNOWN_RESOURCE, f"Stepcraft has no built-in integration for the resource {value}; a run "
             "of this state needs a handler registered for it", location)
