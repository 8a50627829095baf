"""Writes: every change to state machines, versions, aliases and shares goes through here.

Callers (views, commands, the AWS-compatible endpoint) check access first (``designer.selectors``);
these functions check the data: definitions are validated with ``asl`` (errors refuse the write
with 400 and every diagnostic; warnings come back with the result), names and routing
configurations follow AWS's rules, and version publishing is idempotent as AWS's is.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.db.models import Max

from asl.validation import ERROR, Diagnostic, validate
from asl.validation.diagnostics import INVALID_JSON_DESCRIPTION
from designer.definitions import DocumentError, canonical_json, load_document, sha256, surrogate_problem
from designer.models import (
    AliasRoute,
    DefinitionRevision,
    LoggingLevel,
    SharePermission,
    StateMachine,
    StateMachineAlias,
    StateMachineShare,
    StateMachineType,
    StateMachineVersion,
)
from designer.names import alias_name_problem, name_problem
from stepcraft.api_errors import ApiError, Conflict

MAX_VERSIONS = 1000  # per machine, as AWS
MAX_ALIASES = 100  # per machine, as AWS
MAX_DIAGNOSTICS = 100  # in one error answer (AWS's ValidateStateMachineDefinition maxResults)


class InvalidDefinition(ApiError):
    """The definition has ERROR diagnostics; all of them (errors and warnings) travel with the error."""

    default_code = "invalid_definition"

    def __init__(self, diagnostics: Sequence[Diagnostic], pointer: str = "/definition"):
        errors = [d for d in diagnostics if d.severity == ERROR]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"The definition is not valid: {first.location or '/'}: {first.message}{more}",
                         pointer=pointer, extra={"diagnostics": diagnostics_json(diagnostics[:MAX_DIAGNOSTICS]),
                                                 "truncated": len(diagnostics) > MAX_DIAGNOSTICS})


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> list[dict[str, str]]:
    return [{"severity": d.severity, "code": d.code, "message": d.message, "location": d.location}
            for d in diagnostics]


@dataclass
class Saved:
    """What create/update did: the machine, the definition's warnings, the version published (if asked)."""

    machine: StateMachine
    warnings: list[Diagnostic] = field(default_factory=list)
    version: StateMachineVersion | None = None


def check_definition(text: str, pointer: str = "/definition") -> list[Diagnostic]:
    """The warnings of a definition; raises InvalidDefinition if it has errors."""
    diagnostics = validate(text)
    problem = surrogate_problem(text)
    if problem:
        diagnostics = [Diagnostic(INVALID_JSON_DESCRIPTION, problem, ""), *diagnostics]
    if any(d.severity == ERROR for d in diagnostics):
        raise InvalidDefinition(diagnostics, pointer)
    return diagnostics


def definition_from_document(value: Any, fmt: str = "auto", pointer: str = "/definition") -> str:
    """The JSON text to store for an imported document: JSON text as given, YAML or objects as canonical JSON.

    ``fmt`` says how to read text: ``auto`` (JSON, else YAML), ``json`` or ``yaml``.
    """
    try:
        if isinstance(value, str):
            document, was_json = load_document(value, fmt)
            return value if was_json else canonical_json(document)
        if isinstance(value, dict):
            return canonical_json(value)
    except DocumentError as exc:
        raise InvalidDefinition([Diagnostic(INVALID_JSON_DESCRIPTION, str(exc), "")], pointer) from None
    raise ApiError("The definition must be JSON or YAML text, or a JSON object.", pointer=pointer)


# `sample_input=UNCHANGED` (the default) leaves it as it is; None clears it.
UNCHANGED: Any = object()
MAX_SAMPLE_INPUT_BYTES = 256 * 1024  # the most an execution's input may be


def _check_sample_input(value: Any) -> None:
    if value is not None and len(json.dumps(value, separators=(",", ":")).encode()) > MAX_SAMPLE_INPUT_BYTES:
        raise ApiError("The sample input is larger than an execution input may be (256 KiB).", code="too_large",
                       pointer="/sample_input")


def _check_name(name: str) -> None:
    problem = name_problem(name)
    if problem:
        raise ApiError(problem, code="invalid_name", pointer="/name")


