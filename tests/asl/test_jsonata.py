"""JSONata mode: expressions, templates, AWS's functions and errors, as AWS Step Functions has them.

Expected values and causes come from AWS's recorded runs (the conformance corpus) where it has
them, and otherwise from AWS's documentation and JSONata 2.0.6's behaviour.
"""

from __future__ import annotations

import json
import random
import re
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asl import jsonata
from asl.errors import ErrorName, StatesError
from asl.jsonata import (
    InvalidJsonata,
    compile_expression,
    compile_template,
    is_expression,
    json_type_name,
    top_level_references,
)

CONTEXT = {
    "Execution": {"Id": "arn:aws:states:us-east-1:111111111111:execution:sm:run", "Name": "run"},
    "State": {"Name": "S", "EnteredTime": "2024-11-04T11:40:50.123Z"},
}


def states(input: Any = None, **extra: Any) -> dict[str, Any]:
    return {"input": {} if input is None else input, "context": CONTEXT, **extra}


def ev(source: str, input: Any = None, variables: dict[str, Any] | None = None, **extra: Any) -> Any:
    """Evaluate ``{% source %}`` for the field ``Output``."""
    expression = compile_expression("{% " + source + " %}")
    return expression.evaluate(states(input, **extra), variables or {}, "Output")


def cause_of(source: str, input: Any = None, variables: dict[str, Any] | None = None, field: str = "Output",
             **extra: Any) -> str:
    with pytest.raises(StatesError) as failure:
        compile_expression("{% " + source + " %}").evaluate(states(input, **extra), variables or {}, field)
    assert failure.value.error == ErrorName.QUERY_EVALUATION_ERROR
    assert failure.value.cause is not None
    return failure.value.cause


def signature(function: str, argument: int) -> str:
    return f'T0410: Argument {argument} of function "{function}" does not match function signature'


MEMORY = ": Expression evaluation memory limit exceeded: Check for excessive memory usage"
ALGORITHMS = "must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5"


def error_of(source: str, input: Any = None) -> str:
    """The tail after AWS's sentence: ``T0410: ...`` or ``: <bound message>``."""
    prefix = (f"The JSONata expression '{source}' specified for the field 'Output' "
              "threw an error during evaluation")
    cause = cause_of(source, input)
    assert cause.startswith(prefix), cause
    return cause[len(prefix):].removeprefix(". ")


# ---- delimiters and compiling ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("{% $states.input %}", True),
    ("{%$states.input%}", True),
    ("{%\n  1 + 2\n%}", True),
    ("{%%}", True),
    ("{%}", False),
    (" {% $states.input %}", False),
    ("{% $states.input %} ", False),
    ("{% $states.input", False),
    ("$states.input %}", False),
    ("$states.input", False),
    ("", False),
    (None, False),
    (12, False),
    (["{% 1 %}"], False),
])
def test_is_expression_needs_the_delimiters_at_both_ends(value: Any, expected: bool) -> None:
    assert is_expression(value) is expected


def test_source_is_the_trimmed_text_between_the_delimiters() -> None:
    expression = compile_expression("{%   $states.input.a  \n %}")
    assert expression.source == "$states.input.a"
    assert expression.text == "{%   $states.input.a  \n %}"
    assert compile_expression("$states.input.a").source == "$states.input.a"  # the bare text too


@pytest.mark.parametrize("source, code, detail", [
    ("$states.input.a[1,2)", "S0202", 'Expected "]", got ","'),
    ("$sum($states.input.items.numbers", "S0203", 'Expected ")" before end of expression'),
    ("1 +", "S0207", "Unexpected end of expression"),
    ("", "S0207", "Unexpected end of expression"),
    ('{"a":}', "S0211", 'The symbol "}" cannot be used as a unary operator'),
    ("$.store.book[?(@.price < 10)].title", "S0211", 'The symbol "?" cannot be used as a unary operator'),
    ("10 + * 2", "S0201", "Syntax error: 2"),
    ('"unterminated', "S0101", "String literal must be terminated by a matching quote"),
    ('$match("a", /abc', "S0302", "No terminating / in regular expression"),
])
def test_an_expression_that_does_not_parse_is_invalid(source: str, code: str, detail: str) -> None:
    with pytest.raises(InvalidJsonata) as invalid:
        compile_expression("{% " + source + " %}")
    assert invalid.value.code == code
    assert invalid.value.detail == detail
    assert str(invalid.value) == f"{code}: {detail}"


