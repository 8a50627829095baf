"""Task states through ``asl.run``, with local handlers standing in for Lambda functions and services.

AWS evidence: the recorded cases ``services_test_lambda_task*``, ``error_handling_test_task_*`` and
``error_handling_test_states_errors*`` under ``shared/conformance/cases`` (envelopes, error causes,
event sequences, the 256 KiB limit).
"""
from __future__ import annotations

import json
from typing import Any

import asl
from asl import TaskFailure

GREETER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:greeter"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
QUEUE = "arn:aws:states:::sqs:sendMessage"


# ---- the people behind the functions -------------------------------------------------------------

def greeter(event: Any) -> Any:
    """Greets whoever the event names."""
    return {"greeting": f"Hello, {event['name']}!"}


class CardDeclined(Exception):
    pass


def strict_cashier(event: Any) -> Any:
    """Refuses every card, as buggy code would: with a plain Python exception."""
    raise CardDeclined("card ending 4242 was declined")


def warehouse(event: Any) -> Any:
    """Reports an explicit, named failure."""
    raise TaskFailure("Inventory.OutOfStock", "no widgets left")


def hoarder(event: Any) -> Any:
    """Returns far more than Step Functions accepts (a 263,168-character string, as the AWS case does)."""
    return "a" * 263_168


def accountant(event: Any) -> Any:
    """Totals the items of an order."""
    return {"total": sum(event["items"]), "currency": "EUR"}


def single(resource: str, **fields: Any) -> dict[str, Any]:
    return {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": resource, **fields, "End": True}}}


def types(result: asl.ExecutionResult) -> list[str]:
    return [event["type"] for event in result.history]


# ---- a Lambda function named by its ARN ----------------------------------------------------------

def test_legacy_lambda_arn_calls_the_function_with_the_effective_input() -> None:
    result = asl.run(single(GREETER_ARN), {"name": "bob"}, handlers={"greeter": greeter})

    assert result.status == "SUCCEEDED"
    assert result.output == {"greeting": "Hello, bob!"}


def test_legacy_lambda_arn_records_lambda_function_events() -> None:
    result = asl.run(single(GREETER_ARN), {"name": "bob"}, handlers={"greeter": greeter})

    assert types(result) == ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                             "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"]
    scheduled = result.history[2]["lambdaFunctionScheduledEventDetails"]
    assert scheduled["resource"] == GREETER_ARN
    assert json.loads(scheduled["input"]) == {"name": "bob"}
    succeeded = result.history[4]["lambdaFunctionSucceededEventDetails"]
    assert json.loads(succeeded["output"]) == {"greeting": "Hello, bob!"}


def test_legacy_lambda_failure_records_lambda_function_failed() -> None:
    result = asl.run(single("arn:aws:lambda:us-east-1:123456789012:function:strict_cashier"), {},
                     handlers={"strict_cashier": strict_cashier})

    assert types(result)[-2:] == ["LambdaFunctionFailed", "ExecutionFailed"]
    failed = result.history[-2]["lambdaFunctionFailedEventDetails"]
    assert failed["error"] == "CardDeclined"
    assert json.loads(failed["cause"])["errorMessage"] == "card ending 4242 was declined"


# ---- the lambda:invoke integration ---------------------------------------------------------------

def test_lambda_invoke_sends_the_payload_and_wraps_the_result_in_the_lambda_envelope() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "greeter", "Payload": {"name.$": "$.who"}})

    result = asl.run(definition, {"who": "carol"}, handlers={"greeter": greeter})

    assert result.status == "SUCCEEDED"
    assert result.output["Payload"] == {"greeting": "Hello, carol!"}
    assert result.output["StatusCode"] == 200
    assert result.output["ExecutedVersion"] == "$LATEST"


def test_lambda_invoke_records_task_events_with_the_parameters() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "greeter", "Payload": {"name.$": "$.who"}})

    result = asl.run(definition, {"who": "carol"}, handlers={"greeter": greeter})

    assert types(result) == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                             "TaskStateExited", "ExecutionSucceeded"]
    scheduled = result.history[2]["taskScheduledEventDetails"]
    assert scheduled["resourceType"] == "lambda"
    assert scheduled["resource"] == "invoke"
    assert scheduled["region"] == "us-east-1"
    assert json.loads(scheduled["parameters"]) == {"FunctionName": "greeter", "Payload": {"name": "carol"}}
    assert result.history[3]["taskStartedEventDetails"] == {"resourceType": "lambda", "resource": "invoke"}


def test_lambda_invoke_finds_the_function_by_a_qualified_arn() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={
        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:greeter:live", "Payload": {"name": "dan"}})

    result = asl.run(definition, {}, handlers={"greeter": greeter})

    assert result.output["Payload"] == {"greeting": "Hello, dan!"}


def test_unknown_function_fails_with_lambda_resource_not_found() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "ghost", "Payload": {}})

    result = asl.run(definition, {}, handlers={"greeter": greeter})

    assert result.status == "FAILED"
    assert result.error == "Lambda.ResourceNotFoundException"
    assert (result.cause or "").startswith(
        "Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost")
    assert types(result)[-2:] == ["TaskFailed", "ExecutionFailed"]


# ---- handler failures ----------------------------------------------------------------------------

def test_exception_in_a_handler_fails_the_task_named_after_its_class() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "strict_cashier", "Payload": {}})

    result = asl.run(definition, {}, handlers={"strict_cashier": strict_cashier})

    assert result.status == "FAILED"
    assert result.error == "CardDeclined"


