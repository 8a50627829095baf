"""Intrinsic functions (JSONPath mode): parsing, every function, and the failures AWS reports.

Expected values come from AWS runs (the conformance corpus under /work/shared/conformance and
recorded AWS observations) wherever one exists; the rest follow the documented behaviour.
"""
from __future__ import annotations

import json
import math
import random
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asl.errors import ErrorName, StatesError
from asl.intrinsics import Intrinsic, InvalidIntrinsic, is_intrinsic, java_json, java_string, parse_intrinsic

CONTEXT = {
    "Execution": {"Name": "exec-1", "Input": {"chunk": 2, "items": ["x", "y"]}},
    "StateMachine": {"Id": "arn:aws:states:us-east-1:111111111111:stateMachine:my-sm-v2", "Name": "my-sm-v2"},
}


def run(text: str, data: Any = None, context: Any = None, variables: dict | None = None,
        rng: random.Random | None = None) -> Any:
    return parse_intrinsic(text).evaluate(data, context, variables, rng=rng)


def failure(text: str, data: Any = None, context: Any = None, variables: dict | None = None) -> StatesError:
    with pytest.raises(StatesError) as info:
        run(text, data, context, variables)
    return info.value


def assert_invalid_arguments(text: str, function: str, data: Any = None) -> None:
    error = failure(text, data)
    assert error.error == ErrorName.RUNTIME
    assert error.cause == f"The function '{text}' had the following error: Invalid arguments in {function}"


def assert_missing(text: str, shown_path: str, data: Any, context: Any = None,
                   variables: dict | None = None) -> None:
    error = failure(text, data, context, variables)
    shown_input = json.dumps(data, separators=(",", ":"))
    assert error.error == ErrorName.RUNTIME
    assert error.cause == (f"The function '{text}' had the following error: The JsonPath argument for the field "
                           f"'{shown_path}' could not be found in the input '{shown_input}'")


# --------------------------------------------------------------------------------------------------
# Recognition and parsing
# --------------------------------------------------------------------------------------------------

def test_is_intrinsic_is_the_states_prefix() -> None:
    assert is_intrinsic("States.Format('x')")
    assert is_intrinsic("States.Anything")
    assert not is_intrinsic("$.States")
    assert not is_intrinsic(" States.Array()")
    assert not is_intrinsic("states.Array()")


def test_parse_keeps_text_function_and_variables() -> None:
    call = parse_intrinsic("States.Format('{} {}', $name.first, States.Array($other))")
    assert isinstance(call, Intrinsic)
    assert call.text == "States.Format('{} {}', $name.first, States.Array($other))"
    assert call.function == "States.Format"
    assert call.variables == frozenset({"name", "other"})
    assert call.returns_string
    assert not parse_intrinsic("States.Array()").returns_string
    assert repr(call).startswith("Intrinsic(")


@pytest.mark.parametrize("text, expected", [
    ("States.Array(1, -2, 0, 1.5, -0.25, 1e2, 2E-1)", [1, -2, 0, 1.5, -0.25, 100.0, 0.2]),
    ("States.Array(null, true, false)", [None, True, False]),
    ("States.Array('a', '', ' spaced ')", ["a", "", " spaced "]),
    ("States.Array('it\\'s', 'back\\\\slash', 'br\\{ace\\}')", ["it's", "back\\slash", "br{ace}"]),
    ("States.Array('{\"unescaped\": \"braces\"}')", ['{"unescaped": "braces"}']),
    ("States.Array('real\nnewline')", ["real\nnewline"]),
    ("States.Array( 1 ,2 ,\t3 )", [1, 2, 3]),
    ("States.Array(States.Array(), States.Array(States.Array(1)))", [[], [[1]]]),
    ("States.Array()", []),
    ("States.Array(1)  ", [1]),
])
def test_literals_and_nesting(text: str, expected: list) -> None:
    result = run(text)
    assert result == expected
    assert [type(item) for item in result] == [type(item) for item in expected]


def test_path_arguments_with_brackets_commas_and_filters() -> None:
    data = {"a,b": 1, "list": [{"k": 1, "v": "one"}, {"k": 2, "v": "two"}], "x": {"y": "z"}}
    assert run("States.Array($['a,b'], $.x.y, $.list[1].v)", data) == [1, "z", "two"]
    assert run("States.Array($.list[?(@.k == 2)].v)", data) == [["two"]]
    assert run("States.Array($.list[*].k, $)", data) == [[1, 2], data]
    assert run("States.ArrayLength($.list[*].missing)", data) == 0  # an indefinite path may match nothing