def test_a_template_with_a_broken_expression_fails_to_compile() -> None:
    with pytest.raises(InvalidJsonata):
        compile_template({"a": [1, {"b": "{% 1 + %}"}]})


def test_only_strings_compile() -> None:
    with pytest.raises(InvalidJsonata):
        compile_expression(42)  # type: ignore[arg-type]


# ---- top-level references -------------------------------------------------------------------------

@pytest.mark.parametrize("source, references", [
    ("phone", ["phone"]),
    ("Account.Order[0].Product", ["Account"]),
    ("$", ["$"]),
    ("$.a", ["$"]),
    ("$$", ["$$"]),
    ("$$.Execution", ["$$"]),
    ("a + $", ["a", "$"]),
    ('{"k": v, "w": $states.input}', ["v"]),
    ("[a, b, a]", ["a", "b"]),
    ("x ? y : z", ["x", "y", "z"]),
    ("$uppercase(name) & $states.input.x", ["name"]),
    ("$x := a", ["a"]),
    ("a ~> $f", ["a"]),
    ("function($x){ y }", ["y"]),
    ("$states.input", []),
    ("$states.input.items[price > 10].name", []),
    ("$states.input.items[$ > 1]", []),
    ("$states.input.items^(price)", []),
    ("$states.input{name: value}", []),
    ("$states.input.(a + b)", []),
    ("$map($states.input.a, function($v){ $v.name })", []),
    ("$myVariable.field", []),
    ("[1, 2].foo", []),
    ("1 + 2", []),
])
def test_top_level_references_are_those_aws_refuses(source: str, references: list[str]) -> None:
    assert top_level_references("{% " + source + " %}") == references
    assert top_level_references(compile_expression(source)) == references


def test_top_level_references_of_an_unparseable_expression_is_invalid() -> None:
    with pytest.raises(InvalidJsonata):
        top_level_references("{% 1 + %}")


# ---- templates -----------------------------------------------------------------------------------

def test_a_template_evaluates_nested_expressions_and_keeps_literals() -> None:
    template = compile_template({
        "constant": "constant string",
        "not_jsonata": " {% states.input %} ",
        "varpath": "$states.input",
        "number": 0.1,
        "nothing": None,
        "list": [1, "{% $states.input.a %}", {"deep": ["{% $states.input.a * 2 %}", True]}],
        "whole": "{% $states.input %}",
    })
    assert template.evaluate(states({"a": 21}), {}, "Output") == {
        "constant": "constant string",
        "not_jsonata": " {% states.input %} ",
        "varpath": "$states.input",
        "number": 0.1,
        "nothing": None,
        "list": [1, 21, {"deep": [42, True]}],
        "whole": {"a": 21},
    }
    assert template.expression is None and template.source is None
    assert not template.is_literal


def test_a_whole_value_expression_exposes_its_source() -> None:
    template = compile_template("{% $states.input.items %}")
    assert template.source == "$states.input.items"
    assert template.expression is not None and template.expression.source == "$states.input.items"


@pytest.mark.parametrize("value", [None, True, 0.1, "string literal", [], {}, {"a": [1, {"b": None}]}])
def test_a_literal_template_returns_the_literal(value: Any) -> None:
    template = compile_template(value)
    assert template.is_literal
    assert template.evaluate(states(), {}, "Output") == value


def test_a_literal_template_returns_a_fresh_copy() -> None:
    value = {"a": [1, {"b": 2}]}
    template = compile_template(value)
    first = template.evaluate(states(), {}, "Output")
    first["a"][1]["b"] = 99
    assert template.evaluate(states(), {}, "Output") == {"a": [1, {"b": 2}]}
    assert value == {"a": [1, {"b": 2}]}


