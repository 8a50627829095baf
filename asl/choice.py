"""JSONPath Choice Rules: parsed once when a definition loads, evaluated per transition.

:func:`parse_rule` turns one rule of a Choice state's ``Choices`` (a Data-test Expression:
``Variable`` + one comparison operator; or a Boolean Expression: ``And``/``Or``/``Not``) into a
:class:`Rule`. The state-level fields of a top-level rule (``Next``, ``Assign``, ``Comment``,
``Output``) are left to the caller.

Semantics, as AWS runs them:

* Values of the wrong type never match: ``NumericEquals`` is false for ``"1"`` and for
  ``true`` (booleans are not numbers), ``BooleanEquals`` is false for ``0``. Numbers compare
  by value (``1 == 1.0``); strings compare as Java does, by UTF-16 code unit, with no
  normalisation; timestamps compare as instants (offsets and fractions honoured).
* ``IsPresent`` is false when the ``Variable`` path selects nothing; every other operator
  fails the state with ``States.Runtime`` and the cause :data:`CONDITION_PATH_CAUSE`. A
  ``...Path`` operand that selects nothing fails the same way (:data:`COMPARISON_PATH_CAUSE`).
* ``StringMatches``: ``*`` matches any run of characters, ``\\*`` a literal ``*``, ``\\\\`` a
  literal backslash (a backslash escapes whatever follows it); a pattern ending in an
  unescaped backslash fails the state with ``States.Runtime`` when evaluated.
* ``And``/``Or`` evaluate in order and stop as soon as the result is known.

The causes are without AWS's ``"An error occurred while executing the state '<name>' (entered
at the event id #<n>). "`` prefix, which the caller adds.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import ErrorName, StatesError
from .paths import InvalidPath, JsonPath, PathNotFound, VariableNotFound, compile_reference_path
from .timestamps import timestamp_nanos

CONDITION_PATH_CAUSE = "Invalid path '{path}': The choice state's condition path references an invalid value."
COMPARISON_PATH_CAUSE = (
    "Invalid path '{path}': The choice state's comparison path references an invalid value."
)
OPEN_ESCAPE_CAUSE = "The StringMatches pattern '{pattern}' ends with an open escape character '\\'."

# Fields a top-level rule may carry besides its condition (the caller handles them), and those
# a nested rule may carry.
_TOP_LEVEL_FIELDS = frozenset({"Next", "Assign", "Comment", "Output"})
_NESTED_FIELDS = frozenset({"Comment"})
_BOOLEAN_OPERATORS = ("And", "Or", "Not")

_NUMBER = (int, float)


class InvalidChoiceRule(ValueError):
    """A Choice Rule that does not validate. ``pointer`` locates the problem within the rule."""

    def __init__(self, pointer: str, message: str):
        self.pointer = pointer
        self.message = message
        super().__init__(f"{pointer or '/'}: {message}")


class Rule:
    """A parsed Choice Rule."""

    __slots__ = ()

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        """Whether the rule holds for the state's effective input ``data``; may raise StatesError."""
        raise NotImplementedError


class _And(Rule):
    __slots__ = ("rules",)

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        for rule in self.rules:  # noqa: SIM110 -- a plain loop is faster than all(<generator>)
            if not rule.matches(data, context, variables):
                return False
        return True


class _Or(Rule):
    __slots__ = ("rules",)

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        for rule in self.rules:  # noqa: SIM110 -- a plain loop is faster than any(<generator>)
            if rule.matches(data, context, variables):
                return True
        return False


class _Not(Rule):
    __slots__ = ("rule",)

    def __init__(self, rule: Rule):
        self.rule = rule

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        return not self.rule.matches(data, context, variables)


class _IsPresent(Rule):
    __slots__ = ("variable", "expected")

    def __init__(self, variable: JsonPath, expected: bool):
        self.variable = variable
        self.expected = expected

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        try:
            self.variable.evaluate(data, context, variables)
        except (PathNotFound, VariableNotFound):
            return not self.expected
        return self.expected


def _resolve(path: JsonPath, data: Any, context: Any, variables: Mapping[str, Any] | None, cause: str) -> Any:
    try:
        return path.evaluate(data, context, variables)
    except (PathNotFound, VariableNotFound):
        raise StatesError(ErrorName.RUNTIME, cause.format(path=path.text)) from None