def test_context_and_variable_paths() -> None:
    assert run("States.Array($$.Execution.Name, $$)", {}, {"Execution": {"Name": "n"}}) == ["n", {"Execution": {
        "Name": "n"}}]
    assert run("States.Format('{}-{}', $who.name, $count)", {}, None, {"who": {"name": "ann"}, "count": 2}) == "ann-2"


@pytest.mark.parametrize("text, message", [
    ("States.Nope(1)", "unknown intrinsic function 'States.Nope'"),
    ("States.array(1)", "unknown intrinsic function 'States.array'"),
    ("States.Array", "expected '(' after 'States.Array'"),
    ("States.Array (1)", "expected '(' after 'States.Array'"),
    ("States.Array(1", "unterminated argument list"),
    ("States.Array(1,)", "unexpected character ')'"),
    ("States.Array(1 2)", "unexpected character '2'"),
    ("States.Array(,1)", "unexpected character ','"),
    ("States.Array(1) trailing", "unexpected text after the function call"),
    ("States.Array(1.)", "invalid number '1.'"),
    ("States.Array(.5)", "unexpected character '.'"),
    ("States.Array(01)", "invalid number '01'"),
    ("States.Array(+1)", "unexpected character '+'"),
    ("States.Array(nulls)", "unexpected character 'n'"),
    ("States.Array(True)", "unexpected character 'T'"),
    ("States.Array('open)", "unterminated string literal"),
    ("States.Array('a\\nb')", "illegal escape sequence"),
    ("States.Array('say \\\"hi\\\"')", "illegal escape sequence"),
    ("States.Array([1,2])", "unexpected character '['"),
    ("States.Array(Foo.Bar(1))", "unexpected character 'F'"),
    ("States.Array($.a b)", "invalid path argument"),
    ("States.Array($..[)", "invalid path argument"),
])
def test_syntax_errors_are_reported_at_parse_time(text: str, message: str) -> None:
    with pytest.raises(InvalidIntrinsic) as info:
        parse_intrinsic(text)
    assert message in str(info.value)
    assert text in str(info.value) or repr(text) in str(info.value)


def test_not_an_intrinsic_at_all() -> None:
    with pytest.raises(InvalidIntrinsic, match="must start with 'States.'"):
        parse_intrinsic("$.a")


def nested(depth: int) -> str:
    return "States.Array(" * depth + "1" + ")" * depth


def test_nesting_limit_is_ten_levels() -> None:
    assert run(nested(10)) == json.loads("[" * 10 + "1" + "]" * 10)
    with pytest.raises(InvalidIntrinsic, match="nested more than 10 levels"):
        parse_intrinsic(nested(11))


def test_docs_style_nine_nested_calls() -> None:
    text = ("States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
            "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit("
            "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))")
    data = {"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:1:image-recipe/recipe/1.0.2"}}
    assert run(text, data) == "1.0"


def test_corpus_nested_calls() -> None:
    text = ("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
            "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))")
    assert run(text, None, CONTEXT) == "v2"


# --------------------------------------------------------------------------------------------------
# Unresolvable paths: States.Runtime naming the whole call, the path and the state input
# --------------------------------------------------------------------------------------------------

def test_missing_input_path() -> None:
    assert_missing("States.Format('{}', $.nope)", "$.nope", {"other": 1})
    assert_missing("States.Format('{} {}', $.other, $.a.b)", "$.a.b", {"other": 1})
    assert_missing("States.Format('{}',$.nope)", "$.nope", {"other": 1})  # the call is echoed verbatim


def test_missing_path_inside_nested_call_names_the_whole_expression() -> None:
    assert_missing("States.Format('{}', States.Format('{}', $.nope))", "$.nope", {"other": 1})


def test_missing_path_in_every_function_position() -> None:
    for text in ("States.ArrayLength($.nope)", "States.Array(1, $.nope)", "States.JsonToString($.nope)",
                 "States.StringToJson($.nope)", "States.MathAdd($.nope, 1)", "States.ArrayContains($.nope, 1)",
                 "States.JsonMerge($.nope, $.other, false)", "States.Format($.nope, 1)",
                 "States.Hash('hello', $.nope)"):
        assert_missing(text, "$.nope", {"other": 1})


def test_index_past_the_end_and_index_into_non_array_are_missing() -> None:
    assert_missing("States.Format('{}', $.items[5])", "$.items[5]", {"items": [1, 2]})
    assert_missing("States.Format('{}', $.other[0])", "$.other[0]", {"other": 1})


