"""Static validation of ASL definitions (asl.validation), against AWS's rules.

Three sources of truth, in this order:

* every ``definition.json`` of the conformance corpus ran on real AWS, so none may have an error;
* asl-validator's fixtures (``validation/index.json``), except where AWS's documented or
  measured behaviour disagrees -- each such case is listed in ``AWS_VERDICTS`` with the reason;
* targeted tests per rule, asserting the code and the JSON pointer of each problem.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.validation import MAX_DEFINITION_LENGTH, Diagnostic, validate
from asl.validation.diagnostics import ptr

SHARED = Path(os.environ.get("STEPCRAFT_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
CASES = SHARED / "conformance" / "cases"
FIXTURES = SHARED / "conformance" / "validation"

LAMBDA = "arn:aws:lambda:us-east-1:111111111111:function:fn"


# ---- helpers ------------------------------------------------------------------------------------------

def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def one(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A machine of one state named S."""
    return machine({"S": state}, **top)


def errors(definition: Any, **kwargs: Any) -> list[Diagnostic]:
    return [d for d in validate(definition, **kwargs) if d.severity == "ERROR"]


def warnings(definition: Any) -> list[Diagnostic]:
    return [d for d in validate(definition) if d.severity == "WARNING"]


def found(definition: Any) -> set[tuple[str, str]]:
    """(code, location) of every ERROR."""
    return {(d.code, d.location) for d in errors(definition)}


def only_error(definition: Any) -> Diagnostic:
    errs = errors(definition)
    assert len(errs) == 1, errs
    return errs[0]


def assert_valid(definition: Any) -> None:
    assert errors(definition) == []


PASS_END = {"Type": "Pass", "End": True}


# ---- the conformance corpus: what AWS accepted must validate -----------------------------------------

def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "definition.json").is_file()) if CASES.is_dir() else []


@pytest.mark.skipif(not CASES.is_dir(), reason=f"shared conformance corpus not found at {CASES} "
                    "(set STEPCRAFT_SHARED to the shared directory)")
@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_definition_accepted_by_aws_has_no_error(case: Path) -> None:
    assert errors(json.loads((case / "definition.json").read_text())) == []


# ---- asl-validator's fixtures --------------------------------------------------------------------------

# Where asl-validator's verdict and AWS's rules disagree, AWS wins: (AWS's verdict, why).
AWS_VERDICTS: dict[str, tuple[bool, str]] = {
    "invalid/invalid-json-surround-syntax-extra-spaces.json": (
        True, "AWS trims any whitespace, newlines included, inside {% %}: multi-line expressions deploy "
              "(aws-cdk #35912 reports AWS accepting them)"),
    "invalid/invalid-jsonata-surround-syntax-no-spaces.json": (
        True, "the spec's only rule is that the string starts with {% and ends with %}; '{%10%}' is an "
              "expression"),
    "invalid/invalid-jsonata-surround-syntax-no-close.json": (
        True, "'{% 10 %' does not end with %}, so by the spec it is a literal string, not an expression "
              "(Stepcraft warns: INCOMPLETE_JSONATA)"),
    "invalid/invalid-jsonata-surround-syntax-no-open.json": (
        True, "'10 %}' does not start with {%: a literal string (Stepcraft warns: INCOMPLETE_JSONATA)"),
    "invalid/invalid-math-add.json": (
        True, "AWS checks intrinsic argument types when the state runs (States.Runtime), not when the "
              "definition is created; only the call's syntax is checked statically"),
    "valid/valid-assign.asl.json": (
        False, "'top-level' is not a variable name: the spec requires a Unicode identifier (ID_Start then "
               "ID_Continue), and $top-level could never be read back"),
    "valid/valid-cfn-definition-substitutions.json": (
        False, "'${lambdaArn}' is a CloudFormation placeholder, not an ARN: AWS answers 'Value is not a "
               "valid resource ARN'"),
    "valid/valid-task-intrisic-function.json": (
        False, "Resource must be a string; {'Fn::GetAtt': ...} is resolved by CloudFormation before AWS "
               "ever sees the definition"),
    "valid/valid-map-with-item-batcher-jsonata.json": (
        False, "a state may not declare JSONPath in a JSONata state machine, nested states included "
               "(measured on AWS, floci #2968)"),
    "valid/valid-task-credentials.json": (
        False, "AWS's Credentials has one field, RoleArn (or RoleArn.$): its TaskCredentials shape; like "
               "everywhere in AWS's schema, other fields are refused"),
}


def _fixtures() -> list[dict[str, Any]]:
    index = FIXTURES / "index.json"
    return json.loads(index.read_text())["fixtures"] if index.is_file() else []


@pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"shared validation fixtures not found at {FIXTURES} "
                    "(set STEPCRAFT_SHARED to the shared directory)")
@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda f: f["file"])
def test_validation_fixture(fixture: dict[str, Any]) -> None:
    definition = json.loads((FIXTURES / fixture["file"]).read_text())
    expected, _why = AWS_VERDICTS.get(fixture["file"], (fixture["expected_valid"], ""))
    assert (errors(definition) == []) is expected, validate(definition)


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared validation fixtures not found")
def test_every_disagreement_names_a_real_fixture_and_flips_its_verdict() -> None:
    index = {f["file"]: f["expected_valid"] for f in _fixtures()}
    for name, (verdict, _why) in AWS_VERDICTS.items():
        assert index[name] is not verdict


# ---- input shapes: never raises ------------------------------------------------------------------------

@pytest.mark.parametrize(("definition", "code"), [
    (None, "MISSING_DESCRIPTION"),
    ("", "MISSING_DESCRIPTION"),
    ("  \n", "MISSING_DESCRIPTION"),
    ("{not json", "INVALID_JSON_DESCRIPTION"),
    ('{"StartAt": NaN}', "INVALID_JSON_DESCRIPTION"),
    (b"\xff\xfe", "INVALID_JSON_DESCRIPTION"),
    ([], "SCHEMA_VALIDATION_FAILED"),
    (5, "SCHEMA_VALIDATION_FAILED"),
    ("[1, 2]", "SCHEMA_VALIDATION_FAILED"),
])
def test_a_non_object_definition_is_a_diagnostic(definition: Any, code: str) -> None:
    assert [(d.code, d.location) for d in validate(definition)] == [(code, "")]


def test_json_text_is_accepted_as_well_as_parsed_json() -> None:
    text = json.dumps(one(PASS_END))
    assert validate(text) == []
    assert validate(text.encode()) == []


def test_a_deeply_nested_definition_is_too_deeply_nested_not_a_crash() -> None:
    deep: Any = "x"
    for _ in range(3000):
        deep = [deep]
    definition = one({"Type": "Pass", "Result": deep, "End": True})
    assert [d.code for d in validate(definition)] == ["TOO_DEEPLY_NESTED"]
    text = '{"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": ' + "[" * 100_000 + "]" * 100_000 + "}}}"
    assert [d.code for d in validate(text)] in (["TOO_DEEPLY_NESTED"], ["INVALID_JSON_DESCRIPTION"])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["Pass", "Task", "Choice", "Map", "Parallel", "$.a", "$$", "{% $x %}", "States.ALL",
                       "S", "JSONata", "JSONPath", "States.Format('{}', $.a)", LAMBDA]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["StartAt", "States", "S", "Type", "Next", "End", "Choices", "Variable", "Branches",
                         "ItemProcessor", "Iterator", "Retry", "Catch", "ErrorEquals", "Parameters", "x.$",
                         "Assign", "Output", "QueryLanguage", "Resource", "Seconds", "Default", "And", "Not",
                         "Condition", "ItemReader", "ResultWriter", "ItemBatcher", "Credentials"]),
        children, max_size=5),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_validate_never_raises(definition: Any) -> None:
    for diagnostic in validate(definition):
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.severity in ("ERROR", "WARNING")
        assert diagnostic.location == "" or diagnostic.location.startswith("/")


