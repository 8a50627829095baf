"""JSONata mode (``"QueryLanguage": "JSONata"``): expressions, templates and AWS's dialect.

A string value that starts with ``{%`` and ends with ``%}`` is a JSONata expression; any other
value is a literal, and objects and arrays may hold expressions at any depth (a *template*). Every
expression is parsed once, when the definition is loaded (:func:`compile_expression`,
:func:`compile_template`), and evaluated with ``$states`` and the workflow variables bound.

The evaluator is jsonata-python (a port of jsonata-java, itself a port of jsonata-js 2.x); AWS
runs JSONata 2.0.6. What this module adds or changes to behave as AWS does:

* **AWS's functions**: ``$partition``, ``$range``, ``$hash``, ``$random([seed])`` (seeded like
  ``java.util.Random``), ``$uuid`` and ``$parse``, with AWS's argument checks and messages.
  ``$eval`` is disabled (calling it is ``T1006``, "Attempted to invoke a non-function").
* **No clock**: ``$now()`` and ``$millis()`` read the time the engine passes in (``now_ms``) or,
  by default, the state's ``$states.context.State.EnteredTime`` (else the execution's start).
* **JavaScript numbers**: ``1/0`` is ``Infinity`` (AWS outputs the string ``"Infinity"``), ``%``
  keeps fractions, ``$string`` and ``&`` write numbers the way JavaScript does (``1e+21``,
  ``100000000000000000000``), ``$number`` accepts only JSON numbers (and 0x/0o/0b integers).
* **Error causes** in AWS's words, with jsonata-js's message catalog, e.g.
  ``The JSONata expression '$x.y' specified for the field 'Output/a' threw an error during
  evaluation. T1006: Attempted to invoke a non-function``. The engine prefixes the state.
* **Results** are plain JSON values: integral numbers are ``int``, JSON null is ``None``, and
  nothing (undefined) or a function is an error, never a value.

Evaluation is bounded, deterministically (no clock is read): nesting deeper than
:data:`MAX_EVALUATION_DEPTH` (AWS's own bound: depth 100 passes, 101 fails), more than
:data:`MAX_EVALUATION_STEPS` evaluation steps (AWS bounds evaluation by time; a step budget stands
in for it, about six seconds of work here), and a single sequence or string larger than AWS's
memory bound. A tail-recursive loop therefore ends with "Expression evaluation timeout: Check for
infinite loop" instead of running forever. One limitation remains: a single built-in call that is
itself slow (say ``$sort`` of a huge array) is not interrupted midway, only after it returns.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import re
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from jsonata import Jsonata
from jsonata.functions import Functions
from jsonata.jexception import JException
from jsonata.parser import Parser
from jsonata.utils import Utils

from asl.errors import ErrorName, StatesError

__all__ = [
    "MAX_EVALUATION_DEPTH",
    "MAX_EVALUATION_STEPS",
    "MAX_SEQUENCE_LENGTH",
    "MAX_STRING_LENGTH",
    "Expression",
    "InvalidJsonata",
    "Template",
    "compile_expression",
    "compile_template",
    "is_expression",
    "json_type_name",
    "top_level_references",
]

# ---- limits ---------------------------------------------------------------------------------------

#: Deepest evaluation nesting AWS allows (an expression at depth 100 evaluates, 101 fails).
MAX_EVALUATION_DEPTH: Final = 100
#: Evaluation steps one expression may take: stands in for AWS's time bound (~3 µs a step here).
MAX_EVALUATION_STEPS: Final = 2_000_000
#: Longest sequence one evaluation step may produce (AWS accepts ``[1..873782]``, not one more).
MAX_SEQUENCE_LENGTH: Final = 873_782
#: Longest string one evaluation step may produce (AWS accepts 2^22 characters, not 2^23).
MAX_STRING_LENGTH: Final = 6_990_256

_STACK_OVERFLOW = ("Stack overflow error: Check for non-terminating recursive function. "
                   "Consider rewriting as tail-recursive.")
_TIMEOUT = "Expression evaluation timeout: Check for infinite loop"
_MEMORY = "Expression evaluation memory limit exceeded: Check for excessive memory usage"

_NULL: Final = Utils.NULL_VALUE
_MAX_LONG: Final = 2**63


class InvalidJsonata(ValueError):
    """An expression that does not parse (or a value that is not an expression string).

    ``code`` is JSONata's error code (``S0202``) when there is one, ``detail`` the message without
    it, which is what AWS reports (``INVALID_JSONATA_EXPRESSION``); ``str()`` gives both.
    """

    def __init__(self, detail: str, code: str | None = None, position: int | None = None):
        super().__init__(f"{code}: {detail}" if code else detail)
        self.detail = detail
        self.code = code
        self.position = position


class _EvaluationFailure(JException):
    """A failure inside the evaluator, as the tail AWS appends to its cause sentence.

    A JException so that the evaluator passes it through untouched (it wraps other exceptions).
    """

    def __init__(self, message: str, coded: bool = True, internal: bool = False):
        RuntimeError.__init__(self, message)
        self.error, self.location, self.current, self.expected, self.extra = "", -1, None, None, None
        self.type, self.remaining = None, None
        self.message = message
        self.coded = coded  # "... during evaluation. T1006: ..." vs "... during evaluation: <message>"
        self.internal = internal


def _fail(code: str, message: str) -> _EvaluationFailure:
    return _EvaluationFailure(f"{code}: {message}")


def _signature_error(function: str, argument: int) -> _EvaluationFailure:
    return _fail("T0410", f'Argument {argument} of function "{function}" does not match function signature')


# ---- delimiters -----------------------------------------------------------------------------------

def is_expression(value: Any) -> bool:
    """Whether ``value`` is a JSONata expression string: it starts with ``{%`` and ends with ``%}``.

    Nothing may precede ``{%`` or follow ``%}`` (``" {% x %} "`` is a literal string); inside, any
    whitespace is allowed and trimmed.
    """
    return isinstance(value, str) and len(value) >= 4 and value.startswith("{%") and value.endswith("%}")


def _inner(text: str) -> str:
    return text[2:-2].strip() if is_expression(text) else text.strip()


# ---- compiling ------------------------------------------------------------------------------------

class Expression:
    """One parsed JSONata expression.

    ``source`` is the expression as AWS quotes it in causes: the text between the delimiters,
    trimmed. ``text`` is the original string.
    """

    __slots__ = ("text", "source", "_ast")

    def __init__(self, text: str, source: str, ast: Any):
        self.text = text
        self.source = source
        self._ast = ast

    def __repr__(self) -> str:
        return f"<Expression {self.source!r}>"

    def evaluate(self, states: dict[str, Any], variables: dict[str, Any], field: str, *,
                 now_ms: int | None = None, rng: random.Random | None = None) -> Any:
        """The expression's value as plain JSON, or :class:`StatesError` (QueryEvaluationError).

        ``states`` is ``$states`` (``input``, ``context`` and, where allowed, ``result`` or
        ``errorOutput``); ``variables`` the workflow variables (``$name``); ``field`` where the
        expression sits, for the cause (``Output/result``). ``now_ms`` is what ``$now()`` and
        ``$millis()`` read (default: the state's entered time); ``rng`` feeds ``$random()`` and
        ``$uuid()``.
        """
        bound_states = _to_jsonata(states)
        bound_variables = {name: _to_jsonata(value) for name, value in variables.items()}
        return self._evaluate(bound_states, bound_variables, lambda: field, now_ms, rng)

    def _evaluate(self, states: Any, variables: dict[str, Any], field: Callable[[], str],
                  now_ms: int | None, rng: random.Random | None) -> Any:
        try:
            value = _run(self._ast, states, variables, now_ms, rng)
        except _EvaluationFailure as failure:
            raise self._error(field(), failure) from None
        if value is None:
            raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                              f"{self._sentence(field())} returned nothing (undefined).")
        try:
            return _to_plain(value)
        except _Unsupported:
            raise StatesError(ErrorName.QUERY_EVALUATION_ERROR,
                              f"{self._sentence(field())} returned an unsupported result type.") from None

    def _sentence(self, field: str) -> str:
        return f"The JSONata expression '{self.source}' specified for the field '{field}'"

    def _error(self, field: str, failure: _EvaluationFailure) -> StatesError:
        if failure.internal:
            cause = f"{self._sentence(field)} threw an internal error during evaluation."
        elif failure.coded:
            cause = f"{self._sentence(field)} threw an error during evaluation. {failure.message}"
        else:
            cause = f"{self._sentence(field)} threw an error during evaluation: {failure.message}"
        return StatesError(ErrorName.QUERY_EVALUATION_ERROR, cause)

    def type_error(self, field: str, expected: str, value: Any) -> StatesError:
        """AWS's error for a value of the wrong JSON type (``expected``: ``'array'``, ``'number'`` ...)."""
        return StatesError(
            ErrorName.QUERY_EVALUATION_ERROR,
            f"{self._sentence(field)} returned an unexpected result type. Expected '{expected}', "
            f"but was '{json_type_name(value)}' for value: "
            f"{json.dumps(value, separators=(',', ':'), ensure_ascii=False)}")


def compile_expression(text: str) -> Expression:
    """Parse one expression: ``"{% ... %}"`` (or the bare text between the delimiters).

    Raises :class:`InvalidJsonata` when it does not parse.
    """
    if not isinstance(text, str):
        raise InvalidJsonata(f"A JSONata expression must be a string, not {type(text).__name__}")
    source = _inner(text)
    try:
        parsed = Jsonata(source)
    except JException as exc:
        code, detail = _render(exc)
        raise InvalidJsonata(detail, code, getattr(exc, "location", None)) from None
    except RecursionError:
        raise InvalidJsonata("The expression is nested too deeply") from None
    except Exception as exc:  # the parser's own failures (e.g. an unterminated comment)
        raise InvalidJsonata(f"Syntax error: {exc}") from None
    if parsed.errors:
        code, detail = _render(parsed.errors[0])
        raise InvalidJsonata(detail, code)
    return Expression(text, source, parsed.ast)


class _Node:
    __slots__ = ()

    def has_expressions(self) -> bool:
        return True

    def evaluate(self, run: _TemplateRun, path: str) -> Any:
        raise NotImplementedError


class _Literal(_Node):
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def has_expressions(self) -> bool:
        return False

    def evaluate(self, run: _TemplateRun, path: str) -> Any:
        value = self.value
        return _copy_json(value) if isinstance(value, (dict, list)) else value


class _ExpressionNode(_Node):
    __slots__ = ("expression",)

    def __init__(self, expression: Expression):
        self.expression = expression

    def evaluate(self, run: _TemplateRun, path: str) -> Any:
        states, variables = run.bound()
        return self.expression._evaluate(states, variables, lambda: run.field + path, run.now_ms, run.rng)


class _ObjectNode(_Node):
    __slots__ = ("items",)

    def __init__(self, items: list[tuple[str, str, _Node]]):
        self.items = items  # (key, path suffix, node)

    def evaluate(self, run: _TemplateRun, path: str) -> Any:
        return {key: node.evaluate(run, path + suffix) for key, suffix, node in self.items}


class _ArrayNode(_Node):
    __slots__ = ("items",)

    def __init__(self, items: list[tuple[str, _Node]]):
        self.items = items

    def evaluate(self, run: _TemplateRun, path: str) -> Any:
        return [node.evaluate(run, path + suffix) for suffix, node in self.items]


class _TemplateRun:
    """One evaluation of a template: ``$states`` and the variables are converted once, when needed."""

    __slots__ = ("states", "variables", "field", "now_ms", "rng", "_bound")

    def __init__(self, states: dict[str, Any], variables: dict[str, Any], field: str,
                 now_ms: int | None, rng: random.Random | None):
        self.states = states
        self.variables = variables
        self.field = field
        self.now_ms = now_ms
        self.rng = rng
        self._bound: tuple[Any, dict[str, Any]] | None = None

    def bound(self) -> tuple[Any, dict[str, Any]]:
        if self._bound is None:
            self._bound = (_to_jsonata(self.states),
                           {name: _to_jsonata(value) for name, value in self.variables.items()})
        return self._bound


class Template:
    """A field's value with its expressions parsed: a literal, an expression, or a nested structure.

    ``expression`` (and ``source``) are set when the whole value is one expression.
    """

    __slots__ = ("value", "expression", "source", "_root")

    def __init__(self, value: Any, root: _Node):
        self.value = value
        self._root = root
        self.expression = root.expression if isinstance(root, _ExpressionNode) else None
        self.source = self.expression.source if self.expression is not None else None

    def __repr__(self) -> str:
        return f"<Template {self.value!r}>"

    @property
    def is_literal(self) -> bool:
        """Whether the value holds no expression at all."""
        return not self._root.has_expressions()

    def evaluate(self, states: dict[str, Any], variables: dict[str, Any], field: str, *,
                 now_ms: int | None = None, rng: random.Random | None = None) -> Any:
        """The value with every expression replaced by its result (see :meth:`Expression.evaluate`).

        A failing expression nested in an object or array is named by its path below ``field``:
        ``Output/result``, ``Arguments/items[2]``.
        """
        return self._root.evaluate(_TemplateRun(states, variables, field, now_ms, rng), "")


def compile_template(value: Any) -> Template:
    """Parse every expression in ``value`` (nested in objects and arrays at any depth) once."""
    return Template(value, _compile_node(value))


def _compile_node(value: Any) -> _Node:
    if is_expression(value):
        return _ExpressionNode(compile_expression(value))
    if isinstance(value, dict):
        items = [(key, f"/{key}", _compile_node(item)) for key, item in value.items()]
        if any(node.has_expressions() for _, _, node in items):
            return _ObjectNode(items)
        return _Literal(value)
    if isinstance(value, list):
        elements = [(f"[{index}]", _compile_node(item)) for index, item in enumerate(value)]
        if any(node.has_expressions() for _, node in elements):
            return _ArrayNode(elements)
        return _Literal(value)
    return _Literal(value)


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


# ---- top-level references (for the validator) -----------------------------------------------------

def top_level_references(expression: str | Expression) -> list[str]:
    """The context references AWS refuses at the top level of an expression, in order, once each.

    The context at the top level is nothing: a path must start from ``$states`` or a variable. A
    path whose first step is a bare field name (``phone``, reported as ``'phone'``), ``$``
    (reported as ``'$'``) or ``$$`` (``'$$'``) is refused. Inside a predicate, a later path step,
    a sort term, a grouping or a transform, a name reads the item in hand and is allowed.
    """
    compiled = expression if isinstance(expression, Expression) else compile_expression(expression)
    found: list[str] = []
    _walk_top_level(compiled._ast, found)
    return list(dict.fromkeys(found))


def _walk_top_level(node: Any, found: list[str]) -> None:
    if isinstance(node, (list, tuple)):
        for item in node:
            _walk_top_level(item, found)
        return
    if not isinstance(node, Parser.Symbol):
        return
    kind = node.type
    if kind == "path":
        steps = node.steps or []
        if steps:
            _walk_first_step(steps[0], found)
        return
    if kind == "name":
        found.append(str(node.value))
        return
    if kind == "variable":
        _note_variable(node, found)
        return
    if kind in ("transform", "regex", "string", "number", "value", "wildcard", "descendant", "parent"):
        return
    for attribute in ("lhs", "rhs", "lhs_object", "expression", "expressions", "arguments", "condition",
                      "then", "_else", "body"):
        if kind == "lambda" and attribute == "arguments":
            continue
        if kind == "bind" and attribute == "lhs":
            continue
        child = getattr(node, attribute, None)
        if child is not None:
            _walk_top_level(child, found)
    if kind in ("function", "partial"):
        _walk_top_level(node.procedure, found)


def _walk_first_step(step: Any, found: list[str]) -> None:
    if not isinstance(step, Parser.Symbol):
        return
    if step.type == "name":
        found.append(str(step.value))
    elif step.type == "variable":
        _note_variable(step, found)
    else:
        _walk_top_level(step, found)


def _note_variable(node: Any, found: list[str]) -> None:
    if node.value == "":
        found.append("$")
    elif node.value == "$":
        found.append("$$")


# ---- values in and out ------------------------------------------------------------------------------

def _to_jsonata(value: Any) -> Any:
    """JSON as JSONata sees it: JSON null is JSONata's null marker (Python ``None`` is undefined).

    Containers without a null inside are passed as they are (the evaluator does not modify them),
    so the common case costs one walk and no copy.
    """
    if value is None:
        return _NULL
    kind = type(value)
    if kind is dict:
        return _dict_to_jsonata(value)
    if kind is list:
        return _list_to_jsonata(value)
    if isinstance(value, dict):
        return _dict_to_jsonata(dict(value))
    if isinstance(value, (list, tuple)):
        return _list_to_jsonata(list(value))
    return value


def _item_to_jsonata(item: Any) -> Any:
    """One value converted; the very same object when nothing in it needs converting."""
    if item is None:
        return _NULL
    kind = type(item)
    if kind is str or kind is int or kind is float or kind is bool:
        return item
    return _to_jsonata(item)


def _dict_to_jsonata(value: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] | None = None  # copied on the first change only
    for key, item in value.items():
        new = _item_to_jsonata(item)
        if new is not item:
            if converted is None:
                converted = dict(value)
            converted[key] = new
    return value if converted is None else converted


def _list_to_jsonata(value: list[Any]) -> list[Any]:
    converted: list[Any] | None = None  # copied on the first change only
    for index, item in enumerate(value):
        new = _item_to_jsonata(item)
        if new is not item:
            if converted is None:
                converted = list(value)
            converted[index] = new
    return value if converted is None else converted


def _materialized(array: list[Any]) -> list[Any]:
    """A plain list of a sequence's items (a lazy range included)."""
    if isinstance(array, Utils.RangeList):
        return list(range(array.a, array.b))  # the port's RangeList counts one item too many
    return list(array)


def _length(array: list[Any]) -> int:
    return array.b - array.a if isinstance(array, Utils.RangeList) else len(array)


class _Unsupported(Exception):
    """A result JSON cannot hold (a function, a regular expression)."""


def _to_plain(value: Any) -> Any:
    """A result as plain JSON: ``list``/``dict``/``str``/``int``/``float``/``bool``/``None``.

    Integral numbers are ``int`` (below 2^63; AWS writes larger ones as doubles); non-finite
    numbers are the strings AWS writes for them (``"Infinity"``, ``"-Infinity"``, ``"NaN"``).
    Inside an object an undefined value drops its key; inside an array it is null.
    """
    if value is None or value is _NULL:
        return None
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -_MAX_LONG <= value < _MAX_LONG else float(value)
    if isinstance(value, float):
        return _plain_number(value)
    if isinstance(value, dict):
        return {str(key): _to_plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_to_plain(item) for item in _materialized(value)]
    raise _Unsupported(type(value).__name__)


def _plain_number(value: float) -> Any:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and -_MAX_LONG < value < _MAX_LONG:
        return int(value)
    return value


def json_type_name(value: Any) -> str:
    """The JSON type AWS names a value by: null, boolean, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# ---- evaluation ---------------------------------------------------------------------------------------

class _Run:
    """One evaluation: the bounds' counters, and what ``$now``/``$random`` read."""

    __slots__ = ("depth", "steps", "states", "now_ms", "rng")

    def __init__(self, states: Any, now_ms: int | None, rng: random.Random | None):
        self.depth = 0
        self.steps = 0
        self.states = states
        self.now_ms = now_ms
        self.rng = rng

    def enter(self, expr: Any, input: Any, environment: Any) -> None:
        self.depth += 1
        self.steps += 1
        if self.depth > MAX_EVALUATION_DEPTH:
            raise _EvaluationFailure(_STACK_OVERFLOW, coded=False)
        if self.steps > MAX_EVALUATION_STEPS:
            raise _EvaluationFailure(_TIMEOUT, coded=False)

    def leave(self, expr: Any, input: Any, environment: Any, result: Any) -> None:
        self.depth -= 1
        if isinstance(result, list):
            if _length(result) > MAX_SEQUENCE_LENGTH:
                raise _EvaluationFailure(_MEMORY, coded=False)
        elif isinstance(result, str) and len(result) > MAX_STRING_LENGTH:
            raise _EvaluationFailure(_MEMORY, coded=False)

    def clock(self) -> int:
        if self.now_ms is None:
            self.now_ms = _entered_time_ms(self.states)
        return self.now_ms

    def random_source(self) -> random.Random:
        if self.rng is None:
            self.rng = _DEFAULT_RNG
        return self.rng


_DEFAULT_RNG = random.Random()


def _entered_time_ms(states: Any) -> int:
    """``$states.context.State.EnteredTime`` (else ``Execution.StartTime``) in epoch milliseconds."""
    context = states.get("context") if isinstance(states, dict) else None
    if isinstance(context, dict):
        for section, key in (("State", "EnteredTime"), ("Execution", "StartTime")):
            part = context.get(section)
            stamp = part.get(key) if isinstance(part, dict) else None
            if isinstance(stamp, str):
                try:
                    return round(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)
                except ValueError:
                    continue
    return 0


class _Local(threading.local):
    engine: Any = None
    run: _Run | None = None


_LOCAL = _Local()


def _current() -> _Run:
    run = _LOCAL.run
    if run is None:  # an AWS function called outside an evaluation: not reachable from expressions
        run = _LOCAL.run = _Run(None, None, None)
    return run


def _run(ast: Any, states: Any, variables: dict[str, Any], now_ms: int | None,
         rng: random.Random | None) -> Any:
    engine = _LOCAL.engine
    if engine is None:
        engine = _LOCAL.engine = _Engine("null")
    run = _Run(states, now_ms, rng)
    frame = Jsonata.Frame(_AWS_FRAME)
    bindings = frame.bindings
    bindings.update(variables)
    bindings["states"] = states
    bindings["__evaluate_entry"] = run.enter
    bindings["__evaluate_exit"] = run.leave
    outer_run, outer_engine = _LOCAL.run, Jsonata.CURRENT.__dict__.get("jsonata")
    _LOCAL.run = run
    Jsonata.CURRENT.jsonata = engine
    try:
        return engine.eval(ast, None, frame)
    except _EvaluationFailure:
        raise
    except JException as exc:
        code, detail = _render(exc)
        raise _EvaluationFailure(f"{code}: {detail}" if code else detail, coded=bool(code)) from None
    except RecursionError:
        raise _EvaluationFailure(_STACK_OVERFLOW, coded=False) from None
    except Exception as exc:  # a failure of the evaluator itself
        raise _EvaluationFailure(str(exc), internal=True) from None
    finally:
        _LOCAL.run = outer_run
        if outer_engine is not None:
            Jsonata.CURRENT.jsonata = outer_engine


class _Engine(Jsonata):
    """The evaluator with JavaScript's arithmetic and string conversion, and complete error details."""

    def evaluate_numeric_expression(self, lhs: Any, rhs: Any, op: Any) -> Any:
        if lhs is not None and not Utils.is_numeric(lhs):
            raise JException("T2001", -1, op, lhs)
        if rhs is not None and not Utils.is_numeric(rhs):
            raise JException("T2002", -1, op, rhs)
        if lhs is None or rhs is None:
            return None
        left, right = float(lhs), float(rhs)
        if op == "+":
            result = left + right
        elif op == "-":
            result = left - right
        elif op == "*":
            result = left * right
        elif op == "/":
            result = _js_divide(left, right)
        else:  # "%": JavaScript's remainder keeps the dividend's sign and the fraction
            result = math.fmod(left, right) if right != 0 and math.isfinite(left) else math.nan
        return Utils.convert_number(result) if math.isfinite(result) else result

    def evaluate_string_concat(self, lhs: Any, rhs: Any) -> str:
        return ("" if lhs is None else _js_string(lhs)) + ("" if rhs is None else _js_string(rhs))

    def apply_inner(self, proc: Any, args: Any, input: Any, environment: Any) -> Any:
        try:
            return super().apply_inner(proc, args, input, environment)
        except JException as exc:
            if exc.error in ("T0410", "T0411", "T0412"):
                _complete_signature_error(exc, proc, args)
            raise


def _js_divide(left: float, right: float) -> float:
    if right != 0:
        try:
            return left / right
        except OverflowError:
            return math.copysign(math.inf, left) * math.copysign(1.0, right)
    if left == 0 or math.isnan(left):
        return math.nan
    return math.copysign(math.inf, left) * math.copysign(1.0, right)


def _complete_signature_error(exc: JException, proc: Any, args: Any) -> None:
    """Name the function and the argument as jsonata-js does, where the port differs or is silent.

    jsonata-js reports the first argument the signature's prefix stops matching (the port matches
    whole prefixes, and lets a null through to the function, which then names nothing).
    """
    signature = getattr(proc, "signature", None)
    name = getattr(proc, "function_name", None) or getattr(signature, "function_name", None)
    params = getattr(signature, "_params", None)
    if exc.error == "T0410" and signature is not None and params is not None:
        supplied = "".join("l" if arg is _NULL else signature.get_symbol(arg) for arg in args or [])
        whole = getattr(signature, "_regex", None)
        if whole is None or whole.fullmatch(supplied) is None:
            pattern, good = "^", 0
            for param in params:
                pattern += param.regex
                match = re.match(pattern, supplied)
                if match is None:
                    break
                good = match.end()
            exc.current = good + 1
    if exc.error == "T0410" and exc.current is None:
        exc.current = 1
    if exc.error in ("T0410", "T0412") and exc.expected is None:
        exc.expected = name
    if exc.error == "T0411" and exc.extra is None:
        exc.extra = name


# ---- messages --------------------------------------------------------------------------------------

# jsonata-js's message catalog (what AWS reports), with the values each code carries in the port:
# ``current`` (c), ``expected`` (e) and ``extra`` (x).
_MESSAGES: Final[dict[str, str]] = {
    "S0101": "String literal must be terminated by a matching quote",
    "S0102": "Number out of range: {c}",
    "S0103": "Unsupported escape sequence: \\{c}",
    "S0104": "The escape sequence \\u must be followed by 4 hex digits",
    "S0105": "Quoted property name must be terminated with a backquote (`)",
    "S0106": "Comment has no closing tag",
    "S0201": "Syntax error: {c}",
    "S0202": "Expected {c}, got {e}",
    "S0203": "Expected {c} before end of expression",
    "S0204": "Unknown operator: {c}",
    "S0205": "Unexpected token: {c}",
    "S0206": "Unknown expression type: {c}",
    "S0207": "Unexpected end of expression",
    "S0208": "Parameter {c} of function definition must be a variable name (start with $)",
    "S0209": "A predicate cannot follow a grouping expression in a step",
    "S0210": "Each step can only have one grouping expression",
    "S0211": "The symbol {c} cannot be used as a unary operator",
    "S0212": "The left side of := must be a variable name (start with $)",
    "S0213": "The literal value {c} cannot be used as a step within a path expression",
    "S0214": "The right side of {c} must be a variable name (start with $)",
    "S0215": "A context variable binding must precede any predicates on a step",
    "S0216": "A context variable binding must precede the 'order-by' clause on a step",
    "S0217": "The object representing the 'parent' cannot be derived from this expression",
    "S0301": "Empty regular expressions are not allowed",
    "S0302": "No terminating / in regular expression",
    "S0402": "Choice groups containing parameterized types are not supported",
    "S0401": "Type parameters can only be applied to functions and arrays",
    "S0500": "Attempted to evaluate an expression containing syntax error(s)",
    "T0410": "Argument {c} of function {e} does not match function signature",
    "T0411": "Context value is not a compatible type with argument {e} of function {x}",
    "T0412": "Argument {c} of function {e} must be an array of {array_type}",
    "D1001": "Number out of range: {c}",
    "D1002": "Cannot negate a non-numeric value: {e}",
    "T1003": "Key in object structure must evaluate to a string; got: {c}",
    "D1004": "Regular expression matches zero length string",
    "T1005": "Attempted to invoke a non-function. Did you mean ${c!raw}?",
    "T1006": "Attempted to invoke a non-function",
    "T1007": "Attempted to partially apply a non-function. Did you mean ${c!raw}?",
    "T1008": "Attempted to partially apply a non-function",
    "D1009": "Multiple key definitions evaluate to same key: {c}",
    "T1010": "The matcher function argument passed to function {c} does not return the correct object "
             "structure",
    "T2001": "The left side of the {c} operator must evaluate to a number",
    "T2002": "The right side of the {c} operator must evaluate to a number",
    "T2003": "The left side of the range operator (..) must evaluate to an integer",
    "T2004": "The right side of the range operator (..) must evaluate to an integer",
    "D2005": "The left side of := must be a variable name (start with $)",
    "T2006": "The right side of the function application operator ~> must be a function",
    "T2007": "Type mismatch when comparing values {c} and {e} in order-by clause",
    "T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
    "T2009": "The values {c} and {e} either side of operator {x} must be of the same data type",
    "T2010": "The expressions either side of operator {c} must evaluate to numeric or string values",
    "T2011": "The insert/update clause of the transform expression must evaluate to an object: {c}",
    "T2012": "The delete clause of the transform expression must evaluate to a string or array of strings: "
             "{c}",
    "T2013": "The transform expression clones the input object using the $clone() function.  "
             "This has been overridden in the current scope by a non-function.",
    "D2014": "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  "
             "Attempted to allocate {c}.",
    "D3001": "Attempting to invoke string function on Infinity or NaN",
    "D3010": "Second argument of replace function cannot be an empty string",
    "D3011": "Fourth argument of replace function must evaluate to a positive number",
    "D3012": "Attempted to replace a matched string with a non-string value",
    "D3020": "Third argument of split function must evaluate to a positive number",
    "D3030": "Unable to cast value to a number: {c}",
    "D3040": "Third argument of match function must evaluate to a positive number",
    "D3050": "The second argument of reduce function must be a function with at least two arguments",
    "D3060": "The sqrt function cannot be applied to a negative number: {c}",
    "D3061": "The power function has resulted in a value that cannot be represented as a JSON number: "
             "base={c}, exponent={e}",
    "D3070": "The single argument form of the sort function can only be applied to an array of strings or "
             "an array of numbers.  Use the second argument to specify a comparison function",
    "D3080": "The picture string must only contain a maximum of two sub-pictures",
    "D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
    "D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
    "D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
    "D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
    "D3085": "The mantissa part of a sub-picture must contain at least one character that is either an "
             "'optional digit character' or a member of the 'decimal digit family'",
    "D3086": "The sub-picture must not contain a passive character that is preceded by an active character "
             "and that is followed by another active character",
    "D3087": "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a "
             "'decimal-separator' character",
    "D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
    "D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
    "D3090": "The integer part of the sub-picture must not contain a member of the 'decimal digit family' "
             "that is followed by an instance of the 'optional digit character'",
    "D3091": "The fractional part of the sub-picture must not contain an instance of the 'optional digit "
             "character' that is followed by a member of the 'decimal digit family'",
    "D3092": "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character "
             "treated as an 'exponent-separator'",
    "D3093": "The exponent part of the sub-picture must comprise only of one or more characters that are "
             "members of the 'decimal digit family'",
    "D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {c}",
    "D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {c}",
    "D3120": "Syntax error in expression passed to function eval: {c}",
    "D3121": "Dynamic error evaluating the expression passed to function eval: {c}",
    "D3130": "Formatting or parsing an integer as a sequence starting with {c} is not supported by this "
             "implementation",
    "D3131": "In a decimal digit pattern, all digits must be from the same decimal group",
    "D3132": "Unknown component specifier {c} in date/time picture string",
    "D3133": "The 'name' modifier can only be applied to months and days in the date/time picture string, "
             "not {c}",
    "D3134": "The timezone integer format specifier cannot have more than four digits",
    "D3135": "No matching closing bracket ']' in date/time picture string",
    "D3136": "The date/time picture string is missing specifiers required to parse the timestamp",
    "D3137": "{c!raw}",
    "D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
    "D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
    "D3140": "Malformed URL passed to ${c!raw}(): {e}",
    "D3141": "{c!raw}",
}

# Messages the port raises in the code's place.
_UNCODED: Final[dict[str, str]] = {
    "Second argument of replace function cannot be an empty string": "D3010",
    "Fourth argument of replace function must evaluate to a positive number": "D3011",
}

_ARRAY_TYPES: Final[dict[str, str]] = {
    "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
}

_CODE: Final = re.compile(r"[A-Z]\d{4}")
_PLACEHOLDER: Final = re.compile(r"\{(c|e|x|array_type)(!raw)?\}")


def _render(exc: Any) -> tuple[str | None, str]:
    """(code, message) for a JSONata exception, the message worded as jsonata-js words it."""
    code = str(getattr(exc, "error", "") or "")
    if not _CODE.fullmatch(code):
        if code in _UNCODED:
            code = _UNCODED[code]
        else:
            return None, code or str(exc)
    template = _MESSAGES.get(code)
    if template is None:
        return code, str(exc)
    values = {"c": getattr(exc, "current", None), "e": getattr(exc, "expected", None),
              "x": getattr(exc, "extra", None)}
    if code == "D3100" and values["c"] is None:  # the port passes the radix as the location
        values["c"] = getattr(exc, "location", None)

    def substitute(match: re.Match[str]) -> str:
        key, raw = match.group(1), match.group(2)
        if key == "array_type":
            subtype = values.get("x")
            return _js_json(_ARRAY_TYPES.get(str(subtype)[:1], None) if subtype is not None else None)
        value = values.get(key)
        if raw:
            return "undefined" if value is None else str(value)
        return _js_json(value)

    return code, _PLACEHOLDER.sub(substitute, template)


# ---- JavaScript's view of numbers and JSON -----------------------------------------------------

def _js_number(value: float) -> str:
    """A number as JavaScript's ``String(n)`` writes it (shortest round-trip digits)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    exact = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, exact.digits))
    count = len(digits)
    point = count + int(exact.exponent)  # value = 0.<digits> * 10^point
    if count <= point <= 21:
        body = digits + "0" * (point - count)
    elif 0 < point <= 21:
        body = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        body = "0." + "0" * (-point) + digits
    else:
        power = point - 1
        body = (digits if count == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if power >= 0 else "-")
        body += str(abs(power))
    return sign + body


def _is_function(value: Any) -> bool:
    return isinstance(value, (Jsonata.JFunctionCallable, Parser.Symbol)) or Functions.is_lambda(value)


def _js_json(value: Any, indent: str | None = None, precision: bool = False, level: str = "") -> str:
    """``JSON.stringify`` of a JSONata value (``precision``: numbers to 15 digits, as ``$string``)."""
    if value is None:
        return "undefined"
    if value is _NULL:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            if precision:
                raise JException("D1001", 0, value)
            return "null"
        if precision:
            number = float(f"{number:.15g}")
        return _js_number(number)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if _is_function(value):
        return '""' if precision else "undefined"
    inner = None if indent is None else level + indent
    if isinstance(value, list):
        parts = [_js_json(item, indent, precision, inner or "") for item in _materialized(value)]
        parts = ["null" if part == "undefined" else part for part in parts]
        return _join("[", "]", parts, inner, level)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            text = _js_json(item, indent, precision, inner or "")
            if text != "undefined":
                parts.append(json.dumps(str(key), ensure_ascii=False) + (": " if indent else ":") + text)
        return _join("{", "}", parts, inner, level)
    return "{}"


def _join(opening: str, closing: str, parts: list[str], inner: str | None, level: str) -> str:
    if not parts:
        return opening + closing
    if inner is None:
        return opening + ",".join(parts) + closing
    return opening + "\n" + inner + (",\n" + inner).join(parts) + "\n" + level + closing


def _js_string(value: Any, prettify: bool = False) -> str:
    """``$string(value)``: strings unchanged, functions empty, anything else as JSON."""
    if isinstance(value, str):
        return value
    if _is_function(value):
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        raise JException("D3001", 0, value)
    return _js_json(value, "  " if prettify else None, precision=True)


# ---- functions: AWS's own and JSONata's, corrected -------------------------------------------------

class _Callable(Jsonata.JFunctionCallable):
    def __init__(self, implementation: Callable[[list[Any]], Any]):
        self.implementation = implementation

    def call(self, input: Any, args: Any) -> Any:
        return self.implementation(list(args) if args else [])


class _Function(Jsonata.JFunction):
    """A native function; ``checked`` ones receive their arguments as given and check them themselves."""

    def __init__(self, name: str, implementation: Callable[[list[Any]], Any], signature: str, arity: int,
                 checked: bool):
        super().__init__(_Callable(implementation), signature)
        self.function_name = name
        self.signature.set_function_name(name)
        self.arity = arity
        self.checked = checked

    def validate(self, args: Any, context: Any) -> Any:
        if self.checked:
            return list(args) if args else []
        return super().validate(args, context)

    def get_number_of_args(self) -> int:  # what a partial application ($hash(?, 'MD5')) passes on
        return self.arity


def _argument(args: list[Any], index: int) -> Any:
    return args[index] if index < len(args) else None


def _no_more_than(args: list[Any], function: str, count: int) -> None:
    for index in range(count, len(args)):
        if args[index] is not None:
            raise _signature_error(function, index + 1)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _towards_zero(value: Any, function: str, argument: int) -> int:
    if not _is_number(value):
        raise _signature_error(function, argument)
    return int(value)


def _fn_partition(args: list[Any]) -> Any:
    _no_more_than(args, "partition", 2)
    array = _argument(args, 0)
    if array is None:
        return None
    if not isinstance(array, list):
        raise _fail("T0412", 'Argument 1 of function "partition" must be an array of undefined')
    items = _materialized(array)
    if not items:
        return None
    size_argument = _argument(args, 1)
    if size_argument is None:
        return [items]
    size = _towards_zero(size_argument, "partition", 2)
    if size < 0:
        raise _fail("D3137", "Second argument must be zero or greater")
    if size == 0:
        return None
    return [items[start:start + size] for start in range(0, len(items), size)]


def _fn_range(args: list[Any]) -> Any:
    _no_more_than(args, "range", 3)
    start = _towards_zero(_argument(args, 0), "range", 1)
    end = _towards_zero(_argument(args, 1), "range", 2)
    step_argument = _argument(args, 2)
    if step_argument is None:
        return None
    step = _towards_zero(step_argument, "range", 3)
    if step == 0 or (step > 0 and start > end) or (step < 0 and start < end):
        return None
    count = (end - start) // step + 1
    if count > MAX_SEQUENCE_LENGTH:
        raise _EvaluationFailure(_MEMORY, coded=False)
    # A sequence: one element is that element, as on AWS ($range(1, 9, 9) is 1).
    return Utils.create_sequence_from_iter(range(start, start + count * step, step))


_HASHES: Final[dict[str, str]] = {
    "MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
}


def _fn_hash(args: list[Any]) -> Any:
    _no_more_than(args, "hash", 2)
    value = _argument(args, 0)
    if not isinstance(value, str):
        raise _signature_error("hash", 1)
    algorithm = _argument(args, 1)
    if algorithm is None:
        return None
    if not isinstance(algorithm, str):
        raise _signature_error("hash", 2)
    if algorithm not in _HASHES:
        raise _fail("D3137",
                    f"Hash algorithm '{algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5")
    return hashlib.new(_HASHES[algorithm], value.encode("utf-8")).hexdigest()


def _java_random_double(seed: int) -> float:
    """``new java.util.Random(seed).nextDouble()``, which is what AWS's ``$random(seed)`` returns."""
    mask = (1 << 48) - 1
    state = (seed ^ 0x5DEECE66D) & mask

    def bits(count: int) -> int:
        nonlocal state
        state = (state * 0x5DEECE66D + 0xB) & mask
        return state >> (48 - count)

    high = bits(26)
    return ((high << 27) + bits(27)) * 2.0**-53


def _fn_random(args: list[Any]) -> Any:
    _no_more_than(args, "random", 1)
    seed = _argument(args, 0)
    if seed is None:
        return _current().random_source().random()
    number = _towards_zero(seed, "random", 1)
    return _java_random_double(max(-_MAX_LONG, min(_MAX_LONG - 1, number)))


def _fn_uuid(args: list[Any]) -> Any:
    _no_more_than(args, "uuid", 0)
    return str(uuid.UUID(int=_current().random_source().getrandbits(128), version=4))


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key}")
        result[key] = value
    return result


