"""The Choice state through ``asl.run``: Default, no match, and a rule's Assign.

The comparison operators themselves are covered by test_choice.py; these tests are about what the
state does with the outcome.
"""
from __future__ import annotations

from typing import Any

import asl


def triage(**choice: Any) -> dict[str, Any]:
    return {"StartAt": "Triage", "States": {
        "Triage": {"Type": "Choice", **choice},
        "Express": {"Type": "Pass", "Result": "express lane", "End": True},
        "Standard": {"Type": "Pass", "Result": "standard lane", "End": True}}}


BIG_ORDER = {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Express"}


def test_first_matching_rule_chooses_the_next_state() -> None:
    result = asl.run(triage(Choices=[BIG_ORDER], Default="Standard"), {"total": 250})

    assert result.output == "express lane"


def test_default_is_taken_when_no_rule_matches() -> None:
    result = asl.run(triage(Choices=[BIG_ORDER], Default="Standard"), {"total": 20})

    assert result.output == "standard lane"


def test_rules_are_tried_in_order() -> None:
    rules = [{"Variable": "$.total", "NumericGreaterThan": 10, "Next": "Standard"}, BIG_ORDER]

    result = asl.run(triage(Choices=rules), {"total": 250})

    assert result.output == "standard lane"


def test_no_match_and_no_default_fails_with_no_choice_matched() -> None:
    definition = {"StartAt": "Triage", "States": {
        "Triage": {"Type": "Choice", "Choices": [BIG_ORDER]},
        "Express": {"Type": "Succeed"}}}

    result = asl.run(definition, {"total": 20})

    assert result.status == "FAILED"
    assert result.error == "States.NoChoiceMatched"
    assert [e["type"] for e in result.history] == ["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"]


def test_choice_passes_its_input_on_through_input_and_output_paths() -> None:
    definition = {"StartAt": "Triage", "States": {
        "Triage": {"Type": "Choice", "InputPath": "$.order", "OutputPath": "$.customer",
                   "Choices": [BIG_ORDER], "Default": "Done"},
        "Express": {"Type": "Pass", "End": True},
        "Done": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {"order": {"total": 250, "customer": "erin"}})

    assert result.output == "erin"


def test_matching_rule_assigns_its_variables() -> None:
    rule = {**BIG_ORDER, "Assign": {"lane": "express", "amount.$": "$.total"}}
    definition = {"StartAt": "Triage", "States": {
        "Triage": {"Type": "Choice", "Choices": [rule], "Default": "Label"},
        "Express": {"Type": "Pass", "Parameters": {"lane.$": "$lane", "amount.$": "$amount"}, "End": True},
        "Label": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {"total": 250})

    assert result.output == {"lane": "express", "amount": 250}
    exited = result.history[2]
    assert exited["type"] == "ChoiceStateExited"
    assert exited["stateExitedEventDetails"]["assignedVariables"] == {"lane": '"express"', "amount": "250"}


def test_default_does_not_apply_a_rules_assign() -> None:
    rule = {**BIG_ORDER, "Assign": {"lane": "express"}}
    definition = {"StartAt": "Triage", "States": {
        "Triage": {"Type": "Choice", "Choices": [rule], "Default": "Standard"},
        "Express": {"Type": "Succeed"},
        "Standard": {"Type": "Pass", "Parameters": {"lane.$": "$lane"}, "End": True}}}

    result = asl.run(definition, {"total": 20})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert "undefined variable 'lane'" in (result.cause or "")


def test_choice_can_loop_back_until_a_rule_lets_it_out() -> None:
    definition = {"StartAt": "Count", "States": {
        "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Enough"},
        "Enough": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Count"}],
                   "Default": "Done"},
        "Done": {"Type": "Succeed"}}}

    result = asl.run(definition, {"n": 0})

    assert result.output == {"n": 3}
    assert [e["type"] for e in result.history].count("PassStateEntered") == 3