def test_diagnostic_is_a_frozen_record_defaulting_to_error() -> None:
    diagnostic = Diagnostic("SCHEMA_VALIDATION_FAILED", "message", "/States/S")
    assert diagnostic.severity == "ERROR"
    with pytest.raises(AttributeError):
        diagnostic.code = "OTHER"  # type: ignore[misc]


# ---- top level -------------------------------------------------------------------------------------

def test_a_minimal_machine_is_valid() -> None:
    assert validate(one(PASS_END)) == []


def test_optional_top_level_fields_are_accepted() -> None:
    assert_valid(one(PASS_END, Comment="c", Version="1.0", TimeoutSeconds=60, QueryLanguage="JSONPath"))


def test_an_unknown_top_level_field_is_not_supported() -> None:
    diagnostic = only_error(one(PASS_END, Coment="typo"))
    assert (diagnostic.code, diagnostic.location) == ("SCHEMA_VALIDATION_FAILED", "/Coment")
    assert diagnostic.message == "Field 'Coment' is not supported"


def test_start_at_and_states_are_required() -> None:
    assert ("SCHEMA_VALIDATION_FAILED", "") in found({"States": {"S": PASS_END}})
    assert ("SCHEMA_VALIDATION_FAILED", "") in found({"StartAt": "S"})


def test_start_at_must_name_a_state_and_the_unreferenced_states_are_reported() -> None:
    definition = machine({"A": {"Type": "Pass", "Next": "B"}, "B": PASS_END}, start="Nope")
    assert found(definition) == {("MISSING_TRANSITION_TARGET", "/StartAt"),
                                 ("MISSING_TRANSITION_TARGET", "/States/A")}
    assert {d.message for d in errors(definition)} == {"Missing 'Next' target: Nope", 'State "A" is not reachable.'}


def test_query_language_must_be_one_of_the_two() -> None:
    diagnostic = only_error(one(PASS_END, QueryLanguage="XPath"))
    assert diagnostic.location == "/QueryLanguage"
    assert diagnostic.message == "Value should be one of the following: [JSONPath, JSONata]"


def test_top_level_timeout_seconds_is_a_non_negative_integer() -> None:
    assert found(one(PASS_END, TimeoutSeconds=-1)) == {("SCHEMA_VALIDATION_FAILED", "/TimeoutSeconds")}
    assert found(one(PASS_END, TimeoutSeconds="60")) == {("SCHEMA_VALIDATION_FAILED", "/TimeoutSeconds")}


def test_definition_size_limit_uses_the_text_length() -> None:
    assert [d.code for d in validate(one(PASS_END), text_length=MAX_DEFINITION_LENGTH)] == []
    big = validate(one(PASS_END), text_length=MAX_DEFINITION_LENGTH + 1)
    assert [(d.code, d.location) for d in big] == [("DEFINITION_TOO_LARGE", "")]


def test_definition_size_is_measured_when_not_given() -> None:
    definition = one({"Type": "Pass", "Result": "x" * MAX_DEFINITION_LENGTH, "End": True})
    assert [d.code for d in errors(definition)] == ["DEFINITION_TOO_LARGE"]
    assert [d.code for d in errors(json.dumps(definition))] == ["DEFINITION_TOO_LARGE"]


# ---- state names -------------------------------------------------------------------------------------

def test_state_names_are_limited_to_80_characters() -> None:
    assert_valid(one(PASS_END) | {"StartAt": "n" * 80, "States": {"n" * 80: PASS_END}})
    name = "This is an exceptionally long state name that I know will fail when I try to deploy to AWS"
    diagnostic = only_error({"StartAt": name, "States": {name: PASS_END}})
    assert (diagnostic.code, diagnostic.location) == ("INVALID_STATE_NAME", f"/States/{name}")
    assert diagnostic.message == (f"Invalid State name: State '{name}' exceeds the 80-character limit allowed "
                                  "by the service")


def test_state_names_may_use_spaces_and_special_characters_as_aws_allows() -> None:
    name = "Hello, World: step #1 (a/b ~ c) $x & é"
    assert_valid({"StartAt": name, "States": {name: PASS_END}})


def test_pointers_escape_slash_and_tilde() -> None:
    assert ptr("/States", "a/b~c", 0) == "/States/a~1b~0c/0"
    definition = {"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass", "Next": "nope"}, "end": PASS_END}}
    assert ("MISSING_TRANSITION_TARGET", "/States/a~1b~0c/Next") in found(definition)


def test_state_names_are_unique_across_nested_scopes() -> None:
    definition = machine({
        "Map": {"Type": "Map", "Next": "Final State",
                "Iterator": {"StartAt": "Final State", "States": {"Final State": PASS_END}}},
        "Final State": PASS_END})
    diagnostic = only_error(definition)
    assert (diagnostic.code, diagnostic.location) == ("DUPLICATE_STATE_NAME", "/States/Final State")


def test_a_state_name_repeated_in_the_json_text_is_a_duplicate() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}'
    assert [(d.code, d.location) for d in validate(text)] == [("DUPLICATE_STATE_NAME", "/States/A")]


# ---- transitions and the graph -----------------------------------------------------------------------

def test_a_next_naming_no_state_is_a_missing_transition_target() -> None:
    definition = machine({"A": {"Type": "Pass", "Next": "NOPE"}, "B": {"Type": "Pass", "End": True}},
                         start="A")
    assert found(definition) == {("MISSING_TRANSITION_TARGET", "/States/A/Next"),
                                 ("MISSING_TRANSITION_TARGET", "/States/B")}
    assert errors(definition)[0].message == "Missing 'Next' target: NOPE"


def test_every_transition_field_is_checked_and_reported_as_next() -> None:
    definition = machine({
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": True, "Next": "X1"}], "Default": "X2"},
        "T": {"Type": "Task", "Resource": LAMBDA, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "X3"}],
              "End": True}})
    definition["States"]["C"]["Choices"].append({"Variable": "$.y", "IsNull": True, "Next": "T"})
    assert found(definition) == {("MISSING_TRANSITION_TARGET", "/States/C/Choices/0/Next"),
                                 ("MISSING_TRANSITION_TARGET", "/States/C/Default"),
                                 ("MISSING_TRANSITION_TARGET", "/States/T/Catch/0/Next")}
    assert {d.message for d in errors(definition)} == {f"Missing 'Next' target: X{i}" for i in (1, 2, 3)}


