"""Durable-runtime benchmark: the shared workloads through start_execution -> SUCCEEDED.

    .venv/bin/python benchmarks/runtime.py [--mode embedded|scaled|both] [--repeats 3] [--w4-rounds 5]
        [--json-out FILE] [--only w4 ...]

embedded: SQLite file database, the in-process Celery worker (threads, in-memory broker) -- what
``make run`` starts. scaled: PostgreSQL, Redis and two separate ``celery -A stepcraft worker``
processes (``--pool threads --concurrency 4`` each; BENCH_POOL / BENCH_CONCURRENCY change that),
started by the same tooling the integration tests use (Debian packages installed when missing).
Each mode runs in its own process.

For w0-w3 it prints the median latency of one execution, measured as the database sees it
(start_date to stop_date) and as a client polling every 2 ms sees it; for w4, 200 executions
started from 4 client threads, ``--w4-rounds`` times after one warm-up round: executions/s and p50/p95
latency of each round and their medians. Then the peak memory (VmHWM) of the process(es) doing the work. Workloads:
../shared/bench/workloads (STEPCRAFT_SHARED overrides).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STEPCRAFT_SHARED", REPO.parent / "shared")).resolve()
WORKLOADS = SHARED / "bench" / "workloads"


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(name: str) -> tuple[str, Any]:
    definition = (WORKLOADS / f"{name}.json").read_text()
    spec = json.loads((WORKLOADS / f"{name}.input.json").read_text())
    return definition, spec["input"]


def run_workloads(repeats: int, only: list[str] | None = None, w4_rounds: int = 5) -> dict[str, Any]:
    """Inside a configured Django process with a worker running: the measurements."""
    from django.contrib.auth.models import User

    from designer.services import create_state_machine
    from executions.models import Execution
    from executions.services import start_execution

    owner, _ = User.objects.get_or_create(username="bench")
    report: dict[str, Any] = {}

    def wait(execution: Execution) -> Execution:
        while True:
            execution.refresh_from_db(fields=["status", "stop_date"])
            if execution.status != "RUNNING":
                return execution
            time.sleep(0.002)

    for name in ("w0_single_pass", "w1_pass_chain_100", "w2_map_1000", "w3_choice_loop_200"):
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        definition, data = load(name)
        machine = create_state_machine(owner=owner, name=f"{name}-{time.time_ns()}", definition=definition).machine
        db_ms, client_ms = [], []
        for _ in range(repeats + 1):  # the first run warms caches up and is not counted
            started = time.perf_counter()
            execution = wait(start_execution(machine, input=json.dumps(data)))
            client = (time.perf_counter() - started) * 1000
            assert execution.status == "SUCCEEDED", (name, execution.status)
            db_ms.append((execution.stop_date - execution.start_date).total_seconds() * 1000)
            client_ms.append(client)
        report[name] = {"median_ms": statistics.median(db_ms[1:]), "client_median_ms": statistics.median(client_ms[1:])}
        print(f"{name:22s} {report[name]['median_ms']:9.1f} ms (client sees {report[name]['client_median_ms']:.1f} ms)",
              flush=True)

    if only and not any("w4_five_state".startswith(prefix) for prefix in only):
        return report
    definition, data = load("w4_five_state")
    machine = create_state_machine(owner=owner, name=f"w4-{time.time_ns()}", definition=definition).machine
    # One round first, not counted, as ../shared/bench/peer_bench.py does (--warmup-w4 1): the first burst
    # also pays for each worker thread's first database connection and the processes' cold caches.
    _w4_round(machine, data)
    runs = [_w4_round(machine, data) for _ in range(w4_rounds)]
    for number, run in enumerate(runs, 1):
        print(f"{'w4_five_state':22s} {run['executions_per_s']:9.1f} executions/s  p50 {run['p50_ms']:.1f} ms  "
              f"p95 {run['p95_ms']:.1f} ms  (round {number})", flush=True)
    report["w4_five_state"] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    report["w4_five_state"]["rounds"] = runs
    w4 = report["w4_five_state"]
    print(f"{'w4 median of rounds':22s} {w4['executions_per_s']:9.1f} executions/s  p50 {w4['p50_ms']:.1f} ms  "
          f"p95 {w4['p95_ms']:.1f} ms", flush=True)
    return report


def _w4_round(machine: Any, data: Any) -> dict[str, float]:
    """200 executions started as fast as 4 client threads can, each timed from start_date to stop_date."""
    from executions.models import Execution
    from executions.services import start_execution

    ids: list[Any] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        from django.db import connection

        for _ in range(count):
            execution = start_execution(machine, input=json.dumps(data))
            with lock:
                ids.append(execution.pk)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(50,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    while Execution.objects.filter(pk__in=ids, status="RUNNING").exists():
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    rows = list(Execution.objects.filter(pk__in=ids).values_list("status", "start_date", "stop_date"))
    assert all(status == "SUCCEEDED" for status, _, _ in rows)
    latencies = sorted((stop - start).total_seconds() * 1000 for _, start, stop in rows)
    return {"executions": len(rows), "executions_per_s": len(rows) / elapsed,
            "p50_ms": latencies[len(latencies) // 2], "p95_ms": latencies[int(len(latencies) * 0.95) - 1]}


def embedded(repeats: int, only: list[str] | None = None, w4_rounds: int = 5) -> dict[str, Any]:
    database = Path(tempfile.mkdtemp(prefix="stepcraft-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcraft.settings")
    django.setup()
    from django.core.management import call_command

    from executions.worker import start_embedded_worker

    call_command("migrate", verbosity=0)
    worker = start_embedded_worker()
    try:
        report = run_workloads(repeats, only, w4_rounds)
    finally:
        worker.stop(in_sighandler=False)
    report["peak_memory_mb"] = peak_rss_mb()
    print(f"peak memory (this process: web + worker): {report['peak_memory_mb']:.0f} MB")
    return report


def scaled(repeats: int, only: list[str] | None = None, w4_rounds: int = 5) -> dict[str, Any]:
    from tests.integration.servers import PostgresServer, RedisServer, WorkerPool, ensure_installed, make_run_dir

    ensure_installed()
    run_dir = make_run_dir()
    postgres = PostgresServer(run_dir).start()
    redis = RedisServer(run_dir).start()
    os.environ["DATABASE_URL"] = postgres.url
    os.environ["REDIS_URL"] = redis.url
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcraft.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The workers run as a deployment would: DEBUG off (Django then keeps no record of every query), and
    # Celery's default log level, WARNING (at INFO a worker writes two lines per task).
    workers = WorkerPool(2, broker_url=redis.url, database_url=postgres.url, log_dir=run_dir / "workers",
                         concurrency=int(os.environ.get("BENCH_CONCURRENCY", "4")),
                         pool=os.environ.get("BENCH_POOL", "threads"),
                         loglevel=os.environ.get("BENCH_LOGLEVEL", "WARNING"),
                         env={"DEBUG": "false", "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex()}).start()
    try:
        report = run_workloads(repeats, only, w4_rounds)
        report["peak_memory_mb"] = sum(peak_rss_mb(pid) for w in workers for pid in _tree(w.pid))
        print(f"peak memory (2 workers, with pool processes if any): {report['peak_memory_mb']:.0f} MB")
    finally:
        workers.stop_all(graceful=False)
        redis.stop()
        postgres.stop()
    return report


def _tree(pid: int | None) -> list[int]:
    if pid is None:
        return []
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *(int(c) for c in children)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["embedded", "scaled", "both"], default="both")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--w4-rounds", type=int, default=5, help="w4 rounds of 200 executions (default 5)")
    parser.add_argument("--json-out")
    parser.add_argument("--only", action="append", metavar="PREFIX",
                        help="run only the workloads whose names start with PREFIX (e.g. w4); repeatable")
    args = parser.parse_args(argv)
    if not WORKLOADS.is_dir():
        print(f"skipped: no workloads at {WORKLOADS} (set STEPCRAFT_SHARED)")
        return 0
    sys.path.insert(0, str(REPO))
    if args.mode == "both":  # each mode needs a fresh Django process
        results = {}
        for mode in ("embedded", "scaled"):
            out = Path(tempfile.mkstemp(suffix=".json")[1])
            print(f"== {mode}", flush=True)
            only = [f"--only={prefix}" for prefix in args.only or []]
            subprocess.run([sys.executable, __file__, "--mode", mode, "--repeats", str(args.repeats),
                            "--w4-rounds", str(args.w4_rounds),
                            "--json-out", str(out), *only], check=True, cwd=REPO)
            results[mode] = json.loads(out.read_text())
        report: dict[str, Any] = results
    else:
        os.chdir(REPO)
        report = (embedded if args.mode == "embedded" else scaled)(args.repeats, args.only, args.w4_rounds)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
