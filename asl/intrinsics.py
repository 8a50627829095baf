"""Intrinsic functions of ASL's JSONPath mode (``States.Format(...)`` and the seventeen others).

An intrinsic call is parsed once, when the definition is loaded, into a tree of small closures;
evaluating it walks that tree and never re-parses text. Syntax problems (bad literals, illegal
escapes, unknown functions, nesting deeper than AWS allows) raise :class:`InvalidIntrinsic` at
parse time. Everything AWS only detects while running -- wrong argument counts and types,
range limits, an argument path that does not resolve -- raises ``StatesError`` with the error
name AWS reports, ``States.Runtime``, and a cause of the form::

    The function '<call as written>' had the following error: <detail>

The engine prefixes that cause with ``An error occurred while executing the state '<name>'
(entered at the event id #<n>). `` as it does for every state-level runtime failure.

AWS evaluates intrinsics on Java values, and several results show it: non-string arguments of
``States.Format`` and ``States.Hash`` are rendered with Java's ``toString`` (``{a=1, b=[]}``),
``States.ArrayUnique`` returns the iteration order of a ``java.util.HashSet``, floats print as
Java doubles (``1.0E7``), ``States.ArrayContains`` compares those renderings, integers are
truncated like Java ``int`` casts (``States.ArrayRange``/``ArrayPartition``/``ArrayGetItem``/
``MathRandom``) except in ``States.MathAdd``, which rounds like ``Math.round``, and a seeded
``States.MathRandom`` draws from ``java.util.Random``. This module reproduces those behaviours.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import struct
import uuid
from collections.abc import Callable, Mapping
from typing import Any, cast

from asl.errors import ErrorName, StatesError
from asl.paths import InvalidPath, JsonPath, PathNotFound, VariableNotFound, compile_path

__all__ = ["Intrinsic", "InvalidIntrinsic", "is_intrinsic", "java_json", "java_string", "parse_intrinsic"]

PREFIX = "States."
MAX_NESTING = 10  # "You can nest up to 10 intrinsic functions within a field" (AWS developer guide)
MAX_RANGE_ITEMS = 1000  # States.ArrayRange
MAX_CODEC_CHARS = 10_000  # States.Base64Encode / Base64Decode / Hash input
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

_DEFAULT_RNG = random.Random()


class InvalidIntrinsic(ValueError):
    """The text is not a valid intrinsic function call (reported when the definition is loaded)."""


class _Failure(Exception):
    """A run-time failure inside an intrinsic; :meth:`Intrinsic.evaluate` turns it into StatesError."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def is_intrinsic(text: str) -> bool:
    """Whether a ``.$`` value (or a ``*Path`` field) is an intrinsic call rather than a path."""
    return isinstance(text, str) and text.startswith(PREFIX)


# --------------------------------------------------------------------------------------------------
# Java renderings
# --------------------------------------------------------------------------------------------------

def _java_double(value: float) -> str:
    """``Double.toString``: plain notation for 1e-3 <= |x| < 1e7, else ``d.dddE<exp>``."""
    if value != value or value in (math.inf, -math.inf):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if value == 0.0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    text = repr(abs(value))  # shortest round-trip digits, as Java 19+ prints them
    mantissa, _, exp_text = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exp_text) if exp_text else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    if 1e-3 <= abs(value) < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}.0"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def java_string(value: Any) -> str:
    """``String.valueOf`` of the Java value AWS holds for a JSON value (``{a=1, b=[x, null]}``)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, list):
        return "[" + ", ".join([java_string(item) for item in value]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join([f"{key}={java_string(item)}" for key, item in value.items()]) + "}"
    return str(value)


def _plain_floats_only(value: Any) -> bool:
    """Whether every float in ``value`` prints the same in Python's json and Java (1e-3 <= |x| < 1e7)."""
    kind = type(value)
    if kind is float:
        return value == 0.0 or 1e-3 <= abs(value) < 1e7
    if kind is dict:
        return all(_plain_floats_only(item) for item in value.values())
    if kind is list:
        return all(_plain_floats_only(item) for item in value)
    return True