def test_missing_context_path_shows_the_path_against_dollar_and_the_state_input() -> None:
    assert_missing("States.Format('{}', $$.Nope.Deep)", "$.Nope.Deep", {"other": 1}, {"State": {"Name": "P"}})


def test_missing_variable_or_variable_field() -> None:
    assert_missing("States.Format('{}', $ghost)", "$ghost", {"a": 1}, None, {})
    assert_missing("States.Format('{}', $ghost)", "$ghost", {"a": 1}, None, None)
    assert_missing("States.Format('{}', $v.x)", "$v.x", {"a": 1}, None, {"v": {"y": 1}})


def test_explicit_null_is_not_missing() -> None:
    assert run("States.Format('{}', $.nul)", {"nul": None}) == "null"


def test_missing_path_message_uses_java_number_rendering() -> None:
    error = failure("States.Format('{}', $.nope)", {"big": 1e20, "small": 1.5})
    assert error.cause is not None and error.cause.endswith("""'{"big":1.0E20,"small":1.5}'""")


# --------------------------------------------------------------------------------------------------
# States.Format
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, rendered", [
    ("HelloWorld", "HelloWorld"), ("", ""), (" ", " "), (None, "null"), (1, "1"), (1.1, "1.1"), (True, "true"),
    (False, "false"), ('{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'),
    ({"Arg1": 1, "Arg2": []}, "{Arg1=1, Arg2=[]}"),  # recorded on AWS: Java Map.toString
    ([1, "two", None, [True]], "[1, two, null, [true]]"), (1.0, "1.0"), (1e7, "1.0E7"), (-0.0005, "-5.0E-4"),
])
def test_format_renders_arguments_like_aws(value: Any, rendered: str) -> None:
    assert run("States.Format('Formatting argument {}.', $.v)", {"v": value}) == f"Formatting argument {rendered}."


def test_format_context_object_renders_as_java_map() -> None:
    text = "States.Format('fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)"
    assert run(text, {}, CONTEXT) == ("fst=exec-1 and snd={Id=arn:aws:states:us-east-1:111111111111:stateMachine:"
                                      "my-sm-v2, Name=my-sm-v2}.")


def test_format_escapes_and_literal_arguments() -> None:
    assert run("States.Format('\\{\\} {} \\\\ \\'q\\'', 'x')") == "{} x \\ 'q'"
    assert run("States.Format('no placeholders')") == "no placeholders"
    assert run("States.Format('  {}  ', 'x')") == "  x  "
    assert run("States.Format('{}{}', 1, States.MathAdd(1, 1))") == "12"
    assert run("States.Format('arn:{}:{}', $.svc, States.JsonToString($.obj))", {"svc": "l", "obj": {"k": 1}}) == \
        'arn:l:{"k":1}'


def test_format_template_from_a_path_or_nested_call() -> None:
    assert run("States.Format($.template, $.name)", {"template": "Hello {}", "name": "Ada"}) == "Hello Ada"
    assert run("States.Format($.t, 1)", {"t": "\\{{}\\}"}) == "{1}"
    assert run("States.Format(States.Format('{}{}', '{', '}'), 'x')") == "x"


def test_format_renders_a_string_to_json_result_as_json() -> None:
    assert run("States.Format('{}', States.StringToJson($.j))", {"j": '"x"'}) == '"x"'
    assert run("States.Format('{}', States.StringToJson($.j))", {"j": '{"a": [1]}'}) == '{"a":[1]}'


@pytest.mark.parametrize("text, data, detail", [
    ("States.Format('{} {}', $.a)", {"a": "x"},
     "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}."),
    ("States.Format('{}', $.a, $.b)", {"a": "x", "b": "y"},
     "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}."),
    ("States.Format('Hello {', $.a)", {"a": "x"}, "Invalid template in States.Format: matching '}' not found for '{'."),
    ("States.Format('Hello {{}}', $.a)", {"a": "x"},
     "Invalid template in States.Format: matching '}' not found for '{'."),
    ("States.Format('}')", {}, "Invalid template in States.Format: matching '{' not found for '}'."),
    ("States.Format($.t, 1)", {"t": "{"}, "Invalid template in States.Format: matching '}' not found for '{'."),
    ("States.Format($.t, 1)", {"t": 123}, "Invalid arguments in States.Format"),
    ("States.Format(null)", {}, "Invalid arguments in States.Format"),
    ("States.Format()", {}, "Invalid arguments in States.Format"),
])
def test_format_failures(text: str, data: Any, detail: str) -> None:
    error = failure(text, data)
    assert error.error == ErrorName.RUNTIME
    assert error.cause == f"The function '{text}' had the following error: {detail}"