class _Test(Rule):
    """``Variable`` + an operator with a literal operand, folded into ``test(value)``."""

    __slots__ = ("variable", "test")

    def __init__(self, variable: JsonPath, test: Callable[[Any], bool]):
        self.variable = variable
        self.test = test

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        try:
            value = self.variable.evaluate(data, context, variables)
        except (PathNotFound, VariableNotFound):
            raise StatesError(
                ErrorName.RUNTIME, CONDITION_PATH_CAUSE.format(path=self.variable.text)
            ) from None
        return self.test(value)


class _PathTest(Rule):
    """``Variable`` + a ``...Path`` operator: ``compare(value, operand)``."""

    __slots__ = ("variable", "operand", "compare")

    def __init__(self, variable: JsonPath, operand: JsonPath, compare: Callable[[Any, Any], bool]):
        self.variable = variable
        self.operand = operand
        self.compare = compare

    def matches(self, data: Any, context: Any, variables: Mapping[str, Any] | None) -> bool:
        value = _resolve(self.variable, data, context, variables, CONDITION_PATH_CAUSE)
        operand = _resolve(self.operand, data, context, variables, COMPARISON_PATH_CAUSE)
        return self.compare(value, operand)


# --- comparisons -----------------------------------------------------------------------------
# Strings order as Java orders them (by UTF-16 code unit). That differs from Python's code
# point order only when a character beyond U+FFFF meets one in U+E000..U+FFFF.