def _parsed_number(text: str) -> Any:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _fn_parse(args: list[Any]) -> Any:
    _no_more_than(args, "parse", 1)
    text = _argument(args, 0)
    if text is None:
        return None
    if not isinstance(text, str):
        raise _signature_error("parse", 1)
    try:
        return _from_json(json.loads(text, object_pairs_hook=_unique_object, parse_constant=_reject_constant,
                                     parse_float=_parsed_number))
    except (ValueError, OverflowError, RecursionError):
        raise _fail("D3137", "Invalid JSON") from None


def _from_json(value: Any) -> Any:
    if value is None:
        return _NULL
    if isinstance(value, dict):
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _MAX_LONG else value
    if isinstance(value, int) and not isinstance(value, bool) and not -_MAX_LONG <= value < _MAX_LONG:
        return float(value)
    return value


def _fn_now(args: list[Any]) -> Any:
    return Functions.datetime_from_millis(_current().clock(), _argument(args, 0), _argument(args, 1))


def _fn_millis(args: list[Any]) -> Any:
    return _current().clock()


def _fn_string(args: list[Any]) -> Any:
    value = _argument(args, 0)
    if value is None:
        return None
    return _js_string(value, bool(_argument(args, 1)))


_JSON_NUMBER: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?")
_PREFIXED_INTEGER: Final = re.compile(r"0[xX][0-9A-Fa-f]+|0[oO][0-7]+|0[bB][01]+")