def test_format_bad_literal_template_still_reports_missing_paths_first() -> None:
    assert_missing("States.Format('{', $.nope)", "$.nope", {})


# --------------------------------------------------------------------------------------------------
# JSON functions
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("null", None), ("1", 1), ("true", True), ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
    ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}), (' {"a":1} ', {"a": 1}), ('"hello"', "hello"),
    ("1.0", 1.0), ("", None), ("   ", None), ('{"a":"it\'s"}', {"a": "it's"}),
])
def test_string_to_json(text: str, value: Any) -> None:
    result = run("States.StringToJson($.s)", {"s": text})
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize("value", ["{bad json}", '{"a":1', "undefined", "NaN", "Infinity", "[1] 2", 123, {"a": 1},
                                   [1, 2], None, True])
def test_string_to_json_rejects_non_json(value: Any) -> None:
    assert_invalid_arguments("States.StringToJson($.s)", "States.StringToJson", {"s": value})


def test_string_to_json_literal_with_unescaped_braces() -> None:
    text = "States.JsonMerge(States.StringToJson('{\"c\": \"false\"}'), $$.Execution.Input.f, false)"
    assert run(text, {}, {"Execution": {"Input": {"f": {"k": "v"}}}}) == {"c": "false", "k": "v"}


@pytest.mark.parametrize("value, text", [
    (None, "null"), (0, "0"), (1, "1"), (1.1, "1.1"), ("HelloWorld", '"HelloWorld"'),
    ([1, 2, "HelloWorld"], '[1,2,"HelloWorld"]'), ({"Arg1": 1, "Arg2": []}, '{"Arg1":1,"Arg2":[]}'),
    (1.0, "1.0"), ({"f": [1e7, 1.5e-4, 1e21, -0.0]}, '{"f":[1.0E7,1.5E-4,1.0E21,-0.0]}'),
    ({"é": "ü\n\"q\""}, '{"é":"ü\\n\\"q\\""}'), (True, "true"),
])
def test_json_to_string(value: Any, text: str) -> None:
    assert run("States.JsonToString($.v)", {"v": value}) == text


def test_json_to_string_of_whole_input_and_literals() -> None:
    assert run("States.JsonToString($)", {"other": 1}) == '{"other":1}'
    assert run("States.JsonToString('x')") == '"x"'


def test_json_merge_is_shallow_right_wins() -> None:
    left = {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}
    right = {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}
    merged = run("States.JsonMerge($.l, $.r, false)", {"l": left, "r": right})
    assert merged == {"a": {"a3": 1, "a4": 2}, "b": 2, "d": 4, "c": 3}
    assert list(merged) == ["a", "b", "d", "c"]
    assert left == {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}  # inputs are not modified


def test_json_merge_accepts_a_non_boolean_shallow_flag() -> None:
    assert run("States.JsonMerge($.a, $.b, $.deep)", {"a": {}, "b": {"x": 1}, "deep": "false"}) == {"x": 1}


@pytest.mark.parametrize("data", [
    {"a": None, "b": {}, "deep": False}, {"a": {}, "b": None, "deep": False}, {"a": [], "b": {}, "deep": False},
    {"a": {}, "b": "x", "deep": False}, {"a": {"n": {"l": 1}}, "b": {"n": {"r": 2}}, "deep": True},
])
def test_json_merge_failures(data: dict) -> None:
    assert_invalid_arguments("States.JsonMerge($.a, $.b, $.deep)", "States.JsonMerge", data)


# --------------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------------

def test_array_keeps_values_and_order() -> None:
    assert run("States.Array($.a, $.b)", {"a": {"Arg1": 1, "Arg2": []}, "b": 1}) == [{"Arg1": 1, "Arg2": []}, 1]
    assert run("States.Array(42, true, null, 'hello')") == [42, True, None, "hello"]


@pytest.mark.parametrize("array, size, chunks", [
    ([], 1, []), ([0, 1], 1, [[0], [1]]), ([0, 1], 3, [[0, 1]]), ([0, 1, 2, 3], 3, [[0, 1, 2], [3]]),
    ([1, 2, 3, 4, 5], 2.6, [[1, 2], [3, 4], [5]]), ([1, 2, 3, 4, 5], 2.4, [[1, 2], [3, 4], [5]]),
    ([1, 2, 3], 2147483647, [[1, 2, 3]]), ([[1], [2], [3]], 2, [[[1], [2]], [[3]]]),
])
def test_array_partition(array: list, size: Any, chunks: list) -> None:
    assert run("States.ArrayPartition($.a, $.n)", {"a": array, "n": size}) == chunks