def _java_json_slow(value: Any) -> str:
    kind = type(value)
    if kind is float:
        return _java_double(value)
    if kind is dict:
        return "{" + ",".join([json.dumps(key, ensure_ascii=False) + ":" + _java_json_slow(item)
                               for key, item in value.items()]) + "}"
    if kind is list:
        return "[" + ",".join([_java_json_slow(item) for item in value]) + "]"
    return json.dumps(value, ensure_ascii=False)


def java_json(value: Any) -> str:
    """Compact JSON as AWS (Jackson) writes it: no spaces, non-ASCII kept, doubles as Java prints them."""
    if _plain_floats_only(value):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _java_json_slow(value)


# --------------------------------------------------------------------------------------------------
# Java numbers and hashing
# --------------------------------------------------------------------------------------------------

def _is_number(value: Any) -> bool:
    kind = type(value)
    return kind is int or kind is float


def _wrap(value: int, bits: int) -> int:
    """Two's-complement truncation of an integer to ``bits`` bits (a Java narrowing cast)."""
    mask = (1 << bits) - 1
    value &= mask
    return value - (1 << bits) if value >> (bits - 1) else value


def _java_int(value: Any) -> int:
    """The ``int`` Java takes from a JSON number: doubles truncate (saturating), longs wrap."""
    if type(value) is float:
        if value != value:
            return 0
        if value >= INT_MAX:
            return INT_MAX
        if value <= INT_MIN:
            return INT_MIN
        return int(value)
    return value if INT_MIN <= value <= INT_MAX else _wrap(value, 32)


def _java_long(value: Any) -> int:
    if type(value) is float:
        if value != value:
            return 0
        if value >= LONG_MAX:
            return LONG_MAX
        if value <= LONG_MIN:
            return LONG_MIN
        return int(value)
    return value if LONG_MIN <= value <= LONG_MAX else _wrap(value, 64)


def _java_round(value: Any) -> int:
    """``Math.round``: half rounds up (towards positive infinity)."""
    if type(value) is int:
        return int(value)
    floor = math.floor(value)
    return floor + 1 if value - floor >= 0.5 else floor


def _utf16_length(text: str) -> int:
    """``String.length()``: UTF-16 code units."""
    if len(text) * 2 <= MAX_CODEC_CHARS or text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _java_hash(value: Any) -> int:
    """``hashCode()`` of the Java value for a JSON value (as a signed 32-bit int)."""
    if value is None:
        return 0
    if value is True:
        return 1231
    if value is False:
        return 1237
    kind = type(value)
    if kind is str:
        h = 0
        if value.isascii():
            for char in value:
                h = (31 * h + ord(char)) & 0xFFFFFFFF
        else:
            units = value.encode("utf-16-le", "surrogatepass")
            for index in range(0, len(units), 2):
                h = (31 * h + (units[index] | units[index + 1] << 8)) & 0xFFFFFFFF
        return _wrap(h, 32)
    if kind is int:
        if INT_MIN <= value <= INT_MAX:
            return cast(int, value)
        if LONG_MIN <= value <= LONG_MAX:
            bits = value & 0xFFFFFFFFFFFFFFFF
            return _wrap(bits ^ (bits >> 32), 32)
        magnitude = abs(value)  # BigInteger: 31-polynomial over the big-endian 32-bit words, times signum
        words = []
        while magnitude:
            words.append(magnitude & 0xFFFFFFFF)
            magnitude >>= 32
        h = 0
        for word in reversed(words):
            h = (31 * h + word) & 0xFFFFFFFF
        return _wrap(h if value > 0 else -h, 32)
    if kind is float:
        bits = struct.unpack("<Q", struct.pack("<d", value))[0] if value == value else 0x7FF8000000000000
        return _wrap(bits ^ (bits >> 32), 32)
    if kind is list:
        h = 1
        for item in value:
            h = (31 * h + _java_hash(item)) & 0xFFFFFFFF
        return _wrap(h, 32)
    if kind is dict:
        h = 0
        for key, item in value.items():
            h = (h + (_java_hash(key) ^ _java_hash(item))) & 0xFFFFFFFF
        return _wrap(h, 32)
    return 0


