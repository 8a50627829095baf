"""The handler registry: registration rules, resolving a Task's resource, design-time checks, loading modules."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from asl.resources import parse_resource
from executions.handlers import (
    REGISTRY,
    HandlerInfo,
    HandlerRegistrationError,
    Registry,
    load_handler_modules,
    registered_handlers,
    resolve,
    unregistered_resources,
)
from tests.test_settings import load_settings

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
INVOKE = "arn:aws:states:::lambda:invoke"


@pytest.fixture
def registry() -> Registry:
    """A registry of its own with two handlers, `greet` and `shout`."""
    registry = Registry()

    @registry.handler
    def greet(event: Any) -> Any:
        """Say hello.

        More text that the palette does not show.
        """
        return f"hello {event}"

    @registry.handler("shout", description="Shout it")
    def loud(event: Any) -> Any:
        return str(event).upper()

    return registry


# ---- registration -------------------------------------------------------------------------------

def test_bare_decorator_registers_under_the_function_name_with_the_docstring_line(registry: Registry) -> None:
    [greet] = [info for info in registry.infos() if info.name == "greet"]
    assert greet == HandlerInfo("greet", "Say hello.", __name__,
                                "registry.<locals>.greet")
    assert registry.get("greet")("Ada") == "hello Ada"  # type: ignore[misc]


def test_named_decorator_uses_the_given_name_and_description(registry: Registry) -> None:
    [shout] = [info for info in registry.infos() if info.name == "shout"]
    assert (shout.description, shout.qualname) == ("Shout it", "registry.<locals>.loud")
    assert registry.get("loud") is None
    assert registry.get("shout")("hey") == "HEY"  # type: ignore[misc]


def test_decorator_returns_the_function_unchanged() -> None:
    registry = Registry()

    def double(event: Any) -> Any:
        return event * 2

    assert registry.handler(double) is double
    assert registry.handler("twice")(double) is double


def test_handlers_are_listed_by_name(registry: Registry) -> None:
    assert [info.name for info in registered_handlers(registry)] == ["greet", "shout"]
    assert list(registry.table()) == ["greet", "shout"]


@pytest.mark.parametrize("name", ["", "has space", "dotted.name", "colon:name", "x" * 65, "émile"])
def test_names_must_follow_lambda_function_name_rules(name: str) -> None:
    with pytest.raises(HandlerRegistrationError, match="not a valid function name"):
        Registry().register(lambda event: event, name)


@pytest.mark.parametrize("name", ["a", "Order-Service_2", "x" * 64])
def test_valid_lambda_names_are_accepted(name: str) -> None:
    registry = Registry()
    registry.register(lambda event: event, name)
    assert name in registry


def test_another_function_under_a_taken_name_is_refused(registry: Registry) -> None:
    def impostor(event: Any) -> Any:
        return None

    with pytest.raises(HandlerRegistrationError, match=r"'greet' is already registered .*registry.<locals>.greet"):
        registry.register(impostor, "greet")
    assert registry.get("greet")("x") == "hello x"  # type: ignore[misc]  # the first one stays


def test_registering_the_same_function_again_is_harmless(registry: Registry) -> None:
    greet = registry.get("greet")
    assert greet is not None
    registry.register(greet, "greet")  # e.g. its module imported a second time
    assert [info.name for info in registry.infos()] == ["greet", "shout"]


# ---- resolving a Task's resource ----------------------------------------------------------------

@pytest.mark.parametrize("arn", [FUNCTION_ARN + "greet", FUNCTION_ARN + "greet:$LATEST", FUNCTION_ARN + "greet:prod"])
def test_function_arn_resolves_to_its_handler_with_the_effective_input(registry: Registry, arn: str) -> None:
    resolution = resolve(parse_resource(arn), {"who": "Ada"}, registry)
    assert resolution.handler is registry.get("greet")
    assert resolution.event == {"who": "Ada"}
    assert (resolution.lambda_backed, resolution.function_name) == (True, "greet")


@pytest.mark.parametrize("function", [
    FUNCTION_ARN + "shout",  # a full ARN
    FUNCTION_ARN + "shout:live",  # ... with a qualifier
    "123456789012:function:shout",  # a partial ARN
    "shout",  # a bare name
    "shout:$LATEST",  # a name with a qualifier
])
def test_lambda_invoke_resolves_function_name_and_passes_the_payload(registry: Registry, function: str) -> None:
    resolution = resolve(parse_resource(INVOKE), {"FunctionName": function, "Payload": {"n": 1}}, registry)
    assert resolution.handler is registry.get("shout")
    assert (resolution.event, resolution.lambda_backed, resolution.function_name) == ({"n": 1}, True, "shout")


def test_lambda_invoke_payload_follows_aws_semantics(registry: Registry) -> None:
    resource = parse_resource(INVOKE)
    assert resolve(resource, {"FunctionName": "shout"}, registry).event == {}  # no Payload: an empty object
    assert resolve(resource, {"FunctionName": "shout", "Payload": '{"a": [1]}'}, registry).event == {"a": [1]}
    assert resolve(resource, {"FunctionName": "shout", "Payload": "plain"}, registry).event == "plain"


def test_wait_for_task_token_form_resolves_like_invoke(registry: Registry) -> None:
    resolution = resolve(parse_resource(INVOKE + ".waitForTaskToken"),
                         {"FunctionName": "greet", "Payload": {"token": "t"}}, registry)
    assert resolution.handler is registry.get("greet")
    assert resolution.event == {"token": "t"}


def test_unregistered_function_resolves_to_no_handler_but_names_the_function(registry: Registry) -> None:
    resolution = resolve(parse_resource(FUNCTION_ARN + "missing:3"), {}, registry)
    assert (resolution.handler, resolution.lambda_backed, resolution.function_name) == (None, True, "missing")


@pytest.mark.parametrize("arn", ["arn:aws:states:::dynamodb:putItem", "arn:aws:states:::http:invoke",
                                 "arn:aws:states:us-east-1:123456789012:activity:review"])
def test_other_resources_have_no_handler_yet(registry: Registry, arn: str) -> None:
    resolution = resolve(parse_resource(arn), {"x": 1}, registry)
    assert (resolution.handler, resolution.event, resolution.lambda_backed, resolution.function_name) == (
        None, {"x": 1}, False, "")


# ---- design-time check --------------------------------------------------------------------------

def _task(resource: str, **fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": resource, "End": True, **fields}


def test_unregistered_resources_walks_nested_states_and_points_at_the_naming_field(registry: Registry) -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": _task(FUNCTION_ARN + "greet"),
            "B/1": _task(FUNCTION_ARN + "nope"),
            "P": {"Type": "Parallel", "End": True, "Branches": [
                {"StartAt": "X", "States": {"X": _task(INVOKE, Parameters={"FunctionName": "ghost", "Payload": {}})}},
                {"StartAt": "Y", "States": {"Y": _task(INVOKE, Parameters={"FunctionName.$": "$.fn"})}},
            ]},
            "M": {"Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Z", "States": {
                "Z": _task(INVOKE + ".waitForTaskToken",
                           Parameters={"FunctionName": FUNCTION_ARN + "phantom:live"})}}},
            "Old": {"Type": "Map", "End": True, "Iterator": {"StartAt": "I", "States": {
                "I": _task(FUNCTION_ARN + "legacy")}}},
            "J": _task(INVOKE, Arguments={"FunctionName": "jsonata_fn"}),
            "K": _task(INVOKE, Arguments={"FunctionName": "{% $fn %}"}),
            "S": _task("arn:aws:states:::sqs:sendMessage"),
        },
    }
    assert unregistered_resources(definition, registry) == [
        ("/States/B~11/Resource", FUNCTION_ARN + "nope"),
        ("/States/P/Branches/0/States/X/Parameters/FunctionName", "ghost"),
        ("/States/M/ItemProcessor/States/Z/Parameters/FunctionName", FUNCTION_ARN + "phantom:live"),
        ("/States/Old/Iterator/States/I/Resource", FUNCTION_ARN + "legacy"),
        ("/States/J/Arguments/FunctionName", "jsonata_fn"),
    ]


def test_a_definition_naming_only_registered_handlers_has_nothing_to_report(registry: Registry) -> None:
    definition = {"StartAt": "A", "States": {"A": _task(INVOKE, Parameters={"FunctionName": "shout"}, End=False,
                                                         Next="B"),
                                             "B": _task(FUNCTION_ARN + "greet:1")}}
    assert unregistered_resources(definition, registry) == []


def test_malformed_definitions_do_not_break_the_check(registry: Registry) -> None:
    assert unregistered_resources({"States": "nope"}, registry) == []
    assert unregistered_resources({"States": {"A": 3, "B": {"Type": "Task", "Resource": 7}}}, registry) == []


# ---- loading handler modules --------------------------------------------------------------------

def test_load_handler_modules_imports_the_modules_of_the_setting(settings: Settings) -> None:
    settings.STEPCRAFT_HANDLER_MODULES = ["examples.handlers"]
    assert load_handler_modules() == ["examples.handlers"]
    assert load_handler_modules() == ["examples.handlers"]  # idempotent: nothing registered twice
    names = [info.name for info in registered_handlers()]
    assert {"check_inventory", "charge_payment", "generate_image", "score_user"} <= set(names)
    [charge] = [info for info in registered_handlers() if info.name == "charge_payment"]
    assert charge.module == "examples.handlers"
    assert "charge" in charge.description.lower()
    assert REGISTRY.get("charge_payment") is not None


def test_a_module_that_cannot_be_imported_stops_start_up_naming_it() -> None:
    with pytest.raises(ImproperlyConfigured, match="STEPCRAFT_HANDLER_MODULES names 'no_such.module'"):
        load_handler_modules(["no_such.module"])


def test_handler_modules_setting_defaults_to_the_examples_and_reads_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STEPCRAFT_HANDLER_MODULES", raising=False)
    assert load_settings().STEPCRAFT_HANDLER_MODULES == ["examples.handlers"]
    custom = load_settings(STEPCRAFT_HANDLER_MODULES="shop.handlers, examples.handlers")
    assert custom.STEPCRAFT_HANDLER_MODULES == ["shop.handlers", "examples.handlers"]
