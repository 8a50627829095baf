"""Shapes of the executions REST API: strict input serializers, and output serializers that document
(and pass through) the dicts ``executions.selectors`` builds.

No business logic here: inputs are checked for type and range; ``executions.services`` decides the rest.
"""
from __future__ import annotations

import json
import math
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designer.models import StateMachineType
from designer.names import MAX_NAME_LENGTH
from designer.selectors import MAX_DB_INT, Access
from designer.serializers import JSONValueField
from executions import summaries
from executions.models import ExecutionStatus, MapRunStatus
from stepcraft.api import StrictSerializer

INPUT_SCHEMA = {
    "description": "The execution input: JSON text (kept exactly as given), or any other JSON value "
                   "(stored as its compact JSON text). Absent or null: {}.",
}


class _NotFinite(ValueError):
    pass


def _not_finite(name: str) -> Any:
    raise _NotFinite(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotFinite(text)
    return value


@extend_schema_field(INPUT_SCHEMA)
class ExecutionInputField(serializers.Field):
    """An execution input given as JSON text or as a JSON value; the internal value is always text."""

    default_error_messages = {
        "invalid": "The input must be JSON text or a JSON value.",
        "not_finite": "The input holds a number JSON cannot represent (NaN, Infinity or one out of range).",
    }

    def __init__(self, **kwargs: Any):
        super().__init__(allow_null=True, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str):
            # Other mistakes in JSON text are the service's to report (InvalidExecutionInput), but Python's
            # parser takes these for numbers, which no JSON answer could then carry.
            try:
                json.loads(data, parse_constant=_not_finite, parse_float=_finite_float)
            except _NotFinite:
                self.fail("not_finite")
            except (ValueError, RecursionError):
                pass
            return data
        try:
            return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except ValueError:
            self.fail("not_finite")
        except (TypeError, RecursionError):
            self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value


# ---------------------------------------------------------------------------------------- inputs

class StartExecutionInput(StrictSerializer):
    """Start an execution of the current definition, of a version, or of the version an alias routes to."""

    name = serializers.CharField(required=False, trim_whitespace=False,
                                 help_text="1-80 characters, unique per state machine; a UUID when absent.")
    input = ExecutionInputField(required=False)
    version = serializers.IntegerField(min_value=1, max_value=MAX_DB_INT, required=False,
                                       help_text="Run this published version instead of the current definition.")
    alias = serializers.CharField(max_length=MAX_NAME_LENGTH, required=False, trim_whitespace=False,
                                  help_text="Run the version this alias routes to (chosen by the routing weights).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" in attrs and "alias" in attrs:
            raise serializers.ValidationError({"alias": ["Give a version or an alias, not both."]},
                                              code="mutually_exclusive")
        return attrs


class StopExecutionInput(StrictSerializer):
    """Why the execution is stopped: recorded in ExecutionAborted and shown on the execution."""

    error = serializers.CharField(max_length=256, required=False, allow_blank=True, trim_whitespace=False)
    cause = serializers.CharField(max_length=32768, required=False, allow_blank=True, trim_whitespace=False)


class ExecutionListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=ExecutionStatus.choices, required=False)
    state_machine = serializers.UUIDField(required=False, help_text="Only executions of this state machine.")
    started_after = serializers.DateTimeField(required=False, help_text="ISO 8601; inclusive.")
    started_before = serializers.DateTimeField(required=False, help_text="ISO 8601; inclusive.")
    search = serializers.CharField(max_length=MAX_NAME_LENGTH, required=False, allow_blank=True,
                                   help_text="Only executions whose name contains this (case-insensitive).")


class MachineExecutionListQuery(ExecutionListQuery):
    state_machine = None  # type: ignore[assignment]  # the path names the machine


class MapRunExecutionListQuery(MachineExecutionListQuery):
    pass  # the path names the Map Run (and so the machine)


class HistoryQuery(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, max_value=MAX_DB_INT, default=0,
                                     help_text="The cursor: events after this event id (before it, in reverse).")
    limit = serializers.IntegerField(min_value=1, max_value=1000, default=100)
    reverse = serializers.BooleanField(default=False, help_text="Newest first.")
    types = serializers.CharField(required=False, allow_blank=True,
                                  help_text="Only these event types, comma-separated (TaskStateEntered,TaskFailed).")

    def validate_types(self, value: str) -> list[str]:
        types = [part.strip() for part in value.split(",") if part.strip()]
        bad = [t for t in types if t not in summaries.EVENT_TYPES]
        if bad:
            raise serializers.ValidationError(f"{bad[0]!r} is not a history event type.", code="invalid_choice")
        return types


class InvocationListQuery(serializers.Serializer):
    state = serializers.CharField(max_length=MAX_NAME_LENGTH, required=False, allow_blank=True,
                                  help_text="Only invocations of this state.")


# --------------------------------------------------------------------------------------- outputs

class ExecutionSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    execution_arn = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=ExecutionStatus.choices)
    type = serializers.ChoiceField(choices=StateMachineType.choices)
    state_machine_id = serializers.UUIDField()
    state_machine_name = serializers.CharField()
    state_machine_arn = serializers.CharField()
    state_machine_version_arn = serializers.CharField(allow_null=True)
    start_date = serializers.DateTimeField()
    stop_date = serializers.DateTimeField(allow_null=True)
    redrive_count = serializers.IntegerField()
    map_run_arn = serializers.CharField(allow_null=True, help_text="The Map Run this child execution belongs to.")