def _java_key(value: Any) -> Any:
    """A hashable key equal exactly when the Java values are ``equals`` (types matter; maps unordered)."""
    kind = type(value)
    if kind is dict:
        return ("m", frozenset((key, _java_key(item)) for key, item in value.items()))
    if kind is list:
        return ("l", tuple(_java_key(item) for item in value))
    if kind is float:
        return ("d", struct.pack("<d", value) if value == value else b"nan")
    if kind is bool:
        return ("b", value)
    if kind is int:
        return ("i", value)
    return ("s", value) if kind is str else ("n", None)


def _java_hash_set_order(items: list) -> list:
    """The iteration order of ``new HashSet<>(items)`` (java.util.HashMap buckets, no treeification)."""
    size = len(items)
    capacity = 1
    while capacity < max(int(size / 0.75) + 1, 16):
        capacity <<= 1
    buckets: dict[int, list[tuple[int, Any]]] = {}
    seen: set[Any] = set()
    count = 0
    for item in items:
        key = _java_key(item)
        if key in seen:
            continue
        seen.add(key)
        h = _java_hash(item) & 0xFFFFFFFF
        h ^= h >> 16
        chain = buckets.setdefault(h & (capacity - 1), [])
        chain.append((h, item))
        count += 1
        if len(chain) > 8 and capacity < 64:  # a bin too long for a small table: HashMap resizes
            capacity <<= 1
            buckets = _rehash(buckets, capacity)
        if count > capacity * 3 // 4:
            capacity <<= 1
            buckets = _rehash(buckets, capacity)
    return [entry[1] for index in sorted(buckets) for entry in buckets[index]]


def _rehash(buckets: dict[int, list[tuple[int, Any]]], capacity: int) -> dict[int, list[tuple[int, Any]]]:
    """HashMap.resize: every chain splits, keeping its order, into the doubled table."""
    resized: dict[int, list[tuple[int, Any]]] = {}
    for index in sorted(buckets):
        for entry in buckets[index]:
            resized.setdefault(entry[0] & (capacity - 1), []).append(entry)
    return resized


def _java_random_int(seed: int, bound: int) -> int:
    """``new java.util.Random(seed).nextInt(bound)``."""
    multiplier, mask = 0x5DEECE66D, (1 << 48) - 1
    state = (seed ^ multiplier) & mask

    def next31() -> int:
        nonlocal state
        state = (state * multiplier + 0xB) & mask
        return state >> 17

    if bound & (bound - 1) == 0:
        return (bound * next31()) >> 31
    while True:
        bits = next31()
        value = bits % bound
        if bits - value + (bound - 1) < 2**31:
            return value


# --------------------------------------------------------------------------------------------------
# The functions. Each takes the evaluated argument list and the RNG.
# --------------------------------------------------------------------------------------------------

Impl = Callable[[list, random.Random], Any]


def _invalid(name: str) -> _Failure:
    return _Failure(f"Invalid arguments in {name}")


def _arity(name: str, args: list, low: int, high: int | None = None) -> None:
    if len(args) < low or len(args) > (low if high is None else high):
        raise _invalid(name)


def _template_parts(template: str) -> list[str | None]:
    """Literal pieces and ``None`` placeholders of a States.Format template (escapes: \\{ \\} \\' \\\\)."""
    parts: list[str | None] = []
    literal: list[str] = []
    index, length = 0, len(template)
    while index < length:
        char = template[index]
        if char == "\\" and index + 1 < length and template[index + 1] in "{}'\\":
            literal.append(template[index + 1])
            index += 2
            continue
        if char == "{":
            if index + 1 < length and template[index + 1] == "}":
                parts.append("".join(literal))
                parts.append(None)
                literal = []
                index += 2
                continue
            raise _Failure("Invalid template in States.Format: matching '}' not found for '{'.")
        if char == "}":
            raise _Failure("Invalid template in States.Format: matching '{' not found for '}'.")
        literal.append(char)
        index += 1
    parts.append("".join(literal))
    return parts