def test_no_jump_into_or_out_of_a_nested_scope() -> None:
    definition = machine({
        "P": {"Type": "Parallel", "Next": "Out", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Next": "Out"}, "End": PASS_END}}]},
        "Out": {"Type": "Pass", "Next": "In"},
        "Last": PASS_END})
    definition["States"]["Out"]["Next"] = "In"
    assert ("MISSING_TRANSITION_TARGET", "/States/P/Branches/0/States/In/Next") in found(definition)
    assert ("MISSING_TRANSITION_TARGET", "/States/Out/Next") in found(definition)


def test_a_workflow_without_a_terminal_state_is_missing_its_end_state_and_nothing_else() -> None:
    definition = machine({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"},
                          "Orphan": {"Type": "Pass", "Next": "A"}})
    diagnostic = only_error(definition)
    assert (diagnostic.code, diagnostic.location) == ("MISSING_END_STATE", "")
    assert diagnostic.message == "Workflow has no terminal state"


def test_a_branch_without_a_terminal_state_is_missing_its_end_state() -> None:
    definition = one({"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}]})
    assert found(definition) == {("MISSING_END_STATE", "/States/S/Branches/0")}


def test_a_state_no_other_state_names_is_not_reachable() -> None:
    definition = machine({"Start State": {"Type": "Pass", "Next": "Finished"},
                          "Loner": {"Type": "Pass", "Next": "Loner"},
                          "Finished": PASS_END})
    diagnostic = only_error(definition)
    assert (diagnostic.code, diagnostic.location) == ("MISSING_TRANSITION_TARGET", "/States/Loner")
    assert diagnostic.message == 'State "Loner" is not reachable.'


def test_a_referenced_state_cut_off_from_start_at_is_a_warning() -> None:
    # AWS counts references, not paths: an island of states naming each other passes its check.
    definition = machine({"A": PASS_END, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "Next": "B"}})
    assert errors(definition) == []
    assert {(d.code, d.location) for d in warnings(definition)} == {("UNREACHABLE_STATE", "/States/B"),
                                                                    ("UNREACHABLE_STATE", "/States/C")}


# ---- Next / End and the fields of each state type --------------------------------------------------------

def test_next_and_end_are_exclusive() -> None:
    definition = machine({"A": {"Type": "Wait", "Seconds": 1, "Next": "B", "End": True}, "B": PASS_END})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/A/End")}


def test_a_non_terminal_state_needs_next_or_end() -> None:
    definition = machine({"A": {"Type": "Task", "Resource": LAMBDA}, "B": {"Type": "Succeed"}})
    assert ("SCHEMA_VALIDATION_FAILED", "/States/A") in found(definition)


def test_end_false_with_next_is_accepted() -> None:
    assert_valid(machine({"A": {"Type": "Pass", "Next": "B", "End": False}, "B": PASS_END}))


@pytest.mark.parametrize(("state", "field"), [
    ({"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": True, "Next": "S"}], "End": True}, "End"),
    ({"Type": "Succeed", "Next": "S"}, "Next"),
    ({"Type": "Fail", "End": True}, "End"),
    ({"Type": "Pass", "TimeoutSeconds": 5, "End": True}, "TimeoutSeconds"),
    ({"Type": "Map", "TimeoutSeconds": 5, "ItemProcessor": {"StartAt": "I", "States": {"I": PASS_END}},
      "End": True}, "TimeoutSeconds"),
    ({"Type": "Pass", "Retry": [], "End": True}, "Retry"),
    ({"Type": "Wait", "Seconds": 1, "Catch": [], "End": True}, "Catch"),
    ({"Type": "Succeed", "Assign": {"x": 1}}, "Assign"),
    ({"Type": "Fail", "Assign": {"x": 1}}, "Assign"),
    ({"Type": "Fail", "InputPath": "$"}, "InputPath"),
    ({"Type": "Pass", "bugInputPath": "$.x", "End": True}, "bugInputPath"),
    ({"Type": "Task", "Resource": LAMBDA, "Result": 1, "End": True}, "Result"),
    ({"Type": "Map", "Arguments": {}, "ItemProcessor": {"StartAt": "I", "States": {"I": PASS_END}},
      "End": True}, "Arguments"),
])
def test_a_field_outside_its_state_type_is_not_supported(state: dict[str, Any], field: str) -> None:
    diagnostic = [d for d in errors(one(state)) if d.location == f"/States/S/{field}"]
    assert [(d.code, d.message) for d in diagnostic] == [("SCHEMA_VALIDATION_FAILED",
                                                         f"Field '{field}' is not supported")]


def test_type_is_required_and_must_be_known() -> None:
    assert found(one({"End": True})) == {("SCHEMA_VALIDATION_FAILED", "/States/S")}
    assert found(one({"Type": "Lambda", "End": True})) == {("SCHEMA_VALIDATION_FAILED", "/States/S/Type")}
    assert found({"StartAt": "S", "States": {"S": [1]}}) >= {("SCHEMA_VALIDATION_FAILED", "/States/S")}


# ---- query languages ---------------------------------------------------------------------------------

def test_a_jsonata_field_in_a_jsonpath_state_is_refused_with_aws_message() -> None:
    diagnostic = only_error(one({"Type": "Pass", "Output": {"a": 1}, "End": True}))
    assert diagnostic.location == "/States/S/Output"
    assert diagnostic.message == ("The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported "
                                  "for the 'JSONata' QueryLanguage")


def test_a_jsonpath_field_in_a_jsonata_state_is_refused_with_aws_message() -> None:
    definition = one({"Type": "Pass", "Parameters": ["abc"], "ResultPath": "$.x", "End": True},
                     QueryLanguage="JSONata")
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/ResultPath")}
    assert errors(definition)[0].message == ("The QueryLanguage is set to 'JSONata', but field 'Parameters' is "
                                             "only supported for the 'JSONPath' QueryLanguage")


def test_a_state_may_opt_into_jsonata_but_not_out_of_it() -> None:
    assert_valid(one({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 %}", "End": True}))
    definition = one({"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}, QueryLanguage="JSONata")
    diagnostic = only_error(definition)
    assert diagnostic.location == "/States/S"
    assert diagnostic.message == "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"


def test_nested_states_default_to_the_machines_language_not_the_maps() -> None:
    definition = one({"Type": "Map", "QueryLanguage": "JSONata", "End": True, "ItemProcessor": {
        "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% 1 %}", "End": True}}}})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/ItemProcessor/States/P/Output")}


@pytest.mark.parametrize("key", ["ItemProcessor", "Iterator"])
def test_an_item_processor_cannot_declare_a_query_language(key: str) -> None:
    definition = one({"Type": "Map", "End": True, key: {
        "QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": PASS_END}}})
    diagnostic = only_error(definition)
    assert (diagnostic.location, diagnostic.message) == (f"/States/S/{key}/QueryLanguage",
                                                         "Field 'QueryLanguage' is not supported")


# ---- Task ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("resource", [
    LAMBDA, LAMBDA + ":$LATEST", LAMBDA + ":prod-1", "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::lambda:invoke.waitForTaskToken", "arn:aws:states:::aws-sdk:s3:listBuckets",
    "arn:aws:states:::states:startExecution.sync:2", "arn:aws:states:us-east-1:123456789012:activity:work",
    "arn:aws:states:::http:invoke", "arn:aws-cn:lambda:cn-north-1:111111111111:function:f",
])
def test_known_resources_are_accepted(resource: str) -> None:
    assert validate(one({"Type": "Task", "Resource": resource, "End": True})) == []