def _fn_number(args: list[Any]) -> Any:
    value = _argument(args, 0)
    if value is None:
        return None
    if value is _NULL:
        raise _signature_error("number", 1)
    if isinstance(value, bool):
        return 1 if value else 0
    if _is_number(value):
        return value
    if isinstance(value, str):
        if _JSON_NUMBER.fullmatch(value):
            number = float(value)
            if math.isfinite(number):
                return Utils.convert_number(number)
        elif _PREFIXED_INTEGER.fullmatch(value):
            return int(value, 0)
    raise JException("D3030", -1, value)


def _fn_power(args: list[Any]) -> Any:
    base, exponent = _argument(args, 0), _argument(args, 1)
    if base is None:
        return None
    try:
        result = math.pow(float(base), float(exponent))
    except (OverflowError, ValueError):
        result = math.nan
    if not math.isfinite(result):
        raise JException("D3061", -1, base, exponent)
    return Utils.convert_number(result)


def _fn_to_millis(args: list[Any]) -> Any:
    timestamp, picture = _argument(args, 0), _argument(args, 1)
    if timestamp is None:
        return None
    try:
        return Functions.datetime_to_millis(timestamp, picture)
    except JException:
        raise
    except Exception:
        if picture is None:
            raise JException("D3110", -1, timestamp) from None
        raise JException("D3136", -1) from None


