"""Execution page benchmark: a 6,000-item Map execution (about 24,000 history events, near AWS's
25,000 limit) opened in Chromium.

    .venv/bin/python benchmarks/viewer.py [--items 6000] [--distributed] [--runs 1] [--profile DIR] [--json-out FILE]

It starts ``manage.py serve`` on a throwaway SQLite database, stores an execution whose history is
the one ``asl.run`` records for a Map of ``--items`` items (the durable runtime would record the same
events, only slower to produce), and opens ``/executions/<id>`` in Debian's Chromium
(``/usr/bin/chromium``) through Playwright. It reports:

- ready: from navigation to every event replayed (the Events tab counts them all) and the graph coloured
  from all of them (the Map SUCCEEDED, its inner state too, its badge counting every iteration);
- the main thread's long tasks (over 50 ms, from the browser's PerformanceObserver) while loading:
  the longest one is how long the page was frozen at worst;
- the time to switch to the Table view and to the Events view and see their first rows, and to
  scroll the events list to its end;
- the longest task after each click: the Map's node (its step panel), the Table, Events and Graph tabs,
  and the scroll;
- what the Map's node badge and its step panel's counts say.

``--runs N`` opens the page N times: the medians of the times and the worst of the long tasks.

``--distributed`` makes the Map a distributed one (``ProcessorConfig.Mode: DISTRIBUTED``, 10,000 items
unless ``--items`` says otherwise): the engine keeps its iterations' events out of the parent history,
so the page must tell the iteration count from the Map's own events (MapStateStarted's length and the
MapRun* events); the benchmark reports what the Map's node badge and step panel show.

``--profile DIR`` also records Chromium's CPU profile (CDP ``Profiler``) of the load and of each view
switch into ``DIR/*.cpuprofile`` (open them in Chrome's DevTools, Performance panel) and prints the
functions with the most self time.

The frontend must be built (``make frontend``).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.local_server import CHROMIUM, CHROMIUM_ARGS, BenchSite, signed_in_page  # noqa: E402

LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def big_map(items: int, distributed: bool = False) -> dict:
    processor: dict = {"StartAt": "Touch", "States": {
        "Touch": {"Type": "Pass", "Parameters": {"n.$": "$"}, "End": True}}}
    if distributed:
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, **processor}
    return {
        "StartAt": "EachItem",
        "States": {
            "EachItem": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, "End": True},
        },
    }


def store_execution(items: int, distributed: bool = False) -> tuple[str, int]:
    """An execution of the big Map with the history asl.run records for it; (id, event count)."""
    from django.contrib.auth.models import User
    from django.db import transaction

    import asl
    from designer.services import create_state_machine
    from executions.models import Execution, ExecutionStatus, HistoryEvent, Run, RunStatus
    from executions.services import start_execution

    definition = big_map(items, distributed)
    data = {"items": list(range(items))}
    result = asl.run(definition, data)
    assert result.status == "SUCCEEDED", (result.error, result.cause)
    owner = User.objects.get(username="bench")
    machine = create_state_machine(owner=owner, name="BigMap", definition=json.dumps(definition)).machine
    execution = start_execution(machine, input=json.dumps(data), name="big-map")
    base = execution.start_date
    with transaction.atomic():
        HistoryEvent.objects.filter(execution=execution).delete()
        rows = []
        first = parse_timestamp(result.history[0]["timestamp"])
        for event in result.history:
            details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
            rows.append(HistoryEvent(execution=execution, event_id=event["id"],
                                     previous_event_id=event["previousEventId"], type=event["type"], details=details,
                                     timestamp=base + (parse_timestamp(event["timestamp"]) - first)))
        HistoryEvent.objects.bulk_create(rows, batch_size=2000)
        Execution.objects.filter(pk=execution.pk).update(
            status=ExecutionStatus.SUCCEEDED, output=json.dumps(result.output), stop_date=datetime.now(UTC),
            next_event_id=len(rows) + 1)
        Run.objects.filter(execution=execution).update(status=RunStatus.SUCCEEDED, waiting_for=None, wake_at=None)
    return str(execution.pk), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, help="Map items (default 6,000; 10,000 with --distributed)")
    parser.add_argument("--distributed", action="store_true", help="a distributed Map (iterations not in the history)")
    parser.add_argument("--profile", metavar="DIR", help="save CPU profiles of the load and view switches here")
    parser.add_argument("--runs", type=int, default=1, help="open the page this many times: medians, worst tasks")
    parser.add_argument("--json-out")
    args = parser.parse_args()
    if args.items is None:
        args.items = 10_000 if args.distributed else 6000
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("build the frontend first: make frontend")

    site = BenchSite("viewerbench")
    from django.contrib.auth.models import User

    User.objects.create_user("bench", password="bench-password-42")
    execution_id, event_count = store_execution(args.items, args.distributed)
    with site.serve(worker=False) as base:
        result = measure(base, execution_id, event_count, args.items, args.distributed,
                         Path(args.profile) if args.profile else None, args.runs)
    result = {"items": args.items, "distributed": args.distributed, "events": event_count, **result}
    print(f"{'Distributed Map' if args.distributed else 'Map'} of {args.items} items, {event_count} events:")
    print(f"  ready (all events replayed, graph coloured): {result['ready_ms']:.0f} ms")
    print(f"  long tasks while loading: {result['long_tasks']} (longest {result['longest_task_ms']:.0f} ms, "
          f"total {result['long_tasks_total_ms']:.0f} ms)")
    print(f"  table view: {result['table_ms']:.0f} ms, events view: {result['events_ms']:.0f} ms, "
          f"scroll to the last event: {result['scroll_ms']:.0f} ms")
    print("  longest task after a click: " + ", ".join(
        f"{name.replace('_', ' ')} {ms:.0f} ms" for name, ms in result["longest_task_ms_by_view"].items()))
    print(f"  the Map's node badge: {result['map_badge']!r}; its step panel: {result['map_panel']!r}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n")


class Profiler:
    """Chromium's sampling CPU profiler over CDP: one .cpuprofile per phase, and its hottest functions."""

    def __init__(self, page, directory: Path | None) -> None:
        self.directory = directory
        self.session = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.session = page.context.new_cdp_session(page)
            self.session.send("Profiler.enable")
            self.session.send("Profiler.setSamplingInterval", {"interval": 200})

    def start(self) -> None:
        if self.session is not None:
            self.session.send("Profiler.start")

    def stop(self, name: str) -> None:
        if self.session is None or self.directory is None:
            return
        profile = self.session.send("Profiler.stop")["profile"]
        (self.directory / f"{name}.cpuprofile").write_text(json.dumps(profile))
        print(f"profile {name}: top self time")
        for line in hottest(profile):
            print("   ", line)


