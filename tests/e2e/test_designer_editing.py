"""The designer's canvas editing gestures in Chromium: moving placed states, connecting handles, delete, duplicate,
copy/paste and palette drops onto the empty canvas and into empty containers.

React Flow node drags and handle connections use Playwright's real mouse (down, moves with steps, up), so the
browser's own hit testing picks the target: the test only points at where the target is drawn. Palette drags are
HTML5 drags dispatched as in ``test_designer.py``, after checking that the point they are dispatched at really shows
the target (nothing else is drawn over it). Every test compares the whole resulting document, read through the
designer's JSON export (the store's document) or, after Save, ``GET /api/state-machines/<id>/``.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import LiveApp
from tests.e2e.test_designer import (
    MOD,
    create_machine,
    current_document,
    exported_json,
    node,
    open_designer,
    select,
)

pytestmark = pytest.mark.e2e

PASS_END: dict[str, Any] = {"Type": "Pass", "End": True}


def center(locator: Any) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, locator
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def exported(page: Any) -> dict[str, Any]:
    return dict(json.loads(exported_json(page)))


def saved(page: Any, live_app: LiveApp, machine_id: str) -> dict[str, Any]:
    """Save (the `save` button) and read the stored definition back from the API."""
    page.get_by_test_id("save").click()
    page.get_by_test_id("dirty").wait_for(state="detached")
    return current_document(live_app, machine_id)


def edge_drop(source: str, target: str) -> str:
    return f'[data-testid="edge-drop-{source}-{target}"]'


def wait_for_layout(page: Any) -> None:
    """The layout is shown and the view fitted to it (the viewport has not moved for a few frames)."""
    page.locator('[data-testid=workflow-canvas][data-layout-ready="true"]').wait_for()
    page.wait_for_function("""() => new Promise((resolve) => {
        const viewport = () => document.querySelector('.react-flow__viewport')?.style.transform;
        const first = viewport();
        let frames = 0;
        const tick = () => (++frames < 4 ? requestAnimationFrame(tick) : resolve(viewport() === first));
        requestAnimationFrame(tick);
    })""")


def drag_node(page: Any, name: str, to: Callable[[], tuple[float, float]], *, while_over: Any = None) -> None:
    """Drag state ``name`` with the mouse to the point ``to()`` (measured once the layout is settled);
    ``while_over`` (a locator) must show before the button is released."""
    wait_for_layout(page)
    target = to()
    sx, sy = center(node(page, name).first)
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 12, sy + 12, steps=4)  # past the drag threshold
    page.mouse.move(target[0], target[1], steps=15)
    if while_over is not None:
        while_over.wait_for(state="attached")  # (a horizontal line has no height: "visible" never holds)
    page.mouse.up()


def drag_node_onto_edge(page: Any, name: str, source: str, target: str) -> None:
    """Drag state ``name`` onto the insertion target of the edge source → target; the insertion line must show."""
    drop = page.locator(edge_drop(source, target)).first
    drag_node(page, name, lambda: center(drop), while_over=drop.locator(".sc-insert-line"))


def drag_node_into_container(page: Any, name: str, container: str) -> None:
    """Drag state ``name`` into an empty part of container ``container`` (its bottom-left corner)."""
    drag_node(page, name, lambda: corner_of(page, container),
              while_over=page.locator(f'[data-testid="container-{container}"].sc-drop-hover'))


def corner_of(page: Any, container: str) -> tuple[float, float]:
    """A point in the empty bottom-left corner of container ``container``."""
    box = page.get_by_test_id(f"container-{container}").bounding_box()
    assert box is not None
    return box["x"] + 6, box["y"] + box["height"] - 6


def connect(page: Any, source: str, handle: str, target: str, *, on_body: bool = False) -> None:
    """Drag from handle ``handle`` of state ``source`` to the input handle of state ``target`` (or of the top-level
    End marker when ``target`` is "End"); with ``on_body``, release over the middle of the target instead."""
    wait_for_layout(page)
    flow_node = "xpath=ancestor-or-self::*[contains(concat(' ', @class, ' '), ' react-flow__node ')][1]"
    hx, hy = center(node(page, source).first.locator(flow_node).locator(f'[data-testid="handle-{handle}"]').first)
    end = page.get_by_test_id("marker-end").last if target == "End" else node(page, target).first.locator(flow_node)
    tx, ty = center(end if on_body else end.locator(".sc-handle-in").first)
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx + 10, hy + 10, steps=4)
    page.mouse.move(tx, ty, steps=15)
    page.mouse.up()


def palette_drop_at(page: Any, item: str, point: tuple[float, float], expect: str) -> None:
    """HTML5-drag palette item ``item`` to ``point``, which must show the element ``expect`` selects (or one inside
    it): the drag events go to whatever the browser hit-tests there, as a real drop would."""
    hit = page.evaluate(
        "([x, y, selector]) => Boolean(document.elementFromPoint(x, y)?.closest(selector))",
        [point[0], point[1], expect],
    )
    assert hit, f"{expect} is not what is drawn at {point}"
    data = page.evaluate_handle("() => new DataTransfer()")
    source = f'[data-testid="palette-{item}"]'
    page.dispatch_event(source, "dragstart", {"dataTransfer": data, "bubbles": True})
    target = page.evaluate_handle("([x, y]) => document.elementFromPoint(x, y)", [point[0], point[1]])
    init = {"dataTransfer": data, "bubbles": True, "cancelable": True, "clientX": point[0], "clientY": point[1]}
    for event in ("dragenter", "dragover", "drop"):
        target.dispatch_event(event, init)
    page.dispatch_event(source, "dragend", {"dataTransfer": data, "bubbles": True})


# ---------------------------------------------------------------------------------------------------------------
# Moving placed states

CHAIN: dict[str, Any] = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Pass", "Next": "D"},
        "D": {"Type": "Pass", "End": True},
    },
}


def test_move_a_state_onto_an_edge(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, CHAIN, "MoveEdge")
    open_designer(page, machine_id)

    # The first state onto C → D: the start now goes to B, and A sits between C and D.
    drag_node_onto_edge(page, "A", "C", "D")
    page.locator(edge_drop("C", "A")).wait_for()
    assert exported(page) == {"StartAt": "B", "States": {
        "B": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Pass", "Next": "A"},
        "A": {"Type": "Pass", "Next": "D"},
        "D": {"Type": "Pass", "End": True},
    }}
    # The last state onto the Start edge: its predecessor ends the workflow now.
    drag_node_onto_edge(page, "D", "Start", "B")
    page.locator(edge_drop("Start", "D")).wait_for()
    # And a middle state onto the End edge.
    drag_node_onto_edge(page, "C", "A", "End")
    page.locator(edge_drop("C", "End")).wait_for()
    expected = {"StartAt": "D", "States": {
        "B": {"Type": "Pass", "Next": "A"},
        "A": {"Type": "Pass", "Next": "C"},
        "D": {"Type": "Pass", "Next": "B"},
        "C": {"Type": "Pass", "End": True},
    }}
    assert saved(page, live_app, machine_id) == expected
    # A drop onto one of the state's own edges, or onto nothing, changes nothing.
    drag_node(page, "A", lambda: center(page.locator(edge_drop("B", "A")).first))
    drag_node(page, "A", lambda: (5, 400))
    assert exported(page) == expected
    assert page.get_by_test_id("dirty").count() == 0


NESTED: dict[str, Any] = {
    "StartAt": "Prep",
    "States": {
        "Prep": {"Type": "Pass", "Next": "Fan"},
        "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Left", "States": {"Left": PASS_END}}], "Next": "Each"},
        "Each": {
            "Type": "Map",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Step", "States": {"Step": PASS_END}},
            "Next": "Last",
        },
        "Last": {"Type": "Pass", "Next": "Tail"},
        "Tail": {"Type": "Succeed"},
    },
}


def test_move_states_into_a_parallel_branch_and_a_map_processor(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "MoveNested")
    open_designer(page, machine_id)

    # Into the branch, before its first state.
    drag_node_onto_edge(page, "Prep", "Start", "Left")
    page.locator(edge_drop("Prep", "Left")).wait_for()
    # Into the Map's processor, after its last state.
    drag_node_onto_edge(page, "Last", "Step", "End")
    page.locator(edge_drop("Step", "Last")).wait_for()
    assert saved(page, live_app, machine_id) == {
        "StartAt": "Fan",
        "States": {
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Prep", "States": {
                "Left": PASS_END,
                "Prep": {"Type": "Pass", "Next": "Left"},
            }}], "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Step", "States": {
                    "Step": {"Type": "Pass", "Next": "Last"},
                    "Last": PASS_END,
                }},
                "Next": "Tail",
            },
            "Tail": {"Type": "Succeed"},
        },
    }

    # Out of the branch again, back onto the root's Start edge.
    drag_node_onto_edge(page, "Prep", "Start", "Fan")
    page.locator(edge_drop("Start", "Prep")).wait_for()
    # Dropped on the Map's empty area: appended at the end of its processor.
    drag_node_into_container(page, "Tail", "Each")
    page.locator(edge_drop("Last", "Tail")).wait_for()
    assert exported(page) == {
        "StartAt": "Prep",
        "States": {
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Left", "States": {"Left": PASS_END}}],
                    "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Step", "States": {
                    "Step": {"Type": "Pass", "Next": "Last"},
                    "Last": {"Type": "Pass", "Next": "Tail"},
                    "Tail": {"Type": "Succeed"},
                }},
                "End": True,
            },
            "Prep": {"Type": "Pass", "Next": "Fan"},
        },
    }


def test_a_state_dropped_back_into_its_own_container_stays_where_it_is(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "MoveOwn")
    open_designer(page, machine_id)
    # Over its own branch's empty area (the Parallel around it must not take it as a drop into a new branch), and
    # over its own Map's empty area.
    drag_node(page, "Left", lambda: corner_of(page, "Branch 1"))
    drag_node(page, "Step", lambda: corner_of(page, "Each"))
    assert exported(page) == NESTED
    assert page.get_by_test_id("dirty").count() == 0


# ---------------------------------------------------------------------------------------------------------------
# Connecting handles

ARN = "arn:aws:lambda:us-east-1:123456789012:function:work"
BRANCHING: dict[str, Any] = {
    "StartAt": "Work",
    "States": {
        "Work": {"Type": "Task", "Resource": ARN,
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "Next": "Decide"},
        "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "One"}],
                   "Default": "Two"},
        "One": {"Type": "Pass", "End": True},
        "Two": {"Type": "Pass", "Next": "Spare"},
        "Oops": {"Type": "Fail", "Error": "Broken"},
        "Spare": {"Type": "Pass", "End": True},
    },
}


def test_connect_next_choice_default_and_catch_handles(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, BRANCHING, "Connect")
    open_designer(page, machine_id)

    connect(page, "One", "next", "Two")  # End → Next
    page.locator(edge_drop("One", "Two")).wait_for()
    connect(page, "Decide", "choice-0", "Spare")
    page.locator(edge_drop("Decide", "Spare")).wait_for()
    connect(page, "Decide", "default", "One")
    page.locator(edge_drop("Decide", "One")).last.wait_for()
    connect(page, "Work", "catch-0", "Two", on_body=True)  # released anywhere on the state, as people do
    page.locator(edge_drop("Work", "Two")).wait_for()
    # Connected to the End marker: the state ends the workflow again.
    connect(page, "One", "next", "End")
    page.locator(edge_drop("One", "End")).wait_for()
    connect(page, "Spare", "next", "Oops")
    page.locator(edge_drop("Spare", "Oops")).wait_for()
    assert saved(page, live_app, machine_id) == {
        "StartAt": "Work",
        "States": {
            "Work": {"Type": "Task", "Resource": ARN,
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Two"}], "Next": "Decide"},
            "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Spare"}],
                       "Default": "One"},
            "One": {"Type": "Pass", "End": True},
            "Two": {"Type": "Pass", "Next": "Spare"},
            "Oops": {"Type": "Fail", "Error": "Broken"},
            "Spare": {"Type": "Pass", "Next": "Oops"},
        },
    }


# ---------------------------------------------------------------------------------------------------------------
# Delete, duplicate, copy and paste

def test_delete_with_delete_and_backspace(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, CHAIN, "Delete")
    open_designer(page, machine_id)
    select(page, "B")
    page.keyboard.press("Delete")
    node(page, "B").wait_for(state="detached")
    select(page, "D")
    page.keyboard.press("Backspace")
    node(page, "D").wait_for(state="detached")
    assert saved(page, live_app, machine_id) == {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Pass", "End": True},
    }}
    # Nothing selected: the keys delete nothing.
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press("Delete")
    page.keyboard.press("Backspace")
    assert node(page, "A").count() == 1 and node(page, "C").count() == 1
    assert page.get_by_test_id("dirty").count() == 0


def test_duplicate_with_ctrl_d(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "Duplicate")
    open_designer(page, machine_id)
    select(page, "Prep")
    page.keyboard.press(f"{MOD}+D")
    page.get_by_role("heading", name="Prep (1)", exact=True).wait_for()  # the copy is selected
    page.keyboard.press(f"{MOD}+D")
    page.get_by_role("heading", name="Prep (2)", exact=True).wait_for()
    # A container: its nested states get unique names too.
    select(page, "Fan")
    page.keyboard.press(f"{MOD}+D")
    page.get_by_role("heading", name="Fan (1)", exact=True).wait_for()
    assert saved(page, live_app, machine_id) == {
        "StartAt": "Prep",
        "States": {
            "Prep": {"Type": "Pass", "Next": "Prep (1)"},
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Left", "States": {"Left": PASS_END}}],
                    "Next": "Fan (1)"},
            "Each": NESTED["States"]["Each"],
            "Last": {"Type": "Pass", "Next": "Tail"},
            "Tail": {"Type": "Succeed"},
            "Prep (1)": {"Type": "Pass", "Next": "Prep (2)"},
            "Prep (2)": {"Type": "Pass", "Next": "Fan"},
            "Fan (1)": {"Type": "Parallel", "Branches": [{"StartAt": "Left (1)", "States": {"Left (1)": PASS_END}}],
                        "Next": "Each"},
        },
    }


def test_copy_and_paste_a_state(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "Paste")
    open_designer(page, machine_id)
    select(page, "Fan")
    page.keyboard.press(f"{MOD}+C")
    # Pasted after the selected state, on its way out (as Ctrl+D does); the copy is selected.
    select(page, "Each")
    page.keyboard.press(f"{MOD}+V")
    page.get_by_role("heading", name="Fan (1)", exact=True).wait_for()
    # With nothing selected: unconnected at the top level. A copy of a state inside a container can go there too.
    select(page, "Step")
    page.keyboard.press(f"{MOD}+C")
    page.locator(".react-flow__pane").click(position={"x": 5, "y": 5})
    page.keyboard.press(f"{MOD}+V")
    page.get_by_role("heading", name="Step (1)", exact=True).wait_for()
    # Into a branch, after the selected state there.
    select(page, "Left")
    page.keyboard.press(f"{MOD}+V")
    page.get_by_role("heading", name="Step (2)", exact=True).wait_for()
    # (Step (1) is unreachable, which Save refuses: the export shows the designer's document.)
    assert exported(page) == {
        "StartAt": "Prep",
        "States": {
            "Prep": {"Type": "Pass", "Next": "Fan"},
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Left", "States": {
                "Left": {"Type": "Pass", "Next": "Step (2)"},
                "Step (2)": PASS_END,
            }}], "Next": "Each"},
            "Each": {**NESTED["States"]["Each"], "Next": "Fan (1)"},
            "Last": {"Type": "Pass", "Next": "Tail"},
            "Tail": {"Type": "Succeed"},
            "Fan (1)": {"Type": "Parallel", "Branches": [{"StartAt": "Left (1)", "States": {"Left (1)": PASS_END}}],
                        "Next": "Last"},
            "Step (1)": PASS_END,
        },
    }


# ---------------------------------------------------------------------------------------------------------------
# Palette drops onto the empty canvas and into empty containers

def empty_pane_point(page: Any) -> tuple[float, float]:
    box = page.locator(".react-flow__pane").bounding_box()
    assert box is not None
    return box["x"] + 20, box["y"] + 20


def test_palette_drop_onto_the_empty_canvas(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, CHAIN, "DropCanvas")
    open_designer(page, machine_id)
    wait_for_layout(page)
    palette_drop_at(page, "Wait", empty_pane_point(page), ".react-flow__pane")
    page.get_by_role("heading", name="Wait", exact=True).wait_for()
    expected = {**CHAIN, "States": {**CHAIN["States"], "Wait": {"Type": "Wait", "Seconds": 5, "End": True}}}
    assert exported(page) == expected

    # On a canvas with no states at all, the state dropped there is where the workflow starts.
    for name in ("A", "B", "C", "D", "Wait"):
        select(page, name)
        page.keyboard.press("Delete")
        node(page, name).wait_for(state="detached")
    wait_for_layout(page)
    palette_drop_at(page, "Pass", empty_pane_point(page), ".react-flow__pane")
    node(page, "Pass").wait_for()
    assert saved(page, live_app, machine_id) == {"StartAt": "Pass", "States": {"Pass": PASS_END}}


def test_palette_drop_into_an_empty_branch_and_an_empty_map(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "DropContainer")
    open_designer(page, machine_id)
    for name in ("Left", "Step"):
        select(page, name)
        page.keyboard.press("Delete")
        node(page, name).wait_for(state="detached")
    wait_for_layout(page)
    for item, container in (("Wait", "Branch 1"), ("Succeed", "Each")):
        box = page.get_by_test_id(f"container-{container}").bounding_box()
        assert box is not None
        palette_drop_at(page, item, (box["x"] + box["width"] / 2, box["y"] + box["height"] - 8),
                        f'[data-testid="container-{container}"]')
        node(page, item).wait_for()
        wait_for_layout(page)
    assert saved(page, live_app, machine_id) == {
        "StartAt": "Prep",
        "States": {
            "Prep": {"Type": "Pass", "Next": "Fan"},
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Wait", "States": {
                "Wait": {"Type": "Wait", "Seconds": 5, "End": True}}}], "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Succeed",
                                  "States": {"Succeed": {"Type": "Succeed"}}},
                "Next": "Last",
            },
            "Last": {"Type": "Pass", "Next": "Tail"},
            "Tail": {"Type": "Succeed"},
        },
    }


def test_palette_drop_onto_edges_inside_containers(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "DropNestedEdge")
    open_designer(page, machine_id)
    for item, (source, target) in (("Wait", ("Start", "Left")), ("Pass", ("Step", "End"))):
        wait_for_layout(page)
        drop = page.locator(edge_drop(source, target)).first
        palette_drop_at(page, item, center(drop), edge_drop(source, target))
        node(page, item).wait_for()
    assert saved(page, live_app, machine_id) == {
        **NESTED,
        "States": {
            **NESTED["States"],
            "Fan": {"Type": "Parallel", "Branches": [{"StartAt": "Wait", "States": {
                "Left": PASS_END, "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Left"}}}], "Next": "Each"},
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Step", "States": {
                    "Step": {"Type": "Pass", "Next": "Pass"}, "Pass": PASS_END}},
                "Next": "Last",
            },
        },
    }


def test_move_a_container_with_its_contents(page: Any, live_app: LiveApp) -> None:
    machine_id = create_machine(live_app, NESTED, "MoveContainer")
    open_designer(page, machine_id)
    # Dragged by its header; the edges inside it move along and are no targets.
    drag_node_onto_edge(page, "Each", "Start", "Prep")
    page.locator(edge_drop("Start", "Each")).wait_for()
    assert saved(page, live_app, machine_id) == {
        "StartAt": "Each",
        "States": {
            "Prep": {"Type": "Pass", "Next": "Fan"},
            "Fan": {**NESTED["States"]["Fan"], "Next": "Last"},
            "Last": {"Type": "Pass", "Next": "Tail"},
            "Tail": {"Type": "Succeed"},
            "Each": {**NESTED["States"]["Each"], "Next": "Prep"},
        },
    }
