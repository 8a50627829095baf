"""Property: whatever definition and input it is given, ``asl.run`` ends -- and ends cleanly.

Random state graphs of all eight state types, their fields drawn from realistic values and from
garbage (bad paths, wrong types, missing Next, cycles, random Parameters templates, intrinsic
strings, Choice rules), run on random JSON inputs. The engine either refuses the definition with
a :class:`asl.DefinitionError` whose diagnostics are located, or returns an execution result with
an AWS status. Anything else escaping -- a ``KeyError``, an ``OverflowError``, a hang -- is a bug.
"""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asl
from asl import TaskFailure

MAX_EVENTS = 500
STATUSES = {"SUCCEEDED", "FAILED", "TIMED_OUT"}
NAMES = ["Start", "Check", "Work", "Pause", "Done", "Oops"]
TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]

# ---- the task handlers every generated machine may call -----------------------------------------


def echo(event: Any) -> Any:
    """Returns what it was given."""
    return event


def refuse(event: Any) -> Any:
    """Always fails with its own error name."""
    raise TaskFailure("Order.Refused", "the order was refused")


def crash(event: Any) -> Any:
    """Fails like buggy code does: an unexpected Python exception."""
    raise KeyError("customer")


def oversize(event: Any) -> Any:
    """Returns a result over the 256 KiB payload limit."""
    return "x" * 262_145


def unserialisable(event: Any) -> Any:
    """Returns something that is not JSON."""
    return {1, 2, 3}


HANDLERS = {"echo": echo, "refuse": refuse, "crash": crash, "oversize": oversize, "unserialisable": unserialisable,
            "arn:aws:states:::sqs:sendMessage": echo, "arn:aws:states:::dynamodb:getItem": refuse}

# ---- values ---------------------------------------------------------------------------------------


# One example in three is "dirty": there, about one field in eight is garbage. The rest are clean, so that
# most machines pass validation and exercise the engine rather than the validator.
DIRTY = st.shared(st.integers(0, 2), key="dirty").map(lambda roll: roll == 0)


def sometimes_garbage(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return DIRTY.flatmap(lambda dirty: st.integers(0, 7).flatmap(lambda roll: bad if dirty and roll == 0 else good))


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                         st.floats(allow_nan=False, allow_infinity=False, width=32), st.text(max_size=8))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["a", "b", "items", "n", "s", "t"]), inner,
                                                 max_size=4)), max_leaves=12)

good_paths = st.sampled_from([
    "$", "$.a", "$.b", "$.a.b", "$.items", "$.items[0]", "$.items[-1]", "$.items[*]", "$.n", "$.s", "$.t",
    "$.missing.deeper", "$..a", "$['a']", "$.a[?(@.b > 1)]", "$.items[1:3]", "$$", "$$.Execution.Input",
    "$$.State.Name", "$$.State.RetryCount", "$$.Map.Item.Value", "$$.Map.Item.Index", "$$.Execution.StartTime",
    "$counter", "$counter.a", "$undefined",
])
bad_paths = st.one_of(st.sampled_from(["", "a", "$.", "$[", "$.a..b", "null", "$$.", "$states.input", "$.a[",
                                       "States.Nope()"]), st.text(max_size=6), json_scalars)
paths = sometimes_garbage(good_paths, bad_paths)
good_reference_paths = st.sampled_from(["$", "$.a", "$.b", "$.result", "$.a.b.c", "$.items[0]", "$.n.deeper",
                                        "$.s"])
reference_paths = sometimes_garbage(st.one_of(good_reference_paths, st.none()), bad_paths)

