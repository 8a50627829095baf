"""Every example is listed, loads, validates and names only registered handlers, in the allowed ARN forms."""
from __future__ import annotations

import re
from typing import Any

import pytest

from asl.validation import ERROR, validate
from examples import catalog
from examples.catalog import Example
from executions.handlers import registered_handlers, unregistered_resources
from tests.examples.runs import run_example

FUNCTION_ARN = re.compile(r"arn:aws:lambda:us-east-1:123456789012:function:[A-Za-z0-9_-]+\Z")
INVOKE = "arn:aws:states:::lambda:invoke"


def tasks(scope: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for state in scope["States"].values():
        if state["Type"] == "Task":
            found.append(state)
        for branch in state.get("Branches", []):
            found += tasks(branch)
        if "ItemProcessor" in state:
            found += tasks(state["ItemProcessor"])
    return found


def test_the_catalogue_lists_every_workflow_file_once() -> None:
    names = [example.name for example in catalog.examples()]
    assert names == ["OrderPipeline", "DataPipeline", "ImagePipeline", "UserScores"]
    listed = sorted(example.definition_file.name for example in catalog.examples())
    assert listed == sorted(path.name for path in catalog.WORKFLOWS.glob("*.asl.json"))
    assert all(example.input_file.exists() for example in catalog.examples())
    assert catalog.get("DataPipeline").definition_file.name == "data_pipeline.asl.json"
    with pytest.raises(KeyError):
        catalog.get("Nope")


@pytest.mark.parametrize("example", catalog.examples(), ids=lambda e: e.name)
def test_example_validates_without_errors(example: Example) -> None:
    diagnostics = validate(example.definition_text())
    assert [d for d in diagnostics if d.severity == ERROR] == []
    assert example.type == "STANDARD"
    assert example.description


@pytest.mark.parametrize("example", catalog.examples(), ids=lambda e: e.name)
def test_example_tasks_name_registered_handlers_as_lambda_functions(example: Example) -> None:
    definition = example.definition()
    registered = {info.name for info in registered_handlers()}
    for task in tasks(definition):
        if task["Resource"] == INVOKE:
            function = task["Parameters"]["FunctionName"]
            assert FUNCTION_ARN.match(function) or function in registered
        else:
            assert FUNCTION_ARN.match(task["Resource"])
    assert unregistered_resources(definition) == []


@pytest.mark.parametrize("example", catalog.examples(), ids=lambda e: e.name)
def test_example_sample_input_runs_to_success(example: Example) -> None:
    result = run_example(example.name)
    assert (result.status, result.error) == ("SUCCEEDED", None)