def _fn_parse_integer(args: list[Any]) -> Any:
    """``$parseInteger``: NaN where the picture cannot read the value, as on AWS."""
    value, picture = _argument(args, 0), _argument(args, 1)
    if value is None:
        return None
    try:
        return Functions.parse_integer(value, picture)
    except JException:
        raise
    except Exception:
        return math.nan


_RESERVED_IN_URI: Final = frozenset(";/?:@&=+$,#")


def _js_decode_uri(text: str, reserved: frozenset[str]) -> str | None:
    """JavaScript's ``decodeURI``/``decodeURIComponent``; None where JavaScript throws URIError.

    ``decodeURI`` keeps the escapes of ``reserved`` characters as they are.
    """
    out: list[str] = []
    index, length = 0, len(text)

    def byte_at(position: int) -> int | None:
        chunk = text[position + 1:position + 3]
        if text[position:position + 1] != "%" or len(chunk) != 2 or not all(c in "0123456789abcdefABCDEF"
                                                                             for c in chunk):
            return None
        return int(chunk, 16)

    while index < length:
        if text[index] != "%":
            out.append(text[index])
            index += 1
            continue
        first = byte_at(index)
        if first is None:
            return None
        if first < 0x80:
            character = chr(first)
            out.append(text[index:index + 3] if character in reserved else character)
            index += 3
            continue
        size = 2 if first >> 5 == 0b110 else 3 if first >> 4 == 0b1110 else 4 if first >> 3 == 0b11110 else 0
        if size == 0:
            return None
        raw = bytearray([first])
        for part in range(1, size):
            following = byte_at(index + 3 * part)
            if following is None or following >> 6 != 0b10:
                return None
            raw.append(following)
        try:
            out.append(raw.decode("utf-8", errors="strict"))
        except UnicodeDecodeError:
            return None
        index += 3 * size
    return "".join(out)


