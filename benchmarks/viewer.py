"""Execution page benchmark: a 6,000-item Map execution (about 24,000 history events, near AWS's
25,000 limit) opened in Chromium.

    .venv/bin/python benchmarks/viewer.py [--items 6000] [--json-out FILE]

It starts ``manage.py serve`` on a throwaway SQLite database, stores an execution whose history is
the one ``asl.run`` records for a Map of ``--items`` items (the durable runtime would record the same
events, only slower to produce), and opens ``/executions/<id>`` in Debian's Chromium
(``/usr/bin/chromium``) through Playwright. It reports:

- ready: from navigation to the graph showing the Map's inner state SUCCEEDED (the websocket replay
  of every event, the per-state summaries and the layout);
- the main thread's long tasks (over 50 ms, from the browser's PerformanceObserver) while loading:
  the longest one is how long the page was frozen at worst;
- the time to switch to the Table view and to the Events view and see their first rows, and to
  scroll the events list to its end.

The frontend must be built (``make frontend``).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.websocket import free_port, setup_django  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def big_map(items: int) -> dict:
    return {
        "StartAt": "EachItem",
        "States": {
            "EachItem": {"Type": "Map", "ItemsPath": "$.items",
                         "ItemProcessor": {"StartAt": "Touch", "States": {
                             "Touch": {"Type": "Pass", "Parameters": {"n.$": "$"}, "End": True}}},
                         "End": True},
        },
    }


def store_execution(items: int) -> tuple[str, int]:
    """An execution of the big Map with the history asl.run records for it; (id, event count)."""
    from django.contrib.auth.models import User
    from django.db import transaction

    import asl
    from designer.services import create_state_machine
    from executions.models import Execution, ExecutionStatus, HistoryEvent, Run, RunStatus
    from executions.services import start_execution

    definition = big_map(items)
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
    parser.add_argument("--items", type=int, default=6000)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("build the frontend first: make frontend")

    workdir = Path(tempfile.mkdtemp(prefix="stepcraft-viewerbench-"))
    database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    setup_django(database_url)
    from django.contrib.auth.models import User

    User.objects.create_user("bench", password="bench-password-42")
    execution_id, event_count = store_execution(args.items)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(workdir / "server.log", "w") as log:
        server = subprocess.Popen([sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--no-worker"],
                                  cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"server did not start; see {workdir / 'server.log'}") from None
                time.sleep(0.2)
        result = measure(base, execution_id)
    finally:
        server.terminate()
        server.wait(timeout=20)
    result = {"items": args.items, "events": event_count, **result}
    print(f"Map of {args.items} items, {event_count} events:")
    print(f"  ready (all events replayed, graph coloured): {result['ready_ms']:.0f} ms")
    print(f"  long tasks while loading: {result['long_tasks']} (longest {result['longest_task_ms']:.0f} ms, "
          f"total {result['long_tasks_total_ms']:.0f} ms)")
    print(f"  table view: {result['table_ms']:.0f} ms, events view: {result['events_ms']:.0f} ms, "
          f"scroll to the last event: {result['scroll_ms']:.0f} ms")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n")


def measure(base: str, execution_id: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", "bench")
        page.fill("input[name=password]", "bench-password-42")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.add_init_script(LONG_TASKS)

        started = time.perf_counter()
        page.goto(f"/executions/{execution_id}")
        page.locator('[data-testid="state-node"][data-state-name="Touch"][data-status="SUCCEEDED"]').wait_for()
        page.locator('[data-testid="execution-status"][data-status="SUCCEEDED"]').wait_for()
        ready = time.perf_counter() - started
        page.wait_for_timeout(500)
        long_tasks = page.evaluate("window.__longTasks")

        started = time.perf_counter()
        page.get_by_test_id("tab-table").click()
        page.locator("text=EachItem").first.wait_for()
        table = time.perf_counter() - started

        started = time.perf_counter()
        page.get_by_test_id("tab-events").click()
        page.locator("text=ExecutionStarted").first.wait_for()
        events = time.perf_counter() - started

        started = time.perf_counter()
        last_row = page.locator('[data-testid="event-row"][data-event-type="ExecutionSucceeded"]')
        while not last_row.count():  # rows are measured as they appear: scroll until the end stays put
            page.evaluate("() => { const el = document.querySelector('.event-scroller'); "
                          "el.scrollTop = el.scrollHeight; }")
            page.wait_for_timeout(16)
            if time.perf_counter() - started > 60:
                raise SystemExit("the last event never appeared")
        scroll = time.perf_counter() - started
        browser.close()
    return {"ready_ms": ready * 1000, "long_tasks": len(long_tasks),
            "longest_task_ms": max(long_tasks, default=0.0), "long_tasks_total_ms": sum(long_tasks),
            "table_ms": table * 1000, "events_ms": events * 1000, "scroll_ms": scroll * 1000}


if __name__ == "__main__":
    main()
