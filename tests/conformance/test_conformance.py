"""The AWS-recorded conformance corpus (``../shared/conformance``) through ``asl.run``.

Every case's expected status, output, error and cause were recorded on AWS Step Functions.
The engine must pass at least 97 % of them (LocalStack's interpreter passes 95.9 %); the
test prints each remaining failure so a regression names the case it broke.
"""
from __future__ import annotations

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


def _run_corpus() -> list[tuple[str, str, Any]]:
    sys.path.insert(0, str(CONFORMANCE))
    runner = _load(CONFORMANCE / "run_cases.py", "run_cases")
    adapter = _load(Path(__file__).with_name("adapter.py"), "stepcraft_conformance_adapter")
    results = []
    for name in sorted(os.listdir(CONFORMANCE / "cases")):
        case = runner.load_case(str(CONFORMANCE / "cases" / name))
        result = adapter.run(json.loads(json.dumps(case["definition"])), json.loads(json.dumps(case["input"])),
                             case["handlers"] or {})
        verdict, detail = runner.compare(case, result)
        results.append((name, verdict, detail))
    return results


def test_conformance_pass_rate() -> None:
    results = _run_corpus()
    failures = [r for r in results if r[1] != "PASS"]
    rate = 1 - len(failures) / len(results)
    report = "\n".join(f"  [{verdict}] {name}: {str(detail)[:300]}" for name, verdict, detail in failures)
    print(f"\nconformance: {len(results) - len(failures)}/{len(results)} passed ({rate:.1%})\n{report}")
    assert len(results) > 500
    assert rate >= REQUIRED_PASS_RATE, f"pass rate {rate:.1%} is below {REQUIRED_PASS_RATE:.0%}:\n{report}"
