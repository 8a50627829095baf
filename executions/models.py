"""Executions and their runs, history events and task invocations: the durable side of Stepcraft.

The database is the source of truth. An :class:`Execution` has one root :class:`Run`; each
Parallel branch and Map iteration is a child run with a position of its own. A run advances
one database transaction at a time (``executions.runtime``); ``sequence`` makes a duplicated or
late message a no-op, and ``wake_at`` tells the sweeper when a run must be looked at again
if the message meant to move it is lost.
"""
from __future__ import annotations

import uuid

from django.db import models


class ExecutionStatus(models.TextChoices):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    ABORTED = "ABORTED"
    PENDING_REDRIVE = "PENDING_REDRIVE"


class Execution(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state_machine = models.ForeignKey("designer.StateMachine", on_delete=models.CASCADE, related_name="executions")
    revision = models.ForeignKey("designer.DefinitionRevision", on_delete=models.RESTRICT, related_name="+",
                                 help_text="The frozen definition this execution runs.")
    version = models.ForeignKey("designer.StateMachineVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    # A Distributed Map's iteration is a child execution of the parent's Map Run, with a history of its own.
    map_run = models.ForeignKey("MapRun", null=True, blank=True, on_delete=models.CASCADE, related_name="executions")
    name = models.CharField(max_length=80)
    type = models.CharField(max_length=8, default="STANDARD")  # STANDARD or EXPRESS, as the machine's
    status = models.CharField(max_length=16, choices=ExecutionStatus.choices, default=ExecutionStatus.RUNNING,
                              db_index=True)
    input = models.TextField(default="{}")  # JSON text, as given
    output = models.TextField(null=True, blank=True)
    error = models.CharField(max_length=256, null=True, blank=True)
    cause = models.TextField(null=True, blank=True)
    start_date = models.DateTimeField(db_index=True)
    stop_date = models.DateTimeField(null=True, blank=True)
    timeout_at = models.DateTimeField(null=True, blank=True)  # the machine's TimeoutSeconds, if any
    redrive_count = models.PositiveIntegerField(default=0)
    redrive_date = models.DateTimeField(null=True, blank=True)
    next_event_id = models.PositiveIntegerField(default=1)
    history_enabled = models.BooleanField(default=True)  # Express: per the logging level

    class Meta:
        ordering = ["-start_date"]
        constraints = [models.UniqueConstraint(fields=["state_machine", "name"], name="execution_name_unique")]
        indexes = [models.Index(fields=["state_machine", "status", "-start_date"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class MapRunStatus(models.TextChoices):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    ABORTED = "ABORTED"


class MapRun(models.Model):
    """A Distributed Map state at work: its iterations run as child executions (``Execution.map_run``).

    The parent's run that waits in the Map state names it in its ``waiting_for`` (``map_run_id``); the
    child executions' root runs are that run's children in the run tree, so it resumes when the last one
    ends, as for an inline Map.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="map_runs")
    state = models.CharField(max_length=80)  # the Map state's name
    label = models.CharField(max_length=80)  # the state's Label, or its name: part of the child ARNs
    arn = models.CharField(max_length=2048)
    child_type = models.CharField(max_length=8, default="STANDARD")  # ProcessorConfig.ExecutionType
    status = models.CharField(max_length=10, choices=MapRunStatus.choices, default=MapRunStatus.RUNNING)
    start_date = models.DateTimeField()
    stop_date = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    max_concurrency = models.PositiveIntegerField(default=0)
    tolerated_failure_count = models.PositiveIntegerField(null=True, blank=True)
    tolerated_failure_percentage = models.FloatField(null=True, blank=True)
    redrive_count = models.PositiveIntegerField(default=0)
    redrive_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]


class RunStatus(models.TextChoices):
    PENDING = "PENDING"  # a child waiting for a MaxConcurrency slot
    ACTIVE = "ACTIVE"  # moving, or waiting for a task, a timer or its children
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    ABORTED = "ABORTED"


class Run(models.Model):
    """One thread of an execution: the execution itself, a Parallel branch or a Map iteration."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="runs")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    index = models.PositiveIntegerField(default=0)  # branch or item index among its siblings
    scope_path = models.JSONField(default=list)  # [[state, branch index or null], ...] from the machine's root
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.ACTIVE, db_index=True)
    sequence = models.PositiveIntegerField(default=0)  # bumped by every transition: stale messages are no-ops
    input = models.JSONField(null=True)
    state = models.CharField(max_length=80, blank=True)  # the state the run is in
    frame = models.JSONField(null=True, blank=True)  # asl.step.Frame of that state, while it waits
    waiting_for = models.JSONField(null=True, blank=True)  # {"kind": "task"|"timer"|"children"|"start", ...}
    wake_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_event_id = models.PositiveIntegerField(default=0)
    variables = models.JSONField(default=dict)  # this run's own variable scope
    output = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=256, null=True, blank=True)
    cause = models.TextField(null=True, blank=True)
    children_done = models.PositiveIntegerField(default=0)
    children_failed = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["parent", "status", "index"])]


class HistoryEvent(models.Model):
    """One AWS history event; ``details`` is its ``<type>EventDetails`` object in AWS's shape."""

    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="events")
    event_id = models.PositiveIntegerField()
    previous_event_id = models.PositiveIntegerField(default=0)
    timestamp = models.DateTimeField()
    type = models.CharField(max_length=40)
    details = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["execution", "event_id"]
        constraints = [models.UniqueConstraint(fields=["execution", "event_id"], name="history_event_unique")]

    def as_aws(self) -> dict:
        from asl.history import details_key

        event = {"id": self.event_id, "previousEventId": self.previous_event_id,
                 "timestamp": self.timestamp.isoformat().replace("+00:00", "Z"), "type": self.type}
        if self.details is not None:
            event[details_key(self.type)] = self.details
        return event


class TaskInvocation(models.Model):
    """One call of a task handler: what went in, what came out, what it logged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    execution = models.ForeignKey(Execution, on_delete=models.CASCADE, related_name="invocations")
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="invocations")
    state = models.CharField(max_length=80)
    attempt = models.PositiveIntegerField(default=0)
    resource = models.CharField(max_length=2048)
    input = models.JSONField(null=True)
    output = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=256, null=True, blank=True)
    cause = models.TextField(null=True, blank=True)
    logs = models.TextField(blank=True, default="")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