def test_an_undefined_result_names_the_nested_field() -> None:
    # Recorded on AWS (assign_test_assign_reference_variables ... BASE_UNDEFINED_OUTPUT_FIELD).
    template = compile_template({"result": "{% $doesNotExist %}"})
    with pytest.raises(StatesError) as failure:
        template.evaluate(states(), {}, "Output")
    assert failure.value.error == ErrorName.QUERY_EVALUATION_ERROR
    assert failure.value.cause == ("The JSONata expression '$doesNotExist' specified for the field "
                                   "'Output/result' returned nothing (undefined).")


def test_a_failure_in_an_array_names_the_index() -> None:
    template = compile_template({"items": [1, {"x": ["ok", "{% $nope %}"]}]})
    with pytest.raises(StatesError) as failure:
        template.evaluate(states(), {"ok": 1}, "Arguments")
    assert failure.value.cause == ("The JSONata expression '$nope' specified for the field "
                                   "'Arguments/items[1]/x[1]' returned nothing (undefined).")


# ---- $states and variables -------------------------------------------------------------------------

def test_states_fields_and_context_are_bound() -> None:
    assert ev("$states.input.a", {"a": [1, 2, 3]}) == [1, 2, 3]
    assert ev("$states.input", [5]) == [5]  # an array stays an array, even of one item
    assert ev("$states.input[0]", [5]) == 5
    assert ev("$states.context.State.Name") == "S"
    assert ev("$states.result.Payload", result={"Payload": {"x": 1}}) == {"x": 1}
    assert ev("$states.errorOutput.Error", errorOutput={"Error": "E", "Cause": "c"}) == "E"


def test_json_null_in_the_data_is_null_not_nothing() -> None:
    data = {"n": None, "obj": {"k": None}, "arr": [1, None]}
    assert ev("$states.input.n", data) is None
    assert ev("$exists($states.input.n)", data) is True
    assert ev("$type($states.input.n)", data) == "null"
    assert ev("$states.input.obj", data) == {"k": None}
    assert ev("$merge([$states.input.obj, {'z': 1}])", data) == {"k": None, "z": 1}
    assert ev("$states.input.arr", data) == [1, None]
    assert ev("$v.deep", variables={"v": {"deep": [None]}}) == [None]
    assert ev("$exists($states.input.missing)", data) is False


def test_variables_are_bound_by_name() -> None:
    variables = {"var_constant_1": 1, "x": {"y": "z"}, "list": [1, 2]}
    assert ev("$sum($states.input.input_values) + $var_constant_1", {"input_values": [1, 2, 3]},
              variables) == 7
    assert ev("$x.y", variables=variables) == "z"
    assert ev("$count($list)", variables=variables) == 2


def test_states_cannot_be_shadowed_by_a_variable() -> None:
    assert ev("$states.input", {"a": 1}, {"states": "variable"}) == {"a": 1}


def test_assignment_inside_an_expression_does_not_touch_the_variables() -> None:
    variables = {"v": 1}
    assert ev("($v := 5; $v + 1)", variables=variables) == 6
    assert variables == {"v": 1}
    assert ev("$variable := 1") == 1


def test_evaluation_leaves_the_data_alone() -> None:
    data = {"items": [3, 1, 2], "obj": {"k": None, "n": [None, {"m": None}]}, "s": "x"}
    snapshot = json.loads(json.dumps(data))
    for source in ["$sort($states.input.items)", "$reverse($states.input.items)", "$states.input.obj",
                   "$states.input ~> |obj|{'added': 1}|", "$merge([$states.input.obj, {'k': 2}])",
                   "$append($states.input.items, 4)", "$spread($states.input.obj)", "$states.input"]:
        result = ev(source, data)
        if isinstance(result, (dict, list)):
            result.clear()  # the result is a copy, not the data itself
    assert data == snapshot