def test_resource_must_be_an_arn() -> None:
    for resource in ("${lambdaArn}", "create", "arn:aws:lambda"):
        diagnostic = only_error(one({"Type": "Task", "Resource": resource, "End": True}))
        assert (diagnostic.location, diagnostic.message) == ("/States/S/Resource", "Value is not a valid resource ARN")
    diagnostic = only_error(one({"Type": "Task", "Resource": {"Ref": "Fn"}, "End": True}))
    assert diagnostic.message == "Expected value of type [STRING]"
    assert found(one({"Type": "Task", "End": True})) == {("SCHEMA_VALIDATION_FAILED", "/States/S")}


def test_a_malformed_lambda_function_arn_is_an_invalid_resource() -> None:
    for resource in (LAMBDA + ":", LAMBDA + ":$*#$7485"):
        assert found(one({"Type": "Task", "Resource": resource, "End": True})) == {
            ("INVALID_RESOURCE", "/States/S/Resource")}


def test_an_unknown_kind_of_resource_is_only_a_warning() -> None:
    definition = one({"Type": "Task", "Resource": "arn:aws:swf:us-east-1:123456789012:task:X", "End": True})
    assert errors(definition) == []
    assert [(d.code, d.location) for d in warnings(definition)] == [("UNKNOWN_RESOURCE", "/States/S/Resource")]


@pytest.mark.parametrize(("fields", "location"), [
    ({"TimeoutSeconds": 0}, "/States/S/TimeoutSeconds"),
    ({"TimeoutSeconds": 1.5}, "/States/S/TimeoutSeconds"),
    ({"TimeoutSeconds": 100_000_000}, "/States/S/TimeoutSeconds"),
    ({"HeartbeatSeconds": -1}, "/States/S/HeartbeatSeconds"),
    ({"TimeoutSeconds": 10, "TimeoutSecondsPath": "$.t"}, "/States/S/TimeoutSecondsPath"),
    ({"HeartbeatSeconds": 20, "HeartbeatSecondsPath": "$.h"}, "/States/S/HeartbeatSecondsPath"),
    ({"TimeoutSeconds": 10, "HeartbeatSeconds": 10}, "/States/S/HeartbeatSeconds"),
    ({"TimeoutSecondsPath": "$$.Execution.Input.t"}, "/States/S/TimeoutSecondsPath"),
    ({"TimeoutSecondsPath": "$.a[*]"}, "/States/S/TimeoutSecondsPath"),
])
def test_task_timeouts(fields: dict[str, Any], location: str) -> None:
    definition = one({"Type": "Task", "Resource": LAMBDA, "End": True, **fields})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", location)}


def test_task_timeouts_that_are_fine() -> None:
    assert_valid(one({"Type": "Task", "Resource": LAMBDA, "End": True, "TimeoutSeconds": 10,
                      "HeartbeatSeconds": 5}))
    assert_valid(one({"Type": "Task", "Resource": LAMBDA, "End": True, "TimeoutSecondsPath": "$.t",
                      "HeartbeatSecondsPath": "$heartbeat"}))
    assert_valid(one({"Type": "Task", "Resource": LAMBDA, "End": True, "TimeoutSeconds": "{% 120 %}",
                      "HeartbeatSeconds": "{% 20 %}"}, QueryLanguage="JSONata"))


def test_task_credentials() -> None:
    assert_valid(one({"Type": "Task", "Resource": LAMBDA, "End": True,
                      "Credentials": {"RoleArn": "arn:aws:iam::111111111111:role/r"}}))
    assert_valid(one({"Type": "Task", "Resource": LAMBDA, "End": True, "Credentials": {"RoleArn.$": "$.role"}}))
    assert found(one({"Type": "Task", "Resource": LAMBDA, "End": True, "Credentials": None})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Credentials")}
    definition = one({"Type": "Task", "Resource": LAMBDA, "End": True,
                      "Credentials": {"RoleArn.$": "not a path", "flag": True}})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/Credentials/flag"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/Credentials/RoleArn.$")}


# ---- Retry and Catch -------------------------------------------------------------------------------------

def _task(**fields: Any) -> dict[str, Any]:
    """A Task T; with Catch, also a Fail state F for the catchers to go to."""
    states = {"T": {"Type": "Task", "Resource": LAMBDA, "End": True, **fields}}
    return machine(states | ({"F": {"Type": "Fail"}} if "Catch" in fields else {}), start="T")


@pytest.mark.parametrize(("retrier", "location", "message"), [
    ({"ErrorEquals": ["E"], "IntervalSeconds": 0}, "/States/T/Retry/0/IntervalSeconds", "Minimum value is 1"),
    ({"ErrorEquals": ["E"], "MaxAttempts": -1}, "/States/T/Retry/0/MaxAttempts", "Minimum value is 0"),
    ({"ErrorEquals": ["E"], "BackoffRate": 0.5}, "/States/T/Retry/0/BackoffRate", "Minimum value is 1.0"),
    ({"ErrorEquals": ["E"], "MaxDelaySeconds": 0}, "/States/T/Retry/0/MaxDelaySeconds", "Minimum value is 1"),
    ({"ErrorEquals": ["E"], "JitterStrategy": "HALF"}, "/States/T/Retry/0/JitterStrategy",
     "Value should be one of the following: [FULL, NONE]"),
    ({"ErrorEquals": []}, "/States/T/Retry/0/ErrorEquals", "ErrorEquals must contain at least one error name"),
    ({"ErrorEquals": [True]}, "/States/T/Retry/0/ErrorEquals/0", "Expected value of type [STRING]"),
    ({"ErrorEquals": ["States.ALL", "E"]}, "/States/T/Retry/0/ErrorEquals",
     "'States.ALL' must appear alone in ErrorEquals"),
    ({"Error Equals": ["E"]}, "/States/T/Retry/0/Error Equals", "Field 'Error Equals' is not supported"),
])
def test_retrier_fields(retrier: dict[str, Any], location: str, message: str) -> None:
    diagnostics = [(d.location, d.message) for d in errors(_task(Retry=[retrier]))]
    assert (location, message) in diagnostics


def test_a_retrier_with_states_all_must_be_the_last() -> None:
    definition = _task(Retry=[{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}])
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/T/Retry/0/ErrorEquals")}


def test_a_full_retrier_is_valid() -> None:
    assert_valid(_task(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 3, "MaxAttempts": 0, "BackoffRate": 1,
                               "MaxDelaySeconds": 10, "JitterStrategy": "FULL", "Comment": "c"},
                              {"ErrorEquals": ["States.ALL"]}], Catch=[{"ErrorEquals": ["States.ALL"],
                                                                      "Next": "F"}]))


def test_catcher_fields() -> None:
    definition = _task(Catch=[{"ErrorEquals": ["E"]}, {"ErrorEquals": ["States.ALL"], "Next": "F",
                                                      "ResultPath": "$$.error", "Output": {}}])
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/T/Catch/0"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/T/Catch/1/ResultPath"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/T/Catch/1/Output")}


