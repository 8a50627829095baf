"""The step panel's event list in Chromium: every event of the selected visit, virtualised (only the rows in
view are in the DOM), scrolled within the panel."""
from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.test_viewer import create_machine, node, start_execution

ITEMS = 300
# A Map of 300 one-state iterations: its visit has a MapIterationStarted and a MapIterationSucceeded per item.
FAN_OUT = {"StartAt": "Each", "States": {"Each": {
    "Type": "Map", "ItemsPath": "$.items", "End": True,
    "ItemProcessor": {"StartAt": "Touch", "States": {"Touch": {"Type": "Pass", "End": True}}},
}}}


def test_a_visits_events_are_all_listed_and_virtualised(page: Page, live_app: Any) -> None:
    machine_id = create_machine(live_app, FAN_OUT, "step-events")
    execution_id = start_execution(live_app, machine_id, {"items": list(range(ITEMS))})
    page.goto(f"/executions/{execution_id}")
    expect(page.get_by_test_id("execution-status")).to_have_attribute("data-status", "SUCCEEDED", timeout=30_000)
    node(page, "Each").click()
    panel = page.get_by_test_id("step-panel")
    expect(panel).to_have_attribute("data-step-name", "Each")

    summary = panel.locator("summary", has_text=re.compile(r"^Events \(\d+\)$"))
    total = int(re.findall(r"\d+", summary.inner_text())[0])
    assert total >= 2 * ITEMS, total
    summary.click()
    events = panel.get_by_test_id("step-events")
    rows = events.get_by_test_id("step-event")
    expect(rows.first).to_contain_text("MapStateEntered")
    assert 0 < rows.count() < 100, rows.count()  # a screenful and the overscan, not all of them
    assert page.get_by_text(re.compile("^Show all")).count() == 0

    # The last event is reached by scrolling the list itself.
    events.evaluate("element => { element.scrollTop = element.scrollHeight; }")
    expect(rows.last).to_contain_text("MapStateExited")
    assert rows.count() < 100
