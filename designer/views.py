"""REST endpoints of the designer, under /api/: validate input, call a service, serialize.

Access: every machine endpoint goes through ``designer.selectors.get_state_machine_with_access``
(404 for machines the caller may not see, 403 for too little access); the level each method
needs is stated in its ``_machine`` call.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from asl.validation import ERROR, validate
from designer import selectors, services
from designer.definitions import export
from designer.models import StateMachine
from designer.selectors import Access
from designer.serializers import (
    AliasCreateInput,
    AliasOutput,
    AliasUpdateInput,
    ExportQuery,
    ImportQuery,
    PublishInput,
    SavedStateMachineOutput,
    ShareCreateInput,
    ShareOutput,
    ShareUpdateInput,
    StateMachineCreateInput,
    StateMachineImportInput,
    StateMachineListQuery,
    StateMachineOutput,
    StateMachineSummaryOutput,
    StateMachineUpdateInput,
    ValidateInput,
    ValidateOutput,
    VersionDetailOutput,
    VersionOutput,
    saved_output,
)
from stepcraft.api import Cursor, signed_in, validate_body, validate_query
from stepcraft.api_errors import ApiError
from stepcraft.api_parsers import TEXT_PARSERS, JSONParser

# The query parameters of a text/plain or YAML import (a JSON import carries them in its body).
IMPORT_QUERY = [
    OpenApiParameter("name", str, description="Required with a text/plain or YAML body."),
    OpenApiParameter("format", str, enum=["auto", "json", "yaml"], description="How to read the text (default auto)."),
    OpenApiParameter("type", str, enum=["STANDARD", "EXPRESS"], description="Default STANDARD."),
    OpenApiParameter("description", str),
]


def _machine(request: Request, machine_id: uuid.UUID, need: Access) -> tuple[StateMachine, dict[Any, Access]]:
    machine, access = selectors.get_state_machine_with_access(request.user, machine_id, need)
    return machine, {machine.id: access}


def _routing(data: dict[str, Any]) -> list[tuple[int, int]] | None:
    routes = data.get("routing_configuration")
    return None if routes is None else [(route["version"], route["weight"]) for route in routes]


class StateMachineListCreate(GenericAPIView):
    pagination_class = Cursor
    # For the schema generator and OPTIONS; the methods use the selectors and their own serializers.
    queryset = StateMachine.objects.none()
    serializer_class = StateMachineCreateInput

    @extend_schema(parameters=[StateMachineListQuery], responses=StateMachineSummaryOutput(many=True),
                   summary="List the state machines you can see")
    def get(self, request: Request) -> Response:
        query = validate_query(StateMachineListQuery, request)
        machines = selectors.search_state_machines(selectors.state_machines_visible_to(request.user), **query)
        page = self.paginate_queryset(machines) or []
        access = selectors.access_to_many(request.user, page)
        return self.get_paginated_response(StateMachineSummaryOutput(page, many=True, context={"access": access}).data)

    @extend_schema(request=StateMachineCreateInput, responses={201: SavedStateMachineOutput},
                   summary="Create a state machine")
    def post(self, request: Request) -> Response:
        data = validate_body(StateMachineCreateInput, request)
        saved = services.create_state_machine(owner=signed_in(request), **data)
        return Response(saved_output(saved, {saved.machine.id: Access.OWNER}), status=status.HTTP_201_CREATED)


class StateMachineImport(APIView):
    parser_classes = [JSONParser, *TEXT_PARSERS]

    @extend_schema(request={"application/json": StateMachineImportInput, "text/plain": OpenApiTypes.STR,
                            "application/yaml": OpenApiTypes.STR},
                   parameters=IMPORT_QUERY, responses={201: SavedStateMachineOutput},
                   summary="Create a state machine from an ASL JSON or YAML document",
                   description="Send JSON with the fields below, or the document itself as text/plain or "
                               "application/yaml with name (and type, description) as query parameters.")
    def post(self, request: Request) -> Response:
        if isinstance(request.data, str):
            data, pointer = {**validate_query(ImportQuery, request), "definition": request.data}, ""
        else:
            data, pointer = validate_body(StateMachineImportInput, request), "/definition"
        definition = services.definition_from_document(data.pop("definition"), data.pop("format"), pointer)
        saved = services.create_state_machine(owner=signed_in(request), definition=definition, **data)
        return Response(saved_output(saved, {saved.machine.id: Access.OWNER}), status=status.HTTP_201_CREATED)


class StateMachineDetail(APIView):
    @extend_schema(responses=StateMachineOutput, summary="A state machine with its current definition")
    def get(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, access = _machine(request, machine_id, Access.VIEW)
        return Response(StateMachineOutput(machine, context={"access": access}).data)

    @extend_schema(request=StateMachineUpdateInput, responses=SavedStateMachineOutput,
                   summary="Change the definition or settings (EDIT)")
    def patch(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, access = _machine(request, machine_id, Access.EDIT)
        changes = validate_body(StateMachineUpdateInput, request)
        if "name" in changes and changes["name"] != machine.name:
            selectors.check_access(request.user, machine, Access.OWNER)  # a name lives in its owner's namespace
        saved = services.update_state_machine(machine=machine, **changes)
        return Response(saved_output(saved, access))

    @extend_schema(responses={204: None}, summary="Delete a state machine (owner only)")
    def delete(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.OWNER)
        services.delete_state_machine(machine=machine)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _FirstRenderer(BaseContentNegotiation):
    """Export answers in the format asked by ?format=, whatever the Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Iterable[BaseRenderer],
                        format_suffix: str | None = None) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class StateMachineExport(APIView):
    content_negotiation_class = _FirstRenderer

    @extend_schema(parameters=[ExportQuery], summary="Export the definition as ASL JSON or YAML",
                   responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
                              (200, "application/yaml"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request, machine_id: uuid.UUID) -> HttpResponse:
        machine, _ = _machine(request, machine_id, Access.VIEW)
        query = validate_query(ExportQuery, request)
        version = selectors.get_version(machine, query["version"]) if "version" in query else None
        revision = version.revision if version else selectors.current_revision(machine)
        body, content_type, extension = export(revision.definition, query["format"])
        filename = f"{machine.name}{f'-v{version.number}' if version else ''}.asl.{extension}"
        response = HttpResponse(body.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
        return response


class VersionListPublish(APIView):
    @extend_schema(responses=VersionOutput(many=True), summary="Published versions, newest first")
    def get(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.VIEW)
        return Response(VersionOutput(selectors.versions_of(machine), many=True).data)

    @extend_schema(request=PublishInput, responses={201: VersionDetailOutput, 200: VersionDetailOutput},
                   summary="Publish the current definition as a version (EDIT); 200 if it already is the latest")
    def post(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        version, created = services.publish_version(machine=machine, **validate_body(PublishInput, request))
        return Response(VersionDetailOutput(version).data, status=status.HTTP_201_CREATED if created else 200)


class VersionDetail(APIView):
    @extend_schema(responses=VersionDetailOutput, summary="A published version with its definition")
    def get(self, request: Request, machine_id: uuid.UUID, number: int) -> Response:
        machine, _ = _machine(request, machine_id, Access.VIEW)
        return Response(VersionDetailOutput(selectors.get_version(machine, number)).data)

    @extend_schema(responses={204: None}, summary="Delete a version no alias routes to (EDIT)")
    def delete(self, request: Request, machine_id: uuid.UUID, number: int) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        services.delete_version(version=selectors.get_version(machine, number))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AliasListCreate(APIView):
    @extend_schema(responses=AliasOutput(many=True), summary="Aliases of a state machine")
    def get(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.VIEW)
        return Response(AliasOutput(selectors.aliases_of(machine), many=True).data)

    @extend_schema(request=AliasCreateInput, responses={201: AliasOutput}, summary="Create an alias (EDIT)")
    def post(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        data = validate_body(AliasCreateInput, request)
        alias = services.create_alias(machine=machine, name=data["name"], description=data.get("description", ""),
                                      routing=_routing(data) or [])
        return Response(AliasOutput(alias).data, status=status.HTTP_201_CREATED)


class AliasDetail(APIView):
    @extend_schema(responses=AliasOutput, summary="An alias")
    def get(self, request: Request, machine_id: uuid.UUID, alias_name: str) -> Response:
        machine, _ = _machine(request, machine_id, Access.VIEW)
        return Response(AliasOutput(selectors.get_alias(machine, alias_name)).data)

    @extend_schema(request=AliasUpdateInput, responses=AliasOutput, summary="Change an alias's routing (EDIT)")
    def patch(self, request: Request, machine_id: uuid.UUID, alias_name: str) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        data = validate_body(AliasUpdateInput, request)
        alias = services.update_alias(alias=selectors.get_alias(machine, alias_name),
                                      description=data.get("description"), routing=_routing(data))
        return Response(AliasOutput(selectors.get_alias(machine, alias.name)).data)

    @extend_schema(responses={204: None}, summary="Delete an alias (EDIT)")
    def delete(self, request: Request, machine_id: uuid.UUID, alias_name: str) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        services.delete_alias(alias=selectors.get_alias(machine, alias_name))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _group(name: str) -> Group:
    group = Group.objects.filter(name=name).first()
    if group is None:
        raise ApiError(f"There is no group named {name!r}.", code="unknown_group", pointer="/group")
    return group


class ShareListCreate(APIView):
    @extend_schema(responses=ShareOutput(many=True), summary="Groups the machine is shared with (EDIT)")
    def get(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        return Response(ShareOutput(selectors.shares_of(machine), many=True).data)

    @extend_schema(request=ShareCreateInput, responses={201: ShareOutput, 200: ShareOutput},
                   summary="Share with a group (EDIT); 200 when it changes an existing share")
    def post(self, request: Request, machine_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        data = validate_body(ShareCreateInput, request)
        share, created = services.share_state_machine(machine=machine, group=_group(data["group"]),
                                                      permission=data["permission"])
        return Response(ShareOutput(share).data, status=status.HTTP_201_CREATED if created else 200)


class ShareDetail(APIView):
    @extend_schema(responses=ShareOutput, summary="A share (EDIT)")
    def get(self, request: Request, machine_id: uuid.UUID, share_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        return Response(ShareOutput(selectors.get_share(machine, share_id)).data)

    @extend_schema(request=ShareUpdateInput, responses=ShareOutput, summary="Change a share's permission (EDIT)")
    def patch(self, request: Request, machine_id: uuid.UUID, share_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        data = validate_body(ShareUpdateInput, request)
        share = services.update_share(share=selectors.get_share(machine, share_id), permission=data["permission"])
        return Response(ShareOutput(share).data)

    @extend_schema(responses={204: None}, summary="Stop sharing with a group (EDIT)")
    def delete(self, request: Request, machine_id: uuid.UUID, share_id: uuid.UUID) -> Response:
        machine, _ = _machine(request, machine_id, Access.EDIT)
        services.unshare_state_machine(share=selectors.get_share(machine, share_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ValidateDefinition(APIView):
    parser_classes = [JSONParser, *TEXT_PARSERS]

    @extend_schema(request={"application/json": ValidateInput, "text/plain": OpenApiTypes.STR},
                   responses=ValidateOutput, summary="Validate a definition (like ValidateStateMachineDefinition)",
                   description="Never stores anything. Send JSON with the fields below, or the definition "
                               "itself as text/plain. Any definition gives 200 with OK or FAIL.")
    def post(self, request: Request) -> Response:
        if isinstance(request.data, str):
            data = {"definition": request.data, "severity": "WARNING", "max_results": 100}
        else:
            data = validate_body(ValidateInput, request)
        diagnostics = validate(data["definition"])
        failed = any(d.severity == ERROR for d in diagnostics)
        shown = [d for d in diagnostics if data["severity"] == "WARNING" or d.severity == ERROR]
        return Response({"result": "FAIL" if failed else "OK", "truncated": len(shown) > data["max_results"],
                         "diagnostics": services.diagnostics_json(shown[:data["max_results"]])})