@pytest.mark.parametrize("array, size", [
    ([1, 2, 3], 0), ([1, 2, 3], -1), ([1, 2, 3], 0.6), ([1, 2, 3], 0.49), ([1, 2, 3], -0.4), ([1, 2, 3], "2"),
    ([1, 2, 3], None), ([1, 2, 3], True), ("not-array", 2), ({"a": 1}, 2),
])
def test_array_partition_failures(array: Any, size: Any) -> None:
    assert_invalid_arguments("States.ArrayPartition($.a, $.n)", "States.ArrayPartition", {"a": array, "n": size})


@pytest.mark.parametrize("array, value, found", [
    ([], None, False), ([], 1, False), ([[1, 2, 3], 2], None, False), ([{"1": 2, "2": []}], [], False),
    ([True, False], True, True), ([True, False], False, True), ([1, 2, 3], 2, True), ([1, 2, 3], 5, False),
    ([1, None, 3], None, True), ([{"a": 1}, {"b": 2}], {"a": 1}, True), ([[1, 2], [3, 4]], [1, 2], True),
    ([{"a": 1}], {"a": 1, "extra": None}, False), ([0, 1, -1, -1.5], False, False),
    # AWS compares Java renderings: key order matters, "true" matches true, "9007199254740991" matches the number
    ([{"a": 1, "b": 2}], {"b": 2, "a": 1}, False), (["true", "false"], True, True),
    (["-1", "9007199254740991"], 9007199254740991, True),
])
def test_array_contains(array: list, value: Any, found: bool) -> None:
    assert run("States.ArrayContains($.a, $.v)", {"a": array, "v": value}) is found


def test_array_contains_failures() -> None:
    assert_invalid_arguments("States.ArrayContains('not-array', 'x')", "States.ArrayContains")
    assert_invalid_arguments("States.ArrayContains($.a)", "States.ArrayContains", {"a": [1]})
    assert_invalid_arguments("States.ArrayContains($.a, 2, 999)", "States.ArrayContains", {"a": [1]})


@pytest.mark.parametrize("start, end, step, values", [
    (0, 9, 3, [0, 3, 6, 9]), (0, 10, 3, [0, 3, 6, 9]), (1, 9, 9, [1]), (1, 9, 2, [1, 3, 5, 7, 9]),
    (-2, 2, 2, [-2, 0, 2]), (3, 3, 1, [3]), (3, 3, -1, [3]), (5, 1, -2, [5, 3, 1]), (5, 1, 1, []), (1, 5, -1, []),
    (1.4, 5.6, 2.2, [1, 3, 5]), (1.6, 1.4, 1, [1]), (5.4, -0.6, -2.4, [5, 3, 1]),
])
def test_array_range(start: Any, end: Any, step: Any, values: list) -> None:
    assert run("States.ArrayRange($.s, $.e, $.t)", {"s": start, "e": end, "t": step}) == values


def test_array_range_limit_is_1000_items() -> None:
    assert run("States.ArrayRange(1, 1000, 1)") == list(range(1, 1001))
    assert run("States.ArrayRange(1000, 1, -1)") == list(range(1000, 0, -1))
    assert_invalid_arguments("States.ArrayRange(1, 1001, 1)", "States.ArrayRange")
    assert_invalid_arguments("States.ArrayRange(1001, 1, -1)", "States.ArrayRange")


@pytest.mark.parametrize("text", [
    "States.ArrayRange('a', 5, 1)", "States.ArrayRange(1, 'b', 1)", "States.ArrayRange(1, 5, 'c')",
    "States.ArrayRange(1, 10, 0)", "States.ArrayRange(1, 10, 0.49)", "States.ArrayRange(1, 5)",
    "States.ArrayRange(1, 5, 1, 99)", "States.ArrayRange(null, 5, 1)",
])
def test_array_range_failures(text: str) -> None:
    assert_invalid_arguments(text, "States.ArrayRange")


@pytest.mark.parametrize("array, index, item", [
    ([1, 2, 3, 4, 5, 6, 7, 8, 9], 5, 6), (["a", "b", "c"], 0, "a"), ([None], 0, None), ([{"a": 1}, {"b": 2}], 1,
                                                                                      {"b": 2}),
    ([10, 20, 30], 1.2, 20), ([], 999, None), ([], 0, None),
])
def test_array_get_item(array: list, index: Any, item: Any) -> None:
    assert run("States.ArrayGetItem($.a, $.i)", {"a": array, "i": index}) == item


