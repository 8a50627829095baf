"""Live-viewer benchmark: how long an event takes from its commit to a watching websocket client.

    .venv/bin/python benchmarks/websocket.py [--clients 50] [--executions 5] [--loops 10] [--json-out FILE]

It starts the server ``make run`` starts (``manage.py serve``: ASGI + the embedded worker, SQLite,
in-memory channel layer) on a throwaway database, starts ``--executions`` executions of a workflow
that loops ``--loops`` times through Wait (1 s) -> Pass -> Choice, and has ``--clients`` websocket
clients (spread evenly over the executions) subscribe to them, as the execution page does. Every
event a client receives *live* (after the ``live`` marker; replayed ones are not counted) gives one
sample: arrival time minus the event's timestamp. The engine stamps an event when its advance
starts, before the transaction commits, so a sample is commit-to-arrival plus the rest of that
advance: an upper bound. Server and clients share this machine's clock.

Prints p50 / p95 / max over all samples, and the samples per client.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.local_server import BenchSite  # noqa: E402

LOOP = {
    "Comment": "Waits for clients to connect, then loops: Wait 1 s -> Pass -> Choice.",
    "StartAt": "LetClientsConnect",
    "States": {
        "LetClientsConnect": {"Type": "Wait", "Seconds": 3, "Next": "Tick"},
        "Tick": {"Type": "Wait", "Seconds": 1, "Next": "Count"},
        "Count": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "More?"},
        "More?": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Tick"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def prepare(loops: int) -> tuple[str, str, str]:
    """(session cookie, API token, state machine id) of a fresh user, in the benchmark's database."""
    from django.contrib.auth.models import User
    from django.test import Client

    from accounts.services import create_api_token
    from designer.services import create_state_machine

    user = User.objects.create_user("bench", password="bench-password-42")
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    _, secret = create_api_token(user=user, name="bench")
    machine = create_state_machine(owner=user, name="TickLoop", definition=json.dumps(LOOP)).machine
    return cookie, secret, str(machine.pk)


def start_execution(base: str, token: str, machine_id: str, loops: int) -> str:
    body = json.dumps({"input": {"i": 0, "n": loops}}).encode()
    request = urllib.request.Request(f"{base}/api/state-machines/{machine_id}/executions/", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.loads(response.read())["id"])


def parse_timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def watch(url: str, cookie: str, origin: str) -> list[float]:
    """One client: subscribe from 0, then collect live events' delays until the execution ends."""
    import websockets

    samples: list[float] = []
    async with websockets.connect(url, additional_headers={"Cookie": cookie, "Origin": origin},
                                  max_size=None) as ws:
        await ws.send(json.dumps({"type": "subscribe", "after": 0}))
        live = False
        while True:
            message = json.loads(await ws.recv())
            arrived = time.time()
            if message["type"] == "live":
                live = True
                continue
            if message["type"] != "events":
                continue
            if live:
                samples.extend(arrived - parse_timestamp(event["timestamp"]) for event in message["events"])
            if message["execution"]["status"] != "RUNNING" and any(
                    event["type"].startswith("Execution") and event["type"] != "ExecutionStarted"
                    for event in message["events"]):
                return samples


async def watch_all(base: str, cookie: str, execution_ids: list[str], clients: int) -> list[list[float]]:
    ws_base = base.replace("http://", "ws://")
    tasks = [watch(f"{ws_base}/ws/executions/{execution_ids[i % len(execution_ids)]}/", cookie, base)
             for i in range(clients)]
    return list(await asyncio.gather(*tasks))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--executions", type=int, default=5)
    parser.add_argument("--loops", type=int, default=10)
    parser.add_argument("--json-out")
    args = parser.parse_args()

    site = BenchSite("wsbench")
    cookie, token, machine_id = prepare(args.loops)
    with site.serve() as base:
        execution_ids = [start_execution(base, token, machine_id, args.loops) for _ in range(args.executions)]
        started = time.monotonic()
        per_client = asyncio.run(watch_all(base, cookie, execution_ids, args.clients))
        elapsed = time.monotonic() - started

    samples = [s * 1000 for client in per_client for s in client]
    if not samples:
        raise SystemExit("no live events were received")
    result = {
        "clients": args.clients, "executions": args.executions, "loops": args.loops,
        "samples": len(samples), "samples_per_client_min": min(len(c) for c in per_client),
        "p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1), "wall_s": round(elapsed, 1),
    }
    print(f"{args.clients} clients on {args.executions} executions: {len(samples)} live events received "
          f"(at least {result['samples_per_client_min']} per client) in {elapsed:.1f} s")
    print(f"event timestamp -> websocket client: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"max {result['max_ms']} ms")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
