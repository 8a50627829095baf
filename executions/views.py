"""REST endpoints of executions, under /api/: validate input, call a service, serialize.

Access follows the execution's state machine (``executions.selectors.get_execution_for``): VIEW
to read, RUN to start, stop and redrive; an execution of a machine the caller cannot see is a
404. Refusals of the services (``executions.services.ExecutionError``) are 400s (409 for
ExecutionAlreadyExists) whose ``code`` is AWS's exception name.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from designer import selectors as machines
from designer.models import StateMachine, StateMachineVersion
from designer.selectors import Access
from executions import selectors, services
from executions.models import Execution, TaskInvocation
from executions.serializers import (
    ExecutionListQuery,
    ExecutionOutput,
    ExecutionStateMachineOutput,
    ExecutionSummaryOutput,
    HandlerListOutput,
    HistoryOutput,
    HistoryQuery,
    InvocationListQuery,
    InvocationOutput,
    MachineExecutionListQuery,
    MapRunExecutionListQuery,
    MapRunListOutput,
    MapRunOutput,
    StartExecutionInput,
    StateSummariesOutput,
    StopExecutionInput,
)
from stepcraft.api import Cursor, validate_body, validate_query
from stepcraft.api_errors import ApiError, Conflict


class ExecutionCursor(Cursor):
    ordering = ("-start_date", "id")


class InvocationCursor(Cursor):
    ordering = ("started_at", "id")  # the order they ran in


@contextmanager
def aws_errors() -> Iterator[None]:
    """A service's refusal as a 400 (409 for a name taken) with AWS's exception name and the bad field."""
    try:
        yield
    except services.ExecutionAlreadyExists as exc:
        raise Conflict(exc.message, code=exc.code, pointer=exc.pointer or None) from None
    except services.ExecutionError as exc:
        raise ApiError(exc.message, code=exc.code, pointer=exc.pointer or None) from None


def _execution(request: Request, execution_id: uuid.UUID, need: Access) -> tuple[Execution, Access]:
    return selectors.get_execution_for(request.user, execution_id, need)


def _detail(execution: Execution, access: Access) -> dict[str, Any]:
    return {**selectors.execution_detail(execution), "access": access.name}


def _version(machine: StateMachine, data: dict[str, Any]) -> StateMachineVersion | None:
    """The version a start asks for, by number or through an alias (400 naming the field if there is none)."""
    field = "version" if "version" in data else "alias" if "alias" in data else None
    try:
        if field == "version":
            return machines.get_version(machine, data["version"])
        if field == "alias":
            return selectors.version_for_alias(machines.get_alias(machine, data["alias"]))
    except NotFound as exc:
        raise ApiError(str(exc.detail), code=f"unknown_{field}", pointer=f"/{field}") from None
    return None


class _ExecutionList(GenericAPIView):
    pagination_class = ExecutionCursor
    queryset = Execution.objects.none()  # for the schema generator; the methods use the selectors

    def page(self, executions: Any) -> Response:
        page = self.paginate_queryset(
            executions.select_related("state_machine", "version__state_machine", "map_run")) or []
        return self.get_paginated_response(
            ExecutionSummaryOutput([selectors.execution_summary(e) for e in page], many=True).data)


class MachineExecutionListStart(_ExecutionList):
    serializer_class = StartExecutionInput

    @extend_schema(parameters=[MachineExecutionListQuery], responses=ExecutionSummaryOutput(many=True),
                   summary="Executions of a state machine, newest first")
    def get(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine = machines.get_state_machine_for(request.user, machine_id, Access.VIEW)
        query = validate_query(MachineExecutionListQuery, request)
        return self.page(selectors.search_executions(selectors.executions_of(machine), **query))

    @extend_schema(request=StartExecutionInput,
                   responses={201: ExecutionOutput, 200: ExecutionOutput,
                              409: OpenApiResponse(description="ExecutionAlreadyExists: the name is taken.")},
                   summary="Start an execution (RUN); 200 with the same execution for a repeat while it runs",
                   description="As StartExecution: the same name with the same input while the first still runs "
                               "returns it (200); any other reuse of a name is a 409 ExecutionAlreadyExists.")
    def post(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, access = machines.get_state_machine_with_access(request.user, machine_id, Access.RUN)
        data = validate_body(StartExecutionInput, request)
        version = _version(machine, data)
        before = selectors.find_execution(machine, data.get("name"))
        with aws_errors():
            execution = services.start_execution(machine, name=data.get("name"), input=data.get("input"),
                                                 version=version)
        created = before is None or before.pk != execution.pk
        return Response(_detail(execution, access), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ExecutionList(_ExecutionList):
    @extend_schema(parameters=[ExecutionListQuery], responses=ExecutionSummaryOutput(many=True),
                   summary="Executions of every state machine you can see, newest first")
    def get(self, request: Request) -> Response:
        query = validate_query(ExecutionListQuery, request)
        return self.page(selectors.search_executions(selectors.executions_visible_to(request.user), **query))


class ExecutionDetail(APIView):
    @extend_schema(responses=ExecutionOutput, summary="An execution (as DescribeExecution)")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, access = _execution(request, execution_id, Access.VIEW)
        return Response(_detail(execution, access))


class ExecutionStop(APIView):
    @extend_schema(request=StopExecutionInput, responses=ExecutionOutput, summary="Stop a running execution (RUN)",
                   description="As StopExecution: the execution ends ABORTED with this error and cause. "
                               "One that is not running is a 400 ValidationException.")
    def post(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, access = _execution(request, execution_id, Access.RUN)
        data = validate_body(StopExecutionInput, request)
        with aws_errors():
            execution = services.stop_execution(execution, error=data.get("error"), cause=data.get("cause"))
        return Response(_detail(execution, access))


class ExecutionRedrive(APIView):
    @extend_schema(request=None, responses=ExecutionOutput, summary="Redrive a failed, aborted or timed-out "
                   "execution (RUN)", description="As RedriveExecution: it runs again from the state that did not "
                   "succeed. Otherwise a 400 ExecutionNotRedrivable.")
    def post(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, access = _execution(request, execution_id, Access.RUN)
        with aws_errors():
            execution = services.redrive_execution(execution)
        return Response(_detail(execution, access))


class ExecutionStateMachine(APIView):
    @extend_schema(responses=ExecutionStateMachineOutput,
                   summary="The definition this execution runs (as DescribeStateMachineForExecution)",
                   description="The exact definition text of the revision the execution started with, even "
                               "when the state machine has been edited since.")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, _ = _execution(request, execution_id, Access.VIEW)
        return Response(selectors.state_machine_for_execution(execution))


class ExecutionHistory(APIView):
    @extend_schema(parameters=[HistoryQuery], responses=HistoryOutput,
                   summary="History events, AWS-shaped (as GetExecutionHistory)")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, _ = _execution(request, execution_id, Access.VIEW)
        query = validate_query(HistoryQuery, request)
        events, next_cursor = selectors.history_page(execution, **query)
        return Response({"events": events, "next_cursor": next_cursor})


class ExecutionStates(APIView):
    @extend_schema(responses=StateSummariesOutput, summary="Per-state status, data, timing and logs for the viewer",
                   description="One entry per state visit (Map iterations and Parallel branches included), derived "
                               "from the history, with the task invocations (and their logs) of each visit.")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, _ = _execution(request, execution_id, Access.VIEW)
        return Response(selectors.state_summaries(execution))


class ExecutionInvocations(GenericAPIView):
    pagination_class = InvocationCursor
    queryset = TaskInvocation.objects.none()  # for the schema generator

    @extend_schema(parameters=[InvocationListQuery], responses=InvocationOutput(many=True),
                   summary="Task invocations with what they logged, in the order they ran")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, _ = _execution(request, execution_id, Access.VIEW)
        query = validate_query(InvocationListQuery, request)
        invocations = selectors.invocations_of(execution)
        if query.get("state"):
            invocations = invocations.filter(state=query["state"])
        page = self.paginate_queryset(invocations) or []
        paths = selectors.run_paths(execution)
        return self.get_paginated_response(
            InvocationOutput([selectors.invocation_json(i, paths.get(i.run_id, [])) for i in page], many=True).data)


class HandlerList(APIView):
    @extend_schema(responses=HandlerListOutput, summary="The registered task handlers (the designer's palette)",
                   description="What a Task can invoke here: each handler's function name, description and ARN.")
    def get(self, request: Request) -> Response:
        return Response(HandlerListOutput(selectors.handler_catalog()).data)


class ExecutionMapRuns(APIView):
    @extend_schema(responses=MapRunListOutput, summary="The Map Runs of an execution's Distributed Maps (as "
                   "ListMapRuns)")
    def get(self, request: Request, execution_id: uuid.UUID) -> Response:
        execution, _ = _execution(request, execution_id, Access.VIEW)
        return Response({"map_runs": [selectors.map_run_summary(m) for m in selectors.map_runs_of(execution)]})


class MapRunDetail(APIView):
    @extend_schema(responses=MapRunOutput, summary="A Map Run, with its child executions counted by status (as "
                   "DescribeMapRun)")
    def get(self, request: Request, map_run_id: uuid.UUID) -> Response:
        map_run, _ = selectors.get_map_run_for(request.user, map_run_id)
        return Response(MapRunOutput(selectors.describe_map_run(map_run)).data)


class MapRunExecutionList(_ExecutionList):
    @extend_schema(parameters=[MapRunExecutionListQuery], responses=ExecutionSummaryOutput(many=True),
                   summary="The child executions of a Map Run, newest first (as ListExecutions by mapRunArn)")
    def get(self, request: Request, map_run_id: uuid.UUID) -> Response:
        map_run, _ = selectors.get_map_run_for(request.user, map_run_id)
        query = validate_query(MapRunExecutionListQuery, request)
        return self.page(selectors.search_executions(selectors.child_executions_of(map_run), **query))