@transaction.atomic
def create_state_machine(*, owner: User, name: str, definition: str,
                         type: str = StateMachineType.STANDARD, description: str = "",
                         logging_level: str = LoggingLevel.OFF, include_execution_data: bool = False,
                         publish: bool = False, version_description: str = "", sample_input: Any = None) -> Saved:
    _check_name(name)
    _check_sample_input(sample_input)
    warnings = check_definition(definition)
    if StateMachine.objects.filter(owner=owner, name=name).exists():
        raise Conflict(f"You already have a state machine named {name!r}.", code="state_machine_already_exists",
                       pointer="/name")
    try:
        with transaction.atomic():
            machine = StateMachine.objects.create(
                owner=owner, name=name, type=type, description=description, logging_level=logging_level,
                include_execution_data=include_execution_data, sample_input=sample_input)
    except IntegrityError:  # created concurrently under the same name
        raise Conflict(f"You already have a state machine named {name!r}.", code="state_machine_already_exists",
                       pointer="/name") from None
    machine.current_revision = DefinitionRevision.objects.create(
        state_machine=machine, definition=definition, sha256=sha256(definition))
    machine.save(update_fields=["current_revision"])
    version = publish_version(machine=machine, description=version_description)[0] if publish else None
    return Saved(machine, warnings, version)


@transaction.atomic
def update_state_machine(*, machine: StateMachine, definition: str | None = None, description: str | None = None,
                         logging_level: str | None = None, include_execution_data: bool | None = None,
                         publish: bool = False, version_description: str = "", name: str | None = None,
                         sample_input: Any = UNCHANGED) -> Saved:
    """Change what was given. A definition identical to the current one makes no new revision."""
    warnings: list[Diagnostic] = []
    changed: list[str] = []
    if sample_input is not UNCHANGED and sample_input != machine.sample_input:
        _check_sample_input(sample_input)
        machine.sample_input = sample_input
        changed.append("sample_input")
    if name is not None and name != machine.name:
        _check_name(name)
        if StateMachine.objects.filter(owner=machine.owner_id, name=name).exclude(pk=machine.pk).exists():
            raise Conflict(f"You already have a state machine named {name!r}.", code="state_machine_already_exists",
                           pointer="/name")
        machine.name = name
        changed.append("name")
    if definition is not None:
        warnings = check_definition(definition)
        current = machine.current_revision
        if current is None or current.sha256 != sha256(definition) or current.definition != definition:
            machine.current_revision = DefinitionRevision.objects.create(
                state_machine=machine, definition=definition, sha256=sha256(definition))
            changed.append("current_revision")
    for name, value in (("description", description), ("logging_level", logging_level),
                        ("include_execution_data", include_execution_data)):
        if value is not None and getattr(machine, name) != value:
            setattr(machine, name, value)
            changed.append(name)
    if changed:
        machine.save(update_fields=[*changed, "updated_at"])
    version = publish_version(machine=machine, description=version_description)[0] if publish else None
    return Saved(machine, warnings, version)


@transaction.atomic
def delete_state_machine(*, machine: StateMachine) -> None:
    """Delete the machine with its revisions, versions, aliases, shares (and executions)."""
    machine.delete()


