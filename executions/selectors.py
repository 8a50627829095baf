"""Reads: executions and their history, shaped as AWS's Describe/List/GetExecutionHistory.

Who may read or act on an execution follows its state machine (``designer.selectors``): VIEW to
read it, RUN to start, stop or redrive; an execution of a machine the user cannot see answers
404 ("No such execution."), never 403.
"""
from __future__ import annotations

import json
import random
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from rest_framework.exceptions import NotFound

from designer.models import StateMachineAlias, StateMachineVersion
from designer.selectors import Access, AnyUser, check_access, state_machines_visible_to
from executions import summaries
from executions.models import Execution, ExecutionStatus, HistoryEvent, MapRun, Run, TaskInvocation


def execution_arn(execution: Execution) -> str:
    """``…:execution:<machine>:<name>``; a Map Run's child: ``…:execution:<machine>/<label>:<name>``."""
    machine = execution.state_machine.name
    if execution.map_run is not None:
        machine = f"{machine}/{execution.map_run.label}"
    region, account = settings.STEPCRAFT_REGION, settings.STEPCRAFT_ACCOUNT_ID
    return f"arn:aws:states:{region}:{account}:execution:{machine}:{execution.name}"


def describe_execution(execution: Execution) -> dict[str, Any]:
    """DescribeExecution's fields (snake_case, ISO 8601 times), output only once SUCCEEDED."""
    return {
        "id": str(execution.pk),
        "execution_arn": execution_arn(execution),
        "state_machine_id": str(execution.state_machine_id),
        "name": execution.name,
        "status": execution.status,
        "type": execution.type,
        "start_date": execution.start_date.isoformat(),
        "stop_date": execution.stop_date.isoformat() if execution.stop_date else None,
        "input": json.loads(execution.input),
        "output": json.loads(execution.output) if execution.output is not None else None,
        "error": execution.error,
        "cause": execution.cause,
        "redrive_count": execution.redrive_count,
        "redrive_date": execution.redrive_date.isoformat() if execution.redrive_date else None,
        "revision_id": str(execution.revision_id),
        "parent_id": str(execution.parent_id) if execution.parent_id else None,
        "map_run_id": str(execution.map_run_id) if execution.map_run_id else None,
    }


def executions_of(state_machine: Any, status: str | None = None) -> QuerySet[Execution]:
    """A machine's executions, as ListExecutions by stateMachineArn: not the child executions of its Map Runs."""
    queryset = Execution.objects.filter(state_machine=state_machine, map_run=None)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-start_date")


