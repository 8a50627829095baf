"""The live execution viewer in real Chromium against a real server and embedded worker.

Each test creates the state machine it needs through the REST API, then watches its execution in the
browser: the graph's state nodes carry ``data-state-name`` and ``data-status``, and every change must
arrive over the websocket (the page is never reloaded).
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

from playwright.sync_api import Page, expect

from examples import catalog

MISSING_FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:no_such_function_e2e"


def create_machine(live_app: Any, definition: dict[str, Any], prefix: str) -> str:
    status, body = live_app.api("POST", "/api/state-machines/",
                                {"name": f"{prefix}-{uuid.uuid4().hex[:8]}", "definition": definition})
    assert status == 201, body
    return str(body["id"])


def start_execution(live_app: Any, machine_id: str, input: Any = None) -> str:
    status, body = live_app.api("POST", f"/api/state-machines/{machine_id}/executions/", {"input": input or {}})
    assert status == 201, body
    return str(body["id"])


def node(page: Page, name: str) -> Any:
    return page.locator(f'[data-testid="state-node"][data-state-name="{name}"]')


NAP_THEN_DONE = {"StartAt": "Prepare", "States": {
    "Prepare": {"Type": "Pass", "Result": {"ready": True}, "ResultPath": "$.prepared", "Next": "Nap"},
    # Long enough to be seen IN_PROGRESS after the page has loaded, short enough for a test.
    "Nap": {"Type": "Wait", "Seconds": 3, "Next": "Done"},
    "Done": {"Type": "Pass", "End": True},
}}


def test_an_execution_started_from_the_ui_lights_up_live(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, NAP_THEN_DONE, "viewer-live")
    page.goto(f"/machines/{machine_id}/executions")
    page.get_by_test_id("start-execution").click()
    editor = page.get_by_test_id("execution-input")
    editor.fill('{"order": 1,}')
    expect(page.get_by_test_id("input-check")).to_contain_text("Line 1")
    expect(page.get_by_test_id("start-execution-submit")).to_be_disabled()
    editor.fill(json.dumps({"order": 42}))
    expect(page.get_by_test_id("input-check")).to_have_text("Valid JSON.")
    page.get_by_test_id("start-execution-submit").click()

    page.wait_for_url(re.compile(r"/executions/[0-9a-f-]{36}$"))
    expect(node(page, "Nap")).to_have_attribute("data-status", "IN_PROGRESS")
    expect(node(page, "Prepare")).to_have_attribute("data-status", "SUCCEEDED")
    expect(node(page, "Done")).to_have_attribute("data-status", "NOT_STARTED")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "RUNNING")

    # No reload: the rest arrives over the websocket.
    expect(node(page, "Nap")).to_have_attribute("data-status", "SUCCEEDED", timeout=15_000)
    expect(node(page, "Done")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("execution-output-json")).to_contain_text('"ready": true')

    # The step panel shows the selected state's data.
    node(page, "Prepare").click()
    expect(page.get_by_test_id("step-panel")).to_have_attribute("data-step-name", "Prepare")
    expect(page.get_by_test_id("step-output")).to_contain_text('"order": 42')

    # The dialog remembered the input for this machine.
    page.goto(f"/machines/{machine_id}/executions")
    expect(page.locator("tr[data-status=SUCCEEDED]")).to_have_count(1)
    page.get_by_test_id("start-execution").click()
    expect(page.get_by_test_id("execution-input")).to_have_value(json.dumps({"order": 42}))


def test_the_execution_list_shows_status_changes_live(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, NAP_THEN_DONE, "viewer-list")
    page.goto(f"/machines/{machine_id}/executions")
    expect(page.get_by_test_id("execution-list")).to_be_visible()
    execution_id = start_execution(live_app, machine_id)
    row = page.locator(f'tr[data-execution-id="{execution_id}"]')
    expect(row).to_have_attribute("data-status", "RUNNING")
    expect(row).to_have_attribute("data-status", "SUCCEEDED", timeout=15_000)


def test_a_failing_execution_shows_the_failed_state_and_the_error_banner(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, {"StartAt": "Check", "States": {
        "Check": {"Type": "Pass", "Next": "Declined"},
        "Declined": {"Type": "Fail", "Error": "Order.Declined", "Cause": "The card was declined."},
    }}, "viewer-fail")
    execution_id = start_execution(live_app, machine_id)
    page.goto(f"/executions/{execution_id}")
    expect(node(page, "Declined")).to_have_attribute("data-status", "FAILED")
    expect(node(page, "Check")).to_have_attribute("data-status", "SUCCEEDED")
    banner = page.get_by_test_id("error-banner")
    expect(banner).to_contain_text("Order.Declined")
    expect(banner).to_contain_text("The card was declined.")
    page.get_by_test_id("show-failing-step").click()
    expect(page.get_by_test_id("step-panel")).to_have_attribute("data-step-name", "Declined")
    expect(page.get_by_test_id("step-status")).to_have_attribute("data-status", "FAILED")


def test_a_caught_error_shows_caught_error(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, {"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": MISSING_FUNCTION,
                   "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
                   "End": True},
        "Refund": {"Type": "Pass", "End": True},
    }}, "viewer-caught")
    execution_id = start_execution(live_app, machine_id, {"amount": 5})
    page.goto(f"/executions/{execution_id}")
    expect(node(page, "Charge")).to_have_attribute("data-status", "CAUGHT_ERROR")
    expect(node(page, "Refund")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("error-banner")).to_have_count(0)
    node(page, "Charge").click()
    expect(page.get_by_test_id("step-error")).to_contain_text("Lambda.ResourceNotFoundException")


def test_stop_cancels_the_running_state(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, {"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Next": "LongNap"},
        "LongNap": {"Type": "Wait", "Seconds": 600, "End": True},
    }}, "viewer-stop")
    execution_id = start_execution(live_app, machine_id)
    page.goto(f"/executions/{execution_id}")
    expect(node(page, "LongNap")).to_have_attribute("data-status", "IN_PROGRESS")
    page.get_by_test_id("stop-execution").click()
    expect(node(page, "LongNap")).to_have_attribute("data-status", "CANCELLED")
    expect(node(page, "Start")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "ABORTED")
    expect(page.get_by_test_id("error-banner")).to_be_visible()
    # The history ends with ExecutionAborted, shown in the events view with its failure colour.
    page.get_by_test_id("tab-events").click()
    expect(page.locator('[data-testid="event-row"][data-event-type="ExecutionAborted"]')).to_have_class(
        re.compile(r"tone-failed"))



def test_an_example_starts_with_its_sample_input_and_succeeds(page: Page, live_app: Any) -> None:
    """A new user's first click: the example's sample input is offered, and the workflow runs through
    its real handlers (a Parallel of Pillow image branches) to SUCCEEDED."""
    status, body = live_app.api("GET", "/api/state-machines/?search=ImagePipeline")
    assert status == 200, body
    machine = next(m for m in body["results"] if m["name"] == "ImagePipeline")
    page.goto(f"/machines/{machine['id']}/executions")
    page.get_by_test_id("start-execution").click()
    expect(page.get_by_test_id("execution-input")).not_to_have_value(re.compile(r"^\{\s*\}$"))
    page.get_by_test_id("start-execution-submit").click()

    page.wait_for_url(re.compile(r"/executions/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    for name in catalog.get("ImagePipeline").definition()["States"]:
        expect(node(page, name)).to_have_attribute("data-status", "SUCCEEDED")
