"""The Pass state through ``asl.run``: Result, Parameters and the JSONPath data-flow fields."""
from __future__ import annotations

from typing import Any

import asl


def one_pass(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "Shape", "States": {"Shape": {"Type": "Pass", **fields, "End": True}}}


def test_result_replaces_the_input_by_default() -> None:
    result = asl.run(one_pass(Result={"greeting": "hello"}), {"name": "alice"})

    assert result.status == "SUCCEEDED"
    assert result.output == {"greeting": "hello"}


def test_without_result_or_parameters_the_input_passes_through() -> None:
    result = asl.run(one_pass(), {"name": "alice", "tags": [1, 2]})

    assert result.output == {"name": "alice", "tags": [1, 2]}


def test_parameters_resolve_paths_context_and_intrinsics_at_any_depth() -> None:
    parameters = {
        "customer.$": "$.name",
        "state.$": "$$.State.Name",
        "execution.$": "$$.Execution.Name",
        "greeting.$": "States.Format('Hello, {}!', $.name)",
        "literal": "kept as is",
        "nested": {"first_tag.$": "$.tags[0]", "list": [1, {"who.$": "$.name"}]},
    }

    result = asl.run(one_pass(Parameters=parameters), {"name": "alice", "tags": ["vip", "new"]},
                     context={"execution_name": "order-42"})

    assert result.output == {
        "customer": "alice",
        "state": "Shape",
        "execution": "order-42",
        "greeting": "Hello, alice!",
        "literal": "kept as is",
        "nested": {"first_tag": "vip", "list": [1, {"who": "alice"}]},
    }


def test_parameters_see_the_input_after_input_path() -> None:
    result = asl.run(one_pass(InputPath="$.order", Parameters={"id.$": "$.id"}), {"order": {"id": 7}, "id": 99})

    assert result.output == {"id": 7}


def test_parameters_path_missing_from_the_input_fails_with_states_runtime() -> None:
    # AWS-recorded case scenarios_test_base_scenarios...test_invalid_jsonpath__INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH.
    result = asl.run(one_pass(Parameters={"value.$": "$.no_such_jsonpath"}), {"name": "alice"})

    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert result.cause == ("An error occurred while executing the state 'Shape' (entered at the event id #2). "
                            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found "
                            "in the input '{\"name\":\"alice\"}'")


def test_input_path_null_gives_the_state_an_empty_object() -> None:
    result = asl.run(one_pass(InputPath=None), {"secret": "s3cr3t"})

    assert result.output == {}


def test_output_path_null_sends_an_empty_object_on() -> None:
    result = asl.run(one_pass(Result="ignored", OutputPath=None), {"secret": "s3cr3t"})

    assert result.output == {}


def test_result_path_null_discards_the_result_and_keeps_the_input() -> None:
    result = asl.run(one_pass(Result={"discarded": True}, ResultPath=None), {"kept": True})

    assert result.output == {"kept": True}


def test_result_path_creates_the_intermediate_objects_it_needs() -> None:
    result = asl.run(one_pass(Result={"total": 12}, ResultPath="$.billing.summary"), {"order": 1})

    assert result.output == {"order": 1, "billing": {"summary": {"total": 12}}}


def test_result_path_replaces_an_existing_field() -> None:
    result = asl.run(one_pass(Result="new", ResultPath="$.status"), {"status": "old", "id": 3})

    assert result.output == {"status": "new", "id": 3}


def test_output_path_selects_from_the_merged_output() -> None:
    result = asl.run(one_pass(Result={"total": 12}, ResultPath="$.billing", OutputPath="$.billing.total"),
                     {"order": 1})

    assert result.output == 12


def test_result_path_through_a_non_object_fails_with_result_path_match_failure() -> None:
    result = asl.run(one_pass(Result={"total": 12}, ResultPath="$.order.total"), {"order": 41})

    assert result.status == "FAILED"
    assert result.error == "States.ResultPathMatchFailure"
    assert "$.order.total" in (result.cause or "")


def cashier(event: Any) -> Any:
    """Rings up the order and returns the amount due."""
    return {"due": 12}


CASHIER = "arn:aws:states:::sqs:sendMessage"


def test_task_result_path_onto_a_string_fails_the_execution_without_a_catcher() -> None:
    definition = {"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": CASHIER, "ResultPath": "$.order.payment", "End": True}}}

    result = asl.run(definition, {"order": "pending"}, handlers={CASHIER: cashier})

    assert result.status == "FAILED"
    assert result.error == "States.ResultPathMatchFailure"
    assert [e["type"] for e in result.history] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "ExecutionFailed"]


def test_task_result_path_match_failure_is_caught_by_a_catcher() -> None:
    definition = {"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": CASHIER, "ResultPath": "$.order.payment",
                   "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "ResultPath": "$.problem",
                              "Next": "Apologise"}],
                   "End": True},
        "Apologise": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {"order": "pending"}, handlers={CASHIER: cashier})

    assert result.status == "SUCCEEDED"
    assert result.output["order"] == "pending"
    assert result.output["problem"]["Error"] == "States.ResultPathMatchFailure"
    assert "$.order.payment" in result.output["problem"]["Cause"]