def _string_order(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` sorts before, equal to or after ``b``."""
    if a == b:
        return 0
    if a.isascii() and b.isascii():
        return -1 if a < b else 1
    return -1 if a.encode("utf-16-be") < b.encode("utf-16-be") else 1


_ORDER_TESTS: dict[str, Callable[[int], bool]] = {
    "Equals": lambda c: c == 0,
    "LessThan": lambda c: c < 0,
    "GreaterThan": lambda c: c > 0,
    "LessThanEquals": lambda c: c <= 0,
    "GreaterThanEquals": lambda c: c >= 0,
}


def _string_literal_test(suffix: str, operand: str) -> Callable[[Any], bool]:
    if suffix == "Equals":
        return lambda v: type(v) is str and v == operand
    accept = _ORDER_TESTS[suffix]
    return lambda v: type(v) is str and accept(_string_order(v, operand))


def _string_path_compare(suffix: str) -> Callable[[Any, Any], bool]:
    if suffix == "Equals":
        return lambda v, o: type(v) is str and type(o) is str and v == o
    accept = _ORDER_TESTS[suffix]
    return lambda v, o: type(v) is str and type(o) is str and accept(_string_order(v, o))


def _numeric_literal_test(suffix: str, n: int | float) -> Callable[[Any], bool]:
    if suffix == "Equals":
        return lambda v: type(v) in _NUMBER and v == n
    if suffix == "LessThan":
        return lambda v: type(v) in _NUMBER and v < n
    if suffix == "GreaterThan":
        return lambda v: type(v) in _NUMBER and v > n
    if suffix == "LessThanEquals":
        return lambda v: type(v) in _NUMBER and v <= n
    return lambda v: type(v) in _NUMBER and v >= n


def _numeric_path_compare(suffix: str) -> Callable[[Any, Any], bool]:
    if suffix == "Equals":
        return lambda v, o: type(v) in _NUMBER and type(o) in _NUMBER and v == o
    if suffix == "LessThan":
        return lambda v, o: type(v) in _NUMBER and type(o) in _NUMBER and v < o
    if suffix == "GreaterThan":
        return lambda v, o: type(v) in _NUMBER and type(o) in _NUMBER and v > o
    if suffix == "LessThanEquals":
        return lambda v, o: type(v) in _NUMBER and type(o) in _NUMBER and v <= o
    return lambda v, o: type(v) in _NUMBER and type(o) in _NUMBER and v >= o


def _instant(value: Any) -> int | None:
    return timestamp_nanos(value) if type(value) is str else None


def _timestamp_literal_test(suffix: str, t: int) -> Callable[[Any], bool]:
    accept = _ORDER_TESTS[suffix]

    def test(v: Any) -> bool:
        instant = _instant(v)
        return instant is not None and accept(instant - t)

    return test


def _timestamp_path_compare(suffix: str) -> Callable[[Any, Any], bool]:
    accept = _ORDER_TESTS[suffix]

    def compare(v: Any, o: Any) -> bool:
        a = _instant(v)
        if a is None:
            return False
        b = _instant(o)
        return b is not None and accept(a - b)

    return compare


def _boolean_literal_test(b: bool) -> Callable[[Any], bool]:
    return (lambda v: v is True) if b else (lambda v: v is False)


def _boolean_path_compare(v: Any, o: Any) -> bool:
    return type(v) is bool and type(o) is bool and v is o


def _string_matcher(pattern: str) -> Callable[[Any], bool]:
    """A test for ``StringMatches``: the pattern split at its unescaped ``*`` into literal parts.

    Matching is linear: the first part must be a prefix, the last a suffix, and the parts in
    between are found leftmost-first.
    """
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "*":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        cause = OPEN_ESCAPE_CAUSE.format(pattern=pattern)

        def broken(v: Any) -> bool:
            raise StatesError(ErrorName.RUNTIME, cause)

        return broken
    parts.append("".join(current))
    if len(parts) == 1:
        literal = parts[0]
        return lambda v: type(v) is str and v == literal
    head, middle, tail = parts[0], tuple(p for p in parts[1:-1] if p), parts[-1]
    fixed = len(head) + len(tail)

    def test(v: Any) -> bool:
        if type(v) is not str or len(v) < fixed or not v.startswith(head) or not v.endswith(tail):
            return False
        pos, end = len(head), len(v) - len(tail)
        for part in middle:
            found = v.find(part, pos, end)
            if found < 0:
                return False
            pos = found + len(part)
        return True

    return test


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": lambda v: type(v) in _NUMBER,
    "IsString": lambda v: type(v) is str,
    "IsBoolean": lambda v: type(v) is bool,
    "IsTimestamp": lambda v: _instant(v) is not None,
}


def _type_test(operator: str, expected: bool) -> Callable[[Any], bool]:
    test = _TYPE_TESTS[operator]
    if expected:
        return test
    return lambda v: not test(v)


# --- parsing ---------------------------------------------------------------------------------

_COMPARISONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
_KINDS = ("String", "Numeric", "Timestamp")
# operator name -> (kind, comparison suffix, takes a path operand)
_OPERATORS: dict[str, tuple[str, str, bool]] = {}
for _kind in _KINDS:
    for _suffix in _COMPARISONS:
        _OPERATORS[_kind + _suffix] = (_kind, _suffix, False)
        _OPERATORS[_kind + _suffix + "Path"] = (_kind, _suffix, True)
_OPERATORS["StringMatches"] = ("Matches", "", False)
_OPERATORS["BooleanEquals"] = ("Boolean", "Equals", False)
_OPERATORS["BooleanEqualsPath"] = ("Boolean", "Equals", True)
for _name in ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"):
    _OPERATORS[_name] = ("Is", "", False)
del _kind, _suffix, _name

OPERATORS = frozenset(_OPERATORS)
"""Every comparison operator a JSONPath Data-test Expression may use."""


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    if type(value) in _NUMBER:
        return "a number"
    if type(value) is str:
        return "a string"
    if type(value) is list:
        return "an array"
    if type(value) is dict:
        return "an object"
    return type(value).__name__


def _path(value: Any, pointer: str, field: str) -> JsonPath:
    if type(value) is not str:
        raise InvalidChoiceRule(pointer, f"'{field}' must be a Reference Path string, not {_describe(value)}")
    try:
        return compile_reference_path(value)
    except InvalidPath as exc:
        raise InvalidChoiceRule(pointer, f"'{field}' is not a valid Reference Path: {exc}") from None


def parse_rule(rule: dict) -> Rule:
    """Parse a top-level JSONPath Choice Rule (its Next/Assign/Comment/Output are ignored).

    Raises :class:`InvalidChoiceRule` with a JSON pointer relative to ``rule``.
    """
    return _parse(rule, "", top_level=True)


def _parse(rule: Any, pointer: str, top_level: bool) -> Rule:
    if type(rule) is not dict:
        raise InvalidChoiceRule(pointer, f"a Choice Rule must be an object, not {_describe(rule)}")
    allowed = _TOP_LEVEL_FIELDS if top_level else _NESTED_FIELDS
    boolean = [key for key in _BOOLEAN_OPERATORS if key in rule]
    operators = [key for key in rule if key in _OPERATORS]
    for key in rule:
        if key in allowed or key in _OPERATORS or key in _BOOLEAN_OPERATORS or key == "Variable":
            continue
        if key == "Next":
            raise InvalidChoiceRule(f"{pointer}/Next", "a nested Choice Rule must not have 'Next'")
        raise InvalidChoiceRule(f"{pointer}/{key}", f"the field '{key}' is not supported in a Choice Rule")

    if boolean:
        if len(boolean) > 1:
            both = " and ".join(boolean)
            raise InvalidChoiceRule(pointer, f"a Choice Rule must have one of 'And', 'Or', 'Not', not {both}")
        key = boolean[0]
        if "Variable" in rule or operators:
            extra = "Variable" if "Variable" in rule else operators[0]
            message = f"a Choice Rule with '{key}' must not have '{extra}'"
            raise InvalidChoiceRule(f"{pointer}/{extra}", message)
        value = rule[key]
        if key == "Not":
            return _Not(_parse(value, f"{pointer}/Not", top_level=False))
        if type(value) is not list or not value:
            raise InvalidChoiceRule(f"{pointer}/{key}", f"'{key}' must be a non-empty array of Choice Rules")
        rules = tuple(_parse(item, f"{pointer}/{key}/{i}", top_level=False) for i, item in enumerate(value))
        return _And(rules) if key == "And" else _Or(rules)

    if "Variable" not in rule:
        if operators:
            raise InvalidChoiceRule(pointer, f"a Choice Rule with '{operators[0]}' must have a 'Variable'")
        raise InvalidChoiceRule(
            pointer, "a Choice Rule must have 'Variable' and a comparison operator, or 'And', 'Or' or 'Not'"
        )
    variable = _path(rule["Variable"], f"{pointer}/Variable", "Variable")
    if not operators:
        raise InvalidChoiceRule(pointer, "a Choice Rule with 'Variable' must have a comparison operator")
    if len(operators) > 1:
        raise InvalidChoiceRule(
            f"{pointer}/{operators[1]}",
            f"a Choice Rule must have exactly one comparison operator, not {', '.join(operators)}",
        )
    name = operators[0]
    return _comparison(variable, name, rule[name], f"{pointer}/{name}")


def _comparison(variable: JsonPath, name: str, operand: Any, pointer: str) -> Rule:
    kind, suffix, by_path = _OPERATORS[name]
    if by_path:
        path = _path(operand, pointer, name)
        if kind == "String":
            return _PathTest(variable, path, _string_path_compare(suffix))
        if kind == "Numeric":
            return _PathTest(variable, path, _numeric_path_compare(suffix))
        if kind == "Timestamp":
            return _PathTest(variable, path, _timestamp_path_compare(suffix))
        return _PathTest(variable, path, _boolean_path_compare)
    if kind == "Is":
        if type(operand) is not bool:
            raise InvalidChoiceRule(pointer, f"'{name}' must be true or false, not {_describe(operand)}")
        if name == "IsPresent":
            return _IsPresent(variable, operand)
        return _Test(variable, _type_test(name, operand))
    if kind in ("String", "Matches"):
        if type(operand) is not str:
            raise InvalidChoiceRule(pointer, f"'{name}' must be a string, not {_describe(operand)}")
        if kind == "Matches":
            return _Test(variable, _string_matcher(operand))
        return _Test(variable, _string_literal_test(suffix, operand))
    if kind == "Numeric":
        if type(operand) not in _NUMBER:
            raise InvalidChoiceRule(pointer, f"'{name}' must be a number, not {_describe(operand)}")
        return _Test(variable, _numeric_literal_test(suffix, operand))
    if kind == "Boolean":
        if type(operand) is not bool:
            raise InvalidChoiceRule(pointer, f"'{name}' must be true or false, not {_describe(operand)}")
        return _Test(variable, _boolean_literal_test(operand))
    # Timestamp
    if type(operand) is not str:
        raise InvalidChoiceRule(pointer, f"'{name}' must be a timestamp string, not {_describe(operand)}")
    instant = timestamp_nanos(operand)
    if instant is None:
        # AWS accepts a definition whose literal is no timestamp; such a rule simply never matches.
        return _Test(variable, lambda value: False)
    return _Test(variable, _timestamp_literal_test(suffix, instant))
