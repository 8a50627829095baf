"""The registry of local task handlers: Stepcraft's stand-in for Lambda functions.

A handler is a plain Python function ``f(event) -> result`` registered under a Lambda-style
function name with :func:`handler`. A Task names it exactly as it would name a Lambda function
on AWS -- ``arn:aws:lambda:<region>:<account>:function:<name>`` or ``lambda:invoke`` with
``FunctionName`` -- so a definition runs unchanged here and on AWS.

Definitions never name Python code: the modules listed in the ``STEPCRAFT_HANDLER_MODULES``
setting are imported by :func:`load_handler_modules` (the only import of a module path) and
register their functions as they load; a Task can reach only what they registered.
"""
from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from asl.resources import Resource, function_name, lambda_request, parse_resource

Handler = Callable[[Any], Any]
F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_HANDLER_MODULES = ("examples.handlers",)
# Lambda's function name rules: letters, digits, hyphens and underscores, 1 to 64 characters.
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")


class HandlerRegistrationError(ValueError):
    """A handler that cannot be registered: a bad name, or a name taken by another function."""


@dataclass(frozen=True)
class HandlerInfo:
    """What the designer's palette shows about one registered handler."""

    name: str
    description: str
    module: str
    qualname: str


@dataclass(frozen=True)
class Resolution:
    """What a Task's resource and effective input come to.

    ``handler`` is None when nothing registered answers: for a Lambda-backed resource that is
    a function that does not exist (``function_name`` says which); for any other resource,
    one Stepcraft cannot run yet (HTTP, activities, nested executions, ...).
    """

    handler: Handler | None
    event: Any  # what the handler receives
    lambda_backed: bool  # results get lambda:invoke's envelope, errors Lambda's error payload
    function_name: str  # "" when the resource is not Lambda-backed


class Registry:
    """Handlers by name. The module-level functions use one process-wide instance."""

    def __init__(self) -> None:
        self._handlers: dict[str, tuple[Handler, HandlerInfo]] = {}
        self._lock = threading.Lock()

    def register(self, function: Handler, name: str | None = None, description: str = "") -> HandlerInfo:
        name = name if name is not None else getattr(function, "__name__", "")
        if not isinstance(name, str) or not _NAME.match(name):
            raise HandlerRegistrationError(
                f"{name!r} is not a valid function name: use 1 to 64 letters, digits, hyphens or underscores")
        module = getattr(function, "__module__", "") or ""
        qualname = getattr(function, "__qualname__", "") or repr(function)
        if not description:
            doc = (getattr(function, "__doc__", None) or "").strip()
            description = doc.splitlines()[0].strip() if doc else ""
        info = HandlerInfo(name, description, module, qualname)
        with self._lock:
            existing = self._handlers.get(name)
            # The same function registered again (its module reloaded, or imported twice under
            # one name) replaces itself; another function under a taken name is a mistake.
            if existing is not None and (existing[1].module, existing[1].qualname) != (module, qualname):
                raise HandlerRegistrationError(
                    f"A handler named {name!r} is already registered ({existing[1].module}.{existing[1].qualname}); "
                    f"{module}.{qualname} needs another name")
            self._handlers[name] = (function, info)
        return info

    @overload
    def handler(self, name: F, *, description: str = "") -> F: ...

    @overload
    def handler(self, name: str | None = None, *, description: str = "") -> Callable[[F], F]: ...

    def handler(self, name: Any = None, *, description: str = "") -> Any:
        """Register the decorated function: ``@handler`` or ``@handler("Name", description=...)``.

        The name defaults to the function's name, the description to the first line of its
        docstring. Another function under a taken name raises :class:`HandlerRegistrationError`
        (at import time, where the mistake is); the same function again replaces itself.
        """
        if callable(name):
            self.register(name, None, description)
            return name

        def decorate(function: F) -> F:
            self.register(function, name, description)
            return function

        return decorate

    def get(self, name: str) -> Handler | None:
        entry = self._handlers.get(name)
        return entry[0] if entry is not None else None

    def __contains__(self, name: object) -> bool:
        return name in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._handlers))

    def infos(self) -> list[HandlerInfo]:
        return [info for _, info in sorted(self._handlers.values(), key=lambda entry: entry[1].name)]

    def table(self) -> dict[str, Handler]:
        """``{name: function}``: the ``handlers`` argument of :func:`asl.run`."""
        return {name: function for name, (function, _) in sorted(self._handlers.items())}


# The process-wide registry, filled by the modules load_handler_modules() imports.
REGISTRY = Registry()
# ``@handler`` / ``@handler("Name", description=...)``: register in the process-wide registry.
handler = REGISTRY.handler