good_intrinsics = st.sampled_from([
    "States.Format('{} and {}', $.a, $.b)", "States.Format('{}', $.missing)", "States.Format('{}')",
    "States.StringToJson($.s)", "States.JsonToString($.a)", "States.Array($.a, 1, 'x', null)",
    "States.ArrayPartition($.items, 2)", "States.ArrayPartition($.items, 0)", "States.ArrayContains($.items, 1)",
    "States.ArrayRange(1, 9, 2)", "States.ArrayRange(0, 5000, 1)", "States.ArrayRange(1, 2, 0)",
    "States.ArrayGetItem($.items, 7)", "States.ArrayLength($.items)", "States.ArrayUnique($.items)",
    "States.Base64Encode($.s)", "States.Base64Decode('!!not base64')", "States.Hash($.s, 'SHA-256')",
    "States.Hash($.s, 'CRC32')", "States.JsonMerge($.a, $.b, false)", "States.JsonMerge($.a, $.b, true)",
    "States.MathRandom(1, 100)", "States.MathRandom(5, 1)", "States.MathAdd($.n, 1)", "States.MathAdd(1.5, 2)",
    "States.StringSplit($.s, ',')", "States.UUID()", "States.Array(States.Array(States.Array(1)))",
    "States.MathAdd($$.State.RetryCount, 1)", "States.Format('{}', $counter)", "States.ArrayLength($.n)",
])
random_intrinsics = st.builds(
    lambda name, args: f"States.{name}({', '.join(args)})",
    st.sampled_from(["Format", "Array", "MathAdd", "StringSplit", "Hash", "ArrayGetItem", "JsonMerge", "Bogus"]),
    st.lists(st.sampled_from(["$.a", "$.n", "'x'", "1", "-2.5", "null", "true", "$$.State.Name", "'{}'", "$counter"]),
             max_size=3))
intrinsics = sometimes_garbage(st.one_of(good_intrinsics, random_intrinsics),
                               st.sampled_from(["States.Nope()", "States.Format(", "States.UUID(1)",
                                                "States.Format('\\{}', 1)", "States.", "States.Format('{}', $.)"]))

dynamic_values = st.one_of(paths, intrinsics)