# ---- Choice ------------------------------------------------------------------------------------------------

def _choice(*rules: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return machine({"C": {"Type": "Choice", "Choices": list(rules), **fields}, "N": PASS_END})


def test_choices_must_be_a_non_empty_array() -> None:
    assert found(machine({"C": {"Type": "Choice", "Choices": [], "Default": "N"}, "N": PASS_END})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/C/Choices")}
    assert ("SCHEMA_VALIDATION_FAILED", "/States/C") in found(
        machine({"C": {"Type": "Choice", "Default": "N"}, "N": PASS_END}))


@pytest.mark.parametrize(("rule", "location"), [
    ({"Variable": "$.x", "NumericEquals": 1}, "/States/C/Choices/0"),  # no Next
    ({"Variable": "$.x", "NumericEquals": 1, "End": True, "Next": "N"}, "/States/C/Choices/0/End"),
    ({"Variable": "$.x", "NumericEquals": "1", "Next": "N"}, "/States/C/Choices/0/NumericEquals"),
    ({"Variable": "$.x", "NumericEquals": True, "Next": "N"}, "/States/C/Choices/0/NumericEquals"),
    ({"Variable": "$.x", "BooleanEquals": 1, "Next": "N"}, "/States/C/Choices/0/BooleanEquals"),
    ({"Variable": "$.x", "StringEquals": 5, "Next": "N"}, "/States/C/Choices/0/StringEquals"),
    ({"Variable": "$.x", "IsNull": "yes", "Next": "N"}, "/States/C/Choices/0/IsNull"),
    ({"Variable": "$.x", "StringEqualsPath": "x", "Next": "N"}, "/States/C/Choices/0/StringEqualsPath"),
    ({"Variable": "$.x", "IsNull": True, "IsString": True, "Next": "N"}, "/States/C/Choices/0/IsString"),
    ({"Variable": "$.x", "Next": "N"}, "/States/C/Choices/0"),
    ({"NumericEquals": 1, "Next": "N"}, "/States/C/Choices/0"),
    ({"Variable": "States.ArrayContains($.a, 'null')", "NumericEquals": 1, "Next": "N"},
     "/States/C/Choices/0/Variable"),
    ({"Variable": "$.a[*]", "IsNull": True, "Next": "N"}, "/States/C/Choices/0/Variable"),
    ({"And": [], "Next": "N"}, "/States/C/Choices/0/And"),
    ({"Or": {"Variable": "$.x", "IsNull": True}, "Next": "N"}, "/States/C/Choices/0/Or"),
    ({"Not": [{"Variable": "$.x", "IsNull": True}], "Next": "N"}, "/States/C/Choices/0/Not"),
    ({"Not": {"Variable": "$.x", "IsNull": True, "Next": "N"}, "Next": "N"}, "/States/C/Choices/0/Not/Next"),
    ({"And": [{"Variable": "$.x", "IsNull": True, "Assign": {}}], "Next": "N"},
     "/States/C/Choices/0/And/0/Assign"),
    ({"Not": {"Variable": "$.x", "IsNull": True}, "Variable": "$.y", "Next": "N"},
     "/States/C/Choices/0/Variable"),
    ({"Condition": True, "Next": "N"}, "/States/C/Choices/0/Condition"),
])
def test_jsonpath_choice_rules(rule: dict[str, Any], location: str) -> None:
    assert found(_choice(rule, Default="N")) == {("SCHEMA_VALIDATION_FAILED", location)}


def test_well_formed_jsonpath_choice_rules() -> None:
    assert_valid(_choice(
        {"Variable": "$.x", "StringMatches": "log-*.txt", "Next": "N"},
        {"Variable": "$$.Execution.Input.x", "NumericGreaterThanEqualsPath": "$.y", "Next": "N"},
        {"Variable": "$var.x", "TimestampLessThan": "2016-03-14T01:59:00Z", "Next": "N", "Comment": "c"},
        {"And": [{"Variable": "$.x", "IsPresent": True}, {"Not": {"Variable": "$.x", "IsNull": True}}],
         "Next": "N", "Assign": {"picked.$": "$.x"}},
        Default="N"))


def test_choice_literal_warnings() -> None:
    # Only a warning for a timestamp literal: the AWS-run corpus has "TimestampEquals": "date" (LocalStack's
    # snapshots replace timestamps with placeholders), and it must validate.
    definition = _choice({"Variable": "$.x", "TimestampEquals": "yesterday", "Next": "N"},
                         {"Variable": "$.x", "StringEquals": "$.y", "Next": "N"})
    assert errors(definition) == []
    assert {(d.code, d.location) for d in warnings(definition)} == {
        ("INVALID_TIMESTAMP", "/States/C/Choices/0/TimestampEquals"),
        ("NO_PATH", "/States/C/Choices/1/StringEquals")}


def test_jsonata_choice_rules() -> None:
    def rules(*choices: dict[str, Any]) -> dict[str, Any]:
        return _choice(*choices, Default="N", QueryLanguage="JSONata")

    assert_valid(rules({"Condition": "{% $states.input.x > 1 %}", "Next": "N", "Output": {"a": 1},
                        "Assign": {"v": "{% $states.input %}"}}, {"Condition": False, "Next": "N"}))
    assert found(rules({"Next": "N"})) == {("SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0")}
    assert found(rules({"Condition": "maybe", "Next": "N"})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/C/Choices/0/Condition")}
    diagnostic = only_error(rules({"Condition": True, "Variable": "$.x", "Next": "N"}))
    assert (diagnostic.location, diagnostic.message) == (
        "/States/C/Choices/0/Variable",
        "The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' "
        "QueryLanguage")
    assert found(rules({"Condition": "{% $states.input.x > %}", "Next": "N"})) == {
        ("INVALID_JSONATA_EXPRESSION", "/States/C/Choices/0/Condition")}


# ---- Wait, Pass, Fail ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "location"), [
    ({}, "/States/S"),
    ({"Seconds": 10, "SecondsPath": "$.s"}, "/States/S/SecondsPath"),
    ({"Timestamp": "2015-09-04T01:59:00Z", "TimestampPath": "$.t"}, "/States/S/TimestampPath"),
    ({"Seconds": -1}, "/States/S/Seconds"),
    ({"Seconds": 1.5}, "/States/S/Seconds"),
    ({"Seconds": "10"}, "/States/S/Seconds"),
    ({"SecondsPath": "seconds"}, "/States/S/SecondsPath"),
    ({"TimestampPath": "$.a..b"}, "/States/S/TimestampPath"),
    ({"Timestamp": "2016-03-14 01:59:00Z"}, "/States/S/Timestamp"),
    ({"Timestamp": "2016-03-14T01:59:00"}, "/States/S/Timestamp"),
])
def test_wait_fields(fields: dict[str, Any], location: str) -> None:
    assert found(one({"Type": "Wait", "End": True, **fields})) == {("SCHEMA_VALIDATION_FAILED", location)}


def test_wait_fields_that_are_fine() -> None:
    for fields in ({"Seconds": 0}, {"SecondsPath": "$.s"}, {"Timestamp": "2016-03-14T01:59:00+02:00"},
                   {"TimestampPath": "$startAt"}):
        assert validate(one({"Type": "Wait", "End": True, **fields})) == []
    assert_valid(one({"Type": "Wait", "End": True, "Seconds": "{% $states.input.n %}"}, QueryLanguage="JSONata"))
    assert_valid(one({"Type": "Wait", "End": True, "Timestamp": "2016-03-14T01:59Z"}, QueryLanguage="JSONata"))


def test_pass_result_with_paths_is_static() -> None:
    definition = one({"Type": "Pass", "Result": {"a": {"b.$": "$.x"}}, "End": True})
    assert errors(definition) == []
    assert [(d.code, d.location) for d in warnings(definition)] == [("PASS_RESULT_IS_STATIC", "/States/S/Result/a/b.$")]


@pytest.mark.parametrize(("fields", "location"), [
    ({"Error": "E", "ErrorPath": "$.error"}, "/States/S/ErrorPath"),
    ({"Cause": "C", "CausePath": "$.cause"}, "/States/S/CausePath"),
    ({"ErrorPath": "error"}, "/States/S/ErrorPath"),
    ({"CausePath": "$.a[0:2]"}, "/States/S/CausePath"),
    ({"CausePath": "States.Array($.a)"}, "/States/S/CausePath"),
    ({"CausePath": "States.Format('{}', $.a"}, "/States/S/CausePath"),
    ({"Error": 5}, "/States/S/Error"),
])
def test_fail_fields(fields: dict[str, Any], location: str) -> None:
    assert found(one({"Type": "Fail", **fields})) == {("SCHEMA_VALIDATION_FAILED", location)}


def test_fail_paths_may_be_intrinsics_that_return_strings() -> None:
    assert_valid(one({"Type": "Fail", "ErrorPath": "States.Format('{}{}', $.field1, $field2)",
                      "CausePath": "States.JsonToString($.cause)"}))
    definition = one({"Type": "Fail", "Error": "$.error"})
    assert [(d.code, d.location) for d in warnings(definition)] == [("NO_PATH", "/States/S/Error")]


# ---- paths and payload templates -----------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("InputPath", "bug$.library.movies", "Value must be a valid JSONPath."),
    ("OutputPath", "Test", "Value must be a valid JSONPath."),
    ("OutputPath", "$...", "Value must be a valid JSONPath."),
    ("ResultPath", ".guid", "Value must be a valid JSONPath."),
    ("ResultPath", "$.a[*]", "Value is not a Reference Path"),
    ("ResultPath", "$.a[?(@.b == 1)]", "Value is not a Reference Path"),
    ("ResultPath", "$$.Execution", "Value is not a Reference Path"),
    ("ResultPath", "$foo", "Value must not reference a variable"),
    ("InputPath", 5, "Expected value of type [STRING]"),
])
def test_path_fields(field: str, value: Any, message: str) -> None:
    diagnostic = only_error(one({"Type": "Pass", field: value, "End": True}))
    assert (diagnostic.location, diagnostic.message) == (f"/States/S/{field}", message)