@transaction.atomic
def publish_version(*, machine: StateMachine, description: str = "",
                    revision_id: uuid.UUID | None = None) -> tuple[StateMachineVersion, bool]:
    """Publish the current revision as the next version: ``(version, created)``.

    As AWS's PublishStateMachineVersion: idempotent when the latest version already holds the
    current revision (409 if the description differs); ``revision_id``, when given, must be
    the current revision (409 otherwise), so nobody publishes a definition they have not seen.
    """
    locked = StateMachine.objects.select_for_update().get(pk=machine.pk)
    if revision_id is not None and locked.current_revision_id != revision_id:
        raise Conflict("The state machine's current revision is not the one given; it has changed since.",
                       code="revision_mismatch", pointer="/revision_id")
    latest = locked.versions.order_by("-number").first()
    if latest is not None and latest.revision_id == locked.current_revision_id:
        if description and description != latest.description:
            raise Conflict(f"Version {latest.number} already holds this revision, with another description.",
                           code="version_exists", pointer="/description")
        return latest, False
    if locked.versions.count() >= MAX_VERSIONS:
        raise Conflict(f"A state machine has at most {MAX_VERSIONS} versions; delete some first.",
                       code="version_limit_exceeded")
    number = max(locked.last_version_number, locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    assert locked.current_revision_id is not None
    version = StateMachineVersion.objects.create(
        state_machine=locked, number=number, revision_id=locked.current_revision_id, description=description)
    locked.last_version_number = number
    locked.save(update_fields=["last_version_number"])
    machine.last_version_number = number
    version.state_machine = machine
    return version, True


def delete_version(*, version: StateMachineVersion) -> None:
    """Delete a version; refused (409) while an alias routes to it."""
    aliases = sorted(version.routes.values_list("alias__name", flat=True))
    if aliases:
        raise Conflict(f"Version {version.number} is used by the alias(es) {', '.join(aliases)}; change them first.",
                       code="version_in_use")
    version.delete()


def _routes(machine: StateMachine, routing: Sequence[tuple[int, int]]) -> list[tuple[StateMachineVersion, int]]:
    """The versions and weights of a routing configuration, checked as AWS does."""
    pointer = "/routing_configuration"
    if not 1 <= len(routing) <= 2:
        raise ApiError("A routing configuration has one or two entries.", code="invalid_routing", pointer=pointer)
    numbers = [number for number, _ in routing]
    if len(set(numbers)) != len(numbers):
        raise ApiError("A routing configuration names each version once.", code="invalid_routing", pointer=pointer)
    if sum(weight for _, weight in routing) != 100:
        raise ApiError("The weights of a routing configuration add up to 100.", code="invalid_routing",
                       pointer=pointer)
    versions = {v.number: v for v in machine.versions.filter(number__in=numbers)}
    for index, number in enumerate(numbers):
        if number not in versions:
            raise ApiError(f"State machine {machine.name} has no version {number}.", code="unknown_version",
                           pointer=f"{pointer}/{index}/version")
    return [(versions[number], weight) for number, weight in routing]


def _set_routes(alias: StateMachineAlias, routes: list[tuple[StateMachineVersion, int]]) -> None:
    alias.routes.all().delete()
    AliasRoute.objects.bulk_create([AliasRoute(alias=alias, version=v, weight=w) for v, w in routes])


@transaction.atomic
def create_alias(*, machine: StateMachine, name: str, routing: Sequence[tuple[int, int]],
                 description: str = "") -> StateMachineAlias:
    """An alias routing to ``routing``: ``[(version number, weight), ...]``, weights adding up to 100."""
    problem = alias_name_problem(name)
    if problem:
        raise ApiError(problem, code="invalid_name", pointer="/name")
    StateMachine.objects.select_for_update().filter(pk=machine.pk).first()  # serialise alias creation
    if machine.aliases.filter(name=name).exists():
        raise Conflict(f"State machine {machine.name} already has an alias {name!r}.", code="alias_already_exists",
                       pointer="/name")
    if machine.aliases.count() >= MAX_ALIASES:
        raise Conflict(f"A state machine has at most {MAX_ALIASES} aliases.", code="alias_limit_exceeded")
    routes = _routes(machine, routing)
    alias = StateMachineAlias.objects.create(state_machine=machine, name=name, description=description)
    _set_routes(alias, routes)
    return alias


@transaction.atomic
def update_alias(*, alias: StateMachineAlias, description: str | None = None,
                 routing: Sequence[tuple[int, int]] | None = None) -> StateMachineAlias:
    if routing is not None:
        _set_routes(alias, _routes(alias.state_machine, routing))
    if description is not None:
        alias.description = description
    alias.save(update_fields=["description", "updated_at"])
    return alias


@transaction.atomic
def delete_alias(*, alias: StateMachineAlias) -> None:
    alias.delete()


def share_state_machine(*, machine: StateMachine, group: Group,
                        permission: str = SharePermission.VIEW) -> tuple[StateMachineShare, bool]:
    """Grant ``group`` ``permission`` on ``machine``: ``(share, created)``; an existing share is updated."""
    share, created = StateMachineShare.objects.update_or_create(
        state_machine=machine, group=group, defaults={"permission": permission})
    return share, created


def update_share(*, share: StateMachineShare, permission: str) -> StateMachineShare:
    share.permission = permission
    share.save(update_fields=["permission"])
    return share


def unshare_state_machine(*, share: StateMachineShare) -> None:
    share.delete()