def history_page(execution: Execution, *, after: int = 0, limit: int = 100, reverse: bool = False,
                 types: list[str] | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """One page of history events after the cursor ``after`` (an event id); returns (events, next cursor)."""
    limit = max(1, min(limit, 1000))
    queryset = HistoryEvent.objects.filter(execution=execution)
    if types:
        queryset = queryset.filter(type__in=types)
    if reverse:
        if after:
            queryset = queryset.filter(event_id__lt=after)
        rows = list(queryset.order_by("-event_id")[: limit + 1])
    else:
        rows = list(queryset.filter(event_id__gt=after).order_by("event_id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return [row.as_aws() for row in rows], (rows[-1].event_id if more and rows else None)


# ---- access --------------------------------------------------------------------------------------

def get_execution_for(user: AnyUser, execution_id: uuid.UUID | str,
                      need: Access = Access.VIEW) -> tuple[Execution, Access]:
    """The execution with that id and the user's access to its machine, if at least ``need``.

    404 when there is no such execution or the user may not see its machine; 403 when they may
    see it but need more (see ``designer.selectors.check_access``).
    """
    try:
        key = execution_id if isinstance(execution_id, uuid.UUID) else uuid.UUID(str(execution_id))
    except ValueError:
        raise NotFound("No such execution.") from None
    execution = Execution.objects.select_related("state_machine", "version__state_machine", "map_run").filter(
        pk=key).first()
    if execution is None:
        raise NotFound("No such execution.")
    return execution, check_access(user, execution.state_machine, need, not_found="No such execution.")


def executions_visible_to(user: AnyUser) -> QuerySet[Execution]:
    """Every execution of every machine ``user`` can see (not the child executions of Map Runs)."""
    return Execution.objects.filter(state_machine__in=state_machines_visible_to(user), map_run=None).select_related(
        "state_machine", "version__state_machine")


def search_executions(executions: QuerySet[Execution], *, status: str = "", state_machine: uuid.UUID | None = None,
                      started_after: datetime | None = None, started_before: datetime | None = None,
                      search: str = "", **_: Any) -> QuerySet[Execution]:
    """Narrow a list by status, machine, start time (after/before, inclusive) and a name substring."""
    if status:
        executions = executions.filter(status=status)
    if state_machine is not None:
        executions = executions.filter(state_machine_id=state_machine)
    if started_after is not None:
        executions = executions.filter(start_date__gte=started_after)
    if started_before is not None:
        executions = executions.filter(start_date__lte=started_before)
    if search:
        executions = executions.filter(name__icontains=search)
    return executions


def find_execution(state_machine: Any, name: str | None) -> Execution | None:
    """The execution of ``state_machine`` named ``name``, if there is one."""
    return Execution.objects.filter(state_machine=state_machine, name=name).first() if name else None


def version_for_alias(alias: StateMachineAlias, rng: random.Random | None = None) -> StateMachineVersion:
    """The version an execution started through ``alias`` runs: one of its routes, chosen by weight."""
    routes = list(alias.routes.select_related("version", "version__revision").order_by("version__number"))
    weights = [route.weight for route in routes]
    if not any(weights):  # pragma: no cover - routing weights always add up to 100
        return routes[0].version
    return (rng or random).choices(routes, weights=weights)[0].version


# ---- shapes --------------------------------------------------------------------------------------

def execution_summary(execution: Execution) -> dict[str, Any]:
    """ListExecutions' fields for one execution (no input or output)."""
    machine = execution.state_machine
    return {
        "id": str(execution.pk),
        "execution_arn": execution_arn(execution),
        "name": execution.name,
        "status": execution.status,
        "type": execution.type,
        "state_machine_id": str(machine.pk),
        "state_machine_name": machine.name,
        "state_machine_arn": machine.arn,
        "state_machine_version_arn": execution.version.arn if execution.version else None,
        "start_date": execution.start_date.isoformat(),
        "stop_date": execution.stop_date.isoformat() if execution.stop_date else None,
        "redrive_count": execution.redrive_count,
        "map_run_arn": execution.map_run.arn if execution.map_run is not None else None,
    }


def execution_detail(execution: Execution) -> dict[str, Any]:
    """DescribeExecution's fields, with the machine's name and ARNs and the definition revision run."""
    return {**describe_execution(execution), **execution_summary(execution)}


def state_machine_for_execution(execution: Execution) -> dict[str, Any]:
    """DescribeStateMachineForExecution: the machine as this execution runs it (its revision's exact text);
    for a Map Run's child, also the Map Run's ARN and label (the Map state is ``label``'s, in the definition)."""
    revision = execution.revision
    map_run = execution.map_run
    return {"state_machine_id": execution.state_machine_id, "name": execution.state_machine.name,
            "state_machine_arn": execution.state_machine.arn, "revision_id": revision.pk,
            "definition": revision.definition, "update_date": revision.created_at,
            "map_run_arn": map_run.arn if map_run is not None else None,
            "label": map_run.label if map_run is not None else None,
            "map_state": map_run.state if map_run is not None else None}


# ---- per-state summaries and task invocations ----------------------------------------------------

def invocations_of(execution: Execution) -> QuerySet[TaskInvocation]:
    return TaskInvocation.objects.filter(execution=execution).order_by("started_at", "id")


def run_paths(execution: Execution) -> dict[Any, list[list[Any]]]:
    """Each run's place: ``[[Map or Parallel state, iteration or branch index], ...]`` from the root."""
    rows = {pk: (parent, index, scope) for pk, parent, index, scope in
            Run.objects.filter(execution=execution).values_list("pk", "parent_id", "index", "scope_path")}
    paths: dict[Any, list[list[Any]]] = {}

    def path_of(pk: Any) -> list[list[Any]]:
        if pk not in paths:
            parent, index, scope = rows[pk]
            paths[pk] = [] if parent is None or parent not in rows else [*path_of(parent), [scope[-1][0], index]]
        return paths[pk]

    for pk in rows:
        path_of(pk)
    return paths


def invocation_json(invocation: TaskInvocation, path: list[list[Any]]) -> dict[str, Any]:
    return {
        "id": str(invocation.pk), "state": invocation.state,
        "path": [{"state": state, "index": index} for state, index in path],
        "attempt": invocation.attempt, "resource": invocation.resource,
        "input": invocation.input, "output": invocation.output, "error": invocation.error, "cause": invocation.cause,
        "logs": invocation.logs, "started_at": invocation.started_at.isoformat(),
        "finished_at": invocation.finished_at.isoformat() if invocation.finished_at else None,
        "duration_ms": invocation.duration_ms,
    }


def state_summaries(execution: Execution) -> dict[str, Any]:
    """Every state visit of the execution (``executions.summaries``) and one roll-up status per state name."""
    try:
        definition = json.loads(execution.revision.definition)
    except ValueError:  # pragma: no cover - stored definitions are JSON text
        definition = {}
    names, branch_starts = summaries.outline(definition)
    events = [event.as_aws() for event in HistoryEvent.objects.filter(execution=execution).order_by("event_id")]
    paths = run_paths(execution)
    invocations = [{**invocation_json(invocation, []), "path": paths.get(invocation.run_id, [])}
                   for invocation in invocations_of(execution)]
    states = summaries.summarize(events, branch_starts=branch_starts, invocations=invocations)
    return {"states": states, "by_state": summaries.roll_up(states, names)}


def handler_catalog() -> dict[str, Any]:
    """The registered task handlers with the function ARN a Task uses for each (the designer's palette)."""
    from executions.handlers import load_handler_modules, registered_handlers

    load_handler_modules()  # idempotent; the web process may not have run a worker yet
    region, account = settings.STEPCRAFT_REGION, settings.STEPCRAFT_ACCOUNT_ID
    return {
        "region": region,
        "account_id": account,
        "handlers": [{"name": info.name, "description": info.description,
                      "arn": f"arn:aws:lambda:{region}:{account}:function:{info.name}"}
                     for info in registered_handlers()],
    }


# ---- Map Runs (Distributed Map) ------------------------------------------------------------------

def get_map_run_for(user: AnyUser, map_run_id: uuid.UUID, need: Access = Access.VIEW) -> tuple[MapRun, Access]:
    """The Map Run with that id, if the user may see its execution's machine (404 otherwise, as executions)."""
    map_run = MapRun.objects.select_related("execution__state_machine").filter(pk=map_run_id).first()
    if map_run is None:
        raise NotFound("No such Map Run.")
    return map_run, check_access(user, map_run.execution.state_machine, need, not_found="No such Map Run.")


def map_runs_of(execution: Execution) -> QuerySet[MapRun]:
    """ListMapRuns: the Map Runs an execution started, newest first."""
    return MapRun.objects.filter(execution=execution).select_related("execution__state_machine").order_by(
        "-start_date", "id")


def child_executions_of(map_run: MapRun) -> QuerySet[Execution]:
    """ListExecutions by mapRunArn: the Map Run's child executions."""
    return Execution.objects.filter(map_run=map_run).select_related("state_machine", "version__state_machine",
                                                                    "map_run")


def map_run_summary(map_run: MapRun) -> dict[str, Any]:
    """ListMapRuns' fields for one Map Run, with the state it belongs to."""
    return {
        "id": str(map_run.pk),
        "map_run_arn": map_run.arn,
        "execution_id": str(map_run.execution_id),
        "execution_arn": execution_arn(map_run.execution),
        "execution_name": map_run.execution.name,
        "state_machine_arn": f"{map_run.execution.state_machine.arn}/{map_run.label}",
        "state": map_run.state,
        "label": map_run.label,
        "status": map_run.status,
        "start_date": map_run.start_date.isoformat(),
        "stop_date": map_run.stop_date.isoformat() if map_run.stop_date else None,
    }


def describe_map_run(map_run: MapRun) -> dict[str, Any]:
    """DescribeMapRun: settings, and its child executions counted by status.

    Item and execution counts are the same here: each child execution processes one item, or one
    batch when the Map has an ItemBatcher (then the counts are of batches).
    """
    by_status = dict(map_run.executions.order_by().values_list("status").annotate(n=Count("id")))
    started = sum(by_status.values())
    counts = {
        "pending": max(map_run.item_count - started, 0),
        "running": by_status.get(ExecutionStatus.RUNNING, 0),
        "succeeded": by_status.get(ExecutionStatus.SUCCEEDED, 0),
        "failed": by_status.get(ExecutionStatus.FAILED, 0),
        "timed_out": by_status.get(ExecutionStatus.TIMED_OUT, 0),
        "aborted": by_status.get(ExecutionStatus.ABORTED, 0),
        "total": map_run.item_count,
        "results_written": 0,  # no ResultWriter here: results go back to the parent
        "failures_not_redrivable": 0,
        "pending_redrive": by_status.get(ExecutionStatus.PENDING_REDRIVE, 0),
    }
    return {
        **map_run_summary(map_run),
        "child_type": map_run.child_type,
        "max_concurrency": map_run.max_concurrency,
        "tolerated_failure_count": map_run.tolerated_failure_count,
        "tolerated_failure_percentage": map_run.tolerated_failure_percentage,
        "redrive_count": map_run.redrive_count,
        "redrive_date": map_run.redrive_date.isoformat() if map_run.redrive_date else None,
        "item_counts": counts,
        "execution_counts": dict(counts),
    }