@st.composite
def templates(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A Payload Template: literal fields, ``.$`` fields (paths, intrinsics, garbage), nested templates."""
    template: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(["a", "b", "n", "items", "who", "x y"]), max_size=4, unique=True)):
        kind = draw(st.integers(0, 3 if depth < 2 else 1))
        if kind == 0:
            template[key] = draw(json_values)
        elif kind == 1:
            template[key + ".$"] = draw(sometimes_garbage(dynamic_values, json_scalars))
        elif kind == 2:
            template[key] = draw(templates(depth + 1))
        else:
            template[key] = [draw(templates(depth + 1)), draw(json_scalars)]
    return template


def assignments() -> st.SearchStrategy[dict[str, Any]]:
    garbage = st.sampled_from(["states", "9lives", "", "why"])
    literal = st.dictionaries(sometimes_garbage(st.sampled_from(["counter", "label"]), garbage), json_values, max_size=2)
    dynamic = st.dictionaries(sometimes_garbage(st.sampled_from(["why", "total"]), garbage).map(lambda n: n + ".$"),
                              dynamic_values, max_size=2)
    return st.tuples(literal, dynamic).map(lambda both: {**both[0], **both[1]})


# ---- states ---------------------------------------------------------------------------------------

comparisons = st.sampled_from([
    ("StringEquals", st.text(max_size=3)), ("StringLessThan", st.text(max_size=3)),
    ("StringMatches", st.sampled_from(["a*", "*", "\\*", "x*y"])), ("NumericEquals", st.integers(-3, 3)),
    ("NumericGreaterThan", st.floats(-5, 5)), ("NumericLessThanEqualsPath", good_paths),
    ("BooleanEquals", st.booleans()), ("TimestampLessThan", st.just("2024-01-01T00:00:00Z")),
    ("TimestampEqualsPath", good_paths), ("IsPresent", st.booleans()), ("IsNull", st.booleans()),
    ("IsNumeric", st.booleans()), ("IsString", st.booleans()), ("IsTimestamp", st.booleans()),
    ("StringEqualsPath", good_paths), ("BooleanEqualsPath", good_paths),
])
bad_comparisons = st.sampled_from([("NumericEquals", st.text(max_size=2)), ("StringEquals", json_scalars),
                                   ("TimestampLessThan", st.just("nope")), ("NoSuchOperator", st.just(1))])


@st.composite
def choice_rules(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    kind = draw(st.integers(0, 6 if depth < 2 else 3))
    if kind <= 3:
        operator, values = draw(sometimes_garbage(comparisons, bad_comparisons))
        return {"Variable": draw(paths), operator: draw(values)}
    if kind == 4:
        return {"Not": draw(choice_rules(depth + 1))}
    if kind == 5:
        return {"And": draw(st.lists(choice_rules(depth + 1), min_size=1, max_size=3))}
    return {"Or": draw(st.lists(choice_rules(depth + 1), min_size=1, max_size=3))}


error_names = st.sampled_from(["States.TaskFailed", "States.Timeout", "States.Runtime", "States.DataLimitExceeded",
                               "Order.Refused", "KeyError", "TypeError", "States.ResultPathMatchFailure",
                               "States.IntrinsicFailure", "Lambda.ResourceNotFoundException", "Other"])


def error_lists() -> st.SearchStrategy[list[str]]:
    return sometimes_garbage(st.lists(error_names, min_size=1, max_size=3, unique=True),
                             st.one_of(st.just([]), st.just(["States.ALL", "Other"]), st.lists(json_scalars)))


def with_catch_all(handlers: list[dict[str, Any]], catch_all: dict[str, Any] | None) -> list[dict[str, Any]]:
    """``States.ALL`` may only stand alone in the last retrier or catcher."""
    return handlers + [catch_all] if catch_all is not None else handlers


@st.composite
def retriers(draw: st.DrawFn) -> dict[str, Any]:
    retrier: dict[str, Any] = {"ErrorEquals": draw(error_lists())}
    for field, values in (("IntervalSeconds", sometimes_garbage(st.integers(1, 100_000), st.integers(-1, 0))),
                          ("MaxAttempts", sometimes_garbage(st.integers(0, 5), st.integers(-1, 99_999_999))),
                          ("BackoffRate", sometimes_garbage(st.floats(1, 10), st.floats(0, 1))),
                          ("MaxDelaySeconds", st.integers(1, 10)),
                          ("JitterStrategy", sometimes_garbage(st.sampled_from(["FULL", "NONE"]), st.just("HALF")))):
        if draw(st.booleans()):
            retrier[field] = draw(values)
    return retrier


def catchers(names: list[str], errors: st.SearchStrategy[list[str]] | None = None
             ) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"ErrorEquals": errors or error_lists(), "Next": st.sampled_from(names)},
                                 optional={"ResultPath": reference_paths, "Assign": assignments()})


def retry_lists() -> st.SearchStrategy[list[dict[str, Any]]]:
    catch_all = st.one_of(st.none(), retriers().map(lambda r: {**r, "ErrorEquals": ["States.ALL"]}))
    return st.tuples(st.lists(retriers(), max_size=2), catch_all).map(lambda both: with_catch_all(*both))


def catch_lists(names: list[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    catch_all = st.one_of(st.none(), catchers(names, st.just(["States.ALL"])))
    return st.tuples(st.lists(catchers(names), max_size=2), catch_all).map(lambda both: with_catch_all(*both))


resources = st.sampled_from([
    "arn:aws:lambda:us-east-1:123456789012:function:echo", "arn:aws:lambda:us-east-1:123456789012:function:refuse",
    "arn:aws:lambda:us-east-1:123456789012:function:crash", "arn:aws:lambda:us-east-1:123456789012:function:oversize",
    "arn:aws:lambda:us-east-1:123456789012:function:unserialisable",
    "arn:aws:lambda:us-east-1:123456789012:function:ghost", "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::dynamodb:getItem", "arn:aws:states:::nothing:here",
    "arn:aws:states:us-east-1:123456789012:activity:review",
])

function_names = st.sampled_from(["echo", "refuse", "crash", "oversize", "ghost",
                                  "arn:aws:lambda:us-east-1:123456789012:function:echo:live"])


@st.composite
def states(draw: st.DrawFn, names: list[str], index: int, depth: int) -> dict[str, Any]:
    types = TYPES if depth < 2 else TYPES[:6]  # nesting stops at the third level
    state_type = draw(sometimes_garbage(st.sampled_from(types), st.sampled_from(["Nonsense", "pass", 7])))
    state: dict[str, Any] = {"Type": state_type}

    def maybe(field: str, values: st.SearchStrategy[Any]) -> None:
        if draw(st.integers(0, 3)) == 0:
            state[field] = draw(values)

    later = names[index + 1:]
    if state_type not in ("Choice", "Succeed", "Fail"):
        ending = draw(st.integers(0, 19))
        if later and ending < 12:
            state["Next"] = later[0]  # the chain that keeps every state reachable
        elif later and ending < 15:
            state["Next"] = draw(st.sampled_from(later))
        elif ending < 17:
            state["Next"] = draw(st.sampled_from(names))  # possibly backwards: a cycle
        elif ending < 19 or not draw(DIRTY):
            state["End"] = True
        # else (dirty machines only): neither Next nor End
    if state_type != "Fail":
        maybe("InputPath", st.one_of(paths, st.none()))
        maybe("OutputPath", st.one_of(paths, st.none()))
    if state_type in ("Pass", "Task", "Parallel", "Map"):
        maybe("ResultPath", reference_paths)
    if state_type in ("Pass", "Task", "Parallel"):
        maybe("Parameters", templates())
    if state_type in ("Task", "Parallel", "Map"):
        maybe("ResultSelector", templates())
        maybe("Retry", retry_lists())
        maybe("Catch", catch_lists(names))
    if state_type not in ("Succeed", "Fail"):
        maybe("Assign", assignments())
    if state_type == "Pass":
        maybe("Result", json_values)
    elif state_type == "Task":
        state["Resource"] = draw(sometimes_garbage(resources, st.sampled_from(["not an arn", "", "arn:aws:s3:::b"])))
        if state["Resource"] == "arn:aws:states:::lambda:invoke" and draw(st.integers(0, 3)):
            state["Parameters"] = {"FunctionName": draw(function_names), "Payload.$": draw(paths)}
        timeout = draw(st.sampled_from([None, "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds"]))
        if timeout == "TimeoutSecondsPath":
            state[timeout] = draw(paths)
        elif timeout is not None:
            state[timeout] = draw(sometimes_garbage(st.integers(1, 100), st.integers(-1, 0)))
    elif state_type == "Choice":
        rules = draw(sometimes_garbage(st.lists(choice_rules(), min_size=1, max_size=3), st.just([])))
        for position, rule in enumerate(rules):
            if draw(st.integers(0, 19)) or not draw(DIRTY):
                rule["Next"] = later[0] if later and position == 0 else draw(st.sampled_from(later or names))
            if draw(st.integers(0, 4)) == 0:
                rule["Assign"] = {"counter.$": draw(dynamic_values)}
        state["Choices"] = rules
        if draw(st.integers(0, 3)):
            state["Default"] = draw(st.sampled_from(later or names))
    elif state_type == "Wait":
        field = draw(sometimes_garbage(st.sampled_from(["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]),
                                       st.none()))
        if field == "Seconds":
            state[field] = draw(sometimes_garbage(st.integers(0, 10**8),
                                                  st.one_of(st.integers(-5, 10**12), st.floats(0, 10), st.text())))
        elif field == "Timestamp":
            state[field] = draw(sometimes_garbage(
                st.sampled_from(["2024-01-01T00:00:05Z", "2023-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
                                 "2024-01-01T00:00:00.123+05:00"]),
                st.sampled_from(["2024-02-30T00:00:00Z", "tomorrow", "2024-01-01T00:00:00+25:00"])))
        elif field is not None:
            state[field] = draw(paths)
    elif state_type == "Fail":
        maybe("Error", sometimes_garbage(st.text(max_size=6), json_scalars))
        maybe("Cause", sometimes_garbage(st.text(max_size=6), json_scalars))
        maybe("ErrorPath", dynamic_values)
        maybe("CausePath", dynamic_values)
    elif state_type == "Parallel":
        state["Branches"] = draw(st.lists(machines(depth + 1), min_size=1, max_size=2))
    elif state_type == "Map":
        processor = draw(machines(depth + 1))
        mode = draw(sometimes_garbage(st.sampled_from([None, "INLINE", "DISTRIBUTED"]), st.just("SIDEWAYS")))
        if mode is not None:
            processor["ProcessorConfig"] = {"Mode": mode}
        state["ItemProcessor" if draw(st.integers(0, 4)) else "Iterator"] = processor
        maybe("ItemsPath", paths)
        maybe("ItemSelector", templates())
        concurrency = draw(st.sampled_from([None, "MaxConcurrency", "MaxConcurrencyPath"]))
        if concurrency == "MaxConcurrency":
            state[concurrency] = draw(sometimes_garbage(st.integers(0, 50), st.integers(-1, -1)))
        elif concurrency is not None:
            state[concurrency] = draw(paths)
        if mode == "DISTRIBUTED":
            tolerance = draw(st.sampled_from([None, "ToleratedFailureCount", "ToleratedFailurePercentage",
                                              "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"]))
            if tolerance in ("ToleratedFailureCount", "ToleratedFailurePercentage"):
                state[tolerance] = draw(sometimes_garbage(st.integers(0, 3), st.floats(-1, 101)))
            elif tolerance is not None:
                state[tolerance] = draw(paths)
    return state




@st.composite
def machines(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    count = draw(st.integers(1, 4 if depth == 0 else 2))
    scope = draw(st.integers(0, 999))
    names = [f"{name}{depth}_{scope}" for name in NAMES[:count]]
    start = draw(sometimes_garbage(st.just(names[0]), st.sampled_from(names + ["Elsewhere"])))
    machine: dict[str, Any] = {"StartAt": start,
                               "States": {name: draw(states(names, i, depth)) for i, name in enumerate(names)}}
    if depth == 0 and draw(st.integers(0, 5)) == 0:
        machine["TimeoutSeconds"] = draw(st.integers(0, 100))
    return machine


# ---- the properties -------------------------------------------------------------------------------

def _run(definition: dict[str, Any], payload: Any) -> asl.ExecutionResult | None:
    try:
        return asl.run(definition, payload, handlers=HANDLERS, max_events=MAX_EVENTS, seed=1)
    except asl.DefinitionError as refused:
        assert refused.diagnostics, "a refused definition says why"
        for diagnostic in refused.diagnostics:
            assert diagnostic.code and isinstance(diagnostic.code, str)
            assert diagnostic.message and isinstance(diagnostic.message, str)
            assert isinstance(diagnostic.location, str)
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(definition=machines(), payload=json_values)
def test_any_definition_is_refused_or_runs_to_an_aws_status(definition: dict[str, Any], payload: Any) -> None:
    result = _run(definition, payload)
    if result is None:
        return
    assert result.status in STATUSES
    if result.status == "SUCCEEDED":
        assert result.error is None
    else:
        assert isinstance(result.error, str) or result.error is None
    history = result.history
    assert len(history) <= MAX_EVENTS + 2
    assert history[0]["type"] == "ExecutionStarted"
    assert history[-1]["type"] in {"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut"}


@st.composite
def pass_choice_chains(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
    """A valid machine of Pass and Choice states: forward jumps only, so every run ends."""
    count = draw(st.integers(1, 8))
    names = [f"Step{i}" for i in range(count)] + ["Finish"]
    machine_states: dict[str, Any] = {"Finish": {"Type": "Succeed"}}
    for i in range(count):
        later = st.sampled_from(names[i + 1:])
        if draw(st.booleans()):
            state: dict[str, Any] = {"Type": "Pass", "Next": draw(later)}
            if draw(st.booleans()):
                state["Result"] = {"n": draw(st.integers(-5, 5))}
        else:
            state = {"Type": "Choice", "Default": draw(later),
                     "Choices": [{"Variable": "$.n", "NumericGreaterThan": draw(st.integers(-5, 5)),
                                  "Next": draw(later)}]}
        machine_states[names[i]] = state
    # Every state must be reachable: link the chain's states in order through the Defaults/Nexts drawn,
    # and make sure each is targeted by its predecessor.
    for i in range(1, count):
        previous = machine_states[names[i - 1]]
        if previous["Type"] == "Pass":
            previous["Next"] = names[i]
        else:
            previous["Default"] = names[i]
    return {"StartAt": "Step0", "States": machine_states}, {"n": draw(st.integers(-10, 10))}


@settings(max_examples=100, deadline=None)
@given(case=pass_choice_chains())
def test_history_ids_are_consecutive_and_point_backwards(case: tuple[dict[str, Any], Any]) -> None:
    definition, payload = case
    result = asl.run(definition, payload, max_events=MAX_EVENTS)
    assert result.status == "SUCCEEDED"
    ids = [event["id"] for event in result.history]
    assert ids == list(range(1, len(ids) + 1))
    for event in result.history:
        assert 0 <= event["previousEventId"] < event["id"]
    # A Pass/Choice chain is one thread: every event after the first two follows the one before it.
    assert [e["previousEventId"] for e in result.history[2:]] == ids[1:-1]