def _decoder(name: str, reserved: frozenset[str]) -> Callable[[list[Any]], Any]:
    """``$decodeUrl``/``$decodeUrlComponent``: malformed escapes are D3140, as in jsonata-js."""

    def decode(args: list[Any]) -> Any:
        text = _argument(args, 0)
        if text is None:
            return None
        decoded = _js_decode_uri(text, reserved)
        if decoded is None:
            raise JException("D3140", -1, name, text)
        return decoded

    return decode


def _make_frame() -> Any:
    frame = Jsonata.Frame(Jsonata.static_frame)
    definitions: list[tuple[str, Callable[[list[Any]], Any], str, int, bool]] = [
        # name, implementation, signature, arity, whether it checks its own arguments (AWS's six)
        ("partition", _fn_partition, "<x?x?x?:x>", 2, True),
        ("range", _fn_range, "<x?x?x?x?:x>", 3, True),
        ("hash", _fn_hash, "<x?x?x?:x>", 2, True),
        ("random", _fn_random, "<x?x?:x>", 1, True),
        ("uuid", _fn_uuid, "<x?:x>", 0, True),
        ("parse", _fn_parse, "<x?x?:x>", 1, True),
        ("now", _fn_now, "<s?s?:s>", 2, False),
        ("millis", _fn_millis, "<:n>", 0, False),
        ("string", _fn_string, "<x-b?:s>", 2, False),
        ("number", _fn_number, "<(nsb)-:n>", 1, False),
        ("power", _fn_power, "<n-n:n>", 2, False),
        ("toMillis", _fn_to_millis, "<s-s?:n>", 2, False),
        ("parseInteger", _fn_parse_integer, "<s-s:n>", 2, False),
        ("decodeUrl", _decoder("decodeUrl", _RESERVED_IN_URI), "<s-:s>", 1, False),
        ("decodeUrlComponent", _decoder("decodeUrlComponent", frozenset()), "<s-:s>", 1, False),
    ]
    for name, implementation, signature, arity, checked in definitions:
        frame.bind(name, _Function(name, implementation, signature, arity, checked))
    frame.bind("eval", None)  # AWS disables $eval: calling it is T1006, "Attempted to invoke a non-function"
    return frame


_AWS_FRAME: Final = _make_frame()

