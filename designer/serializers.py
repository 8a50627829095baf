"""Shapes of the designer's REST API: strict input serializers, read-only output serializers.

No business logic here: inputs are checked for type and range, services decide the rest.
"""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designer.definitions import DocumentError, canonical_json
from designer.models import (
    LoggingLevel,
    SharePermission,
    StateMachine,
    StateMachineType,
)
from designer.names import MAX_NAME_LENGTH
from designer.selectors import Access
from stepcraft.api import StrictSerializer

DEFINITION_SCHEMA = {
    "oneOf": [
        {"type": "string", "description": "The ASL definition as JSON text (stored exactly as given)."},
        {"type": "object", "additionalProperties": True,
         "description": "The ASL definition as a JSON object (stored as its 2-space indented text)."},
    ]
}


@extend_schema_field(DEFINITION_SCHEMA)
class DefinitionField(serializers.Field):
    """An ASL definition given as JSON text or as a JSON object; the internal value is always text."""

    default_error_messages = {"invalid": "The definition must be JSON text or a JSON object."}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str):
            return data
        if not isinstance(data, dict):
            self.fail("invalid")
        try:
            return canonical_json(data)
        except DocumentError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"description": "Any JSON value."})
class JSONValueField(serializers.Field):
    """Any JSON value, passed through as parsed (DRF's JSONField re-encodes it, which deep input breaks)."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _name_field() -> serializers.CharField:
    # No trimming: " name" must be refused for its whitespace, not silently changed.
    return serializers.CharField(max_length=MAX_NAME_LENGTH, trim_whitespace=False)


def _description_field() -> serializers.CharField:
    return serializers.CharField(max_length=256, allow_blank=True, required=False)


# ---------------------------------------------------------------------------------------- inputs

class StateMachineCreateInput(StrictSerializer):
    name = _name_field()
    definition = DefinitionField()
    type = serializers.ChoiceField(choices=StateMachineType.choices, default=StateMachineType.STANDARD)
    description = _description_field()
    logging_level = serializers.ChoiceField(choices=LoggingLevel.choices, default=LoggingLevel.OFF)
    include_execution_data = serializers.BooleanField(default=False)
    sample_input = JSONValueField(required=False, allow_null=True,
                                  help_text="An input the start dialog offers (any JSON value, at most 256 KiB).")
    publish = serializers.BooleanField(default=False, help_text="Also publish the definition as version 1.")
    version_description = serializers.CharField(max_length=256, allow_blank=True, default="")


class StateMachineUpdateInput(StrictSerializer):
    immutable_fields = ("type",)

    name = serializers.CharField(max_length=MAX_NAME_LENGTH, trim_whitespace=False, required=False,
                                 help_text="Rename (owner only). ARNs follow the name: those of its executions too.")
    definition = DefinitionField(required=False)
    description = _description_field()
    logging_level = serializers.ChoiceField(choices=LoggingLevel.choices, required=False)
    include_execution_data = serializers.BooleanField(required=False)
    sample_input = JSONValueField(required=False, allow_null=True,
                                  help_text="An input the start dialog offers (any JSON value, at most 256 KiB).")
    publish = serializers.BooleanField(default=False, help_text="Also publish the (new) definition as a version.")
    version_description = serializers.CharField(max_length=256, allow_blank=True, default="")


class StateMachineImportInput(StrictSerializer):
    name = _name_field()
    definition = JSONValueField(help_text="JSON or YAML text, or a JSON object.")
    format = serializers.ChoiceField(choices=["auto", "json", "yaml"], default="auto",
                                     help_text="How to read definition text; auto tries JSON, then YAML.")
    type = serializers.ChoiceField(choices=StateMachineType.choices, default=StateMachineType.STANDARD)
    description = _description_field()
    logging_level = serializers.ChoiceField(choices=LoggingLevel.choices, default=LoggingLevel.OFF)
    include_execution_data = serializers.BooleanField(default=False)


class ImportQuery(serializers.Serializer):
    """The fields of an import whose body is the definition text itself (text/plain or YAML)."""

    name = _name_field()
    format = serializers.ChoiceField(choices=["auto", "json", "yaml"], default="auto")
    type = serializers.ChoiceField(choices=StateMachineType.choices, default=StateMachineType.STANDARD)
    description = _description_field()


class StateMachineListQuery(serializers.Serializer):
    search = serializers.CharField(max_length=MAX_NAME_LENGTH, required=False, allow_blank=True,
                                   help_text="Only machines whose name contains this (case-insensitive).")
    type = serializers.ChoiceField(choices=StateMachineType.choices, required=False)


class ExportQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=["json", "json-compact", "yaml"], default="json")
    version = serializers.IntegerField(min_value=1, required=False,
                                       help_text="Export this published version instead of the current definition.")


class ValidateInput(StrictSerializer):
    definition = JSONValueField(allow_null=True, help_text="The definition: JSON text or a JSON object.")
    type = serializers.ChoiceField(choices=StateMachineType.choices, default=StateMachineType.STANDARD)
    severity = serializers.ChoiceField(choices=["ERROR", "WARNING"], default="WARNING",
                                       help_text="The lowest severity to report (AWS's default is ERROR).")
    max_results = serializers.IntegerField(min_value=1, max_value=100, default=100)


class PublishInput(StrictSerializer):
    description = serializers.CharField(max_length=256, allow_blank=True, default="")
    revision_id = serializers.UUIDField(required=False, help_text="Publish only if this is still the current "
                                        "revision (409 otherwise).")


class RouteInput(StrictSerializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    weight = serializers.IntegerField(min_value=0, max_value=100)


class AliasCreateInput(StrictSerializer):
    name = _name_field()
    description = _description_field()
    routing_configuration = serializers.ListField(child=RouteInput(), min_length=1, max_length=2)


class AliasUpdateInput(StrictSerializer):
    immutable_fields = ("name",)

    description = _description_field()
    routing_configuration = serializers.ListField(child=RouteInput(), min_length=1, max_length=2, required=False)


class ShareCreateInput(StrictSerializer):
    group = serializers.CharField(max_length=150, help_text="The name of the group to share with.")
    permission = serializers.ChoiceField(choices=SharePermission.choices, default=SharePermission.VIEW)


class ShareUpdateInput(StrictSerializer):
    immutable_fields = ("group",)

    permission = serializers.ChoiceField(choices=SharePermission.choices)


# --------------------------------------------------------------------------------------- outputs

class DiagnosticOutput(serializers.Serializer):
    severity = serializers.ChoiceField(choices=["ERROR", "WARNING"])
    code = serializers.CharField()
    message = serializers.CharField()
    location = serializers.CharField(help_text="JSON pointer into the definition ('' for the whole of it).")


class ValidateOutput(serializers.Serializer):
    result = serializers.ChoiceField(choices=["OK", "FAIL"])
    diagnostics = DiagnosticOutput(many=True)
    truncated = serializers.BooleanField()


class StateMachineSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    arn = serializers.CharField()
    type = serializers.ChoiceField(choices=StateMachineType.choices)
    description = serializers.CharField()
    owner = serializers.CharField(source="owner.get_username")
    access = serializers.SerializerMethodField(help_text="What you may do with it: VIEW, RUN, EDIT or OWNER.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ChoiceField(choices=[a.name for a in Access]))
    def get_access(self, machine: StateMachine) -> str | None:
        access = self.context.get("access", {}).get(machine.id)
        return access.name if access is not None else None


class StateMachineOutput(StateMachineSummaryOutput):
    logging_level = serializers.ChoiceField(choices=LoggingLevel.choices)
    include_execution_data = serializers.BooleanField()
    definition = serializers.CharField(source="current_revision.definition",
                                       help_text="The current definition, as the JSON text it was saved as.")
    revision_id = serializers.UUIDField(source="current_revision_id")
    definition_sha256 = serializers.CharField(source="current_revision.sha256")
    last_version_number = serializers.IntegerField(help_text="0 until a version is published.")
    sample_input = JSONValueField(allow_null=True, help_text="The input the start dialog offers, or null.")


class VersionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()
    arn = serializers.CharField()
    description = serializers.CharField()
    revision_id = serializers.UUIDField()
    definition_sha256 = serializers.CharField(source="revision.sha256")
    created_at = serializers.DateTimeField()


class VersionDetailOutput(VersionOutput):
    definition = serializers.CharField(source="revision.definition")


class SavedStateMachineOutput(StateMachineOutput):
    diagnostics = DiagnosticOutput(many=True, help_text="The definition's warnings (errors refuse the save).")
    version = VersionOutput(allow_null=True, help_text="The version published with publish=true, else null.")


class RouteOutput(serializers.Serializer):
    version = serializers.IntegerField(source="version.number")
    weight = serializers.IntegerField()
    state_machine_version_arn = serializers.CharField(source="version.arn")


class AliasOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    arn = serializers.CharField()
    description = serializers.CharField()
    routing_configuration = RouteOutput(source="routes.all", many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ShareOutput(serializers.Serializer):
    id = serializers.UUIDField()
    group = serializers.CharField(source="group.name")
    permission = serializers.ChoiceField(choices=SharePermission.choices)
    created_at = serializers.DateTimeField()


def saved_output(saved: Any, access: dict[Any, Access]) -> dict[str, Any]:
    """The body of a create/update/import answer (``saved`` is a services.Saved)."""
    from designer.services import diagnostics_json

    data = dict(StateMachineOutput(saved.machine, context={"access": access}).data)
    data["diagnostics"] = diagnostics_json(saved.warnings)
    data["version"] = VersionOutput(saved.version).data if saved.version is not None else None
    return data