def test_lambda_failure_cause_is_lambdas_error_payload_as_json() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "strict_cashier", "Payload": {}})

    result = asl.run(definition, {}, handlers={"strict_cashier": strict_cashier})

    cause = json.loads(result.cause or "")
    assert cause["errorType"] == "CardDeclined"
    assert cause["errorMessage"] == "card ending 4242 was declined"
    assert "requestId" in cause and isinstance(cause["stackTrace"], list)
    failed = result.history[-2]["taskFailedEventDetails"]
    assert failed["error"] == "CardDeclined"
    assert failed["resourceType"] == "lambda" and failed["resource"] == "invoke"


def test_task_failure_names_the_error_explicitly() -> None:
    definition = single("arn:aws:lambda:us-east-1:123456789012:function:warehouse")

    result = asl.run(definition, {}, handlers={"warehouse": warehouse})

    assert result.error == "Inventory.OutOfStock"
    assert json.loads(result.cause or "")["errorMessage"] == "no widgets left"


def test_task_failure_of_a_service_integration_keeps_its_cause_as_given() -> None:
    result = asl.run(single(QUEUE), {}, handlers={QUEUE: warehouse})

    assert result.error == "Inventory.OutOfStock"
    assert result.cause == "no widgets left"
    assert result.history[-2]["taskFailedEventDetails"] == {
        "resourceType": "sqs", "resource": "sendMessage", "error": "Inventory.OutOfStock", "cause": "no widgets left"}


def test_service_integration_handler_is_found_by_resource_arn() -> None:
    result = asl.run(single(QUEUE, Parameters={"items.$": "$.basket"}), {"basket": [3, 4]},
                     handlers={QUEUE: accountant})

    assert result.output == {"total": 7, "currency": "EUR"}


# ---- the 256 KiB limit ---------------------------------------------------------------------------

def test_oversized_lambda_result_is_caught_by_states_all() -> None:
    definition = {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hoarder",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "Next": "Done"},
        "Recover": {"Type": "Pass", "End": True},
        "Done": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {}, handlers={"hoarder": hoarder})

    assert result.status == "SUCCEEDED"
    assert result.output == {
        "Error": "States.DataLimitExceeded",
        "Cause": "The state/task 'arn:aws:lambda:us-east-1:123456789012:function:hoarder' returned a result with a "
                 "size exceeding the maximum number of bytes service limit."}
    assert types(result)[2:6] == ["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                                  "TaskStateExited"]


def test_oversized_lambda_invoke_result_names_the_lambda_service_in_its_cause() -> None:
    definition = {"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": LAMBDA_INVOKE, "Parameters": {"FunctionName": "hoarder"},
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": True},
        "Recover": {"Type": "Pass", "End": True}}}

    result = asl.run(definition, {}, handlers={"hoarder": hoarder})

    assert result.output == {
        "Error": "States.DataLimitExceeded",
        "Cause": "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes "
                 "service limit."}


def test_oversized_result_without_a_catcher_fails_the_execution() -> None:
    result = asl.run(single("arn:aws:lambda:us-east-1:123456789012:function:hoarder"), {},
                     handlers={"hoarder": hoarder})

    assert result.status == "FAILED"
    assert result.error == "States.DataLimitExceeded"


def test_result_of_exactly_256_kib_is_accepted() -> None:
    def filler(event: Any) -> Any:
        return "a" * (262_144 - 2)  # the quotes make it exactly 262,144 bytes of JSON

    result = asl.run(single(QUEUE), {}, handlers={QUEUE: filler})

    assert result.status == "SUCCEEDED"


# ---- result processing ---------------------------------------------------------------------------

def test_result_selector_picks_from_the_lambda_envelope_before_result_path() -> None:
    definition = single(LAMBDA_INVOKE, Parameters={"FunctionName": "accountant", "Payload.$": "$"},
                        ResultSelector={"total.$": "$.Payload.total", "status.$": "$.StatusCode",
                                        "by.$": "$$.State.Name", "fixed": "yes"},
                        ResultPath="$.invoice")

    result = asl.run(definition, {"items": [5, 6]}, handlers={"accountant": accountant})

    assert result.output == {"items": [5, 6], "invoice": {"total": 11, "status": 200, "by": "Call", "fixed": "yes"}}


def test_state_retry_count_in_parameters_counts_the_attempts() -> None:
    attempts: list[int] = []

    def flaky_printer(event: Any) -> Any:
        """Jams twice, then prints."""
        attempts.append(event["attempt"])
        if len(attempts) < 3:
            raise TaskFailure("Printer.Jammed", "paper jam")
        return "printed"

    definition = single(QUEUE, Parameters={"attempt.$": "$$.State.RetryCount"},
                        Retry=[{"ErrorEquals": ["Printer.Jammed"], "MaxAttempts": 5}])

    result = asl.run(definition, {}, handlers={QUEUE: flaky_printer})

    assert result.output == "printed"
    assert attempts == [0, 1, 2]


def test_handler_gets_a_copy_it_cannot_use_to_change_the_state_input() -> None:
    def vandal(event: Any) -> Any:
        event["name"] = "mallory"
        return "done"

    definition = single(QUEUE, ResultPath="$.outcome")

    result = asl.run(definition, {"name": "alice"}, handlers={QUEUE: vandal})

    assert result.output == {"name": "alice", "outcome": "done"}