def _format(parts: list[str | None], values: list[Any], json_args: tuple[bool, ...]) -> str:
    placeholders = parts.count(None)
    if placeholders != len(values):
        raise _Failure("Invalid arguments in States.Format: number of arguments do not match the "
                       "occurrences of {}.")
    out: list[str] = []
    position = 0
    for part in parts:
        if part is None:
            value = values[position]
            out.append(java_json(value) if json_args[position] else java_string(value))
            position += 1
        else:
            out.append(part)
    return "".join(out)


def _string_to_json(args: list, rng: random.Random) -> Any:
    _arity("States.StringToJson", args, 1)
    text = args[0]
    if type(text) is not str:
        raise _invalid("States.StringToJson")
    if not text.strip():
        return None  # Jackson reads no document from blank text; AWS yields null
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        raise _invalid("States.StringToJson") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _json_to_string(args: list, rng: random.Random) -> Any:
    _arity("States.JsonToString", args, 1)
    return java_json(args[0])


def _array(args: list, rng: random.Random) -> Any:
    return list(args)


def _array_partition(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayPartition", args, 2)
    array, size = args
    if type(array) is not list or not _is_number(size):
        raise _invalid("States.ArrayPartition")
    chunk = _java_int(size)
    if chunk <= 0:
        raise _invalid("States.ArrayPartition")
    return [array[start:start + chunk] for start in range(0, len(array), chunk)]


def _array_contains(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayContains", args, 2)
    array, wanted = args
    if type(array) is not list:
        raise _invalid("States.ArrayContains")
    if not array:
        return False
    target = java_string(wanted)
    return any(java_string(item) == target for item in array)


def _array_range(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayRange", args, 3)
    if not all(_is_number(arg) for arg in args):
        raise _invalid("States.ArrayRange")
    start, end, step = (_java_int(arg) for arg in args)
    if step == 0:
        raise _invalid("States.ArrayRange")
    if (step > 0 and start > end) or (step < 0 and start < end):
        return []
    count = abs(end - start) // abs(step) + 1
    if count > MAX_RANGE_ITEMS:
        raise _invalid("States.ArrayRange")
    return list(range(start, start + count * step, step))


def _array_get_item(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayGetItem", args, 2)
    array, index = args
    if type(array) is not list or not _is_number(index):
        raise _invalid("States.ArrayGetItem")
    if not array:
        return None  # AWS answers null for any index into an empty array
    position = _java_int(index)
    if not 0 <= position < len(array):
        raise _invalid("States.ArrayGetItem")
    return array[position]


def _array_length(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayLength", args, 1)
    if type(args[0]) is not list:
        raise _invalid("States.ArrayLength")
    return len(args[0])


def _array_unique(args: list, rng: random.Random) -> Any:
    _arity("States.ArrayUnique", args, 1)
    if type(args[0]) is not list:
        raise _invalid("States.ArrayUnique")
    return _java_hash_set_order(args[0])


def _base64_encode(args: list, rng: random.Random) -> Any:
    _arity("States.Base64Encode", args, 1)
    text = args[0]
    if type(text) is not str or _utf16_length(text) > MAX_CODEC_CHARS:
        raise _invalid("States.Base64Encode")
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")


_B64_VALUES = {char: index for index, char in
               enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_B64_VALUES.update({"-": 62, "_": 63})


def _base64_decode_lenient(text: str) -> bytes:
    """Commons-codec style decoding: skip foreign characters, stop at padding, keep whole bytes."""
    out = bytearray()
    accumulator = count = 0
    for char in text:
        if char == "=":
            break
        value = _B64_VALUES.get(char)
        if value is None:
            continue
        accumulator = (accumulator << 6) | value
        count += 1
        if count == 4:
            out += accumulator.to_bytes(3, "big")
            accumulator = count = 0
    if count == 2:
        out.append(accumulator >> 4)
    elif count == 3:
        out += (accumulator >> 2).to_bytes(2, "big")
    return bytes(out)


def _base64_decode(args: list, rng: random.Random) -> Any:
    _arity("States.Base64Decode", args, 1)
    text = args[0]
    if type(text) is not str or _utf16_length(text) > MAX_CODEC_CHARS:
        raise _invalid("States.Base64Decode")
    try:
        raw = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except (ValueError, binascii.Error):
        raw = _base64_decode_lenient(text)
    return raw.decode("utf-8", "replace")


_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


def _hash(args: list, rng: random.Random) -> Any:
    _arity("States.Hash", args, 2)
    data, algorithm = args
    name = _HASHES.get(algorithm) if type(algorithm) is str else None
    text = java_string(data)
    if name is None or _utf16_length(text) > MAX_CODEC_CHARS:
        raise _invalid("States.Hash")
    return hashlib.new(name, text.encode("utf-8", "surrogatepass")).hexdigest()


def _json_merge(args: list, rng: random.Random) -> Any:
    _arity("States.JsonMerge", args, 3)
    left, right, deep = args
    if type(left) is not dict or type(right) is not dict:
        raise _invalid("States.JsonMerge")
    if java_string(deep).lower() == "true":
        raise _invalid("States.JsonMerge")  # AWS supports only the shallow mode
    merged = dict(left)
    merged.update(right)
    return merged


def _math_random(args: list, rng: random.Random) -> Any:
    _arity("States.MathRandom", args, 2, 3)
    if not all(_is_number(arg) for arg in args):
        raise _invalid("States.MathRandom")
    start, end = _java_int(args[0]), _java_int(args[1])
    if start >= end or end - start > INT_MAX:
        raise _invalid("States.MathRandom")
    if len(args) == 3:
        return start + _java_random_int(_java_long(args[2]), end - start)
    return rng.randrange(start, end)


def _math_add(args: list, rng: random.Random) -> Any:
    _arity("States.MathAdd", args, 2)
    if not all(type(arg) is int or (type(arg) is float and math.isfinite(arg)) for arg in args):
        raise _invalid("States.MathAdd")
    first, second = _java_round(args[0]), _java_round(args[1])
    total = first + second
    if not (INT_MIN <= first <= INT_MAX and INT_MIN <= second <= INT_MAX and INT_MIN <= total <= INT_MAX):
        raise _invalid("States.MathAdd")
    return total


def _string_split(args: list, rng: random.Random) -> Any:
    _arity("States.StringSplit", args, 2)
    text, delimiters = args
    if type(text) is not str or type(delimiters) is not str:
        raise _invalid("States.StringSplit")
    # java.util.StringTokenizer: every delimiter character separates, empty tokens are dropped.
    if len(delimiters) == 1:
        return [token for token in text.split(delimiters) if token]
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        if char in delimiters:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def _uuid(args: list, rng: random.Random) -> Any:
    _arity("States.UUID", args, 0)
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# States.Format is compiled specially (its template is parsed once, see _compile_format).
FUNCTIONS: dict[str, Impl] = {
    "States.StringToJson": _string_to_json,
    "States.JsonToString": _json_to_string,
    "States.Array": _array,
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": _uuid,
}

# Intrinsics whose result is a string, the only ones AWS accepts in ErrorPath/CausePath-like fields.
KNOWN_FUNCTIONS = frozenset(FUNCTIONS) | {"States.Format"}
STRING_FUNCTIONS = frozenset({"States.Format", "States.JsonToString", "States.ArrayGetItem", "States.Base64Encode",
                              "States.Base64Decode", "States.Hash", "States.UUID"})

# --------------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------------

Node = Callable[[Any, Any, Any, random.Random], Any]
_SPACE = " \t\n\r"
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_NUMBER_CHARS = frozenset("0123456789+-.eE")
_ESCAPABLE = "'{}\\"


class _Literal:
    __slots__ = ("value", "raw")

    def __init__(self, value: Any, raw: str | None = None):
        self.value = value
        self.raw = raw  # a string literal's text between the quotes, escapes intact


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.variables: set[str] = set()
        self.depth = 0

    def fail(self, message: str, pos: int | None = None) -> InvalidIntrinsic:
        where = self.pos if pos is None else pos
        return InvalidIntrinsic(f"Invalid intrinsic function call {self.text!r}: {message} at position {where}")

    def skip_space(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _SPACE:
            pos += 1
        self.pos = pos

    def call(self) -> tuple[Node, str]:
        """``States.Name(args)``; returns the compiled node and the function name."""
        start = self.pos
        if not self.text.startswith(PREFIX, start):
            raise self.fail("expected an intrinsic function (States.<Name>)")
        pos = start + len(PREFIX)
        while pos < len(self.text) and self.text[pos] in _NAME_CHARS:
            pos += 1
        name = self.text[start:pos]
        if name not in KNOWN_FUNCTIONS:
            raise self.fail(f"unknown intrinsic function '{name}'", start)
        self.pos = pos
        if pos >= len(self.text) or self.text[pos] != "(":
            raise self.fail(f"expected '(' after '{name}'")
        self.pos += 1
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"intrinsic functions nested more than {MAX_NESTING} levels deep", start)
        args: list[Node | _Literal] = []
        json_args: list[bool] = []
        self.skip_space()
        if self.pos < len(self.text) and self.text[self.pos] == ")":
            self.pos += 1
        else:
            while True:
                self.skip_space()
                arg, nested = self.argument()
                args.append(arg)
                json_args.append(nested == "States.StringToJson")
                self.skip_space()
                if self.pos >= len(self.text):
                    raise self.fail("unterminated argument list")
                char = self.text[self.pos]
                self.pos += 1
                if char == ")":
                    break
                if char != ",":
                    raise self.fail(f"unexpected character {char!r}", self.pos - 1)
        self.depth -= 1
        if name == "States.Format":
            return _compile_format(args, tuple(json_args)), name
        return _compile_call(FUNCTIONS[name], args), name

    def argument(self) -> tuple[Node | _Literal, str | None]:
        text, pos = self.text, self.pos
        if pos >= len(text):
            raise self.fail("missing argument")
        char = text[pos]
        if char == "'":
            return self.string(), None
        if char == "$":
            return self.path(), None
        if text.startswith(PREFIX, pos):
            node, name = self.call()
            return node, name
        if char == "-" or char.isdigit():
            return self.number(), None
        for word, value in (("null", None), ("true", True), ("false", False)):
            if text.startswith(word, pos):
                end = pos + len(word)
                if end < len(text) and text[end] in _NAME_CHARS:
                    break
                self.pos = end
                return _Literal(value), None
        raise self.fail(f"unexpected character {char!r}")

    def string(self) -> _Literal:
        text = self.text
        start = self.pos + 1
        pos = start
        value: list[str] = []
        while True:
            if pos >= len(text):
                raise self.fail("unterminated string literal", start - 1)
            char = text[pos]
            if char == "'":
                break
            if char == "\\":
                if pos + 1 >= len(text) or text[pos + 1] not in _ESCAPABLE:
                    raise self.fail("illegal escape sequence in string literal (only \\' \\{ \\} \\\\ "
                                    "are allowed)", pos)
                value.append(text[pos + 1])
                pos += 2
                continue
            value.append(char)
            pos += 1
        self.pos = pos + 1
        return _Literal("".join(value), text[start:pos])

    def number(self) -> _Literal:
        text, start = self.text, self.pos
        pos = start
        while pos < len(text) and text[pos] in _NUMBER_CHARS:
            pos += 1
        token = text[start:pos]
        try:
            value = json.loads(token)
        except ValueError:
            raise self.fail(f"invalid number {token!r}", start) from None
        if not _is_number(value):
            raise self.fail(f"invalid number {token!r}", start)
        self.pos = pos
        return _Literal(value)

    def path(self) -> Node:
        """A path argument runs to the next top-level ',' or ')' (brackets and quotes nest)."""
        text, start = self.text, self.pos
        pos = start
        brackets = parens = 0
        quote = ""
        while pos < len(text):
            char = text[pos]
            if quote:
                if char == "\\":
                    pos += 1
                elif char == quote:
                    quote = ""
            elif char in "'\"" and brackets:
                quote = char
            elif char == "[":
                brackets += 1
            elif char == "]":
                brackets -= 1
            elif char == "(":
                parens += 1
            elif char == ")":
                if not parens:
                    break
                parens -= 1
            elif char == "," and not brackets and not parens:
                break
            pos += 1
        path_text = text[start:pos].rstrip(_SPACE)
        try:
            path = compile_path(path_text)
        except InvalidPath as exc:
            raise self.fail(f"invalid path argument: {exc}", start) from None
        if path.variable is not None:
            self.variables.add(path.variable)
        self.pos = start + len(path_text)
        return _compile_path(path)


def _compile_path(path: JsonPath) -> Node:
    evaluate = path.evaluate
    shown = "$" + path.text[2:] if path.root == "context" else path.text

    def node(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
        try:
            return evaluate(data, context, variables)
        except (PathNotFound, VariableNotFound):
            raise _Failure(f"The JsonPath argument for the field '{shown}' could not be found in the input "
                           f"'{java_json(data)}'") from None

    return node


def _constant(value: Any) -> Node:
    def node(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
        return value

    return node


def _compile_call(impl: Impl, args: list[Node | _Literal]) -> Node:
    if all(isinstance(arg, _Literal) for arg in args):
        constants = [cast(_Literal, arg).value for arg in args]
        return lambda data, context, variables, rng: impl(list(constants), rng)
    nodes = [_constant(arg.value) if isinstance(arg, _Literal) else arg for arg in args]
    if len(nodes) == 1:
        only = nodes[0]
        return lambda data, context, variables, rng: impl([only(data, context, variables, rng)], rng)
    return lambda data, context, variables, rng: impl([n(data, context, variables, rng) for n in nodes], rng)


def _compile_format(args: list[Node | _Literal], json_args: tuple[bool, ...]) -> Node:
    if not args:
        def no_args(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
            raise _invalid("States.Format")
        return no_args
    template, rest = args[0], args[1:]
    nodes = [_constant(arg.value) if isinstance(arg, _Literal) else arg for arg in rest]
    flags = json_args[1:]
    if isinstance(template, _Literal) and isinstance(template.value, str):
        raw = cast(str, template.raw)
        try:
            parts = _template_parts(raw)  # parsed once; escapes are significant only here
        except _Failure as failure:
            error = failure.detail

            def bad_template(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
                for n in nodes:
                    n(data, context, variables, rng)
                raise _Failure(error)
            return bad_template

        def literal_template(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
            return _format(parts, [n(data, context, variables, rng) for n in nodes], flags)
        return literal_template

    template_node = _constant(template.value) if isinstance(template, _Literal) else template

    def dynamic_template(data: Any, context: Any, variables: Any, rng: random.Random) -> Any:
        value = template_node(data, context, variables, rng)
        values = [n(data, context, variables, rng) for n in nodes]
        if type(value) is not str:
            raise _invalid("States.Format")
        return _format(_template_parts(value), values, flags)
    return dynamic_template


class Intrinsic:
    """A parsed intrinsic call. :meth:`evaluate` runs it against a state's three roots."""

    __slots__ = ("text", "function", "variables", "_node")

    def __init__(self, text: str, function: str, node: Node, variables: frozenset[str]):
        self.text = text
        self.function = function  # the outermost function, e.g. "States.Format"
        self.variables = variables  # names of the workflow variables the call reads
        self._node = node

    def __repr__(self) -> str:
        return f"Intrinsic({self.text!r})"

    @property
    def returns_string(self) -> bool:
        """Whether the outermost function returns a string (what ErrorPath/CausePath accept)."""
        return self.function in STRING_FUNCTIONS

    def evaluate(self, data: Any, context: Any = None, variables: Mapping[str, Any] | None = None,
                 rng: random.Random | None = None) -> Any:
        """The call's value. Raises ``StatesError`` (``States.Runtime``) as AWS does on failure."""
        try:
            return self._node(data, context, variables, _DEFAULT_RNG if rng is None else rng)
        except _Failure as failure:
            raise StatesError(ErrorName.RUNTIME, f"The function '{self.text}' had the following error: "
                                                 f"{failure.detail}") from None


def parse_intrinsic(text: str) -> Intrinsic:
    """Parse an intrinsic call once; raises :class:`InvalidIntrinsic` with a readable message."""
    if not is_intrinsic(text):
        raise InvalidIntrinsic(f"Invalid intrinsic function call {text!r}: it must start with '{PREFIX}'")
    parser = _Parser(text)
    node, name = parser.call()
    parser.skip_space()
    if parser.pos != len(text):
        raise parser.fail("unexpected text after the function call")
    return Intrinsic(text, name, node, frozenset(parser.variables))
