"""The visual designer in Chromium: build a workflow from the palette, code view sync, undo/redo, validation.

Palette items are HTML5-draggable; the canvas shows its drop targets (``edge-drop-<source>-<target>``)
only while a drag is in progress, so a drag here is the browser's own sequence of events, dispatched
with one shared ``DataTransfer``: dragstart on the palette item, then dragenter/dragover/drop on the
target once it is shown, then dragend.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import LiveApp

pytestmark = pytest.mark.e2e

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
MOD = "Control"  # Chromium on Linux

# What the test builds: 6 states with a Choice, a Parallel and a Catch, by dragging from the palette and
# filling the inspector (the designer writes the key order; the comparison below is of the JSON value).
EXPECTED = {
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Task",
            "Resource": f"{ARN}check_inventory",
            "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 4, "BackoffRate": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Rejected"}],
            "Next": "InStock",
        },
        "InStock": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.in_stock", "BooleanEquals": True, "Next": "Fulfil"}],
            "Default": "Rejected",
        },
        "Fulfil": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": True}}}],
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
        "Rejected": {"Type": "Fail", "Error": "OrderRejected", "Cause": "Out of stock or invalid"},
    },
}

TWO_STATES = {
    "Comment": "Two passes",
    "StartAt": "First",
    "States": {"First": {"Type": "Pass", "Next": "Second"}, "Second": {"Type": "Pass", "End": True}},
}


def create_machine(live_app: LiveApp, definition: dict[str, Any], prefix: str) -> str:
    status, body = live_app.api("POST", "/api/state-machines/", {
        "name": f"{prefix}-{uuid.uuid4().hex[:8]}", "definition": definition})
    assert status == 201, body
    return str(body["id"])


def open_designer(page: Any, machine_id: str) -> None:
    page.goto(f"/machines/{machine_id}/design")
    page.locator("[data-testid=state-node]").first.wait_for()


def node(page: Any, name: str) -> Any:
    return page.locator(f'[data-testid=state-node][data-state-name="{name}"]')


def drag_from_palette(page: Any, item: str, target: str) -> None:
    """Drag palette item ``item`` (its data-testid suffix) and drop it on the element ``target`` selects."""
    data = page.evaluate_handle("() => new DataTransfer()")
    source = f'[data-testid="palette-{item}"]'
    page.dispatch_event(source, "dragstart", {"dataTransfer": data, "bubbles": True})
    drop = page.locator(target).first
    drop.wait_for(state="visible")
    box = drop.bounding_box()
    assert box is not None, target
    point = {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] / 2}
    for event in ("dragenter", "dragover", "drop"):
        drop.dispatch_event(event, {"dataTransfer": data, "bubbles": True, "cancelable": True, **point})
    page.dispatch_event(source, "dragend", {"dataTransfer": data, "bubbles": True})


def drop_on_edge(page: Any, item: str, source: str, target: str) -> None:
    drag_from_palette(page, item, f'[data-testid="edge-drop-{source}-{target}"]')


def drop_on_canvas(page: Any, item: str) -> None:
    drag_from_palette(page, item, ".react-flow__pane")


def select(page: Any, name: str) -> None:
    node(page, name).first.click()
    page.get_by_role("heading", name=name, exact=True).wait_for()


def rename(page: Any, old: str, new: str) -> None:
    select(page, old)
    field = page.get_by_label("State name", exact=True)
    field.fill(new)
    field.press("Enter")
    node(page, new).wait_for()


def choose(page: Any, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).select_option(value)


def fill(page: Any, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def exported_json(page: Any) -> str:
    page.get_by_role("button", name=re.compile("^Export")).click()
    with page.expect_download() as download:
        page.get_by_test_id("export-json").click()
    path = download.value.path()
    with open(path, encoding="utf-8") as file:
        return file.read()


def current_document(live_app: LiveApp, machine_id: str) -> dict[str, Any]:
    status, body = live_app.api("GET", f"/api/state-machines/{machine_id}/")
    assert status == 200, body
    return dict(json.loads(body["definition"]))


def test_build_a_workflow_from_the_palette_and_export_it(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}},
                                "Built")
    open_designer(page, machine_id)

    # Start from nothing: remove the placeholder state with the Delete key.
    select(page, "Hello")
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    select(page, "Hello")
    page.keyboard.press("Delete")
    node(page, "Hello").wait_for(state="detached")

    # 1. A registered handler as the first Task.
    drop_on_canvas(page, "check_inventory")
    rename(page, "check_inventory", "Validate")
    # 2. A Choice after it, on the insertion line of its End edge.
    drop_on_edge(page, "Choice", "Validate", "End")
    rename(page, "Choice", "InStock")
    # 3. A Parallel, a Succeed after it, and a Fail, each from the palette.
    drop_on_canvas(page, "Parallel")
    rename(page, "Parallel", "Fulfil")
    drop_on_edge(page, "Succeed", "Fulfil", "End")
    rename(page, "Succeed", "Done")
    drop_on_canvas(page, "Fail")
    rename(page, "Fail", "Rejected")
    rename(page, "Pass", "Pack")  # the Parallel's branch came with one Pass

    # The Choice rule and its Default.
    select(page, "InStock")
    fill(page, "Rule 1 variable", "$.in_stock")
    choose(page, "Rule 1 operator", "BooleanEquals")
    choose(page, "Rule 1 value", "true")
    choose(page, "Rule 1 next state", "Fulfil")
    choose(page, "Default state", "Rejected")

    # The Fail's error and cause.
    select(page, "Rejected")
    fill(page, "Error", "OrderRejected")
    fill(page, "Cause", "Out of stock or invalid")

    # Retry and Catch on the Task.
    select(page, "Validate")
    page.get_by_role("tab", name=re.compile("^Error handling")).click()
    page.get_by_role("button", name="Add retrier").click()
    fill(page, "Retrier 1 errors", "States.Timeout")
    fill(page, "Retrier 1 interval seconds", "2")
    fill(page, "Retrier 1 max attempts", "4")
    page.get_by_role("button", name="Add catcher").click()
    choose(page, "Catcher 1 next state", "Rejected")
    fill(page, "Catcher 1 result path", "$.error")

    text = exported_json(page)
    assert json.loads(text) == EXPECTED
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"  # byte-stable, 2 spaces
    assert node(page, "Pack").count() == 1 and page.locator("[data-testid=state-node]").count() == 6

    # Saving stores exactly that definition (a new revision, published as a version), and nothing of the UI.
    page.get_by_test_id("save").click()
    page.get_by_role("status").filter(has_text="Saved as version 1").wait_for()
    assert current_document(live_app, machine_id) == EXPECTED
    page.get_by_test_id("dirty").wait_for(state="detached")
    status, version = live_app.api("GET", f"/api/state-machines/{machine_id}/versions/1/")
    assert status == 200 and json.loads(version["definition"]) == EXPECTED


def test_code_view_edits_show_on_the_canvas_and_invalid_json_blocks_design(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, TWO_STATES, "Code")
    open_designer(page, machine_id)
    page.get_by_role("button", name="Code", exact=True).click()
    editor = page.locator(".code-view .cm-content")
    editor.wait_for()
    assert '"Second"' in editor.inner_text()

    changed = {**TWO_STATES, "States": {
        "First": {"Type": "Pass", "Next": "Renamed"},
        "Renamed": {"Type": "Wait", "Seconds": 3, "Next": "Third"},
        "Third": {"Type": "Succeed"},
    }}
    editor.click()
    page.keyboard.press(f"{MOD}+A")
    page.keyboard.insert_text(json.dumps(changed, indent=2))

    # Broken JSON: a clear message, and Design stays closed until it is fixed.
    page.keyboard.press(f"{MOD}+End")
    page.keyboard.insert_text(",")
    page.get_by_test_id("code-error").wait_for()
    assert page.get_by_role("button", name="Design", exact=True).is_disabled()
    page.keyboard.press("Backspace")
    page.get_by_test_id("code-error").wait_for(state="detached")

    page.get_by_role("button", name="Design", exact=True).click()
    node(page, "Renamed").wait_for()
    assert node(page, "Renamed").get_attribute("data-state-type") == "Wait"
    assert node(page, "Third").count() == 1 and node(page, "Second").count() == 0

    # And the other way: a canvas edit shows in the code.
    rename(page, "Third", "Finish")
    page.get_by_role("button", name="Code", exact=True).click()
    text = page.locator(".code-view .cm-content").inner_text()
    assert '"Finish"' in text and '"Next": "Finish"' in text


def test_undo_and_redo_with_keys_and_toolbar(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, TWO_STATES, "Undo")
    open_designer(page, machine_id)

    drop_on_edge(page, "Wait", "First", "Second")
    node(page, "Wait").wait_for()
    page.get_by_test_id("dirty").wait_for()
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})

    page.keyboard.press(f"{MOD}+Z")
    node(page, "Wait").wait_for(state="detached")
    page.get_by_test_id("dirty").wait_for(state="detached")  # back to the saved document
    page.keyboard.press(f"{MOD}+Shift+Z")
    node(page, "Wait").wait_for()
    page.get_by_role("button", name="Undo", exact=True).click()
    node(page, "Wait").wait_for(state="detached")
    page.keyboard.press(f"{MOD}+Y")
    node(page, "Wait").wait_for()

    # A rename is one step too; the inspector follows the document.
    rename(page, "Wait", "Pause")
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press(f"{MOD}+Z")
    node(page, "Wait").wait_for()
    assert node(page, "Pause").count() == 0


def test_a_validation_error_shows_on_its_node_and_in_the_problems(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, TWO_STATES, "Invalid")
    open_designer(page, machine_id)
    select(page, "Second")
    page.get_by_role("tab", name="Input/Output").click()
    fill(page, "InputPath", "not a path")

    problem = page.get_by_test_id("problem").first
    problem.wait_for()
    assert "/States/Second/InputPath" in problem.inner_text()
    # On the node it belongs to, and on no other.
    second, first = node(page, "Second"), node(page, "First")
    second.locator("[data-testid=node-diagnostics]").wait_for()
    assert first.locator("[data-testid=node-diagnostics]").count() == 0
    # In the inspector field.
    assert page.get_by_test_id("field-problems").first.is_visible()

    # The problems list selects the state.
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    problem.click()
    page.get_by_role("heading", name="Second", exact=True).wait_for()

    # Fixing it clears the problem.
    fill(page, "InputPath", "$.order")
    page.get_by_text("0 errors").wait_for()
    assert second.locator("[data-testid=node-diagnostics]").count() == 0


def test_machine_list_creates_imports_and_deletes(page: Any, live_app: LiveApp) -> None:
    name = f"Imported-{uuid.uuid4().hex[:6]}"
    page.get_by_role("button", name="Import").click()
    page.get_by_label("Or paste the definition").fill("StartAt: Only\nStates:\n  Only:\n    Type: Succeed\n")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Import", exact=True).last.click()
    page.wait_for_url("**/design")
    node(page, "Only").wait_for()

    page.goto("/machines/")
    page.get_by_label("Search state machines").fill(name)
    row = page.locator(f'[data-testid=machine-row][data-machine-name="{name}"]')
    row.wait_for()
    assert page.locator("[data-testid=machine-row]").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Delete").click()
    row.wait_for(state="detached")
    status, _ = live_app.api("GET", f"/api/state-machines/?search={name}")
    assert status == 200


def test_save_publish_a_version_and_diff_it_with_the_edits(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, TWO_STATES, "Versions")
    open_designer(page, machine_id)
    page.get_by_role("button", name="Versions").click()
    fill(page, "Version description", "first cut")
    page.get_by_role("button", name="Publish version").click()
    page.get_by_test_id("version-list").get_by_text("Version 1").wait_for()
    status, versions = live_app.api("GET", f"/api/state-machines/{machine_id}/versions/")
    assert status == 200 and [v["description"] for v in versions] == ["first cut"]

    rename(page, "Second", "Last")
    page.get_by_label("Compare", exact=True).select_option("1")
    diff = page.get_by_test_id("version-diff")
    diff.get_by_text('+       "Next": "Last"').wait_for()
    assert '-     "Second": {' in diff.inner_text()


def test_start_execution_saves_and_opens_the_new_execution(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, TWO_STATES, "Run")
    open_designer(page, machine_id)
    rename(page, "Second", "Finish")
    page.get_by_role("button", name="Start execution").click()
    page.get_by_test_id("start-execution-dialog").wait_for()
    assert current_document(live_app, machine_id)["States"]["First"]["Next"] == "Finish"  # saved first
    page.get_by_test_id("start-execution-submit").click()
    page.wait_for_url(re.compile(r"/executions/[0-9a-f-]{36}$"))
