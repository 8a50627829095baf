"""State machines, their definition revisions, published versions, aliases and group shares.

A state machine points at its *current* :class:`DefinitionRevision`; revisions and
:class:`StateMachineVersion` rows are immutable (written once by ``designer.services``), so an
execution can keep the exact definition it started with. Definitions are stored as the JSON
text the user gave (not jsonb), so that key order, and with it export, stays exactly as written.
"""
from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models

from designer.names import MAX_NAME_LENGTH, validate_alias_name, validate_name


class StateMachineType(models.TextChoices):
    STANDARD = "STANDARD"
    EXPRESS = "EXPRESS"


class LoggingLevel(models.TextChoices):
    ALL = "ALL"
    ERROR = "ERROR"
    FATAL = "FATAL"
    OFF = "OFF"


class SharePermission(models.TextChoices):
    """What a group may do with a shared machine; each level includes the ones before it."""

    VIEW = "VIEW"
    RUN = "RUN"
    EDIT = "EDIT"


def machine_arn(name: str) -> str:
    return f"arn:aws:states:{settings.STEPCRAFT_REGION}:{settings.STEPCRAFT_ACCOUNT_ID}:stateMachine:{name}"


class StateMachine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="state_machines")
    # Part of every ARN (AWS cannot rename; here the owner can, and the ARNs follow).
    name = models.CharField(max_length=MAX_NAME_LENGTH, validators=[validate_name])
    type = models.CharField(max_length=8, choices=StateMachineType.choices, default=StateMachineType.STANDARD)
    description = models.CharField(max_length=256, blank=True, default="")
    logging_level = models.CharField(max_length=5, choices=LoggingLevel.choices, default=LoggingLevel.OFF)
    include_execution_data = models.BooleanField(default=False)
    # An input to offer when starting an execution (the examples' sample inputs); not part of the ASL.
    sample_input = models.JSONField(null=True, blank=True, default=None)
    # Null only inside the transaction that creates the machine and its first revision. RESTRICT (unlike
    # PROTECT) lets a revision go with its machine, never on its own; likewise for versions and alias routes.
    current_revision = models.ForeignKey("DefinitionRevision", null=True, on_delete=models.RESTRICT, related_name="+")
    # Version numbers are never reused, even after the latest version is deleted (as AWS).
    last_version_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="state_machine_name_unique_per_owner")]

    def __str__(self) -> str:
        return self.name

    @property
    def arn(self) -> str:
        return machine_arn(self.name)


class DefinitionRevision(models.Model):
    """One saved definition of a machine, exactly as given. Never updated after it is written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state_machine = models.ForeignKey(StateMachine, on_delete=models.CASCADE, related_name="revisions")
    definition = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state_machine", "created_at"]
        indexes = [models.Index(fields=["state_machine", "sha256"])]

    def __str__(self) -> str:
        return f"{self.state_machine_id} @ {self.sha256[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("definition revisions are immutable")
        super().save(*args, **kwargs)


class StateMachineVersion(models.Model):
    """A published, immutable version (AWS PublishStateMachineVersion): ``<machine arn>:<number>``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state_machine = models.ForeignKey(StateMachine, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    revision = models.ForeignKey(DefinitionRevision, on_delete=models.RESTRICT, related_name="versions")
    description = models.CharField(max_length=256, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state_machine", "-number"]
        constraints = [models.UniqueConstraint(fields=["state_machine", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.state_machine_id}:{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("state machine versions are immutable")
        super().save(*args, **kwargs)

    @property
    def arn(self) -> str:
        return f"{machine_arn(self.state_machine.name)}:{self.number}"


class StateMachineAlias(models.Model):
    """A name routing executions to one or two versions by weight: ``<machine arn>:<alias>``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state_machine = models.ForeignKey(StateMachine, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=MAX_NAME_LENGTH, validators=[validate_alias_name])
    description = models.CharField(max_length=256, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state_machine", "name"]
        constraints = [models.UniqueConstraint(fields=["state_machine", "name"], name="alias_name_unique")]

    def __str__(self) -> str:
        return f"{self.state_machine_id}:{self.name}"

    @property
    def arn(self) -> str:
        return f"{machine_arn(self.state_machine.name)}:{self.name}"


class AliasRoute(models.Model):
    """One entry of an alias's routing configuration: a version and its weight (0-100)."""

    alias = models.ForeignKey(StateMachineAlias, on_delete=models.CASCADE, related_name="routes")
    # A version an alias routes to cannot be deleted (AWS: ConflictException).
    version = models.ForeignKey(StateMachineVersion, on_delete=models.RESTRICT, related_name="routes")
    weight = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["alias", "-weight", "version__number"]
        constraints = [models.UniqueConstraint(fields=["alias", "version"], name="alias_route_unique")]

    def __str__(self) -> str:
        return f"{self.alias} -> {self.version.number} ({self.weight}%)"


class StateMachineShare(models.Model):
    """Grants the members of a group VIEW, RUN or EDIT access to someone else's machine."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state_machine = models.ForeignKey(StateMachine, on_delete=models.CASCADE, related_name="shares")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="state_machine_shares")
    permission = models.CharField(max_length=4, choices=SharePermission.choices, default=SharePermission.VIEW)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state_machine", "group__name"]
        constraints = [models.UniqueConstraint(fields=["state_machine", "group"], name="share_unique_per_group")]

    def __str__(self) -> str:
        return f"{self.state_machine_id} -> {self.group_id} ({self.permission})"