def test_escape_sequences_compare_as_aws_does() -> None:
    # Recorded on AWS (scenarios ... ESCAPE_SEQUENCES_JSONATA_COMPARISON_*).
    assert ev("$var = '\"'", variables={"var": '"'}) is True
    assert ev("$states.input = '\"'", '"') is True


# ---- results --------------------------------------------------------------------------------------

def test_integral_numbers_are_ints() -> None:
    for source, expected in [("3", 3), ("3.0", 3), ("6 / 2", 3), ("2 * 3.5", 7), ("$number('2')", 2),
                             ("$sum([1.5, 1.5])", 3), ("-0", 0), ("1e15", 10**15), ("$round(2.5)", 2)]:
        value = ev(source)
        assert value == expected and type(value) is int, source
    assert ev("0.1 + 0.2") == 0.30000000000000004
    assert ev("$states.input.f", {"f": 2.0}) == 2 and type(ev("$states.input.f", {"f": 2.0})) is int
    assert ev("1e20") == 1e20 and type(ev("1e20")) is float  # past a long, AWS writes a double
    assert ev("$states.input.big", {"big": 2**63}) == float(2**63)
    assert ev("$states.input.exact", {"exact": 9007199254740993}) == 9007199254740993


def test_non_finite_numbers_come_out_as_aws_writes_them() -> None:
    assert ev("1/0") == "Infinity"
    assert ev("-1/0") == "-Infinity"
    assert ev("0/0") == "NaN"
    assert ev("[1/0]") == ["Infinity"]
    assert ev("{'k': 1e308 * 10}") == {"k": "Infinity"}
    assert error_of("1/0 + 1") == "D1001: Number out of range: null"


def test_parse_integer_that_cannot_be_read_is_nan() -> None:
    assert ev("$parseInteger('abc', '0')") == "NaN"
    assert ev("$parseInteger('twelve', 'w')") == 12


def test_remainder_keeps_the_fraction_and_the_sign() -> None:
    assert ev("5.5 % 2") == 1.5
    assert ev("-5.5 % 2") == -1.5
    assert ev("7 % 3") == 1


def test_undefined_inside_structures_is_dropped() -> None:
    assert ev("{'a': $nothing, 'b': 1}") == {"b": 1}
    assert ev("[$nothing, 1]") == [1]
    assert ev("[]") == []
    assert ev("{}") == {}


@pytest.mark.parametrize("source", ["$fn := function($x){$x}", "function($x){$x}", "$sum", "/abc/",
                                    "{'f': function(){1}}"])
def test_a_function_is_an_unsupported_result(source: str) -> None:
    # Recorded on AWS for Items: '$fn := function($x){$x}' ... returned an unsupported result type.
    assert cause_of(source) == (f"The JSONata expression '{source}' specified for the field 'Output' "
                                "returned an unsupported result type.")


def test_a_type_error_names_the_value() -> None:
    expression = compile_expression("{% {'foo': 'bar'} %}")
    value = expression.evaluate(states(), {}, "Items")
    error = expression.type_error("Items", "array", value)
    assert error.error == ErrorName.QUERY_EVALUATION_ERROR
    assert error.cause == ("The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' "
                           "returned an unexpected result type. Expected 'array', but was 'object' "
                           'for value: {"foo":"bar"}')


@pytest.mark.parametrize("value, name", [(None, "null"), (True, "boolean"), (1, "number"), (1.5, "number"),
                                         ("s", "string"), ([], "array"), ({}, "object")])
def test_json_type_names(value: Any, name: str) -> None:
    assert json_type_name(value) == name


# ---- evaluation errors ------------------------------------------------------------------------------

def test_an_unknown_function_is_t1006_as_recorded_on_aws() -> None:
    assert cause_of("$randomSeeded($states.input.FunctionInput.fst)", {"FunctionInput": "fst"},
                    field="Output/FunctionResult") == (
        "The JSONata expression '$randomSeeded($states.input.FunctionInput.fst)' specified for the field "
        "'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function")


def test_eval_is_disabled() -> None:
    assert error_of('$eval("1+1")') == "T1006: Attempted to invoke a non-function"


