"""Workflow variables in JSONPath mode through ``asl.run``: Assign, ``$name`` paths and scopes.

ASL spec, "State Machine Variables": all of a state's Assign values are computed with the variable
values as they were when the state was entered; the new values are visible from the next state on.
Each States block (the machine, a Parallel branch, a Map's item processor) is a scope: an inner
scope reads the outer variables; what it assigns vanishes when it ends.
"""
from __future__ import annotations

from typing import Any

import asl

LEDGER = "arn:aws:states:::dynamodb:getItem"


def ledger(event: Any) -> Any:
    """Looks up an account's balance."""
    return {"balance": 120, "currency": "EUR"}


def test_assigned_variables_are_read_with_dollar_name_paths() -> None:
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"customer.$": "$.name", "limits": {"daily": 50}}, "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"who.$": "$customer", "daily.$": "$limits.daily"}, "End": True}}}

    result = asl.run(definition, {"name": "gina"})

    assert result.output == {"who": "gina", "daily": 50}


def test_assign_sees_the_variables_as_they_were_when_the_state_was_entered() -> None:
    definition = {"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Assign": {"count": 1}, "Next": "Second"},
        "Second": {"Type": "Pass", "Assign": {"count": 2, "previous.$": "$count"}, "Next": "Show"},
        "Show": {"Type": "Pass", "Parameters": {"count.$": "$count", "previous.$": "$previous"}, "End": True}}}

    result = asl.run(definition, {})

    assert result.output == {"count": 2, "previous": 1}


def test_assign_of_a_pass_state_reads_its_result() -> None:
    definition = {"StartAt": "Quote", "States": {
        "Quote": {"Type": "Pass", "Result": {"price": 30}, "ResultPath": "$.quote",
                  "Assign": {"price.$": "$.price"}, "Next": "Show"},
        "Show": {"Type": "Pass", "Parameters": {"price.$": "$price"}, "End": True}}}

    result = asl.run(definition, {"order": 1})

    assert result.output == {"price": 30}


def test_assign_of_a_task_reads_its_result_not_its_output() -> None:
    definition = {"StartAt": "Lookup", "States": {
        "Lookup": {"Type": "Task", "Resource": LEDGER, "ResultPath": "$.account", "OutputPath": "$.account.currency",
                   "Assign": {"balance.$": "$.balance"}, "Next": "Show"},
        "Show": {"Type": "Pass", "Parameters": {"balance.$": "$balance", "output.$": "$"}, "End": True}}}

    result = asl.run(definition, {"id": 7}, handlers={LEDGER: ledger})

    assert result.output == {"balance": 120, "output": "EUR"}


def test_choice_rules_can_compare_variables() -> None:
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"tier": "gold"}, "Next": "Route"},
        "Route": {"Type": "Choice", "Choices": [{"Variable": "$tier", "StringEquals": "gold", "Next": "Gold"}],
                  "Default": "Basic"},
        "Gold": {"Type": "Pass", "Result": "gold lane", "End": True},
        "Basic": {"Type": "Pass", "Result": "basic lane", "End": True}}}

    result = asl.run(definition, {})

    assert result.output == "gold lane"


def test_exited_event_records_the_assigned_values_as_json_text() -> None:
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"who.$": "$.name", "n": 3, "tags": ["a"]}, "End": True}}}

    result = asl.run(definition, {"name": "gina"})

    details = result.history[2]["stateExitedEventDetails"]
    assert details["assignedVariables"] == {"who": '"gina"', "n": "3", "tags": '["a"]'}
    assert details["assignedVariablesDetails"] == {"truncated": False}


def test_undefined_variable_fails_with_states_runtime() -> None:
    definition = {"StartAt": "Use", "States": {"Use": {"Type": "Pass", "Parameters": {"x.$": "$nobody"}, "End": True}}}

    result = asl.run(definition, {})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert "nobody" in (result.cause or "")


def test_map_iterations_read_the_outer_variables() -> None:
    # AWS-recorded: assign_test_assign_base...BASE_SCOPE_MAP (ItemsPath from a variable, inner Assign from outer).
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"prefix": "item-", "skus": ["A", "B"]}, "Next": "Label"},
        "Label": {"Type": "Map", "ItemsPath": "$skus", "ItemProcessor": {"StartAt": "Name", "States": {
            "Name": {"Type": "Pass", "Parameters": {"label.$": "States.Format('{}{}', $prefix, $)"}, "End": True}}},
            "End": True}}}

    result = asl.run(definition, {})

    assert result.output == [{"label": "item-A"}, {"label": "item-B"}]


def test_parallel_branches_read_the_outer_variables() -> None:
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"region": "eu"}, "Next": "Both"},
        "Both": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "Parameters": {"r.$": "$region"}, "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "Parameters": {"r.$": "$region"},
                                                      "End": True}}}]}}}

    result = asl.run(definition, {})

    assert result.output == [{"r": "eu"}, {"r": "eu"}]


def test_variables_assigned_in_an_iteration_vanish_when_it_ends() -> None:
    definition = {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Note", "States": {
            "Note": {"Type": "Pass", "Assign": {"seen.$": "$"}, "End": True}}}, "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"seen.$": "$seen"}, "End": True}}}

    result = asl.run(definition, [1, 2])

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert "seen" in (result.cause or "")


def test_each_iteration_has_its_own_variables() -> None:
    definition = {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Note", "States": {
            "Note": {"Type": "Pass", "Assign": {"mine.$": "$"}, "Next": "Read"},
            "Read": {"Type": "Pass", "Parameters": {"mine.$": "$mine"}, "End": True}}}, "End": True}}}

    result = asl.run(definition, ["x", "y", "z"])

    assert result.output == [{"mine": "x"}, {"mine": "y"}, {"mine": "z"}]


def test_outer_variable_keeps_its_value_across_an_iteration_that_reads_it() -> None:
    definition = {"StartAt": "Remember", "States": {
        "Remember": {"Type": "Pass", "Assign": {"total": 10}, "Next": "Each"},
        "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Read", "States": {
            "Read": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($total, $)"}, "End": True}}},
            "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"results.$": "$", "total.$": "$total"}, "End": True}}}

    result = asl.run(definition, [1, 2])

    assert result.output == {"results": [{"sum": 11}, {"sum": 12}], "total": 10}