@pytest.mark.parametrize("array, index", [
    ([10, 20, 30], 3), ([10, 20, 30], -1), ([10, 20, 30], "1"), ([10, 20, 30], None), ("not-array", 0),
])
def test_array_get_item_failures(array: Any, index: Any) -> None:
    assert_invalid_arguments("States.ArrayGetItem($.a, $.i)", "States.ArrayGetItem", {"a": array, "i": index})


def test_array_length() -> None:
    assert run("States.ArrayLength($.a)", {"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]}) == 9
    assert run("States.ArrayLength(States.Array())") == 0
    assert_invalid_arguments("States.ArrayLength($.a)", "States.ArrayLength", {"a": "abc"})
    assert_invalid_arguments("States.ArrayLength($.a, $.a)", "States.ArrayLength", {"a": []})


@pytest.mark.parametrize("array, unique", [
    ([1, 2, 3, 3, 3, 4], [1, 2, 3, 4]), (["a", "b", "a", "c", "b"], ["a", "b", "c"]), ([], []),
    ([None, None, 1, None], [None, 1]), ([1, 2, 1, 3, 2, 4], [1, 2, 3, 4]),
    ([{"a": 1}, {"a": 1}], [{"a": 1}]), ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], [{"a": 1, "b": 2}]),
    ([{"nested": {"x": 1}}, {"nested": {"x": 1}}], [{"nested": {"x": 1}}]),
    # java.util.HashSet iteration order, as AWS returns it
    ([True, False, True, False], [False, True]), ([[1, 2], [1, 2], [2, 1]], [[2, 1], [1, 2]]),
    ([1, "1", 1, "01"], [1, "1", "01"]), ([1, 1.0], [1.0, 1]),
])
def test_array_unique(array: list, unique: list) -> None:
    result = run("States.ArrayUnique($.a)", {"a": array})
    assert result == unique
    assert [type(item) for item in result] == [type(item) for item in unique]


def test_array_unique_large_arrays_use_the_resized_table_order() -> None:
    values = list(range(40, 0, -1)) * 2
    assert run("States.ArrayUnique($.a)", {"a": values}) == list(range(1, 41))


def test_array_unique_failures() -> None:
    assert_invalid_arguments("States.ArrayUnique('not-array')", "States.ArrayUnique")
    assert_invalid_arguments("States.ArrayUnique($.o)", "States.ArrayUnique", {"o": {"a": 1}})


# --------------------------------------------------------------------------------------------------
# Encoding and hashing
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, encoded", [
    ("", ""), ("Data to encode", "RGF0YSB0byBlbmNvZGU="), ("✓", "4pyT"), ("こんにちは", "44GT44KT44Gr44Gh44Gv"),
    ("line1\nline2", "bGluZTEKbGluZTI="), ("abc\x00def", "YWJjAGRlZg=="), ("🚀", "8J+agA=="), (">>>", "Pj4+"),
])
def test_base64_round_trip(text: str, encoded: str) -> None:
    assert run("States.Base64Encode($.s)", {"s": text}) == encoded
    assert run("States.Base64Decode($.s)", {"s": encoded}) == text


@pytest.mark.parametrize("encoded, text", [
    (" YWJjZA== ", "abcd"), ("abc", "i\ufffd"), ("YQ", "a"), ("ab==cd", "i"), ("YQ==YQ==", "a"), ("Pj4-", ">>>"),
    ("!!!aGVsbG8=!!!", "hello"), ("/w==", "\ufffd"),
])
def test_base64_decode_is_lenient_like_aws(encoded: str, text: str) -> None:
    assert run("States.Base64Decode($.s)", {"s": encoded}) == text


@pytest.mark.parametrize("function", ["States.Base64Encode", "States.Base64Decode"])
def test_base64_limits_and_types(function: str) -> None:
    assert run(f"{function}($.s)", {"s": "A" * 10000}) != ""
    invalid: tuple[Any, ...] = ("A" * 10001, "😀" * 5001, 123, {}, ["x"], None)
    for value in invalid:
        assert_invalid_arguments(f"{function}($.s)", function, {"s": value})
    assert_invalid_arguments(f"{function}()", function)
    assert_invalid_arguments(f"{function}('a', 'b')", function)


