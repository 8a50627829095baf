"""Designer canvas benchmark: a 300-state definition opened, panned and edited in Chromium.

    .venv/bin/python benchmarks/designer.py [--states 300] [--json-out FILE]

It starts ``manage.py serve`` on a throwaway SQLite database with a generated machine of
``--states`` states (blocks of Task with Catch -> Fail, Choice, Pass, Parallel of two branches, Map
and Wait, chained), opens its designer page in Debian's Chromium through Playwright and reports:

- layout: the elkjs layout's own time in the page (the ``stepcraft:layout`` performance measure);
- ready: from navigation to the canvas showing the machine;
- frame times while the canvas is dragged (panned) for about a second: p50, p95 and the longest,
  from requestAnimationFrame timestamps;
- rename: from committing a state's new name in the inspector to the renamed node on the canvas
  (the document edit, its graph, a fresh layout and the render).

The frontend must be built (``make frontend``).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.local_server import CHROMIUM, CHROMIUM_ARGS, BenchSite, signed_in_page  # noqa: E402

LAMBDA = "arn:aws:states:::lambda:invoke"
FRAME_RECORDER = """
window.__frames = [];
window.__recordFrames = (on) => {
  window.__recording = on;
  const tick = (t) => { if (!window.__recording) return; window.__frames.push(t); requestAnimationFrame(tick); };
  if (on) { window.__frames = []; requestAnimationFrame(tick); }
};
"""


def generated_machine(state_count: int) -> dict[str, Any]:
    """``state_count`` states in chained blocks of ten (and single Pass states for the rest)."""
    states: dict[str, Any] = {}
    heads: list[str] = []
    tails: list[str] = []
    block = made = 0
    while made < state_count:
        b = block
        block += 1
        if state_count - made >= 10:
            states[f"Task {b}"] = {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f"},
                                   "Next": f"Choose {b}", "Catch": [{"ErrorEquals": ["States.ALL"],
                                                                     "Next": f"Failed {b}"}]}
            states[f"Failed {b}"] = {"Type": "Fail", "Error": "Boom"}
            states[f"Choose {b}"] = {"Type": "Choice", "Default": f"Fork {b}",
                                     "Choices": [{"Variable": "$.x", "NumericEquals": b, "Next": f"Left {b}"}]}
            states[f"Left {b}"] = {"Type": "Pass", "Next": f"Fork {b}"}
            states[f"Fork {b}"] = {"Type": "Parallel", "Next": f"Each {b}", "Branches": [
                {"StartAt": f"Branch A {b}", "States": {f"Branch A {b}": {"Type": "Pass", "End": True}}},
                {"StartAt": f"Branch B {b}", "States": {f"Branch B {b}": {"Type": "Pass", "End": True}}}]}
            states[f"Each {b}"] = {"Type": "Map", "Next": f"Pause {b}", "ItemProcessor": {
                "StartAt": f"Item {b}", "States": {f"Item {b}": {"Type": "Task", "Resource": LAMBDA,
                                                                 "Parameters": {"FunctionName": "f"}, "End": True}}}}
            states[f"Pause {b}"] = {"Type": "Wait", "Seconds": 1, "End": True}
            heads.append(f"Task {b}")
            tails.append(f"Pause {b}")
            made += 10
        else:
            states[f"Step {b}"] = {"Type": "Pass", "End": True}
            heads.append(f"Step {b}")
            tails.append(f"Step {b}")
            made += 1
    for tail, head in zip(tails, heads[1:], strict=False):
        del states[tail]["End"]
        states[tail]["Next"] = head
    return {"Comment": f"Generated, {state_count} states", "StartAt": heads[0], "States": states}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=300)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("build the frontend first: make frontend")

    site = BenchSite("designerbench")
    from django.contrib.auth.models import User

    from designer.services import create_state_machine

    owner = User.objects.create_user("bench", password="bench-password-42")
    machine = create_state_machine(owner=owner, name="Big", definition=json.dumps(generated_machine(args.states)))
    with site.serve(worker=False) as base:
        result = measure(base, str(machine.machine.pk))
    result = {"states": args.states, **result}
    print(f"Designer with {args.states} states:")
    print(f"  layout {result['layout_ms']:.0f} ms (first), ready {result['ready_ms']:.0f} ms after navigation")
    print(f"  panning: frame p50 {result['frame_p50_ms']:.1f} ms, p95 {result['frame_p95_ms']:.1f} ms, "
          f"longest {result['frame_max_ms']:.1f} ms over {result['frames']} frames")
    print(f"  rename a state: {result['rename_ms']:.0f} ms to the canvas (its layout {result['relayout_ms']:.0f} ms)")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n")


def measure(base: str, machine_id: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    def node(name: str) -> Any:
        return page.locator(f'[data-testid="state-node"][data-state-name="{name}"]')

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = signed_in_page(browser, base, timeout_ms=60_000, init_script=FRAME_RECORDER)

        started = time.perf_counter()
        page.goto(f"/machines/{machine_id}/design")
        node("Task 0").wait_for()
        ready = time.perf_counter() - started
        layouts = page.evaluate("performance.getEntriesByName('stepcraft:layout').map((e) => e.duration)")

        if os.environ.get("BENCH_SCREENSHOT"):
            page.screenshot(path=os.environ["BENCH_SCREENSHOT"])
        node("Task 0").click()
        field = page.get_by_label("State name", exact=True)
        field.fill("Renamed first task")
        before = len(page.evaluate("performance.getEntriesByName('stepcraft:layout')"))
        started = time.perf_counter()
        field.press("Enter")
        node("Renamed first task").wait_for()
        rename = time.perf_counter() - started
        relayouts = page.evaluate("performance.getEntriesByName('stepcraft:layout').map((e) => e.duration)")[before:]

        pane = page.locator(".react-flow__pane")
        box = pane.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.evaluate("window.__recordFrames(true)")
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(60):
            page.mouse.move(x + (step % 30) * 10, y + (step % 30) * 12)
            page.wait_for_timeout(16)
        page.mouse.up()
        page.evaluate("window.__recordFrames(false)")
        stamps = page.evaluate("window.__frames")
        frames = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]

        browser.close()
    return {"layout_ms": layouts[0] if layouts else float("nan"), "ready_ms": ready * 1000, "frames": len(frames),
            "frame_p50_ms": statistics.median(frames), "frame_p95_ms": sorted(frames)[int(len(frames) * 0.95)],
            "frame_max_ms": max(frames), "rename_ms": rename * 1000,
            "relayout_ms": relayouts[-1] if relayouts else float("nan")}


if __name__ == "__main__":
    main()
