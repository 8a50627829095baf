"""Engine benchmark: the shared workloads through ``asl.run``, in memory, beside the plain-loop floor.

    .venv/bin/python benchmarks/engine.py [--repeats 7] [--json-out FILE]

For each workload of ``../shared/bench/workloads`` (override with STEPCRAFT_SHARED=/path/to/shared)
it prints the median wall time of one execution, states entered per second and, for w1-w3, the
ratio to ``../shared/bench/floor_bench.py`` (the same data work as a plain jsonpath-ng loop,
paths parsed once) measured in the same process. Definitions are parsed once, outside the timed
loop, as the durable runtime does; the parse time is printed separately. Histories are recorded
as in every run.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import asl  # noqa: E402


def shared_dir() -> Path:
    return Path(os.environ.get("STEPCRAFT_SHARED", REPO.parent / "shared")).resolve()


def load_floor(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("floor_bench", shared / "bench" / "floor_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_seconds(fn: Any, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json-out")
    args = parser.parse_args(argv)
    shared = shared_dir()
    workloads = shared / "bench" / "workloads"
    if not workloads.is_dir():
        print(f"skipped: no workloads at {workloads} (set STEPCRAFT_SHARED)")
        return 0
    floor = load_floor(shared)
    floor_fns = {"w1": floor.w1, "w2": floor.w2, "w3": floor.w3}
    report: dict[str, Any] = {}
    print(f"{'workload':22s} {'median':>10s} {'states/s':>10s} {'floor':>9s} {'ratio':>6s} {'parse':>8s}")
    for definition_file in sorted(workloads.glob("w*.json")):
        if definition_file.name.endswith(".input.json"):
            continue
        name = definition_file.stem
        definition = json.loads(definition_file.read_text())
        spec = json.loads(definition_file.with_name(name + ".input.json").read_text())
        start = time.perf_counter()
        machine = asl.parse(definition)
        parse_ms = (time.perf_counter() - start) * 1000
        result = asl.run(machine, spec["input"])
        assert result.status == "SUCCEEDED", (name, result.error, result.cause)
        entered = sum(1 for e in result.events if e.type.endswith("StateEntered"))
        seconds = median_seconds(lambda m=machine, i=spec["input"]: asl.run(m, i), args.repeats)
        row: dict[str, Any] = {"median_ms": seconds * 1000, "states_entered": entered,
                               "states_per_s": entered / seconds, "parse_ms": parse_ms}
        key = name.split("_")[0]
        floor_text = ratio_text = "-"
        if key in floor_fns:
            floor_s = median_seconds(lambda f=floor_fns[key]: f(pre_parsed=True), args.repeats)
            row["floor_ms"] = floor_s * 1000
            row["ratio_to_floor"] = seconds / floor_s
            floor_text, ratio_text = f"{floor_s * 1000:.3f}", f"{seconds / floor_s:.2f}"
        report[name] = row
        print(f"{name:22s} {seconds * 1000:8.3f}ms {entered / seconds:10.0f} {floor_text:>9s} {ratio_text:>6s} "
              f"{parse_ms:6.2f}ms")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
