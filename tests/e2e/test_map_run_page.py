"""A Distributed Map's Map Run in real Chromium against a real server and embedded worker: from the parent's
execution page (the Map state's Map Run box) to the Map Run page (counts, child executions, filters) to a child
execution's own history and back.

The machines are made through the REST API (``test_viewer``'s helpers); the pages are never reloaded: a running
Map Run's page reads its counts and rows again by itself (there is no websocket for Map Runs).
"""
from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.test_viewer import create_machine, node, start_execution

UUID = r"[0-9a-f-]{36}"


def distributed_map(processor: dict[str, Any], **settings: Any) -> dict[str, Any]:
    return {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemsPath": "$.items", "Label": "Items", "End": True, **settings,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, **processor}}}}


# Item 3 fails; one failure is tolerated, so the Map (and the execution) succeed.
FAIL_ON_3 = {"StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 3, "Next": "Broken"}],
              "Default": "Fine"},
    "Broken": {"Type": "Fail", "Error": "Three", "Cause": "three is broken"},
    "Fine": {"Type": "Pass", "End": True}}}


def test_a_map_run_from_the_parent_to_a_failed_child_and_back(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, distributed_map(FAIL_ON_3, ToleratedFailureCount=1), "map-run")
    execution_id = start_execution(live_app, machine_id, {"items": [1, 2, 3, 4, 5, 6]})
    page.goto(f"/executions/{execution_id}")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    # The Map's node badge: the Map Run's succeeded child executions of all its items.
    expect(node(page, "Each").get_by_test_id("state-badge")).to_have_text("5/6")

    node(page, "Each").click()
    expect(page.get_by_test_id("step-panel")).to_have_attribute("data-step-name", "Each")
    box = page.get_by_test_id("map-run-box")
    expect(box).to_have_attribute("data-map-run-status", "SUCCEEDED")
    expect(box.get_by_test_id("count-succeeded")).to_have_text("5")
    expect(box.get_by_test_id("count-failed")).to_have_text("1")
    box.get_by_test_id("view-map-run").click()

    page.wait_for_url(re.compile(rf"/map-runs/{UUID}$"))
    map_run_url = page.url
    expect(page.get_by_test_id("map-run-status")).to_have_attribute("data-status", "SUCCEEDED")
    expect(page.get_by_test_id("map-run-arn")).to_contain_text(":mapRun:")
    expect(page.get_by_test_id("map-run-tolerated")).to_have_text("1 item")
    expect(page.get_by_test_id("map-run-max-concurrency")).to_have_text("No limit")
    expect(page.get_by_test_id("count-succeeded")).to_have_text("5")
    expect(page.get_by_test_id("count-failed")).to_have_text("1")
    expect(page.get_by_test_id("count-total")).to_have_text("6")
    expect(page.locator('[data-testid="item-count-bar"] [data-count-key]')).to_have_count(2)
    rows = page.get_by_test_id("map-run-execution")
    expect(rows).to_have_count(6)

    page.get_by_test_id("execution-status-filter").select_option("FAILED")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-status", "FAILED")
    rows.first.get_by_role("link").click()

    # The child execution: its own history, over the Map's processor only.
    page.wait_for_url(re.compile(rf"/executions/{UUID}$"))
    assert execution_id not in page.url
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "FAILED")
    expect(node(page, "Broken")).to_have_attribute("data-status", "FAILED")
    expect(node(page, "Check")).to_have_attribute("data-status", "SUCCEEDED")
    expect(node(page, "Fine")).to_have_attribute("data-status", "NOT_STARTED")
    expect(node(page, "Each")).to_have_count(0)
    expect(page.get_by_test_id("error-name")).to_have_text("Three")
    # No actions of its own: a child is stopped and redriven with its parent.
    expect(page.get_by_test_id("redrive-execution")).to_have_count(0)
    page.get_by_test_id("tab-events").click()
    expect(page.locator('[data-testid="event-row"][data-event-type="FailStateEntered"]')).to_have_count(1)
    expect(page.locator('[data-testid="event-row"][data-event-type="MapRunStarted"]')).to_have_count(0)

    breadcrumb = page.get_by_test_id("map-run-breadcrumb")
    expect(breadcrumb).to_contain_text("Child execution of Map Run Items of")
    expect(breadcrumb.get_by_test_id("breadcrumb-parent")).to_have_attribute("href", f"/executions/{execution_id}")
    breadcrumb.get_by_test_id("breadcrumb-map-run").click()
    page.wait_for_url(map_run_url)
    expect(page.get_by_test_id("map-run-execution")).to_have_count(6)

    # The Map Run's Map state link opens the parent with that state selected.
    page.get_by_test_id("map-run-state").click()
    page.wait_for_url(re.compile(rf"/executions/{execution_id}\?state=Each$"))
    expect(page.get_by_test_id("step-panel")).to_have_attribute("data-step-name", "Each")
    expect(page.get_by_test_id("map-run-box")).to_be_visible()


def test_a_running_map_run_page_follows_its_counts_until_it_ends(page: Page, live_app: Any) -> None:
    nap = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 1, "End": True}}}
    machine_id = create_machine(live_app, distributed_map(nap, MaxConcurrency=1), "map-run-live")
    execution_id = start_execution(live_app, machine_id, {"items": [1, 2, 3, 4]})
    page.goto(f"/executions/{execution_id}")
    node(page, "Each").click()
    box = page.get_by_test_id("map-run-box")
    expect(box).to_have_attribute("data-map-run-status", "RUNNING")
    box.get_by_test_id("view-map-run").click()

    page.wait_for_url(re.compile(rf"/map-runs/{UUID}$"))
    expect(page.get_by_test_id("map-run-status")).to_have_attribute("data-status", "RUNNING")
    expect(page.get_by_test_id("count-total")).to_have_text("4")
    # One at a time (MaxConcurrency 1), a second each: the counts and rows change without a reload.
    expect(page.get_by_test_id("map-run-status")).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    expect(page.get_by_test_id("count-succeeded")).to_have_text("4")
    expect(page.get_by_test_id("count-pending")).to_have_text("0")
    expect(page.locator('[data-testid="map-run-execution"][data-status="SUCCEEDED"]')).to_have_count(4)