@pytest.mark.parametrize("source, tail", [
    ("$uppercase(1)", signature("uppercase", 1)),
    ("$uppercase(null)", signature("uppercase", 1)),
    ("$count(1, 2)", signature("count", 2)),
    ("$sum(['a'])", 'T0412: Argument 1 of function "sum" must be an array of "numbers"'),
    ("1 + 'a'", 'T2002: The right side of the "+" operator must evaluate to a number'),
    ("'a' - 1", 'T2001: The left side of the "-" operator must evaluate to a number'),
    ("'a' < 1", 'T2009: The values "a" and 1 either side of operator "<" must be of the same data type'),
    ("uppercase('x')", "T1005: Attempted to invoke a non-function. Did you mean $uppercase?"),
    ("$number('x')", 'D3030: Unable to cast value to a number: "x"'),
    ("$power(10, 400)", "D3061: The power function has resulted in a value that cannot be represented as a "
                        "JSON number: base=10, exponent=400"),
    ("$formatBase(1, 99)", "D3100: The radix of the formatBase function must be between 2 and 36.  "
                           "It was given 99"),
    ("$toMillis('x')", "D3110: The argument of the toMillis function must be an ISO 8601 formatted "
                       'timestamp. Given "x"'),
    ("$decodeUrlComponent('%zz')", 'D3140: Malformed URL passed to $decodeUrlComponent(): "%zz"'),
    ("$single([1, 2], function($v){ true })", "D3138: The $single() function expected exactly 1 matching "
                                              "result.  Instead it matched more."),
    ("$error('boom')", "D3137: boom"),
    ("$assert(false, 'nope')", "D3141: nope"),
    ("{'a': 1, 'a': 2}", 'D1009: Multiple key definitions evaluate to same key: "a"'),
    ("$string(1/0)", "D3001: Attempting to invoke string function on Infinity or NaN"),
])
def test_evaluation_errors_carry_the_jsonata_code_and_message(source: str, tail: str) -> None:
    assert error_of(source) == tail


# ---- JavaScript's numbers and strings ------------------------------------------------------------

@pytest.mark.parametrize("source, text", [
    ("$string(1e20)", "100000000000000000000"),
    ("$string(1e21)", "1e+21"),
    ("$string(1.5e-7)", "1.5e-7"),
    ("$string(0.000001)", "0.000001"),
    ("$string(123456789012345678)", "123456789012346000"),
    ("$string(0.1 + 0.2)", "0.3"),
    ("$string(1/3)", "0.333333333333333"),
    ("$string(-2.5)", "-2.5"),
    ("$string([0.1 + 0.2, 1e21, 'é', null, true])", '[0.3,1e+21,"é",null,true]'),
    ("$string({'a': [1, {'b': 2}]}, true)", '{\n  "a": [\n    1,\n    {\n      "b": 2\n    }\n  ]\n}'),
    ("$string('text')", "text"),
    ("$string(function(){1})", ""),
    ("'n=' & 1e21", "n=1e+21"),
    ("'a' & 1.5 & null & true", "a1.5nulltrue"),
    ("$states.input.a.$string()", ["1", "2"]),
])
def test_numbers_become_strings_as_in_javascript(source: str, text: Any) -> None:
    assert ev(source, {"a": [1, 2]}) == text


@pytest.mark.parametrize("text, number", [("1", 1), ("-2.5", -2.5), ("1e3", 1000), ("0x1F", 31), ("0b101", 5),
                                          ("0o17", 15)])
def test_number_reads_json_numbers(text: str, number: Any) -> None:
    assert ev(f"$number('{text}')") == number


@pytest.mark.parametrize("text", [" 1", "1.", ".5", "1_000", "Infinity", "NaN", "abc", ""])
def test_number_refuses_anything_else(text: str) -> None:
    assert error_of(f"$number('{text}')") == f'D3030: Unable to cast value to a number: "{text}"'


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_javascript_number_text_reads_back_as_the_same_number(value: float) -> None:
    assert float(jsonata._js_number(value)) == value