@pytest.mark.parametrize("algorithm, digest", [
    ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
    ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
    ("SHA-512", "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533"
                "d30d425402d4f91316d871303aac4"),
])
def test_hash_algorithms(algorithm: str, digest: str) -> None:
    assert run("States.Hash($.d, $.a)", {"d": "input data", "a": algorithm}) == digest


def test_hash_of_unicode_and_stringified_values() -> None:
    assert run("States.Hash($.s, 'SHA-256')", {"s": "✓"}) == \
        "1dabba21cdad44541f6b15796f8d22978fc7ea10c46aeceeeeb66c23b3ac7604"
    assert run("States.Hash(123, 'MD5')") == run("States.Hash('123', 'MD5')")
    assert run("States.Hash($.o, 'MD5')", {"o": {"a": 1}}) == run("States.Hash('{a=1}', 'MD5')")
    assert len(run("States.Hash($.s, 'SHA-256')", {"s": "a" * 10000})) == 64


@pytest.mark.parametrize("data, algorithm", [
    ("a" * 10001, "SHA-256"), ("data", "sha-256"), ("data", "SHA256"), ("data", "MD-5"), ("data", ""),
    ("data", "SHA-257"), ("data", 123), ("data", None),
])
def test_hash_failures(data: Any, algorithm: Any) -> None:
    assert_invalid_arguments("States.Hash($.d, $.a)", "States.Hash", {"d": data, "a": algorithm})


def test_hash_arity() -> None:
    assert_invalid_arguments("States.Hash()", "States.Hash")
    assert_invalid_arguments("States.Hash('hello')", "States.Hash")
    assert_invalid_arguments("States.Hash('hello', 'SHA-256', 'extra')", "States.Hash")


# --------------------------------------------------------------------------------------------------
# Math
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second, total", [
    # recorded on AWS: each operand is rounded half-up (Java Math.round) before adding
    (-9, 3, -6), (1.5, 1.51, 4), (-1.49, -1.5, -2), (1.49, 0, 1), (1.49, -1.49, 0), (1.5, 0, 2), (1.51, 0, 2),
    (-1.5, 0, -1), (0.5, 0, 1), (-2.5, 0, -2), (-3.5, 0, -3), (2.5, 0, 3), (-0.5, 0.5, 1), (1.6, 2.7, 5),
    (0.1, 0.2, 0), (0.49999999999999994, 0, 0), (2147483647, 0, 2147483647), (-2147483647, -1, -2147483648),
])
def test_math_add(first: Any, second: Any, total: int) -> None:
    result = run("States.MathAdd($.a, $.b)", {"a": first, "b": second})
    assert result == total and type(result) is int


@pytest.mark.parametrize("text", [
    "States.MathAdd(2147483647, 1)", "States.MathAdd(-2147483648, -1)", "States.MathAdd(3000000000, 1)",
    "States.MathAdd(-3000000000, 1)", "States.MathAdd('a', 1)", "States.MathAdd(1, '2')", "States.MathAdd(null, 1)",
    "States.MathAdd(true, 1)", "States.MathAdd(1)", "States.MathAdd(1, 2, 3)", "States.MathAdd(1e309, 1)",
    "States.MathAdd(States.Array(1), 1)",
])
def test_math_add_failures(text: str) -> None:
    assert_invalid_arguments(text, "States.MathAdd")


def test_math_add_nested_and_with_variables() -> None:
    text = "States.MathAdd(States.MathAdd(States.MathAdd($y, $x), $z), $bias)"
    assert run(text, {}, None, {"x": 9, "y": 44, "z": 6, "bias": 4.3}) == 63


def test_math_random_seeded_matches_java_util_random() -> None:
    assert run("States.MathRandom(-5, 5, 42)") == -5  # recorded on AWS
    first = run("States.MathRandom(1, 1000, 7)")
    assert all(run("States.MathRandom(1, 1000, 7)") == first for _ in range(5))
    assert 1 <= run("States.MathRandom(1, 16, -10)") < 16
    assert 2147483640 <= run("States.MathRandom($.s, $.e, $.seed)", {"s": 2147483640, "e": 2147483647, "seed": 1}) \
        < 2147483647


def test_math_random_unseeded_uses_the_given_rng_and_stays_in_range() -> None:
    call = parse_intrinsic("States.MathRandom(1.6, 5.4)")  # bounds truncate to [1, 5)
    values = {call.evaluate({}, None, None, rng=random.Random(seed)) for seed in range(200)}
    assert values == {1, 2, 3, 4}
    assert call.evaluate({}, rng=random.Random(3)) == call.evaluate({}, rng=random.Random(3))
    assert 1 <= run("States.MathRandom(1, 999)") < 999