@pytest.mark.parametrize("fields", [
    {"InputPath": None, "OutputPath": None, "ResultPath": None},
    {"InputPath": "$$.Execution.Id", "OutputPath": "$.a[0,1]", "ResultPath": "$.x['y z'][0]"},
    {"InputPath": "$.books[-2]", "OutputPath": "$..author", "ResultPath": "$.input-foo-bar"},
    {"InputPath": "$myVariable.items[0]"},
])
def test_path_fields_that_are_fine(fields: dict[str, Any]) -> None:
    assert validate(one({"Type": "Pass", "End": True, **fields})) == []


def test_jayway_syntax_the_engine_cannot_evaluate_is_a_warning() -> None:
    definition = one({"Type": "Pass", "OutputPath": "$[(@.length-1)].bar", "End": True})
    assert errors(definition) == []
    assert [(d.code, d.location) for d in warnings(definition)] == [("UNSUPPORTED_JSONPATH", "/States/S/OutputPath")]


def test_payload_template_dynamic_values() -> None:
    definition = one({"Type": "Task", "Resource": LAMBDA, "End": True, "Parameters": {
        "foo": "bar", "lorem.$": "ipsum", "dolor.$": "$.sit.amet", "n.$": 5,
        "deep": [{"bad.$": "States.Nope()"}, {"ok.$": "States.Format('{} {}', $.a, $$.State.Name)"}]}})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters/lorem.$"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters/n.$"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters/deep/0/bad.$")}
    message = errors(definition)[0].message
    assert message == "The value for the field 'lorem.$' must be a valid JSONPath or a valid intrinsic function call"


def test_payload_template_keys_must_stay_unique_without_dollar_suffix() -> None:
    definition = one({"Type": "Pass", "End": True, "Parameters": {
        "slackMessage": {"channel.$": "$.c", "channel": "conflict",
                         "blocks": [{"text": {"type": "mrkdwn", "type.$": "$.t"}}]}}})
    assert found(definition) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters/slackMessage/channel"),
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Parameters/slackMessage/blocks/0/text/type.$")}


def test_a_path_without_dollar_suffix_is_a_warning() -> None:
    definition = one({"Type": "Pass", "End": True, "Parameters": {"a": "$.x", "b": "States.UUID()",
                                                                  "c": "$5 each"}})
    assert errors(definition) == []
    assert {(d.code, d.location) for d in warnings(definition)} == {("NO_DOLLAR", "/States/S/Parameters/a"),
                                                                     ("NO_DOLLAR", "/States/S/Parameters/b")}


def test_intrinsic_arguments_are_checked_when_the_state_runs_not_statically() -> None:
    assert_valid(one({"Type": "Pass", "End": True, "Parameters": {"foo.$": "States.MathAdd(1,'-1')"}}))


# ---- Parallel and Map --------------------------------------------------------------------------------------

