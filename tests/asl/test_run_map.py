"""The Map state through ``asl.run``.

AWS evidence: recorded cases scenarios_test_base_scenarios...test_map_state* (item order, iteration
events, a failing iteration fails the Map with its own error, Retry/Catch of a Map) and the
developer guide's "Tolerated failure threshold" page (States.ExceedToleratedFailureThreshold).
"""
from __future__ import annotations

from typing import Any

import pytest

import asl
from asl import TaskFailure

PACKER = "arn:aws:states:::sqs:sendMessage"


def packer(item: Any) -> Any:
    """Packs one item; refuses anything marked fragile."""
    if isinstance(item, dict) and item.get("fragile"):
        raise TaskFailure("Packing.Fragile", f"cannot pack {item['sku']}")
    return {"packed": item["sku"] if isinstance(item, dict) else item}


def mapping(processor_states: dict[str, Any], start: str, **fields: Any) -> dict[str, Any]:
    return {"StartAt": "EachItem", "States": {"EachItem": {
        "Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": start,
                                         "States": processor_states}, **fields, "End": True}}}


PACK = {"Pack": {"Type": "Task", "Resource": PACKER, "End": True}}
ECHO = {"Echo": {"Type": "Pass", "End": True}}


def types(result: asl.ExecutionResult) -> list[str]:
    return [event["type"] for event in result.history]


def test_results_come_back_in_item_order() -> None:
    result = asl.run(mapping(PACK, "Pack", ItemsPath="$.basket"),
                     {"basket": [{"sku": "A"}, {"sku": "B"}, {"sku": "C"}]}, handlers={PACKER: packer})

    assert result.status == "SUCCEEDED"
    assert result.output == [{"packed": "A"}, {"packed": "B"}, {"packed": "C"}]


def test_without_items_path_the_input_itself_is_the_array() -> None:
    result = asl.run(mapping(ECHO, "Echo"), [3, 1, 2])

    assert result.output == [3, 1, 2]


def test_empty_array_gives_an_empty_result() -> None:
    result = asl.run(mapping(ECHO, "Echo", ItemsPath="$.basket", ResultPath="$.packed"), {"basket": []})

    assert result.output == {"basket": [], "packed": []}
    started = next(e for e in result.history if e["type"] == "MapStateStarted")
    assert started["mapStateStartedEventDetails"] == {"length": 0}


def test_item_selector_sees_the_item_its_index_and_the_maps_input() -> None:
    selector = {"index.$": "$$.Map.Item.Index", "sku.$": "$$.Map.Item.Value.sku", "customer.$": "$.customer"}

    result = asl.run(mapping(ECHO, "Echo", ItemsPath="$.basket", ItemSelector=selector),
                     {"customer": "fiona", "basket": [{"sku": "A"}, {"sku": "B"}]})

    assert result.output == [{"index": 0, "sku": "A", "customer": "fiona"},
                             {"index": 1, "sku": "B", "customer": "fiona"}]