@given(st.recursive(st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=4), children, max_size=4), max_leaves=12))
def test_string_then_parse_is_the_identity(value: Any) -> None:
    # $string leaves a string alone and keeps 15 significant digits, so wrap the value and stay within them.
    assert ev("$lookup($parse($string({'v': $v})), 'v')", variables={"v": value}) == value


def test_decode_url_follows_javascript() -> None:
    assert ev("$decodeUrlComponent('%3Fx%3D1%C3%A9')") == "?x=1é"
    assert ev("$decodeUrl('%3Fx%3D1%C3%A9')") == "%3Fx%3D1é"  # decodeURI keeps reserved escapes
    assert error_of("$decodeUrl('%C3')") == 'D3140: Malformed URL passed to $decodeUrl(): "%C3"'


# ---- AWS's functions -----------------------------------------------------------------------------

@pytest.mark.parametrize("array, size, chunks", [
    ([0, 1, 2], 2, [[0, 1], [2]]),  # recorded on AWS
    ([0, 1, 2], 3, [[0, 1, 2]]),  # recorded on AWS: one chunk stays an array of arrays
    ([0, 1], 1, [[0], [1]]),  # recorded on AWS
    ([0], 5, [[0]]),  # recorded on AWS
    ([1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]),
    ([1, 2, 3], 1.9, [[1], [2], [3]]),  # the size is truncated towards zero
])
def test_partition_splits_into_chunks(array: list[Any], size: Any, chunks: list[Any]) -> None:
    assert ev("$partition($states.input.a, $states.input.n)", {"a": array, "n": size}) == chunks


def test_partition_of_a_generated_range() -> None:
    assert ev("$partition([1..5], 2)") == [[1, 2], [3, 4], [5]]


def test_partition_without_a_size_is_one_chunk() -> None:
    assert ev("$partition([1, 2])") == [[1, 2]]


@pytest.mark.parametrize("source", ["$partition([], 2)", "$partition([1, 2], 0)", "$partition($nothing, 2)"])
def test_partition_to_nothing(source: str) -> None:
    assert cause_of(source).endswith("returned nothing (undefined).")


@pytest.mark.parametrize("source, tail", [
    ("$partition(5, 2)", 'T0412: Argument 1 of function "partition" must be an array of undefined'),
    ("$partition([1, 2], -1)", "D3137: Second argument must be zero or greater"),
    ("$partition([1, 2], 'x')", signature("partition", 2)),
    ("$partition([1, 2], 2, 3)", signature("partition", 3)),
])
def test_partition_argument_errors(source: str, tail: str) -> None:
    assert error_of(source) == tail


@pytest.mark.parametrize("start, end, step, result", [
    (0, 9, 3, [0, 3, 6, 9]),  # recorded on AWS
    (0, 10, 3, [0, 3, 6, 9]),  # recorded on AWS
    (1, 9, 2, [1, 3, 5, 7, 9]),  # recorded on AWS
    (1, 9, 9, 1),  # recorded on AWS: one element is that element
    (1, -5, -2, [1, -1, -3, -5]),
    (3, 3, 1, 3),
    (0.9, 3.7, 1.2, [0, 1, 2, 3]),  # truncated towards zero
])
def test_range_includes_the_end_when_the_step_lands_on_it(start: Any, end: Any, step: Any,
                                                          result: Any) -> None:
    assert ev("$range($states.input.a, $states.input.b, $states.input.c)",
              {"a": start, "b": end, "c": step}) == result


@pytest.mark.parametrize("source", ["$range(1, 9, 0)", "$range(9, 1, 1)", "$range(1, 9, -1)", "$range(1, 9)"])
def test_range_to_nothing(source: str) -> None:
    assert cause_of(source).endswith("returned nothing (undefined).")


@pytest.mark.parametrize("source, tail", [
    ("$range('a', 9, 1)", signature("range", 1)),
    ("$range(1, null, 1)", signature("range", 2)),
    ("$range(1, 9, true)", signature("range", 3)),
    ("$range(0, 5, 1, 1)", signature("range", 4)),
    ("$range(0, 1000000, 1)", MEMORY),
])
def test_range_argument_errors(source: str, tail: str) -> None:
    assert error_of(source) == tail


