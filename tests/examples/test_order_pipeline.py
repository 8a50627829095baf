"""The order pipeline: the happy path with a retried payment, and the Catch paths to a failed order."""
from __future__ import annotations

import json
from typing import Any

from examples import catalog
from tests.examples.runs import entered, events, run_example, state_outputs


def order(**payment: Any) -> dict[str, Any]:
    data = catalog.get("OrderPipeline").sample_input()
    data["payment"] = {"card": "4242424242424242", **payment}
    return data


def test_sample_order_is_confirmed_after_one_retried_payment() -> None:
    result = run_example("OrderPipeline")
    assert result.status == "SUCCEEDED"
    assert result.output == {"orderId": "ORD-1001", "status": "CONFIRMED", "chargeId": "ch_ec6059639119f2b3",
                             "amount": 8900 + 2 * 2450, "paymentAttempts": 2, "messageId": "msg_a78cd8fb1e07ffec"}
    failures = events(result, "TaskFailed")
    assert [f["error"] for f in failures] == ["GatewayUnavailable"]
    assert json.loads(failures[0]["cause"])["errorMessage"] == "The payment gateway did not answer (attempt 1)"
    # The retry re-ran the Task with $$.State.RetryCount = 1 in its Payload.
    attempts = [json.loads(e["parameters"])["Payload"]["attempt"] for e in events(result, "TaskScheduled")]
    assert attempts == [0, 1]
    assert entered(result) == ["CheckInventory", "ChargePayment", "NotifyCustomer", "OrderConfirmed"]


def test_a_gateway_that_stays_down_exhausts_the_retries_and_fails_the_order() -> None:
    result = run_example("OrderPipeline", order(transientFailures=10))
    assert (result.status, result.error) == ("FAILED", "OrderFailed")
    assert [f["error"] for f in events(result, "TaskFailed")] == ["GatewayUnavailable"] * 4  # 1 try + 3 retries
    assert entered(result) == ["CheckInventory", "ChargePayment", "ReleaseInventory", "NotifyFailure",
                               "OrderFailed"]
    [released] = state_outputs(result, "ReleaseInventory")
    assert released["release"] == {"reservationId": released["inventory"]["reservationId"], "released": True}
    [notified] = state_outputs(result, "NotifyFailure")
    assert notified["failure"]["Error"] == "GatewayUnavailable"
    assert notified["notification"]["template"] == "order-failed"
    assert notified["notification"]["subject"] == "We could not complete your order ORD-1001"


def test_a_declined_card_is_caught_without_retrying() -> None:
    result = run_example("OrderPipeline", order(card="4000000000000002"))
    assert (result.status, result.error) == ("FAILED", "OrderFailed")
    assert [f["error"] for f in events(result, "TaskFailed")] == ["CardDeclined"]
    assert "ReleaseInventory" in entered(result)
    [notified] = state_outputs(result, "NotifyFailure")
    assert json.loads(notified["failure"]["Cause"])["errorMessage"] == "Your card was declined."


def test_an_item_out_of_stock_skips_the_payment() -> None:
    data = order()
    data["items"].append({"sku": "CABLE-USB", "quantity": 1})
    result = run_example("OrderPipeline", data)
    assert (result.status, result.error) == ("FAILED", "OrderFailed")
    assert entered(result) == ["CheckInventory", "NotifyFailure", "OrderFailed"]
    assert [f["error"] for f in events(result, "LambdaFunctionFailed")] == ["OutOfStock"]
    [notified] = state_outputs(result, "NotifyFailure")
    assert json.loads(notified["failure"]["Cause"])["errorMessage"] == "CABLE-USB: 1 wanted, 0 in stock"