def hottest(profile: dict, count: int = 15) -> list[str]:
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    self_ms: dict[str, float] = {}
    for sample, delta in zip(profile.get("samples", []), deltas, strict=False):
        frame = nodes[sample]["callFrame"]
        url = frame["url"].rsplit("/", 1)[-1]
        key = f"{frame['functionName'] or '(anonymous)'} {url}:{frame['lineNumber'] + 1}:{frame['columnNumber'] + 1}"
        self_ms[key] = self_ms.get(key, 0.0) + delta / 1000
    ranked = sorted(self_ms.items(), key=lambda kv: -kv[1])
    return [f"{ms:8.1f} ms  {key}" for key, ms in ranked[:count] if not key.startswith("(idle)")]


def measure(base: str, execution_id: str, event_count: int, items: int, distributed: bool = False,
            profile_dir: Path | None = None, runs: int = 1) -> dict:
    """Open the page ``runs`` times (a fresh browser context each): the median of each time, the worst of
    each longest task, and every run's figures under ``runs``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = [measure_once(browser, base, execution_id, event_count, items, distributed,
                                profile_dir if run == 0 else None) for run in range(runs)]
        browser.close()
    median = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
    worst = lambda key: max(r[key] for r in results)  # noqa: E731
    return {"ready_ms": median("ready_ms"), "long_tasks": worst("long_tasks"),
            "longest_task_ms": worst("longest_task_ms"), "long_tasks_total_ms": median("long_tasks_total_ms"),
            "table_ms": median("table_ms"), "events_ms": median("events_ms"), "scroll_ms": median("scroll_ms"),
            "longest_task_ms_by_view": {view: max(r["longest_task_ms_by_view"][view] for r in results)
                                        for view in results[0]["longest_task_ms_by_view"]},
            "map_badge": results[-1]["map_badge"], "map_panel": results[-1]["map_panel"],
            "runs": results}


def measure_once(browser, base: str, execution_id: str, event_count: int, items: int, distributed: bool,
                 profile_dir: Path | None) -> dict:
    page = signed_in_page(browser, base, timeout_ms=120_000, init_script=LONG_TASKS)
    profiler = Profiler(page, profile_dir)

    profiler.start()
    started = time.perf_counter()
    page.goto(f"/executions/{execution_id}")
    # Every event replayed (the Events tab counts them) and the graph coloured from all of them: the Map
    # SUCCEEDED, and for an inline Map its inner state too and its badge counting every iteration.
    page.locator(f'[data-testid="tab-events"]:text-is("Events ({event_count})")').wait_for()
    page.locator('[data-testid="state-node"][data-state-name="EachItem"][data-status="SUCCEEDED"]').wait_for()
    if not distributed:  # (a distributed Map's iterations are not in the history)
        page.locator('[data-testid="state-node"][data-state-name="Touch"][data-status="SUCCEEDED"]').wait_for()
        page.locator('[data-testid="state-node"][data-state-name="EachItem"] [data-testid="state-badge"]'
                     f':text-is("{items}/{items}")').wait_for()
    page.locator('[data-testid="execution-status"][data-status="SUCCEEDED"]').wait_for()
    ready = time.perf_counter() - started
    page.wait_for_timeout(500)
    profiler.stop("load")
    long_tasks = page.evaluate("window.__longTasks")
    page.evaluate("window.__longTasks = []")

    map_node = page.locator('[data-testid="state-node"][data-state-name="EachItem"]')
    badge = map_node.get_by_test_id("state-badge")
    map_badge = badge.inner_text() if badge.count() else None
    profiler.start()
    map_node.click()
    panel = page.get_by_test_id("step-panel")
    panel.wait_for()
    page.wait_for_timeout(200)
    profiler.stop("step_panel")
    counts = panel.locator('[data-testid="step-children"] .counts')
    map_panel = " ".join(counts.inner_text().split()) if counts.count() else None
    page.get_by_label("Close the step panel").click()
    page.wait_for_timeout(200)
    panel_tasks = page.evaluate("window.__longTasks.splice(0)")

    table, table_tasks = switch_view(page, profiler, "table", '[data-testid="visit-row"][data-visit-name="EachItem"]')
    events, events_tasks = switch_view(page, profiler, "events", "text=ExecutionStarted")

    started = time.perf_counter()
    last_row = page.locator('[data-testid="event-row"][data-event-type="ExecutionSucceeded"]')
    while not last_row.count():  # rows are measured as they appear: scroll until the end stays put
        page.evaluate("() => { const el = document.querySelector('.event-scroller'); "
                      "el.scrollTop = el.scrollHeight; }")
        page.wait_for_timeout(16)
        if time.perf_counter() - started > 60:
            raise SystemExit("the last event never appeared")
    scroll = time.perf_counter() - started
    scroll_tasks = page.evaluate("window.__longTasks.splice(0)")

    _, graph_tasks = switch_view(page, profiler, "graph",
                                 '[data-testid="state-node"][data-state-name="EachItem"][data-status="SUCCEEDED"]',
                                 settle_ms=500)
    page.context.close()
    return {"ready_ms": ready * 1000, "long_tasks": len(long_tasks),
            "longest_task_ms": max(long_tasks, default=0.0), "long_tasks_total_ms": sum(long_tasks),
            "table_ms": table * 1000, "events_ms": events * 1000, "scroll_ms": scroll * 1000,
            "longest_task_ms_by_view": {name: max(tasks, default=0.0) for name, tasks in (
                ("step_panel", panel_tasks), ("table", table_tasks), ("events", events_tasks),
                ("scroll", scroll_tasks), ("graph", graph_tasks))},
            "map_badge": map_badge, "map_panel": map_panel}


def switch_view(page, profiler, tab: str, shown: str, settle_ms: int = 300) -> tuple[float, list[float]]:
    """Click the ``tab`` tab and wait for ``shown``: the seconds that took, and the long tasks until it settled."""
    profiler.start()
    started = time.perf_counter()
    page.get_by_test_id(f"tab-{tab}").click()
    page.locator(shown).first.wait_for()
    seconds = time.perf_counter() - started
    page.wait_for_timeout(settle_ms)
    profiler.stop(tab)
    return seconds, page.evaluate("window.__longTasks.splice(0)")


if __name__ == "__main__":
    main()