@pytest.mark.parametrize("algorithm, digest", [
    ("MD5", "900150983cd24fb0d6963f7d28e17f72"),
    ("SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("SHA-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                "8086072ba1e7cc2358baeca134c825a7"),
    ("SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
])
def test_hash_is_the_hex_digest(algorithm: str, digest: str) -> None:
    assert ev(f"$hash('abc', '{algorithm}')") == digest


def test_hash_of_unicode_text_is_of_its_utf8_bytes() -> None:
    assert ev("$hash('input', 'SHA-1')") == "140f86aae51ab9e1cda9b4254fe98a74eb54c1a1"
    assert ev("$hash('é', 'MD5')") == "66ddcd97cfdeabb2f6fb8a999b4bc76f"


@pytest.mark.parametrize("source, tail", [
    ("$hash('abc', 'SHA-3')", f"D3137: Hash algorithm 'SHA-3' {ALGORITHMS}"),
    ("$hash('abc', 'sha-1')", f"D3137: Hash algorithm 'sha-1' {ALGORITHMS}"),
    ("$hash(1, 'MD5')", signature("hash", 1)),
    ("$hash($nothing, 'MD5')", signature("hash", 1)),
    ("$hash('abc', 1)", signature("hash", 2)),
    ("$hash('abc', 'MD5', 1)", signature("hash", 3)),
])
def test_hash_argument_errors(source: str, tail: str) -> None:
    assert error_of(source) == tail


def test_hash_without_an_algorithm_is_nothing() -> None:
    assert cause_of("$hash('abc')").endswith("returned nothing (undefined).")


def test_random_with_a_seed_is_java_util_random() -> None:
    assert ev("$random(42)") == 0.7275636800328681
    assert ev("$random(42.9)") == 0.7275636800328681
    assert ev("$random(0)") == 0.730967787376657
    assert ev("$random(-1)") == ev("$random(-1.5)")


def test_random_without_a_seed_draws_from_the_engine_source() -> None:
    value = ev("$random()")
    assert isinstance(value, float) and 0 <= value < 1
    expression = compile_expression("{% [$random(), $random()] %}")
    first = expression.evaluate(states(), {}, "Output", rng=random.Random(7))
    assert first == expression.evaluate(states(), {}, "Output", rng=random.Random(7))
    assert first[0] != first[1]


@pytest.mark.parametrize("source, tail", [
    ("$random('x')", signature("random", 1)),
    ("$random(1, 2)", signature("random", 2)),
    ("$uuid(1)", signature("uuid", 1)),
])
def test_random_and_uuid_argument_errors(source: str, tail: str) -> None:
    assert error_of(source) == tail


def test_uuid_is_a_version_4_uuid() -> None:
    value = ev("$uuid()")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
    expression = compile_expression("{% $uuid() %}")
    assert (expression.evaluate(states(), {}, "Output", rng=random.Random(1))
            == expression.evaluate(states(), {}, "Output", rng=random.Random(1)))
    assert ev("$uuid()") != ev("$uuid()")


@pytest.mark.parametrize("text, value", [
    ("-0", 0),  # recorded on AWS
    ("1", 1),  # recorded on AWS
    ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}),  # recorded on AWS
    ("1.1", 1.1),
    ("1.0", 1),
    ("true", True),
    ('"HelloWorld"', "HelloWorld"),
    ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
    ('{"a": null}', {"a": None}),
    ("null", None),
])
def test_parse_reads_json(text: str, value: Any) -> None:
    assert ev("$parse($states.input.FunctionInput)", {"FunctionInput": text}) == value


def test_parsed_null_is_null_to_the_expression() -> None:
    assert ev("$exists($parse('{\"a\": null}').a)") is True