class ExecutionOutput(ExecutionSummaryOutput):
    input = JSONValueField(help_text="The input, as a JSON value.")
    output = JSONValueField(allow_null=True, help_text="The output (once SUCCEEDED), as a JSON value.")
    error = serializers.CharField(allow_null=True)
    cause = serializers.CharField(allow_null=True)
    redrive_date = serializers.DateTimeField(allow_null=True)
    revision_id = serializers.UUIDField(help_text="The definition revision this execution runs.")
    parent_id = serializers.UUIDField(allow_null=True, help_text="The execution that started this one, if any.")
    map_run_id = serializers.UUIDField(allow_null=True, help_text="The Map Run of a Distributed Map's child execution.")
    access = serializers.ChoiceField(choices=[a.name for a in Access],
                                     help_text="What you may do: VIEW (read), RUN (also stop and redrive), ...")


@extend_schema_field({"type": "object", "additionalProperties": True, "required": ["id", "type", "timestamp"],
                      "properties": {"id": {"type": "integer"}, "previousEventId": {"type": "integer"},
                                     "timestamp": {"type": "string", "format": "date-time"},
                                     "type": {"type": "string"}},
                      "description": "An AWS history event: id, previousEventId, timestamp, type and its "
                                     "<type>EventDetails object, as GetExecutionHistory returns it."})
class HistoryEventField(JSONValueField):
    pass


class ExecutionStateMachineOutput(serializers.Serializer):
    state_machine_id = serializers.UUIDField()
    name = serializers.CharField()
    state_machine_arn = serializers.CharField()
    revision_id = serializers.UUIDField()
    definition = serializers.CharField(help_text="The definition text, exactly as it was saved.")
    update_date = serializers.DateTimeField(help_text="When this revision was saved.")
    map_run_arn = serializers.CharField(allow_null=True, help_text="A Map Run's child: the Map Run that started it.")
    label = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.label
        allow_null=True, help_text="A Map Run's child: the Distributed Map's label.")
    map_state = serializers.CharField(allow_null=True, help_text="A Map Run's child: the Distributed Map state whose "
                                                                 "ItemProcessor it runs.")


class HistoryOutput(serializers.Serializer):
    events = serializers.ListField(child=HistoryEventField())
    next_cursor = serializers.IntegerField(allow_null=True, help_text="Pass as ?after= for the next page.")


class PathStepOutput(serializers.Serializer):
    state = serializers.CharField(help_text="A Map or Parallel state.")
    index = serializers.IntegerField(help_text="The Map iteration or Parallel branch index.")


class InvocationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.CharField()
    path = PathStepOutput(many=True, help_text="The Map iterations / Parallel branches it ran in.")
    attempt = serializers.IntegerField(help_text="0 for the first attempt, 1 for the first retry, ...")
    resource = serializers.CharField()
    input = JSONValueField(allow_null=True)
    output = JSONValueField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    cause = serializers.CharField(allow_null=True)
    logs = serializers.CharField(help_text="What the handler printed and logged.")
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    duration_ms = serializers.FloatField(allow_null=True)


class StateInvocationOutput(InvocationOutput):
    state = None  # type: ignore[assignment]
    path = None  # type: ignore[assignment]


class StateVisitOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The id of its StateEntered event.")
    name = serializers.CharField()
    type = serializers.CharField()
    path = PathStepOutput(many=True, help_text="The Map iterations / Parallel branches it ran in ([] at the root).")
    visit = serializers.IntegerField(help_text="0 for the first entry into this state in this path, 1 for the next.")
    status = serializers.ChoiceField(choices=summaries.STATUSES)
    input = JSONValueField(allow_null=True)
    output = JSONValueField(allow_null=True)
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField(allow_null=True, help_text="When it exited, failed or was cancelled.")
    duration_ms = serializers.FloatField(allow_null=True)
    attempts = serializers.IntegerField(help_text="Tasks scheduled in this visit (1 + retries).")
    error = serializers.CharField(allow_null=True)
    cause = serializers.CharField(allow_null=True)
    invocations = StateInvocationOutput(many=True)


class StateSummariesOutput(serializers.Serializer):
    states = StateVisitOutput(many=True, help_text="Every state visit, in the order they were entered.")
    by_state = serializers.DictField(child=serializers.ChoiceField(choices=summaries.STATUSES),
                                     help_text="One status per state name of the definition (NOT_STARTED if "
                                               "never entered), for colouring the graph.")


class HandlerOutput(serializers.Serializer):
    name = serializers.CharField(help_text="The Lambda-style function name a Task invokes.")
    description = serializers.CharField()
    arn = serializers.CharField(help_text="The function ARN to use as a Task's Resource.")


class HandlerListOutput(serializers.Serializer):
    region = serializers.CharField(help_text="The region of the ARNs Stepcraft makes (STEPCRAFT_REGION).")
    account_id = serializers.CharField(help_text="The account of the ARNs Stepcraft makes (STEPCRAFT_ACCOUNT_ID).")
    handlers = HandlerOutput(many=True)


# --------------------------------------------------------------------------------------- Map Runs

class MapRunSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    map_run_arn = serializers.CharField()
    execution_id = serializers.UUIDField(help_text="The execution whose Distributed Map started it.")
    execution_arn = serializers.CharField()
    execution_name = serializers.CharField()
    state_machine_arn = serializers.CharField(help_text="The machine's ARN qualified with the Map's label.")
    state = serializers.CharField(help_text="The Distributed Map state's name.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    status = serializers.ChoiceField(choices=MapRunStatus.choices)
    start_date = serializers.DateTimeField()
    stop_date = serializers.DateTimeField(allow_null=True)


class MapRunListOutput(serializers.Serializer):
    map_runs = MapRunSummaryOutput(many=True)


class MapRunCountsOutput(serializers.Serializer):
    pending = serializers.IntegerField()
    running = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()
    timed_out = serializers.IntegerField()
    aborted = serializers.IntegerField()
    total = serializers.IntegerField()
    results_written = serializers.IntegerField()
    failures_not_redrivable = serializers.IntegerField()
    pending_redrive = serializers.IntegerField()


class MapRunOutput(MapRunSummaryOutput):
    child_type = serializers.ChoiceField(choices=StateMachineType.choices,
                                         help_text="STANDARD or EXPRESS (ProcessorConfig.ExecutionType).")
    max_concurrency = serializers.IntegerField(help_text="0: no limit.")
    tolerated_failure_count = serializers.IntegerField(allow_null=True)
    tolerated_failure_percentage = serializers.FloatField(allow_null=True)
    redrive_count = serializers.IntegerField()
    redrive_date = serializers.DateTimeField(allow_null=True)
    item_counts = MapRunCountsOutput()
    execution_counts = MapRunCountsOutput()
