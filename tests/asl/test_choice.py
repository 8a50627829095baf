"""JSONPath Choice Rules: parsing and evaluation, as AWS evaluates them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asl.choice import (
    COMPARISON_PATH_CAUSE,
    CONDITION_PATH_CAUSE,
    OPERATORS,
    InvalidChoiceRule,
    Rule,
    parse_rule,
)
from asl.errors import ErrorName, StatesError

MISSING = object()  # the input has no "v" field


def rule(operator: str, operand: Any, variable: str = "$.v") -> Rule:
    return parse_rule({"Variable": variable, operator: operand, "Next": "Somewhere"})


def check(operator: str, operand: Any, value: Any, **extra: Any) -> bool:
    data = {} if value is MISSING else {"v": value}
    data.update(extra)
    return rule(operator, operand).matches(data, {}, {})


def runtime_cause(r: Rule, data: Any, context: Any = None, variables: dict | None = None) -> str | None:
    with pytest.raises(StatesError) as failure:
        r.matches(data, context, variables)
    assert failure.value.error == ErrorName.RUNTIME
    return failure.value.cause


# A value of every JSON type, for type-mismatch tables.
EVERY_TYPE: list[Any] = [None, 0, 0.0, 1, 1.5, "", "1", "true", [], [1], {}, {"a": 1}, True, False]


# --- String operators -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "operator, operand, value, expected",
    [
        ("StringEquals", "Hello", "Hello", True),
        ("StringEquals", "Hello", "hello", False),
        ("StringEquals", "     ", " ", False),
        ("StringEquals", "\t\r\n", "\t\n", False),
        ("StringEquals", "", "", True),
        ("StringEquals", "é", "e\u0301", False),  # no Unicode normalisation
        ("StringLessThan", "B", "A", True),
        ("StringLessThan", "A", "A", False),
        ("StringLessThan", "A", "AB", False),
        ("StringLessThan", "AB", "A", True),
        ("StringLessThan", "a", "B", True),  # by code, not case-folded
        ("StringLessThan", "", "", False),
        ("StringGreaterThan", "A", "B", True),
        ("StringGreaterThan", "ABC", "AB", False),
        ("StringGreaterThan", "", "", False),
        ("StringLessThanEquals", "A", "A", True),
        ("StringLessThanEquals", "AB", "A", True),
        ("StringLessThanEquals", "A", "AB", False),
        ("StringGreaterThanEquals", "", "", True),
        ("StringGreaterThanEquals", "A", "B", True),
        ("StringGreaterThanEquals", "B", "A", False),
        ("StringGreaterThan", "z", "é", True),
        # Java orders by UTF-16 code unit: U+1F600 (surrogates D83D DE00) sorts before U+FF01.
        ("StringLessThan", "\uff01", "\U0001f600", True),
        ("StringGreaterThan", "\uff01", "\U0001f600", False),
        ("StringLessThan", "\U0001f601", "\U0001f600", True),
        ("StringLessThanEquals", "\U0001f600", "\U0001f600", True),
    ],
)
def test_string_comparisons(operator: str, operand: str, value: str, expected: bool) -> None:
    assert check(operator, operand, value) is expected


@pytest.mark.parametrize("operator", [op for op in OPERATORS if op.startswith("String") and "Path" not in op])
@pytest.mark.parametrize("value", [v for v in EVERY_TYPE if not isinstance(v, str)])
def test_string_operators_are_false_for_non_strings(operator: str, value: Any) -> None:
    assert check(operator, "*" if operator == "StringMatches" else "", value) is False


@pytest.mark.parametrize(
    "pattern, value, expected",
    [
        ("foo*.log", "foo23.log", True),
        ("*.log", "zebra.log", True),
        ("foo*.*", "foobar.zebra", True),
        ("foo*.log", "foo23.txt", False),
        ("*", "", True),
        ("*", "anything at all\n", True),
        ("", "", True),
        ("", "x", False),
        ("abc", "abc", True),
        ("abc", "abcd", False),
        ("a*b*c", "abc", True),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "acb", False),
        ("a*a", "a", False),  # the head and the tail may not overlap
        ("a*a", "aa", True),
        ("**", "x", True),
        ("*ab*ab*", "abab", True),
        ("*ab*ab*", "aba", False),
        ("?", "x", False),  # only * is special
        (".*", "x", False),
        ("[a]", "[a]", True),
        # Escapes (JSON "\\*" is the two characters \*): a literal star, a literal backslash.
        ("\\*", "*", True),
        ("\\*", "x", False),
        ("a\\*b", "a*b", True),
        ("a\\*b", "aXb", False),
        ("\\\\", "\\", True),
        ("\\\\*", "\\anything", True),
        ("\\\\\\*", "\\*", True),
        ("\\a", "a", True),  # a backslash escapes whatever follows it
        ("multi\nline*", "multi\nline\nmore", True),
    ],
)
def test_string_matches(pattern: str, value: str, expected: bool) -> None:
    assert check("StringMatches", pattern, value) is expected


def reference_matcher(pattern: str) -> re.Pattern[str]:
    """The StringMatches rules written the obvious way, as a regular expression."""
    out: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            out.append(".*")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.DOTALL)


@given(st.text(alphabet="ab*\\\n", max_size=8), st.text(alphabet="ab*\\\n", max_size=10))
def test_string_matches_agrees_with_a_regular_expression(pattern: str, value: str) -> None:
    if re.search(r"(?<!\\)(\\\\)*\\$", pattern):  # ends in an open escape
        return
    expected = reference_matcher(pattern).fullmatch(value) is not None
    assert check("StringMatches", pattern, value) is expected


def test_string_matches_with_an_open_escape_fails_at_run_time() -> None:
    r = rule("StringMatches", "abc\\")
    cause = runtime_cause(r, {"v": "abc"})
    assert cause == "The StringMatches pattern 'abc\\' ends with an open escape character '\\'."


# --- Numeric operators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "operator, operand, value, expected",
    [
        ("NumericEquals", 0, 0, True),
        ("NumericEquals", 0, 0.0, True),
        ("NumericEquals", 0.0, 0, True),
        ("NumericEquals", 1.0, 1, True),
        ("NumericEquals", 1, 1.1, False),
        ("NumericEquals", 2.22, 2.22, True),
        ("NumericEquals", -5, -5.0, True),
        ("NumericEquals", 10**20, 10**20, True),
        ("NumericLessThan", 1, 0, True),
        ("NumericLessThan", 0, 0, False),
        ("NumericLessThan", 0, 1, False),
        ("NumericLessThan", 1, 0.999, True),
        ("NumericGreaterThan", 0, 1, True),
        ("NumericGreaterThan", 1, 1, False),
        ("NumericGreaterThan", 0, 0.0, False),
        ("NumericGreaterThan", -1.5, -1, True),
        ("NumericLessThanEquals", 0, 0.0, True),
        ("NumericLessThanEquals", 1, 0, True),
        ("NumericLessThanEquals", 0, 1, False),
        ("NumericGreaterThanEquals", 0, 0, True),
        ("NumericGreaterThanEquals", 1, 0, False),
        ("NumericGreaterThanEquals", 0, 1e300, True),
    ],
)
def test_numeric_comparisons(operator: str, operand: float, value: float, expected: bool) -> None:
    assert check(operator, operand, value) is expected


@pytest.mark.parametrize(
    "operator", [op for op in OPERATORS if op.startswith("Numeric") and "Path" not in op]
)
@pytest.mark.parametrize("value", [None, "", "0", "1", [], [1], {}, {"A": 0}, True, False])
def test_numeric_operators_are_false_for_non_numbers(operator: str, value: Any) -> None:
    # Booleans are not numbers: true is not 1 and false is not 0.
    operand = 1 if value is True else 0
    assert check(operator, operand, value) is False


# --- Boolean operators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "operand, value, expected",
    [
        (True, True, True),
        (False, False, True),
        (True, False, False),
        (False, True, False),
        (True, 1, False),
        (False, 0, False),
        (False, 0.0, False),
        (True, "true", False),
        (False, "", False),
        (False, None, False),
        (True, [True], False),
        (False, {}, False),
    ],
)
def test_boolean_equals(operand: bool, value: Any, expected: bool) -> None:
    assert check("BooleanEquals", operand, value) is expected


# --- Timestamp operators --------------------------------------------------------------------

T0 = "2012-10-09T19:00:55Z"
T1 = "2012-10-09T19:00:56Z"


@pytest.mark.parametrize(
    "operator, operand, value, expected",
    [
        ("TimestampEquals", T0, T0, True),
        ("TimestampEquals", T0, T1, False),
        ("TimestampEquals", T1, T0, False),
        ("TimestampGreaterThan", T0, T0, False),
        ("TimestampGreaterThan", T0, T1, True),
        ("TimestampGreaterThanEquals", T0, T0, True),
        ("TimestampGreaterThanEquals", T1, T0, False),
        ("TimestampLessThan", T1, T0, True),
        ("TimestampLessThan", T0, T0, False),
        ("TimestampLessThanEquals", T0, T0, True),
        ("TimestampLessThanEquals", T0, T1, False),
        # Instants, not strings: offsets and fractions are honoured.
        ("TimestampEquals", T0, "2012-10-09T20:00:55+01:00", True),
        ("TimestampEquals", T0, "2012-10-09T19:00:55.000Z", True),
        ("TimestampEquals", T0, "2012-10-09t19:00:55z", True),
        ("TimestampEquals", "2012-10-09T19:00:55.5Z", "2012-10-09T19:00:55.500000000Z", True),
        ("TimestampLessThan", T0, "2012-10-09T19:00:54.999999999Z", True),
        ("TimestampLessThan", T0, "2012-10-09T19:00:55.000000001Z", False),
        ("TimestampGreaterThan", T0, "2012-10-09T19:00:55.000000001Z", True),
        ("TimestampGreaterThan", "2012-10-09T19:00:55.1234567Z", "2012-10-09T19:00:55.1234568Z", True),
        ("TimestampLessThan", T0, "2012-10-09T20:00:54+01:00", True),  # 19:00:54Z
        ("TimestampGreaterThan", "2012-10-09T20:00:00+01:00", "2012-10-09T19:30:00Z", True),
        # Strings that are not timestamps never match, whatever the operator.
        ("TimestampEquals", T0, "2012-10-09T19:00:55", False),
        ("TimestampLessThanEquals", T0, "2012-10-09 19:00:55Z", False),
        ("TimestampGreaterThanEquals", T0, "2023-02-24 12:15:56.832957", False),
        ("TimestampLessThan", T0, "2012-13-09T19:00:55Z", False),
        ("TimestampGreaterThan", T0, "2012-10-09T25:00:55Z", False),
        ("TimestampEquals", T0, "", False),
    ],
)
def test_timestamp_comparisons(operator: str, operand: str, value: str, expected: bool) -> None:
    assert check(operator, operand, value) is expected


@pytest.mark.parametrize(
    "operator", [op for op in OPERATORS if op.startswith("Timestamp") and "Path" not in op]
)
@pytest.mark.parametrize("value", [None, 0, 1.1, 1349809255, [], [T0], {}, True])
def test_timestamp_operators_are_false_for_non_strings(operator: str, value: Any) -> None:
    assert check(operator, T0, value) is False


# --- Type tests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "operator, value, is_type",
    [
        ("IsNull", None, True),
        ("IsNull", 0, False),
        ("IsNull", "", False),
        ("IsNull", False, False),
        ("IsNull", [], False),
        ("IsNull", {}, False),
        ("IsNumeric", 0, True),
        ("IsNumeric", 0.0, True),
        ("IsNumeric", -1.1, True),
        ("IsNumeric", True, False),
        ("IsNumeric", False, False),
        ("IsNumeric", "1", False),
        ("IsNumeric", None, False),
        ("IsNumeric", [1], False),
        ("IsString", "", True),
        ("IsString", "HelloWorld", True),
        ("IsString", T0, True),
        ("IsString", None, False),
        ("IsString", 1, False),
        ("IsString", [""], False),
        ("IsString", {}, False),
        ("IsString", False, False),
        ("IsBoolean", True, True),
        ("IsBoolean", False, True),
        ("IsBoolean", 0, False),
        ("IsBoolean", 1, False),
        ("IsBoolean", "true", False),
        ("IsBoolean", None, False),
        ("IsTimestamp", T0, True),
        ("IsTimestamp", "2012-10-09T19:00:55+01:00", True),
        ("IsTimestamp", "2012-10-09T19:00:55.123456789Z", True),
        ("IsTimestamp", "2012-10-09t19:00:55z", True),
        ("IsTimestamp", "2012-10-09T19:00:55", False),
        ("IsTimestamp", "2012-10-09 19:00:55Z", False),
        ("IsTimestamp", "2023-02-24", False),
        ("IsTimestamp", "2012-02-30T19:00:55Z", False),
        ("IsTimestamp", "2012-10-09T24:00:00Z", False),
        ("IsTimestamp", "HelloWorld", False),
        ("IsTimestamp", 1349809255, False),
        ("IsTimestamp", None, False),
        ("IsTimestamp", [T0], False),
    ],
)
def test_type_tests(operator: str, value: Any, is_type: bool) -> None:
    assert check(operator, True, value) is is_type
    assert check(operator, False, value) is not is_type


@pytest.mark.parametrize("value", EVERY_TYPE)
def test_is_present_is_true_for_any_value_even_null(value: Any) -> None:
    assert check("IsPresent", True, value) is True
    assert check("IsPresent", False, value) is False


def test_is_present_on_a_missing_path_is_false_without_error() -> None:
    assert check("IsPresent", True, MISSING) is False
    assert check("IsPresent", False, MISSING) is True
    deep = parse_rule({"Variable": "$.a.b[3].c", "IsPresent": True, "Next": "X"})
    assert deep.matches({"a": {"b": [1, 2]}}, {}, {}) is False
    assert deep.matches({"a": "not an object"}, {}, {}) is False
    assert deep.matches({"a": {"b": [0, 0, 0, {"c": None}]}}, {}, {}) is True


def test_is_present_on_the_whole_input_and_on_roots() -> None:
    assert parse_rule({"Variable": "$", "IsPresent": True, "Next": "X"}).matches(None, {}, {}) is True
    var = parse_rule({"Variable": "$count", "IsPresent": True, "Next": "X"})
    assert var.matches({}, {}, {"count": 0}) is True
    assert var.matches({}, {}, {}) is False
    assert var.matches({}, {}, None) is False
    ctx = parse_rule({"Variable": "$$.Map.Item.Index", "IsPresent": True, "Next": "X"})
    assert ctx.matches({}, {"Map": {"Item": {"Index": 0}}}, {}) is True
    assert ctx.matches({}, {"Execution": {}}, {}) is False


# --- A Variable path that selects nothing -----------------------------------------------------

EXAMPLE_OPERANDS: dict[str, Any] = {
    "StringEquals": "a",
    "StringLessThan": "a",
    "StringGreaterThan": "a",
    "StringLessThanEquals": "a",
    "StringGreaterThanEquals": "a",
    "StringMatches": "a*",
    "NumericEquals": 1,
    "NumericLessThan": 1,
    "NumericGreaterThan": 1,
    "NumericLessThanEquals": 1,
    "NumericGreaterThanEquals": 1,
    "BooleanEquals": True,
    "TimestampEquals": T0,
    "TimestampLessThan": T0,
    "TimestampGreaterThan": T0,
    "TimestampLessThanEquals": T0,
    "TimestampGreaterThanEquals": T0,
    "IsNull": True,
    "IsNumeric": False,
    "IsString": True,
    "IsBoolean": False,
    "IsTimestamp": True,
}


def test_every_operator_is_covered_by_the_missing_path_table() -> None:
    literal = {op for op in OPERATORS if not op.endswith("Path") and op != "IsPresent"}
    assert literal == set(EXAMPLE_OPERANDS)
    assert len(OPERATORS) == 39


@pytest.mark.parametrize("operator", sorted(EXAMPLE_OPERANDS))
def test_a_missing_variable_fails_with_states_runtime(operator: str) -> None:
    r = rule(operator, EXAMPLE_OPERANDS[operator], variable="$.missing.field")
    assert runtime_cause(r, {"other": 1}) == (
        "Invalid path '$.missing.field': The choice state's condition path references an invalid value."
    )


@pytest.mark.parametrize("operator", sorted(op for op in OPERATORS if op.endswith("Path")))
def test_a_missing_variable_fails_for_path_operators_too(operator: str) -> None:
    r = rule(operator, "$.other", variable="$.missing")
    assert runtime_cause(r, {"other": 1}) == CONDITION_PATH_CAUSE.format(path="$.missing")


def test_missing_variables_in_each_root() -> None:
    ctx = rule("NumericEquals", 0, variable="$$.Map.Item.Index")
    assert runtime_cause(ctx, {}, {"Execution": {}}) == CONDITION_PATH_CAUSE.format(path="$$.Map.Item.Index")
    var = rule("StringEquals", "x", variable="$name")
    assert runtime_cause(var, {}, {}, {"other": 1}) == CONDITION_PATH_CAUSE.format(path="$name")
    assert runtime_cause(var, {}, {}, None) == CONDITION_PATH_CAUSE.format(path="$name")
    index = rule("IsNull", True, variable="$.list[5]")
    assert runtime_cause(index, {"list": [1]}) == CONDITION_PATH_CAUSE.format(path="$.list[5]")
    through_scalar = rule("IsNull", True, variable="$.a.b")
    assert runtime_cause(through_scalar, {"a": 1}) == CONDITION_PATH_CAUSE.format(path="$.a.b")


def test_a_null_value_is_present_and_just_a_type_mismatch() -> None:
    assert check("StringEquals", "x", None) is False
    assert check("IsNull", True, None) is True


# --- Operators that read their operand from a path -------------------------------------------


@pytest.mark.parametrize(
    "operator, value, other, expected",
    [
        ("StringEqualsPath", "Hello", "Hello", True),
        ("StringEqualsPath", " ", "     ", False),
        ("StringEqualsPath", "\t\n", "\t\r\n", False),
        ("StringEqualsPath", "1", 1, False),
        ("StringLessThanPath", "", "", False),
        ("StringLessThanPath", "AB", "A", False),
        ("StringLessThanPath", "A", "B", True),
        ("StringGreaterThanPath", "A", "A\t\n\r", False),
        ("StringGreaterThanPath", "b", "a", True),
        ("StringGreaterThanPath", "b", None, False),
        ("StringLessThanEqualsPath", "A", "AB", True),
        ("StringLessThanEqualsPath", "", "", True),
        ("StringGreaterThanEqualsPath", "B", "A", True),
        ("NumericEqualsPath", 0, 0.0, True),
        ("NumericEqualsPath", 1, 1.0, True),
        ("NumericEqualsPath", 1.1, 1, False),
        ("NumericEqualsPath", False, 0, False),
        ("NumericEqualsPath", 0, False, False),
        ("NumericEqualsPath", "0", 0, False),
        ("NumericLessThanPath", 0, 1, True),
        ("NumericLessThanPath", 1, 1, False),
        ("NumericGreaterThanPath", 1, 0, True),
        ("NumericGreaterThanPath", 0.0, 0, False),
        ("NumericLessThanEqualsPath", 1, 1, True),
        ("NumericLessThanEqualsPath", 1, 0, False),
        ("NumericGreaterThanEqualsPath", 0.0, 0, True),
        ("NumericGreaterThanEqualsPath", 1, "0", False),
        ("BooleanEqualsPath", True, True, True),
        ("BooleanEqualsPath", False, False, True),
        ("BooleanEqualsPath", False, True, False),
        ("BooleanEqualsPath", 1, True, False),
        ("BooleanEqualsPath", True, 1, False),
        ("BooleanEqualsPath", None, False, False),
        ("TimestampEqualsPath", T0, T0, True),
        ("TimestampEqualsPath", T0, T1, False),
        ("TimestampEqualsPath", T0, "2012-10-09T21:00:55+02:00", True),
        ("TimestampEqualsPath", T0, "not a timestamp", False),
        ("TimestampEqualsPath", "not a timestamp", T0, False),
        ("TimestampGreaterThanPath", T0, T1, False),
        ("TimestampGreaterThanPath", T1, T0, True),
        ("TimestampGreaterThanEqualsPath", T0, T1, False),
        ("TimestampGreaterThanEqualsPath", T0, T0, True),
        ("TimestampLessThanPath", T1, T0, False),
        ("TimestampLessThanPath", T0, T1, True),
        ("TimestampLessThanEqualsPath", T1, T0, False),
        ("TimestampLessThanEqualsPath", T1, "2012-10-09T19:00:56.000Z", True),
        ("TimestampLessThanEqualsPath", T0, 0, False),
    ],
)
def test_path_operands(operator: str, value: Any, other: Any, expected: bool) -> None:
    r = parse_rule({"Variable": "$.Variable", operator: "$.Value", "Next": "X"})
    assert r.matches({"Variable": value, "Value": other}, {}, {}) is expected


def test_path_operands_from_context_and_variables() -> None:
    by_context = parse_rule({"Variable": "$.index", "NumericEqualsPath": "$$.Map.Item.Index", "Next": "X"})
    assert by_context.matches({"index": 2}, {"Map": {"Item": {"Index": 2}}}, {}) is True
    assert by_context.matches({"index": 3}, {"Map": {"Item": {"Index": 2}}}, {}) is False
    by_variable = parse_rule({"Variable": "$limit", "NumericGreaterThanPath": "$.count", "Next": "X"})
    assert by_variable.matches({"count": 4}, {}, {"limit": 5}) is True
    entered = parse_rule(
        {"Variable": "$.deadline", "TimestampLessThanPath": "$$.State.EnteredTime", "Next": "X"}
    )
    context = {"State": {"EnteredTime": "2024-01-02T03:04:05.678Z"}}
    assert entered.matches({"deadline": "2024-01-02T03:04:05.677Z"}, context, {}) is True
    assert entered.matches({"deadline": "2024-01-02T04:04:05.678+01:00"}, context, {}) is False


def test_a_missing_path_operand_fails_with_states_runtime() -> None:
    r = parse_rule({"Variable": "$.Variable", "StringEqualsPath": "$.Value", "Next": "X"})
    assert runtime_cause(r, {"Variable": "a"}) == COMPARISON_PATH_CAUSE.format(path="$.Value")
    assert runtime_cause(r, {"Variable": 1}) == (
        "Invalid path '$.Value': The choice state's comparison path references an invalid value."
    )
    var = parse_rule({"Variable": "$.Variable", "BooleanEqualsPath": "$flag", "Next": "X"})
    assert runtime_cause(var, {"Variable": True}, {}, {}) == COMPARISON_PATH_CAUSE.format(path="$flag")


# --- And / Or / Not -------------------------------------------------------------------------


def between(low: int, high: int) -> dict:
    return {
        "And": [
            {"Variable": "$.value", "NumericGreaterThanEquals": low},
            {"Variable": "$.value", "NumericLessThan": high},
        ]
    }


@pytest.mark.parametrize(
    "value, expected", [(19, False), (20, True), (29.5, True), (30, False), ("25", False)]
)
def test_and(value: Any, expected: bool) -> None:
    assert parse_rule({**between(20, 30), "Next": "X"}).matches({"value": value}, {}, {}) is expected


@pytest.mark.parametrize("value, expected", [(1, True), (2, False), (3, True), ("1", False)])
def test_or(value: Any, expected: bool) -> None:
    r = parse_rule(
        {
            "Or": [{"Variable": "$.foo", "NumericEquals": 1}, {"Variable": "$.foo", "NumericEquals": 3}],
            "Next": "X",
        }
    )
    assert r.matches({"foo": value}, {}, {}) is expected


@pytest.mark.parametrize("value, expected", [("Private", False), ("Public", True), (7, True)])
def test_not(value: Any, expected: bool) -> None:
    r = parse_rule({"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"})
    assert r.matches({"type": value}, {}, {}) is expected


def test_not_does_not_hide_a_missing_path() -> None:
    r = parse_rule({"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"})
    assert runtime_cause(r, {}) == CONDITION_PATH_CAUSE.format(path="$.type")


def test_nesting() -> None:
    # (IsPresent and IsNumeric and (v < 10 or not v > 100)) -- the guard pattern of real workflows.
    r = parse_rule(
        {
            "And": [
                {"Variable": "$.v", "IsPresent": True},
                {
                    "And": [
                        {"Variable": "$.v", "IsNumeric": True},
                        {
                            "Or": [
                                {"Variable": "$.v", "NumericLessThan": 10},
                                {"Not": {"Variable": "$.v", "NumericGreaterThan": 100}},
                            ]
                        },
                    ]
                },
            ],
            "Next": "X",
        }
    )
    assert r.matches({"v": 5}, {}, {}) is True
    assert r.matches({"v": 50}, {}, {}) is True
    assert r.matches({"v": 500}, {}, {}) is False
    assert r.matches({"v": "5"}, {}, {}) is False
    assert r.matches({}, {}, {}) is False  # IsPresent guards the rest


def test_and_and_or_stop_as_soon_as_the_result_is_known() -> None:
    # The second rule would fail on its missing path: it is never evaluated.
    guarded_and = parse_rule(
        {
            "And": [{"Variable": "$.a", "IsPresent": True}, {"Variable": "$.a", "NumericEquals": 1}],
            "Next": "X",
        }
    )
    assert guarded_and.matches({}, {}, {}) is False
    guarded_or = parse_rule(
        {
            "Or": [{"Variable": "$.a", "IsPresent": False}, {"Variable": "$.a", "NumericEquals": 1}],
            "Next": "X",
        }
    )
    assert guarded_or.matches({}, {}, {}) is True
    # ...but when it is reached, the missing path fails the state.
    unguarded = parse_rule(
        {"Or": [{"Variable": "$.b", "IsPresent": True}, {"Variable": "$.a", "NumericEquals": 1}], "Next": "X"}
    )
    assert runtime_cause(unguarded, {}) == CONDITION_PATH_CAUSE.format(path="$.a")


def test_a_singleton_and() -> None:
    r = parse_rule({"And": [{"Variable": "$.type", "StringEquals": "Public"}], "Next": "Public"})
    assert r.matches({"type": "Public", "value": 22}, {}, {}) is True
    assert r.matches({"type": "Private", "value": 22}, {}, {}) is False


def test_the_aws_documentation_example() -> None:
    rules: list[tuple[dict, str]] = [
        ({"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"}, "Public"),
        ({"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"}, "ValueIsZero"),
        ({**between(20, 30), "Next": "ValueInTwenties"}, "ValueInTwenties"),
    ]
    parsed = [(parse_rule(raw), target) for raw, target in rules]

    def choose(data: dict) -> str:
        return next((target for r, target in parsed if r.matches(data, {}, {})), "DefaultState")

    assert choose({"type": "Private", "value": 22}) == "ValueInTwenties"
    assert choose({"type": "Private", "value": 0}) == "ValueIsZero"
    assert choose({"type": "Public", "value": 22}) == "Public"
    assert choose({"type": "Private", "value": 31}) == "DefaultState"


# --- Parsing --------------------------------------------------------------------------------


def test_state_level_fields_of_a_top_level_rule_are_ignored() -> None:
    r = parse_rule(
        {
            "Variable": "$.v",
            "StringEquals": "x",
            "Next": "A",
            "Assign": {"y.$": "$.v"},
            "Comment": "c",
            "Output": {"z": 1},
        }
    )
    assert r.matches({"v": "x"}, {}, {}) is True
    assert parse_rule({"Variable": "$.v", "IsNull": True}).matches({"v": None}, {}, {}) is True


def test_nested_rules_may_have_a_comment() -> None:
    r = parse_rule(
        {"And": [{"Variable": "$.status", "StringEquals": "complete", "Comment": "done?"}], "Next": "S"}
    )
    assert r.matches({"status": "complete"}, {}, {}) is True


def test_rules_are_independent_of_key_order() -> None:
    r = parse_rule({"BooleanEquals": False, "Next": "F", "Variable": "$.result.done"})
    assert r.matches({"result": {"done": False}}, {}, {}) is True
    assert r.matches({"result": {"done": True}}, {}, {}) is False


@pytest.mark.parametrize(
    "raw, pointer, message",
    [
        ([], "", "a Choice Rule must be an object, not an array"),
        ({"Next": "X"}, "", "must have 'Variable' and a comparison operator, or 'And', 'Or' or 'Not'"),
        (
            {"Variable": "$.v", "Next": "X"},
            "",
            "a Choice Rule with 'Variable' must have a comparison operator",
        ),
        ({"StringEquals": "a", "Next": "X"}, "", "a Choice Rule with 'StringEquals' must have a 'Variable'"),
        (
            {"Variable": "$.v", "StringEquals": "a", "NumericEquals": 1},
            "/NumericEquals",
            "exactly one comparison operator, not StringEquals, NumericEquals",
        ),
        ({"Variable": "$.v", "StringEqual": "a"}, "/StringEqual", "the field 'StringEqual' is not supported"),
        ({"Variable": "$.v", "IsPresentPath": "$.x"}, "/IsPresentPath", "is not supported"),
        ({"Variable": "$.v", "StringMatchesPath": "$.x"}, "/StringMatchesPath", "is not supported"),
        ({"Condition": "{% true %}", "Next": "X"}, "/Condition", "the field 'Condition' is not supported"),
        (
            {"Variable": 5, "IsNull": True},
            "/Variable",
            "'Variable' must be a Reference Path string, not a number",
        ),
        ({"Variable": "foo", "IsNull": True}, "/Variable", "'Variable' is not a valid Reference Path"),
        ({"Variable": "$.a[*]", "IsNull": True}, "/Variable", "'Variable' is not a valid Reference Path"),
        (
            {"Variable": "States.ArrayContains($.a, 1)", "IsNull": True},
            "/Variable",
            "is not a valid Reference Path",
        ),
        (
            {"Variable": "$.v", "StringEquals": 1},
            "/StringEquals",
            "'StringEquals' must be a string, not a number",
        ),
        (
            {"Variable": "$.v", "StringMatches": None},
            "/StringMatches",
            "'StringMatches' must be a string, not null",
        ),
        (
            {"Variable": "$.v", "NumericEquals": "1"},
            "/NumericEquals",
            "'NumericEquals' must be a number, not a string",
        ),
        (
            {"Variable": "$.v", "NumericLessThan": True},
            "/NumericLessThan",
            "'NumericLessThan' must be a number, not a boolean",
        ),
        (
            {"Variable": "$.v", "BooleanEquals": "true"},
            "/BooleanEquals",
            "'BooleanEquals' must be true or false, not a string",
        ),
        ({"Variable": "$.v", "BooleanEquals": 1}, "/BooleanEquals", "must be true or false, not a number"),
        ({"Variable": "$.v", "IsNull": "true"}, "/IsNull", "'IsNull' must be true or false, not a string"),
        (
            {"Variable": "$.v", "IsPresent": 1},
            "/IsPresent",
            "'IsPresent' must be true or false, not a number",
        ),
        ({"Variable": "$.v", "IsTimestamp": None}, "/IsTimestamp", "must be true or false, not null"),
        (
            {"Variable": "$.v", "TimestampEquals": 1349809255},
            "/TimestampEquals",
            "'TimestampEquals' must be a timestamp string, not a number",
        ),
        (
            {"Variable": "$.v", "StringEqualsPath": "Value"},
            "/StringEqualsPath",
            "'StringEqualsPath' is not a valid Reference Path",
        ),
        (
            {"Variable": "$.v", "NumericEqualsPath": 3},
            "/NumericEqualsPath",
            "'NumericEqualsPath' must be a Reference Path string, not a number",
        ),
        (
            {"Variable": "$.v", "TimestampEqualsPath": "$.list[*]"},
            "/TimestampEqualsPath",
            "is not a valid Reference Path",
        ),
        ({"And": [], "Next": "X"}, "/And", "'And' must be a non-empty array of Choice Rules"),
        (
            {"Or": {"Variable": "$.v", "IsNull": True}},
            "/Or",
            "'Or' must be a non-empty array of Choice Rules",
        ),
        ({"Not": [{"Variable": "$.v", "IsNull": True}]}, "/Not", "must be an object, not an array"),
        (
            {"And": [{"Variable": "$.v", "IsNull": True}], "Or": [{"Variable": "$.v", "IsNull": True}]},
            "",
            "one of 'And', 'Or', 'Not', not And and Or",
        ),
        (
            {"Not": {"Variable": "$.v", "IsNull": True}, "Variable": "$.v"},
            "/Variable",
            "a Choice Rule with 'Not' must not have 'Variable'",
        ),
        (
            {"And": [{"Variable": "$.v", "IsNull": True}], "IsNull": True},
            "/IsNull",
            "a Choice Rule with 'And' must not have 'IsNull'",
        ),
        (
            {"And": [{"Variable": "$.v", "IsNull": True, "Next": "X"}], "Next": "X"},
            "/And/0/Next",
            "a nested Choice Rule must not have 'Next'",
        ),
        (
            {"Not": {"Variable": "$.v", "IsNull": True, "Assign": {"a": 1}}, "Next": "X"},
            "/Not/Assign",
            "the field 'Assign' is not supported",
        ),
        (
            {"And": [{"Variable": "$.v", "IsNull": True}, {"Variable": "$.v", "StringEquals": 5}]},
            "/And/1/StringEquals",
            "'StringEquals' must be a string, not a number",
        ),
        (
            {"Or": [{"Not": {"And": [{"Variable": "$.v", "NumericEquals": 1}, "nope"]}}]},
            "/Or/0/Not/And/1",
            "a Choice Rule must be an object, not a string",
        ),
        (
            {"Not": {"Or": [{"Variable": "$.v", "BooleanEquals": True, "Next": "Y"}]}},
            "/Not/Or/0/Next",
            "a nested Choice Rule must not have 'Next'",
        ),
    ],
)
def test_invalid_rules(raw: Any, pointer: str, message: str) -> None:
    with pytest.raises(InvalidChoiceRule) as invalid:
        parse_rule(raw)
    assert invalid.value.pointer == pointer
    assert message in invalid.value.message
    assert str(invalid.value) == f"{pointer or '/'}: {invalid.value.message}"


def test_invalid_choice_rule_is_a_value_error() -> None:
    assert issubclass(InvalidChoiceRule, ValueError)


@pytest.mark.parametrize(
    "variable",
    ["$", "$.a", "$['a b']", "$.a[0].b", "$$.Execution.Input", "$$.Map.Item.Value", "$var", "$var.field[2]"],
)
def test_reference_paths_of_every_root_are_accepted(variable: str) -> None:
    assert isinstance(parse_rule({"Variable": variable, "IsPresent": True}), Rule)


def test_a_literal_that_is_no_timestamp_never_matches() -> None:
    # AWS accepts such a definition (the recorded corpus holds "TimestampEquals": "date"); the rule
    # cannot match any value, not even the same text.
    rule = parse_rule({"Variable": "$.v", "TimestampLessThan": "2012-10-09 19:00:55Z"})
    assert rule.matches({"v": "2012-10-09 19:00:55Z"}, None, None) is False
    assert rule.matches({"v": "2000-01-01T00:00:00Z"}, None, None) is False