def test_legacy_iterator_and_parameters_work_like_item_processor_and_item_selector() -> None:
    definition = {"StartAt": "EachItem", "States": {"EachItem": {
        "Type": "Map", "ItemsPath": "$.basket", "Parameters": {"n.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
        "Iterator": {"StartAt": "Echo", "States": ECHO}, "End": True}}}

    result = asl.run(definition, {"basket": ["x", "y"]})

    assert result.output == [{"n": 0, "v": "x"}, {"n": 1, "v": "y"}]


def test_result_selector_result_path_and_output_path_process_the_result_array() -> None:
    result = asl.run(mapping(ECHO, "Echo", ItemsPath="$.basket", ResultSelector={"count.$": "States.ArrayLength($)"},
                             ResultPath="$.summary", OutputPath="$.summary.count"),
                     {"basket": [1, 2, 3]})

    assert result.output == 3


def test_iteration_events_carry_the_map_name_and_item_index() -> None:
    result = asl.run(mapping(ECHO, "Echo"), ["a", "b"])

    assert types(result) == [
        "ExecutionStarted", "MapStateEntered", "MapStateStarted",
        "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
        "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
        "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    iterations = [(e["type"], e.get("mapIterationStartedEventDetails") or e.get("mapIterationSucceededEventDetails"))
                  for e in result.history if e["type"].startswith("MapIteration")]
    assert iterations == [("MapIterationStarted", {"name": "EachItem", "index": 0}),
                          ("MapIterationSucceeded", {"name": "EachItem", "index": 0}),
                          ("MapIterationStarted", {"name": "EachItem", "index": 1}),
                          ("MapIterationSucceeded", {"name": "EachItem", "index": 1})]
    assert result.history[2]["mapStateStartedEventDetails"] == {"length": 2}


@pytest.mark.parametrize("max_concurrency", [0, 1, 2])
def test_max_concurrency_keeps_the_results_in_item_order(max_concurrency: int) -> None:
    items = [{"sku": str(n)} for n in range(5)]

    result = asl.run(mapping(PACK, "Pack", MaxConcurrency=max_concurrency), items, handlers={PACKER: packer})

    assert result.output == [{"packed": str(n)} for n in range(5)]


def test_max_concurrency_one_runs_iterations_one_after_another() -> None:
    result = asl.run(mapping(ECHO, "Echo", MaxConcurrency=1), [1, 2, 3])

    iteration_events = [e["type"] for e in result.history if e["type"].startswith("MapIteration")]
    assert iteration_events == ["MapIterationStarted", "MapIterationSucceeded"] * 3


def test_failing_iteration_fails_the_map_with_its_error() -> None:
    items = [{"sku": "A"}, {"sku": "B", "fragile": True}, {"sku": "C"}]

    result = asl.run(mapping(PACK, "Pack", MaxConcurrency=1), items, handlers={PACKER: packer})

    assert result.status == "FAILED"
    assert (result.error, result.cause) == ("Packing.Fragile", "cannot pack B")
    assert types(result)[-3:] == ["MapIterationFailed", "MapStateFailed", "ExecutionFailed"]
    failed = next(e for e in result.history if e["type"] == "MapIterationFailed")
    assert failed["mapIterationFailedEventDetails"] == {"name": "EachItem", "index": 1}
    assert types(result).count("MapIterationStarted") == 2  # the item after the failure never starts


def test_caught_map_failure_sends_the_error_output_on() -> None:
    # AWS-recorded: test_map_state_catch (output and event types).
    definition = {"StartAt": "StartState", "States": {
        "StartState": {"Type": "Pass", "Result": [1], "ResultPath": "$.arr", "Next": "MapState"},
        "MapState": {"Type": "Map", "ResultPath": None, "InputPath": "$.arr", "MaxConcurrency": 1,
                     "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItemFail",
                                       "States": {"HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError",
                                                                     "Cause": "HandleItemFailCause"}}},
                     "Catch": [{"ErrorEquals": ["HandleItemFailError"], "Next": "FinalCaught"}], "Next": "Final"},
        "FinalCaught": {"Type": "Pass", "End": True},
        "Final": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {})

    assert result.output == {"Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}
    assert types(result) == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "MapStateEntered", "MapStateStarted",
        "MapIterationStarted", "FailStateEntered", "MapIterationFailed", "MapStateFailed", "MapStateExited",
        "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]


def test_retried_map_runs_every_item_again() -> None:
    # AWS-recorded: test_map_state_retry (error, cause and event types).
    definition = {"StartAt": "StartState", "States": {
        "StartState": {"Type": "Pass", "Result": [1], "ResultPath": "$.arr", "Next": "MapState"},
        "MapState": {"Type": "Map", "ResultPath": None, "InputPath": "$.arr", "MaxConcurrency": 1,
                     "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItemFail",
                                       "States": {"HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError",
                                                                     "Cause": "HandleItemFailCause"}}},
                     "Retry": [{"ErrorEquals": ["HandleItemFailError"], "MaxAttempts": 2}], "Next": "Final"},
        "Final": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {})

    assert (result.status, result.error, result.cause) == ("FAILED", "HandleItemFailError", "HandleItemFailCause")
    attempt = ["MapStateStarted", "MapIterationStarted", "FailStateEntered", "MapIterationFailed"]
    assert types(result) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "MapStateEntered",
                             *attempt, *attempt, *attempt, "MapStateFailed", "ExecutionFailed"]


def distributed(tolerance: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": "EachItem", "States": {"EachItem": {
        "Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                         "StartAt": "Pack", "States": PACK}, **tolerance, "End": True}}}


BASKET = [{"sku": "A"}, {"sku": "B", "fragile": True}, {"sku": "C"}, {"sku": "D", "fragile": True}]


@pytest.mark.parametrize("tolerance", [{"ToleratedFailureCount": 2}, {"ToleratedFailurePercentage": 50}])
def test_failures_within_the_tolerated_threshold_let_the_map_succeed(tolerance: dict[str, Any]) -> None:
    result = asl.run(distributed(tolerance), BASKET, handlers={PACKER: packer})

    assert result.status == "SUCCEEDED"
    assert len(result.output) == 4
    assert (result.output[0], result.output[2]) == ({"packed": "A"}, {"packed": "C"})


@pytest.mark.parametrize("tolerance", [{"ToleratedFailureCount": 1}, {"ToleratedFailurePercentage": 25}])
def test_failures_over_the_tolerated_threshold_fail_the_map(tolerance: dict[str, Any]) -> None:
    result = asl.run(distributed(tolerance), BASKET, handlers={PACKER: packer})

    assert result.status == "FAILED"
    assert result.error == "States.ExceedToleratedFailureThreshold"


def test_nested_maps_give_nested_results_and_their_own_item_context() -> None:
    # $$.Map.Item exists only in ItemSelector: each level's selector sees its own item and index.
    inner_selector = {"row.$": "$.row", "col.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value"}
    outer = {"Row": {"Type": "Map", "ItemsPath": "$.cells", "ItemSelector": inner_selector,
                     "ItemProcessor": {"StartAt": "Cell", "States": {"Cell": {"Type": "Pass", "End": True}}},
                     "End": True}}
    definition = mapping(outer, "Row", ItemSelector={"row.$": "$$.Map.Item.Index", "cells.$": "$$.Map.Item.Value"})

    result = asl.run(definition, [["a", "b"], ["c"]])

    assert result.output == [[{"row": 0, "col": 0, "value": "a"}, {"row": 0, "col": 1, "value": "b"}],
                             [{"row": 1, "col": 0, "value": "c"}]]


def test_map_item_context_is_not_visible_inside_the_iteration() -> None:
    inner = {"Look": {"Type": "Pass", "Parameters": {"index.$": "$$.Map.Item.Index"}, "End": True}}

    result = asl.run(mapping(inner, "Look"), ["a"])

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