def test_parallel_branches() -> None:
    assert found(one({"Type": "Parallel", "End": True})) == {("SCHEMA_VALIDATION_FAILED", "/States/S")}
    assert found(one({"Type": "Parallel", "End": True, "Branches": []})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Branches")}
    assert found(one({"Type": "Parallel", "End": True, "Branches": [[{"StartAt": "B", "States": {}}]]})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Branches/0")}
    definition = one({"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "B", "States": {"B": PASS_END}, "QueryLanguage": "JSONata", "Comment": "c"}]})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/Branches/0/QueryLanguage")}


def _map(**fields: Any) -> dict[str, Any]:
    top = {"QueryLanguage": fields.pop("machine_language")} if "machine_language" in fields else {}
    state = {"Type": "Map", "End": True, "ItemProcessor": {"StartAt": "I", "States": {"I": PASS_END}}, **fields}
    return one({k: v for k, v in state.items() if v is not None}, **top)


@pytest.mark.parametrize(("fields", "location", "message"), [
    ({"ItemProcessor": None}, "/States/S", "Field 'ItemProcessor' is required"),
    ({"Iterator": {"StartAt": "J", "States": {"J": PASS_END}}}, "/States/S/Iterator",
     "There should only be one of the following fields: [ItemProcessor, Iterator]"),
    ({"ToleratedFailurePercentage": 105}, "/States/S/ToleratedFailurePercentage", "Maximum value is 100.0"),
    ({"ToleratedFailurePercentage": -1}, "/States/S/ToleratedFailurePercentage", "Minimum value is 0.0"),
    ({"ToleratedFailureCount": 0, "ToleratedFailureCountPath": "$.n"}, "/States/S/ToleratedFailureCountPath",
     "There should only be one of the following fields: [ToleratedFailureCount, ToleratedFailureCountPath]"),
    ({"MaxConcurrency": -1}, "/States/S/MaxConcurrency", "Minimum value is 0"),
    ({"MaxConcurrencyPath": "$$.Execution.Input.n"}, "/States/S/MaxConcurrencyPath",
     "Value is not a Reference Path"),
    ({"ItemSelector": {}, "Parameters": {}}, "/States/S/Parameters",
     "There should only be one of the following fields: [ItemSelector, Parameters]"),
    ({"ItemsPath": "$.items[*]"}, "/States/S/ItemsPath", "Value is not a Reference Path"),
    ({"Label": "has space"}, "/States/S/Label", None),
    ({"Label": "x" * 41}, "/States/S/Label", None),
])
def test_map_fields(fields: dict[str, Any], location: str, message: str | None) -> None:
    diagnostic = only_error(_map(**fields))
    assert diagnostic.location == location
    if message is not None:
        assert diagnostic.message == message
    else:
        assert diagnostic.code == "INVALID_LABEL_NAME"


def test_map_processor_config() -> None:
    definition = _map(ItemProcessor={"ProcessorConfig": {"Mode": "PARALLEL", "ExecutionType": "FAST", "X": 1},
                                     "StartAt": "I", "States": {"I": PASS_END}})
    assert found(definition) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemProcessor/ProcessorConfig/Mode"),
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemProcessor/ProcessorConfig/ExecutionType"),
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemProcessor/ProcessorConfig/X")}


def test_map_items_path_may_read_the_context_object() -> None:
    assert_valid(_map(ItemsPath="$$.Execution.Input.items", MaxConcurrency=0, ToleratedFailureCount=2,
                      ToleratedFailurePercentage=12.5, Label="Map1"))


def test_map_labels_are_unique() -> None:
    definition = machine({
        "A": {"Type": "Map", "Label": "L", "Next": "B", "ItemProcessor": {"StartAt": "I", "States": {"I": PASS_END}}},
        "B": {"Type": "Map", "Label": "L", "End": True, "ItemProcessor": {"StartAt": "J", "States": {"J": PASS_END}}}})
    assert found(definition) == {("DUPLICATE_LABEL_NAME", "/States/B/Label")}


def test_item_reader() -> None:
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"},
              "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 1}}
    assert_valid(_map(ItemReader=reader))
    bad = {"Resource": "arn:aws:states:::s3:putObject", "ReaderConfig": {
        "InputType": "XML", "MaxItems": 1, "MaxItemsPath": "$.n", "Future": True}}
    definition = _map(ItemReader=bad)
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/S/ItemReader/Resource"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemReader/ReaderConfig/InputType"),
                                 ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemReader/ReaderConfig/MaxItemsPath")}
    assert [(d.code, d.location) for d in warnings(definition)] == [
        ("UNKNOWN_FIELD", "/States/S/ItemReader/ReaderConfig/Future")]
    assert found(_map(ItemReader={**reader, "ReaderConfig": {"MaxItems": 100_000_001}})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemReader/ReaderConfig/MaxItems")}


def test_item_batcher() -> None:
    assert_valid(_map(ItemBatcher={"MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 131072, "BatchInput": {"k": 1}}))
    assert found(_map(ItemBatcher={"BatchInput": {}})) == {("SCHEMA_VALIDATION_FAILED", "/States/S/ItemBatcher")}
    assert found(_map(ItemBatcher={"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n"})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemBatcher/MaxItemsPerBatchPath")}
    definition = _map(machine_language="JSONata", ItemBatcher={"MaxItemsPerBatchPath": "$.n"})
    diagnostic = only_error(definition)
    assert diagnostic.message == ("The QueryLanguage is set to 'JSONata', but field 'MaxItemsPerBatchPath' is only "
                                  "supported for the 'JSONPath' QueryLanguage")


def test_result_writer() -> None:
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"},
              "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}}
    assert_valid(_map(ResultWriter=writer))
    assert_valid(_map(ResultWriter={"WriterConfig": writer["WriterConfig"]}))
    assert found(_map(ResultWriter={"Resource": writer["Resource"]})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ResultWriter")}
    assert found(_map(ResultWriter={"WriterConfig": {"OutputType": "CSV", "Transformation": "NONE"}})) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ResultWriter/WriterConfig/OutputType")}


def test_jsonata_map_items() -> None:
    assert_valid(_map(machine_language="JSONata", Items="{% $states.input.animals %}",
                      ItemSelector={"name": "{% $states.context.Map.Item.Value %}"}))
    assert found(_map(machine_language="JSONata", Items="animals")) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/Items")}
    assert found(_map(machine_language="JSONata", Items="{% $states.input %}", ItemsPath="$.foo")) == {
        ("SCHEMA_VALIDATION_FAILED", "/States/S/ItemsPath")}


# ---- JSONata -------------------------------------------------------------------------------------------------

def _jsonata(state: dict[str, Any]) -> dict[str, Any]:
    return one(state, QueryLanguage="JSONata")


def test_an_expression_that_does_not_parse_is_invalid_jsonata() -> None:
    definition = _jsonata({"Type": "Pass", "End": True, "Output": {"a": [1, "{% $sum($states.input.n %}"]}})
    diagnostic = only_error(definition)
    assert (diagnostic.code, diagnostic.location) == ("INVALID_JSONATA_EXPRESSION", "/States/S/Output/a/1")
    assert diagnostic.message == 'Expected ")" before end of expression'  # as AWS: without the S0203 code


@pytest.mark.parametrize(("expression", "message"), [
    ("phone", "Reference to 'phone' at the top level is not supported."),
    ("$.total", "Reference to '$' at the top level is not supported."),
    ("$$", "Reference to '$$' is not supported."),
])
def test_top_level_references_are_unsupported(expression: str, message: str) -> None:
    diagnostic = only_error(_jsonata({"Type": "Pass", "End": True, "Output": {"v": "{% " + expression + " %}"}}))
    assert (diagnostic.code, diagnostic.location, diagnostic.message) == (
        "UNSUPPORTED_JSONATA_EXPRESSION", "/States/S/Output/v", message)


def test_nested_names_and_variables_are_fine() -> None:
    assert_valid(_jsonata({"Type": "Pass", "End": True, "Output": "{% $order[total > 10].items ~> $count() %}",
                           "Assign": {"x": "{% $states.input.data[price > 1] %}"}}))


def test_states_result_only_in_the_top_level_output_and_assign_of_task_map_parallel() -> None:
    assert_valid(_jsonata({"Type": "Task", "Resource": LAMBDA, "End": True, "Output": "{% $states.result %}",
                           "Assign": {"r": "{% $states.result.x %}"}}))
    definition = _jsonata({"Type": "Task", "Resource": LAMBDA, "End": True,
                           "Arguments": {"a": "{% $states.result %}"}})
    diagnostic = only_error(definition)
    assert (diagnostic.code, diagnostic.location, diagnostic.message) == (
        "UNSUPPORTED_JSONATA_EXPRESSION", "/States/S/Arguments/a", "Field '$states.result' does not exist.")
    assert found(_jsonata({"Type": "Pass", "End": True, "Output": "{% $states.result %}"})) == {
        ("UNSUPPORTED_JSONATA_EXPRESSION", "/States/S/Output")}
    assert found(_jsonata({"Type": "Pass", "End": True, "Output": "{% $states.inputs %}"})) == {
        ("UNSUPPORTED_JSONATA_EXPRESSION", "/States/S/Output")}
    assert_valid(_jsonata({"Type": "Pass", "End": True, "Output": "{% $states.context.Execution.Id & '$states.x' %}"}))


def test_states_error_output_only_in_a_catcher() -> None:
    catcher = {"ErrorEquals": ["States.ALL"], "Next": "F", "Output": "{% $states.errorOutput %}",
               "Assign": {"e": "{% $states.errorOutput.Error %}"}}
    definition = machine({"T": {"Type": "Task", "Resource": LAMBDA, "End": True, "Catch": [catcher],
                                "Output": "{% $states.errorOutput %}"}, "F": {"Type": "Fail"}},
                         QueryLanguage="JSONata")
    diagnostic = only_error(definition)
    assert (diagnostic.location, diagnostic.message) == ("/States/T/Output",
                                                         "Field '$states.errorOutput' does not exist.")


def test_only_jsonata_strings_are_parsed() -> None:
    assert_valid(_jsonata({"Type": "Pass", "End": True, "Comment": "{% not parsed", "Output": "plain"}))
    assert_valid(one({"Type": "Pass", "End": True, "Result": "{% 1 + %}"}))  # a JSONPath state: a literal
    assert_valid(_jsonata({"Type": "Pass", "End": True, "Output": "{%10%}"}))
    assert_valid(_jsonata({"Type": "Pass", "End": True, "Output": "{% \n10         %}"}))


def test_a_string_with_only_one_delimiter_is_a_literal_with_a_warning() -> None:
    definition = _jsonata({"Type": "Pass", "End": True, "Output": {"a": "{% 10 %", "b": "10 %}"}})
    assert errors(definition) == []
    assert {(d.code, d.location) for d in warnings(definition)} == {("INCOMPLETE_JSONATA", "/States/S/Output/a"),
                                                                     ("INCOMPLETE_JSONATA", "/States/S/Output/b")}


def test_jsonata_in_numeric_fields() -> None:
    definition = _jsonata({"Type": "Map", "End": True, "MaxConcurrency": "{% 1 + %}",
                           "ToleratedFailurePercentage": "{% 5 %}",
                           "ItemProcessor": {"StartAt": "I", "States": {"I": PASS_END}}})
    assert found(definition) == {("INVALID_JSONATA_EXPRESSION", "/States/S/MaxConcurrency")}


# ---- variables --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("assign", "location"), [
    ({"states": 1}, "/States/S/Assign/states"),
    ({"a-b": 1}, "/States/S/Assign/a-b"),
    ({"v" * 81: 1}, "/States/S/Assign/" + "v" * 81),
    ({"": 1}, "/States/S/Assign/"),
    ({"x.$": "nope"}, "/States/S/Assign/x.$"),
    ([1], "/States/S/Assign"),
])
def test_assign_names_and_values(assign: Any, location: str) -> None:
    assert found(one({"Type": "Pass", "End": True, "Assign": assign})) == {("SCHEMA_VALIDATION_FAILED", location)}


def test_assign_that_is_fine() -> None:
    assert_valid(one({"Type": "Pass", "End": True, "Assign": {"v" * 80: 1, "x.$": "$.y", "é1": {"k.$": "$$.State"},
                                                              "_private": None}}))


def test_an_inner_scope_must_not_assign_an_outer_variable() -> None:
    definition = machine({
        "Get": {"Type": "Pass", "Assign": {"outer": "hello"}, "Next": "Map"},
        "Map": {"Type": "Map", "End": True, "Assign": {"outer": 2}, "ItemProcessor": {"StartAt": "Begin", "States": {
            "Begin": {"Type": "Pass", "Assign": {"inner": 1, "outer": 3}, "End": True}}}}})
    assert found(definition) == {("SCHEMA_VALIDATION_FAILED", "/States/Map/ItemProcessor/States/Begin/Assign/outer")}


def test_sibling_branches_may_use_the_same_variable_names() -> None:
    branch = {"StartAt": "{}", "States": {"{}": {"Type": "Pass", "Assign": {"v": 1}, "End": True}}}
    definition = one({"Type": "Parallel", "End": True, "Branches": [
        json.loads(json.dumps(branch).replace("{}", name)) for name in ("A", "B")]})
    assert_valid(definition)


# ---- all problems, not the first ----------------------------------------------------------------------

def test_every_problem_is_reported() -> None:
    definition = machine({
        "A": {"Type": "Pass", "InputPath": "bad", "Next": "Nowhere"},
        "B": {"Type": "Wait", "Seconds": -5, "End": True, "Retry": []},
        "C": {"Type": "Choice", "Choices": []},
    }, Extra=True)
    assert found(definition) == {
        ("SCHEMA_VALIDATION_FAILED", "/Extra"),
        ("SCHEMA_VALIDATION_FAILED", "/States/A/InputPath"),
        ("MISSING_TRANSITION_TARGET", "/States/A/Next"),
        ("SCHEMA_VALIDATION_FAILED", "/States/B/Seconds"),
        ("SCHEMA_VALIDATION_FAILED", "/States/B/Retry"),
        ("SCHEMA_VALIDATION_FAILED", "/States/C/Choices"),
        ("MISSING_TRANSITION_TARGET", "/States/B"),
        ("MISSING_TRANSITION_TARGET", "/States/C"),
    }


# ---- performance -------------------------------------------------------------------------------------------

def _large_machine(size: int) -> dict[str, Any]:
    states: dict[str, Any] = {}
    for i in range(size):
        following = f"S{i + 1}" if i + 1 < size else "Done"
        kind = i % 3
        if kind == 0:
            states[f"S{i}"] = {"Type": "Task", "Resource": LAMBDA, "Next": following, "InputPath": f"$.items[{i}]",
                               "Parameters": {"id.$": f"$.id{i}", "name.$": "States.Format('n{}', $.n)"},
                               "ResultPath": f"$.results.r{i}", "Retry": [{"ErrorEquals": ["States.ALL"]}]}
        elif kind == 1:
            states[f"S{i}"] = {"Type": "Choice", "Default": following, "Choices": [
                {"Variable": f"$.results.r{i - 1}", "NumericGreaterThan": i, "Next": following}]}
        else:
            states[f"S{i}"] = {"Type": "Pass", "Next": following, "Assign": {f"v{i}.$": "$.x"}}
    states["Done"] = {"Type": "Succeed"}
    return machine(states, start="S0")


def test_a_300_state_definition_validates_in_milliseconds() -> None:
    definition = _large_machine(300)
    assert_valid(definition)
    started = time.perf_counter()
    for _ in range(5):
        validate(definition)
    assert (time.perf_counter() - started) / 5 < 0.25
