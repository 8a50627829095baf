"""Property: whatever definition and input it is given, ``asl.run`` ends -- and ends cleanly.

Random state graphs of all eight state types, their fields drawn from realistic values and from
garbage (bad paths, wrong types, missing Next, cycles, random Parameters templates, intrinsic
strings, Choice rules), run on random JSON inputs. The engine either refuses the definition with
a :class:`asl.DefinitionError` whose diagnostics are located, or returns an execution result with
an AWS status. Anything else escaping -- a ``KeyError``, an ``OverflowError``, a hang -- is a bug.
"""
from __future__ import annotations

import functools
import signal
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


@st.composite
def sometimes_garbage(draw: st.DrawFn, good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
    return draw(bad) if draw(DIRTY) and draw(st.integers(0, 7)) == 0 else draw(good)


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                         st.floats(allow_nan=False, allow_infinity=False, width=32), st.text(max_size=8))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["a", "b", "items", "n", "s", "t"]), inner,
                                                 max_size=4)), max_leaves=12)

# Inputs shaped like what the paths below expect, most of the time: the runs then get past their first
# state and exercise the rest of the machine.
orders = st.fixed_dictionaries(
    {"a": st.fixed_dictionaries({"b": json_values}), "b": json_values,
     "items": st.lists(st.one_of(st.integers(-3, 3), json_values), max_size=4),
     "n": st.integers(-5, 100), "s": st.sampled_from(["a,b", "", "x", '{"k": 1}', "héllo"]),
     "t": st.sampled_from(["2024-01-01T00:00:30Z", "2023-06-01T12:00:00+02:00", "soon"])},
    optional={"delay": st.integers(0, 3600), "missing": st.just({"deeper": 1})})
inputs = st.one_of(orders, orders, json_values)

good_paths = st.sampled_from([
    "$", "$.a", "$.b", "$.a.b", "$.items", "$.items[0]", "$.items[-1]", "$.items[*]", "$.n", "$.s", "$.t",
    "$.missing.deeper", "$..a", "$['a']", "$.a[?(@.b > 1)]", "$.items[1:3]", "$$", "$$.Execution.Input",
    "$$.State.Name", "$$.State.RetryCount", "$$.Map.Item.Value", "$$.Map.Item.Index", "$$.Execution.StartTime",
    "$counter", "$counter.a", "$undefined",
])
bad_paths = st.one_of(st.sampled_from(["", "a", "$.", "$[", "$.a..b", "null", "$$.", "$states.input", "$.a[",
                                       "States.Nope()"]), st.text(max_size=6), json_scalars)
paths = sometimes_garbage(good_paths, bad_paths)
# Reference Paths: what SecondsPath, ItemsPath, a Choice rule's Variable and the like must be.
reference_paths = sometimes_garbage(st.sampled_from([
    "$", "$.a", "$.b", "$.a.b", "$.items", "$.items[0]", "$.n", "$.s", "$.t", "$.missing.deeper", "$$.Execution.Input",
    "$$.State.Name", "$$.State.RetryCount", "$$.Map.Item.Value", "$counter", "$undefined"]), bad_paths)
# The *Path fields of Wait, Task, Map and Fail: Reference Paths into the input (no context object).
value_paths = sometimes_garbage(st.sampled_from([
    "$", "$.a", "$.b", "$.a.b", "$.items", "$.items[0]", "$.n", "$.s", "$.t", "$.missing.deeper", "$counter",
    "$undefined"]), bad_paths)
result_paths = sometimes_garbage(st.sampled_from(["$", "$.a", "$.b", "$.result", "$.a.b.c", "$.items[0]", "$.n.deeper",
                                                  "$.s", None]), bad_paths)

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
string_intrinsics = st.sampled_from([
    "States.Format('order {} failed', $.n)", "States.JsonToString($.a)", "States.ArrayGetItem($.items, 0)",
    "States.Base64Encode($.s)", "States.Hash($.s, 'MD5')", "States.UUID()"])
intrinsics = sometimes_garbage(good_intrinsics, st.one_of(random_intrinsics, st.sampled_from([
    "States.Nope()", "States.Format(", "States.UUID(1)", "States.Format('\\{}', 1)", "States.",
    "States.Format('{}', $.)"])))

dynamic_values = st.one_of(paths, intrinsics)
optional_paths = st.one_of(paths, st.none())


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


TEMPLATES = templates()