@pytest.mark.parametrize("text", [
    "States.MathRandom(1, 1)", "States.MathRandom(10, 5)", "States.MathRandom(1.4, 1.6)",
    "States.MathRandom(1.49, 1.49)", "States.MathRandom('a', 10)", "States.MathRandom(1, 'b')",
    "States.MathRandom(1, 10, 'seed')", "States.MathRandom(1, 10, null)", "States.MathRandom(1)",
    "States.MathRandom(1, 10, 5, 99)", "States.MathRandom(-2147483648, 2147483647)",
])
def test_math_random_failures(text: str) -> None:
    assert_invalid_arguments(text, "States.MathRandom")


# --------------------------------------------------------------------------------------------------
# Strings and UUID
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, delimiters, tokens", [
    ("1,2,3,4,5", ",", ["1", "2", "3", "4", "5"]), ("This.is+a,test=string", ".+,=", ["This", "is", "a", "test",
                                                                                         "string"]),
    ("split on T and \nnew line", "T\n", ["split on ", " and ", "new line"]), ("a,,b", ",", ["a", "b"]),
    (",a,b,", ",", ["a", "b"]), (",", ",", []), ("", ",", []), ("abc", "", ["abc"]), ("1a2b3ab4", "ab",
                                                                                    ["1", "2", "3", "4"]),
    ("a|b.c", "|", ["a", "b.c"]), ("a😀b", "😀", ["a", "b"]),
])
def test_string_split_is_a_string_tokenizer(text: str, delimiters: str, tokens: list) -> None:
    assert run("States.StringSplit($.s, $.d)", {"s": text, "d": delimiters}) == tokens


def test_string_split_literal_with_real_newline() -> None:
    assert run("States.StringSplit('Hello\nWorld', '\n')") == ["Hello", "World"]


@pytest.mark.parametrize("text, delimiters", [(123, ","), ("a,b", 1), (None, ","), ("a,b", None), (False, ","),
                                              ("a,b", [","])])
def test_string_split_failures(text: Any, delimiters: Any) -> None:
    assert_invalid_arguments("States.StringSplit($.s, $.d)", "States.StringSplit", {"s": text, "d": delimiters})


def test_uuid() -> None:
    value = run("States.UUID()")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
    assert run("States.UUID()") != value
    call = parse_intrinsic("States.UUID()")
    assert call.evaluate(None, rng=random.Random(1)) == call.evaluate(None, rng=random.Random(1))
    assert_invalid_arguments("States.UUID(1)", "States.UUID")


# --------------------------------------------------------------------------------------------------
# Renderings and properties
# --------------------------------------------------------------------------------------------------

def test_java_string_and_json_helpers() -> None:
    assert java_string({"a": [1, None, "x"], "b": {"c": 2.0}}) == "{a=[1, null, x], b={c=2.0}}"
    assert java_json({"a": [1, None, "x"], "b": {"c": 2.0}}) == '{"a":[1,null,"x"],"b":{"c":2.0}}'
    assert java_string(123456789012345678901234567890) == "123456789012345678901234567890"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_json_to_string_round_trips_through_string_to_json(value: Any) -> None:
    text = run("States.JsonToString($.v)", {"v": value})
    assert run("States.StringToJson($.t)", {"t": text}) == value
    assert json.loads(text) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_java_double_rendering_round_trips(value: float) -> None:
    text = java_string(value)
    assert float(text) == value
    assert math.copysign(1.0, float(text)) == math.copysign(1.0, value)
    assert ("E" in text) == (value != 0.0 and not 1e-3 <= abs(value) < 1e7)
    assert "." in text.split("E")[0]


@given(st.lists(st.integers(-50, 50) | st.text(max_size=2) | st.booleans() | st.none(), max_size=30))
def test_array_unique_keeps_each_distinct_value_once(values: list) -> None:
    result = run("States.ArrayUnique($.a)", {"a": values})
    assert len(result) == len({(type(v), v) for v in values})
    assert all(any(type(v) is type(r) and v == r for v in values) for r in result)


def test_evaluation_does_not_reparse_or_mutate() -> None:
    call = parse_intrinsic("States.ArrayPartition(States.Array($.a, 2, 3), 2)")
    data = {"a": [1]}
    assert call.evaluate(data) == [[[1], 2], [3]]
    assert call.evaluate(data) == [[[1], 2], [3]]
    assert data == {"a": [1]}