def registered_handlers(registry: Registry | None = None) -> list[HandlerInfo]:
    """Every registered handler, by name."""
    return (registry if registry is not None else REGISTRY).infos()


def handler_table(registry: Registry | None = None) -> dict[str, Handler]:
    """``{name: function}`` of every registered handler, for :func:`asl.run`."""
    return (registry if registry is not None else REGISTRY).table()


_loaded_lock = threading.Lock()


def load_handler_modules(modules: list[str] | None = None) -> list[str]:
    """Import the handler modules (default: the ``STEPCRAFT_HANDLER_MODULES`` setting); return their names.

    Idempotent: a module already imported is not imported again. A module that cannot be
    imported stops start-up with ImproperlyConfigured naming it.
    """
    if modules is None:
        from django.conf import settings

        modules = list(getattr(settings, "STEPCRAFT_HANDLER_MODULES", DEFAULT_HANDLER_MODULES))
    with _loaded_lock:
        for module in modules:
            try:
                importlib.import_module(module)
            except ImportError as exc:
                from django.core.exceptions import ImproperlyConfigured

                raise ImproperlyConfigured(
                    f"STEPCRAFT_HANDLER_MODULES names {module!r}, which cannot be imported: {exc}") from exc
    return list(modules)


def resolve(resource: Resource, payload: Any, registry: Registry | None = None) -> Resolution:
    """The handler a Task with ``resource`` invokes with its effective input ``payload``, and the event it gets.

    - ``arn:aws:lambda:<region>:<account>:function:<Name>[:qualifier]``: handler ``Name``, the
      effective input as the event;
    - ``arn:aws:states:::lambda:invoke`` (also ``.waitForTaskToken``): the handler named by
      ``FunctionName`` (a function ARN, a partial ARN or a bare name), ``Payload`` as the event;
    - anything else: no handler (yet).
    """
    registry = registry if registry is not None else REGISTRY
    if not resource.lambda_backed:
        return Resolution(None, payload, False, "")
    request = lambda_request(resource, payload)
    name = function_name(request.function)
    return Resolution(registry.get(name), request.event, True, name)


def unregistered_resources(definition: dict[str, Any], registry: Registry | None = None) -> list[tuple[str, str]]:
    """``(JSON pointer, function)`` for every Task that names a function no handler is registered for.

    Walks the Task states of the definition, nested Parallel branches and Map processors
    included. The pointer is that of the field naming the function: ``Resource`` for a function
    ARN, ``Parameters/FunctionName`` (``Arguments/FunctionName`` with JSONata) for
    ``lambda:invoke``. A name computed at run time (``FunctionName.$``, a JSONata expression)
    cannot be checked and is skipped. For design-time warnings: running such a Task fails with
    ``Lambda.ResourceNotFoundException``.
    """
    registry = registry if registry is not None else REGISTRY
    found: list[tuple[str, str]] = []
    _walk(definition, "", registry, found)
    return found


def _walk(scope: Any, pointer: str, registry: Registry, found: list[tuple[str, str]]) -> None:
    states = scope.get("States") if isinstance(scope, dict) else None
    if not isinstance(states, dict):
        return
    for state_name, state in states.items():
        if not isinstance(state, dict):
            continue
        at = f"{pointer}/States/{_escape(state_name)}"
        kind = state.get("Type")
        if kind == "Task":
            _check_task(state, at, registry, found)
        elif kind == "Parallel" and isinstance(state.get("Branches"), list):
            for index, branch in enumerate(state["Branches"]):
                _walk(branch, f"{at}/Branches/{index}", registry, found)
        elif kind == "Map":
            for key in ("ItemProcessor", "Iterator"):
                if key in state:
                    _walk(state[key], f"{at}/{key}", registry, found)


def _check_task(state: dict[str, Any], at: str, registry: Registry, found: list[tuple[str, str]]) -> None:
    arn = state.get("Resource")
    if not isinstance(arn, str):
        return
    resource = parse_resource(arn)
    if resource.legacy_lambda:
        if function_name(arn) not in registry:
            found.append((f"{at}/Resource", arn))
        return
    if not resource.lambda_backed:
        return
    for field in ("Parameters", "Arguments"):
        template = state.get(field)
        if not isinstance(template, dict):
            continue
        name = template.get("FunctionName")
        if isinstance(name, str) and not name.lstrip().startswith("{%") and function_name(name) not in registry:
            found.append((f"{at}/{field}/FunctionName", name))


def _escape(token: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")