@pytest.mark.parametrize("text", ["nope", "", "{\"a\": 1, \"a\": 2}", "NaN", "[1, 2", "1 2", "{'a': 1}"])
def test_parse_refuses_what_is_not_json(text: str) -> None:
    assert error_of("$parse($states.input.t)", {"t": text}) == "D3137: Invalid JSON"


@pytest.mark.parametrize("source, tail", [
    ("$parse(1)", signature("parse", 1)),
    ("$parse('1', 2)", signature("parse", 2)),
])
def test_parse_argument_errors(source: str, tail: str) -> None:
    assert error_of(source) == tail


def test_aws_functions_work_as_function_values() -> None:
    assert ev("$map(['1', '[2]'], $parse)") == [1, [2]]
    assert ev("($h := $hash(?, 'MD5'); $h('abc'))") == "900150983cd24fb0d6963f7d28e17f72"
    assert ev("($p := $partition(?, 1); $p([1, 2]))") == [[1], [2]]
    assert ev("$map([1e21, 2], $string)") == ["1e+21", "2"]
    assert ev("$states.input.s ~> $hash('MD5')", {"s": "abc"}) == "900150983cd24fb0d6963f7d28e17f72"


# ---- time ---------------------------------------------------------------------------------------------

def test_now_and_millis_read_the_state_entered_time() -> None:
    assert ev("$now()") == "2024-11-04T11:40:50.123Z"
    assert ev("$millis()") == 1730720450123
    assert ev("$now('[Y0001]-[M01]-[D01]')") == "2024-11-04"


def test_now_and_millis_read_the_time_passed_in() -> None:
    expression = compile_expression("{% [$millis(), $now()] %}")
    assert expression.evaluate(states(), {}, "Output", now_ms=0) == [0, "1970-01-01T00:00:00.000Z"]
    template = compile_template({"t": "{% $millis() %}"})
    assert template.evaluate(states(), {}, "Output", now_ms=1000) == {"t": 1000}


# ---- bounds --------------------------------------------------------------------------------------------

STACK_OVERFLOW = (": Stack overflow error: Check for non-terminating recursive function. "
                  "Consider rewriting as tail-recursive.")


def test_nesting_deeper_than_100_fails_as_on_aws() -> None:
    assert ev("+".join(["1"] * 100)) == 100
    assert error_of("+".join(["1"] * 101)) == STACK_OVERFLOW
    recursion = "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(%d))"
    assert ev(recursion % 31) == 31
    assert error_of(recursion % 32) == STACK_OVERFLOW


def test_tail_recursion_is_not_nesting() -> None:
    assert ev("($f := function($n, $a){ $n = 0 ? $a : $f($n - 1, $a + 1) }; $f(1000, 0))") == 1000


def test_a_runaway_loop_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonata, "MAX_EVALUATION_STEPS", 5_000)
    assert error_of("($f := function($n){ $f($n + 1) }; $f(0))") == (
        ": Expression evaluation timeout: Check for infinite loop")
    assert error_of("true and ($f := function($n){ $f($n + 1) }; $f(0))") == (
        ": Expression evaluation timeout: Check for infinite loop")


def test_a_sequence_past_the_memory_bound_fails_as_on_aws() -> None:
    assert ev("$count([1..873782])") == 873782
    assert error_of("$count([1..873783])") == MEMORY
    assert error_of("[1..900000] ~> $count()") == MEMORY
    assert error_of("$sum([1..900000])") == MEMORY


def test_a_string_past_the_memory_bound_fails() -> None:
    assert ev("$length($pad('', 4194304, 'x'))") == 4194304
    assert error_of("$length($pad('', 8388608, 'x'))") == MEMORY


def test_evaluations_on_several_threads_do_not_interfere() -> None:
    expression = compile_expression("{% $map([1..200], function($v){ $v * $k }) ~> $sum() %}")
    results: list[Any] = []

    def work(k: int) -> None:
        for _ in range(20):
            results.append((k, expression.evaluate(states(), {"k": k}, "Output")))

    threads = [threading.Thread(target=work, args=(k,)) for k in (1, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 60
    assert all(value == 20100 * k for k, value in results)
