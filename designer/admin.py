"""State machines in the admin: for looking and for managing shares. Definitions, versions and
aliases change through the API (designer.services), which validates them; here they are read-only."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from designer.models import (
    DefinitionRevision,
    StateMachine,
    StateMachineAlias,
    StateMachineShare,
    StateMachineVersion,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(ReadOnlyInline):
    model = StateMachineVersion
    fields = ("number", "description", "revision", "created_at")
    readonly_fields = fields


class AliasInline(ReadOnlyInline):
    model = StateMachineAlias
    fields = ("name", "description", "updated_at")
    readonly_fields = fields


class ShareInline(admin.TabularInline):
    model = StateMachineShare
    extra = 0
    fields = ["group", "permission", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(StateMachine)
class StateMachineAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "type", "logging_level", "updated_at"]
    list_filter = ["type", "logging_level"]
    search_fields = ["name", "owner__username", "description"]
    readonly_fields = ["id", "name", "owner", "type", "current_revision", "last_version_number", "created_at",
                       "updated_at"]
    fields = [*readonly_fields, "description", "logging_level", "include_execution_data"]
    inlines = [VersionInline, AliasInline, ShareInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the API, which validates the definition


@admin.register(DefinitionRevision)
class DefinitionRevisionAdmin(admin.ModelAdmin):
    list_display = ["state_machine", "sha256", "created_at"]
    search_fields = ["state_machine__name", "sha256"]
    readonly_fields = ["id", "state_machine", "sha256", "created_at", "definition"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