@functools.cache
def assignments(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Assign: literal and ``.$`` variables. A nested scope assigns names of its own (it may read outer ones)."""
    suffix = f"_{depth}" if depth else ""
    garbage = st.sampled_from(["states", "9lives", "", "why"])
    literal = st.dictionaries(sometimes_garbage(st.sampled_from(["counter" + suffix, "label" + suffix]), garbage),
                              json_values, max_size=2)
    dynamic = st.dictionaries(sometimes_garbage(st.sampled_from(["why" + suffix, "total" + suffix]), garbage).map(
        lambda n: n + ".$"), dynamic_values, max_size=2)
    return st.tuples(literal, dynamic).map(lambda both: {**both[0], **both[1]})


# ---- states ---------------------------------------------------------------------------------------

comparisons = st.sampled_from([
    ("StringEquals", st.text(max_size=3)), ("StringLessThan", st.text(max_size=3)),
    ("StringMatches", st.sampled_from(["a*", "*", "\\*", "x*y"])), ("NumericEquals", st.integers(-3, 3)),
    ("NumericGreaterThan", st.floats(-5, 5)), ("NumericLessThanEqualsPath", reference_paths),
    ("BooleanEquals", st.booleans()), ("TimestampLessThan", st.just("2024-01-01T00:00:00Z")),
    ("TimestampEqualsPath", reference_paths), ("IsPresent", st.booleans()), ("IsNull", st.booleans()),
    ("IsNumeric", st.booleans()), ("IsString", st.booleans()), ("IsTimestamp", st.booleans()),
    ("StringEqualsPath", reference_paths), ("BooleanEqualsPath", reference_paths),
])
bad_comparisons = st.sampled_from([("NumericEquals", st.text(max_size=2)), ("StringEquals", json_scalars),
                                   ("TimestampLessThan", st.just("nope")), ("NoSuchOperator", st.just(1))])


@st.composite
def choice_rules(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    kind = draw(st.integers(0, 6 if depth < 2 else 3))
    if kind <= 3:
        operator, values = draw(sometimes_garbage(comparisons, bad_comparisons))
        return {"Variable": draw(reference_paths), operator: draw(values)}
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


def catchers(names: tuple[str, ...], depth: int, errors: st.SearchStrategy[list[str]] | None = None
             ) -> st.SearchStrategy[dict[str, Any]]:
    error_equals = errors if errors is not None else error_lists()
    return st.fixed_dictionaries({"ErrorEquals": error_equals, "Next": st.sampled_from(names)},
                                 optional={"ResultPath": result_paths, "Assign": assignments(depth)})


@functools.cache
def retry_lists() -> st.SearchStrategy[list[dict[str, Any]]]:
    catch_all = st.one_of(st.none(), retriers().map(lambda r: {**r, "ErrorEquals": ["States.ALL"]}))
    return st.tuples(st.lists(retriers(), max_size=2), catch_all).map(lambda both: with_catch_all(*both))


@functools.cache
def catch_lists(names: tuple[str, ...], depth: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    catch_all = st.one_of(st.none(), catchers(names, depth, st.just(["States.ALL"])))
    return st.tuples(st.lists(catchers(names, depth), max_size=2), catch_all).map(
        lambda both: with_catch_all(*both))


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
        dirty = draw(DIRTY)
        if ending < 16 or not dirty:
            # The chain that keeps every state reachable (cycles come from Choice rules and catchers).
            state["Next" if later else "End"] = later[0] if later else True
        elif ending < 18:
            state["Next"] = draw(st.sampled_from(names))
        elif ending < 19:
            state["End"] = True
        # else: neither Next nor End
    if state_type != "Fail":
        maybe("InputPath", optional_paths)
        maybe("OutputPath", optional_paths)
    if state_type in ("Pass", "Task", "Parallel", "Map"):
        maybe("ResultPath", result_paths)
    if state_type in ("Pass", "Task", "Parallel"):
        maybe("Parameters", TEMPLATES)
    if state_type in ("Task", "Parallel", "Map"):
        maybe("ResultSelector", TEMPLATES)
        maybe("Retry", retry_lists())
        maybe("Catch", catch_lists(tuple(names), depth))
    if state_type not in ("Succeed", "Fail"):
        maybe("Assign", assignments(depth))
    if state_type == "Pass":
        maybe("Result", json_values)
    elif state_type == "Task":
        state["Resource"] = draw(sometimes_garbage(resources, st.sampled_from(["not an arn", "", "arn:aws:s3:::b"])))
        if state["Resource"] == "arn:aws:states:::lambda:invoke" and draw(st.integers(0, 3)):
            state["Parameters"] = {"FunctionName": draw(function_names), "Payload.$": draw(paths)}
        timeout = draw(st.sampled_from([None, "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds"]))
        if timeout == "TimeoutSecondsPath":
            state[timeout] = draw(value_paths)
        elif timeout is not None:
            state[timeout] = draw(sometimes_garbage(st.integers(1, 100), st.integers(-1, 0)))
    elif state_type == "Choice":
        rules = draw(sometimes_garbage(st.lists(choice_rules(), min_size=1, max_size=3), st.just([])))
        for position, rule in enumerate(rules):
            if draw(st.integers(0, 19)) or not draw(DIRTY):
                rule["Next"] = later[0] if later and position == 0 else draw(st.sampled_from(later or names))
            if draw(st.integers(0, 4)) == 0:
                rule["Assign"] = {f"counter_{depth}.$": draw(dynamic_values)}
        state["Choices"] = rules
        if draw(st.integers(0, 3)):
            state["Default"] = draw(st.sampled_from(names))  # possibly backwards: a cycle
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
            state[field] = draw(value_paths)
    elif state_type == "Fail":
        for field in ("Error", "Cause"):
            form = draw(st.sampled_from([None, field, field + "Path"]))
            if form == field:
                state[field] = draw(sometimes_garbage(st.text(max_size=6), json_scalars))
            elif form is not None:
                state[form] = draw(st.one_of(value_paths, string_intrinsics))
    elif state_type == "Parallel":
        count = draw(st.integers(1, 2))
        state["Branches"] = [draw(machines(depth + 1, f"{names[index]}-{branch}")) for branch in range(count)]
    elif state_type == "Map":
        processor = draw(machines(depth + 1, f"{names[index]}-"))
        mode = draw(sometimes_garbage(st.sampled_from([None, "INLINE", "DISTRIBUTED"]), st.just("SIDEWAYS")))
        if mode is not None:
            processor["ProcessorConfig"] = {"Mode": mode}
        state["ItemProcessor" if draw(st.integers(0, 4)) else "Iterator"] = processor
        maybe("ItemsPath", reference_paths)
        maybe("ItemSelector", TEMPLATES)
        concurrency = draw(st.sampled_from([None, "MaxConcurrency", "MaxConcurrencyPath"]))
        if concurrency == "MaxConcurrency":
            state[concurrency] = draw(sometimes_garbage(st.integers(0, 50), st.integers(-1, -1)))
        elif concurrency is not None:
            state[concurrency] = draw(value_paths)
        if mode == "DISTRIBUTED":
            tolerance = draw(st.sampled_from([None, "ToleratedFailureCount", "ToleratedFailurePercentage",
                                              "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"]))
            if tolerance in ("ToleratedFailureCount", "ToleratedFailurePercentage"):
                state[tolerance] = draw(sometimes_garbage(st.integers(0, 3), st.floats(-1, 101)))
            elif tolerance is not None:
                state[tolerance] = draw(value_paths)
    return state




def _reachable(machine: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = [machine["StartAt"]]
    while todo:
        name = todo.pop()
        state = machine["States"].get(name)
        if name in seen or not isinstance(state, dict):
            continue
        seen.add(name)
        todo += [state[key] for key in ("Next", "Default") if isinstance(state.get(key), str)]
        todo += [branch["Next"] for key in ("Choices", "Catch") for branch in state.get(key, [])
                 if isinstance(branch, dict) and isinstance(branch.get("Next"), str)]
    return seen


@st.composite
def machines(draw: st.DrawFn, depth: int = 0, scope: str = "") -> dict[str, Any]:
    """A ``States`` block; ``scope`` (the enclosing state and branch) keeps state names unique machine-wide."""
    count = draw(st.integers(1, 4 if depth == 0 else 2))
    names = [f"{scope}{name}" for name in NAMES[:count]]
    start = draw(sometimes_garbage(st.just(names[0]), st.sampled_from(names + ["Elsewhere"])))
    machine: dict[str, Any] = {"StartAt": start,
                               "States": {name: draw(states(names, i, depth)) for i, name in enumerate(names)}}
    terminal = any(state.get("End") is True or state.get("Type") in ("Succeed", "Fail")
                   for state in machine["States"].values())
    if not draw(DIRTY):
        if not terminal:
            machine["States"][names[-1]] = {"Type": "Succeed"}
        # Succeed and Fail states in the middle cut the chain: drop the states nothing leads to.
        reachable = _reachable(machine)
        machine["States"] = {name: state for name, state in machine["States"].items() if name in reachable}
    if depth == 0 and draw(st.integers(0, 5)) == 0:
        machine["TimeoutSeconds"] = draw(st.integers(0, 100))
    return machine


# ---- the properties -------------------------------------------------------------------------------
# A run must also end in reasonable time. An alarm stops runaway Python code, but not a runaway
# json.dumps: data that doubles round a loop (a caught error whose cause quotes the input, a
# ResultPath that nests the input in itself) would hang the run in C if the engine did not stop it
# at the 256 KiB payload limit. So a machine is first run with short histories, 10 events longer
# each time, checking every recorded payload against the limit, until a run ends on its own; only
# then is it run with the full MAX_EVENTS.

PAYLOAD_LIMIT = 262_144
TIME_LIMIT_SECONDS = 10
_PAYLOAD_FIELDS = ("input", "output", "parameters")


class _TookTooLong(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TookTooLong


def _json_size(value: Any, seen: dict[int, int]) -> int:
    """About how many characters ``value`` serialises to, without serialising it: a part shared by
    reference counts at each use but is measured once, so data that doubles round a loop is measured
    in linear time."""
    if isinstance(value, str):
        return len(value) + 2
    if not isinstance(value, (dict, list)):
        return len(repr(value))
    known = seen.get(id(value))
    if known is None:
        items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
        known = 2 + sum(_json_size(item, seen) + (len(key) + 4 if key is not None else 1) for key, item in items)
        seen[id(value)] = known
    return known


def _assert_payloads_within_the_limit(result: asl.ExecutionResult) -> None:
    seen: dict[int, int] = {}
    for event in result.events:
        for key in _PAYLOAD_FIELDS:
            if event.details and key in event.details:
                size = _json_size(event.details[key], seen)
                assert size <= PAYLOAD_LIMIT, (f"event {event.id} ({event.type}) records a {key} of about {size} "
                                               "characters: over 256 KiB without States.DataLimitExceeded")


def _run_once(definition: dict[str, Any], payload: Any, max_events: int) -> asl.ExecutionResult:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(TIME_LIMIT_SECONDS)
    try:
        result = asl.run(definition, payload, handlers=HANDLERS, max_events=max_events, seed=1)
    except _TookTooLong:
        raise AssertionError(f"asl.run did not finish within {TIME_LIMIT_SECONDS} s") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    _assert_payloads_within_the_limit(result)
    return result


def _run(definition: dict[str, Any], payload: Any) -> asl.ExecutionResult | None:
    """``asl.run`` with MAX_EVENTS; None when the definition is refused (with located diagnostics)."""
    try:
        asl.parse(definition)
    except asl.DefinitionError as refused:
        assert refused.diagnostics, "a refused definition says why"
        for diagnostic in refused.diagnostics:
            assert diagnostic.code and isinstance(diagnostic.code, str)
            assert diagnostic.message and isinstance(diagnostic.message, str)
            assert isinstance(diagnostic.location, str)
        return None
    for max_events in range(20, MAX_EVENTS, 10):
        if len(_run_once(definition, payload, max_events).events) < max_events:
            break  # the run ends on its own, well within the limit
    return _run_once(definition, payload, MAX_EVENTS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(definition=machines(), payload=inputs)
def test_any_definition_is_refused_or_runs_to_an_aws_status(definition: dict[str, Any], payload: Any) -> None:
    result = _run(definition, payload)
    if result is None:
        return
    assert result.status in STATUSES
    if result.status == "SUCCEEDED":
        assert result.error is None and result.cause is None
    else:
        assert result.error is None or isinstance(result.error, str)
    history = result.history
    assert history[0]["type"] == "ExecutionStarted"
    assert history[-1]["type"] == {"SUCCEEDED": "ExecutionSucceeded", "FAILED": "ExecutionFailed",
                                   "TIMED_OUT": "ExecutionTimedOut"}[result.status]
    assert [event["id"] for event in history] == list(range(1, len(history) + 1))


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
