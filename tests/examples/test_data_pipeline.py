"""The data pipeline: a clean batch is transformed and stored; a dirty one is reported and rejected."""
from __future__ import annotations

import json

from tests.examples.runs import entered, events, run_example, state_outputs


def test_clean_batch_is_transformed_and_stored() -> None:
    result = run_example("DataPipeline")
    assert result.status == "SUCCEEDED"
    assert result.output == {"batchId": "batch_fbff04eedd48", "source": "signups-2024-05.csv", "stored": 3,
                             "totalCents": 12999 + 4550 + 1200, "byTier": {"bronze": 1, "gold": 1, "silver": 1}}
    [transformed] = state_outputs(result, "TransformRecords")
    assert transformed["transformed"]["records"] == [
        {"id": 1, "name": "Ada Lovelace", "email": "ada@example.com", "amountCents": 12999, "tier": "gold"},
        {"id": 2, "name": "Grace Hopper", "email": "grace@navy.example.mil", "amountCents": 4550, "tier": "silver"},
        {"id": 3, "name": "Alan Turing", "email": "alan@example.org", "amountCents": 1200, "tier": "bronze"},
    ]
    assert entered(result) == ["ValidateRecords", "AllRowsValid", "TransformRecords", "StoreRecords"]


def test_invalid_rows_are_reported_and_the_batch_rejected() -> None:
    batch = {"source": "bad.csv", "records": [
        {"id": 1, "name": "Ada", "email": "ada@example.com", "amount": 5},
        {"id": 1, "name": "Dup", "email": "dup@example.com", "amount": 1},
        {"id": 2, "name": "", "email": "not-an-email", "amount": -3},
        "just text",
    ]}
    result = run_example("DataPipeline", batch)
    assert (result.status, result.error) == ("FAILED", "DataPipeline.InvalidRecords")
    assert entered(result) == ["ValidateRecords", "AllRowsValid", "ReportInvalidRows", "RejectBatch"]
    [reported] = state_outputs(result, "ReportInvalidRows")
    assert reported["report"] == {"source": "bad.csv", "invalidCount": 3, "validCount": 1, "rows": [
        "row 1 (id 1): id 1 appears more than once",
        "row 2 (id 2): name is missing; email is not a valid address; amount must be a number of at least 0",
        "row 3 (id None): the record is not an object",
    ]}


def test_records_that_are_not_a_list_fail_the_execution_with_the_functions_error() -> None:
    result = run_example("DataPipeline", {"source": "x", "records": {"id": 1}})
    assert (result.status, result.error) == ("FAILED", "DataPipeline.NotAList")
    assert json.loads(result.cause or "")["errorMessage"] == "'records' must be a JSON list of objects"
    assert [e["error"] for e in events(result, "TaskFailed")] == ["DataPipeline.NotAList"]
