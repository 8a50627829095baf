"""The AWS-recorded conformance corpus (``../shared/conformance``) through ``asl.run``.

Every case's expected status, output, error and cause were recorded on AWS Step Functions.
The engine must pass at least 97 % of them (LocalStack's interpreter passes 95.9 %); the
test prints each remaining failure so a regression names the case it broke.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("STEPCRAFT_SHARED", REPO.parent / "shared")).resolve()
CONFORMANCE = SHARED / "conformance"
REQUIRED_PASS_RATE = 0.97

pytestmark = pytest.mark.skipif(not (CONFORMANCE / "run_cases.py").exists(),
                                reason=f"conformance corpus not found at {CONFORMANCE} (set STEPCRAFT_SHARED)")


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _run_corpus() -> list[tuple[str, str, Any, list[str]]]:
    """(case, verdict, detail, the event types of our history) for every case."""
    sys.path.insert(0, str(CONFORMANCE))
    runner = _load(CONFORMANCE / "run_cases.py", "run_cases")
    adapter = _load(Path(__file__).with_name("adapter.py"), "stepcraft_conformance_adapter")
    results = []
    for name in sorted(os.listdir(CONFORMANCE / "cases")):
        case = runner.load_case(str(CONFORMANCE / "cases" / name))
        history: list[str] = []
        result = adapter.run(json.loads(json.dumps(case["definition"])), json.loads(json.dumps(case["input"])),
                             case["handlers"] or {}, history=history)
        verdict, detail = runner.compare(case, result)
        results.append((name, verdict, detail, history))
    return results


def test_conformance_pass_rate() -> None:
    results = _run_corpus()
    failures = [r[:3] for r in results if r[1] != "PASS"]
    rate = 1 - len(failures) / len(results)
    report = "\n".join(f"  [{verdict}] {name}: {str(detail)[:300]}" for name, verdict, detail in failures)
    print(f"\nconformance: {len(results) - len(failures)}/{len(results)} passed ({rate:.1%})\n{report}")
    assert len(results) > 500
    assert rate >= REQUIRED_PASS_RATE, f"pass rate {rate:.1%} is below {REQUIRED_PASS_RATE:.0%}:\n{report}"


def _has_concurrent_branches(definition: Any) -> bool:
    text = json.dumps(definition)
    return '"Parallel"' in text and text.count('"StartAt"') > 2


def test_history_event_sequences_match_aws() -> None:
    """Our history has the event types AWS recorded, in AWS's order.

    Only cases whose outcome already matches are compared. Where Parallel branches run
    concurrently on AWS the interleaving is not deterministic, so those compare as multisets.
    """
    compared, mismatches = 0, []
    for name, verdict, _, history in _run_corpus():
        recorded = CONFORMANCE / "cases" / name / "history.json"
        if verdict != "PASS" or not recorded.exists():
            continue
        expected = [event["type"] for event in json.loads(recorded.read_text())]
        definition = json.loads((CONFORMANCE / "cases" / name / "definition.json").read_text())
        compared += 1
        if _has_concurrent_branches(definition):
            if sorted(expected) != sorted(history):
                mismatches.append(f"{name}: {sorted(expected)} != {sorted(history)}")
        elif expected != history:
            mismatches.append(f"{name}:\n    AWS:  {expected}\n    ours: {history}")
    print(f"\nhistory shapes: {compared - len(mismatches)}/{compared} match")
    assert compared > 250
    print("\n".join(mismatches))
    assert len(mismatches) <= 0.02 * compared, "\n".join(mismatches)
