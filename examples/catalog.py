"""The example workflows: name, description, type, definition file and sample input of each.

The definitions live as ASL JSON in ``examples/workflows/`` (``<stem>.asl.json``, with the
sample input beside it in ``<stem>.input.json``), so they can be opened, exported and diffed
like any other state machine. Their Tasks invoke the handlers of ``examples.handlers``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORKFLOWS = Path(__file__).resolve().parent / "workflows"


@dataclass(frozen=True)
class Example:
    name: str  # the state machine's name
    description: str
    definition_file: Path
    input_file: Path
    type: str = "STANDARD"

    def definition_text(self) -> str:
        """The definition as written (comments, key order and layout kept)."""
        return self.definition_file.read_text(encoding="utf-8")

    def definition(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.definition_text())
        return result

    def sample_input(self) -> Any:
        return json.loads(self.input_file.read_text(encoding="utf-8"))


def _example(name: str, stem: str, description: str) -> Example:
    return Example(name, description, WORKFLOWS / f"{stem}.asl.json", WORKFLOWS / f"{stem}.input.json")


EXAMPLES: tuple[Example, ...] = (
    _example("OrderPipeline", "order_pipeline",
             "Check inventory, charge the card with retries on a flaky gateway, notify the customer; a declined "
             "card releases the stock and notifies the customer of the failure (Retry, Catch, Fail)."),
    _example("DataPipeline", "data_pipeline",
             "Validate a batch of records, then transform and store it, or report the invalid rows and reject "
             "the batch (Choice, Fail)."),
    _example("ImagePipeline", "image_pipeline",
             "Draw a gradient with Pillow, then resize and filter it in parallel branches; report sizes and "
             "checksums (Parallel)."),
    _example("UserScores", "user_scores",
             "Score and greet each user of a campaign, two at a time, then rank them (Map with MaxConcurrency "
             "and ItemSelector)."),
)


def examples() -> list[Example]:
    return list(EXAMPLES)


def get(name: str) -> Example:
    for example in EXAMPLES:
        if example.name == name:
            return example
    raise KeyError(f"No example workflow is named {name!r}")
