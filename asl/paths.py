"""JSONPath for ASL: paths are compiled once, when a definition is loaded, never at run time.

ASL uses three kinds of path roots: ``$`` (the state's input), ``$$`` (the context object) and
``$name`` (a workflow variable). Simple paths -- fields and single indices, by far the most
common -- are evaluated by walking a tuple of keys; anything else (wildcards, slices, filters,
unions, descendants) goes through jsonpath-ng's parsed expression. A definite path yields one
value; an indefinite path yields the list of its matches, as AWS does.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
from jsonpath_ng.ext import parse as jsonpath_parse

INPUT, CONTEXT, VARIABLE = "input", "context", "variable"

_VARIABLE_ROOT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_FIELD = re.compile(r"\.([^.\[\]\s*@,:?()'\"]+)")
_QUOTED = re.compile(r"\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*\"((?:[^\"\\]|\\.)*)\"\s*\]")
_INDEX = re.compile(r"\[\s*(-?\d+)\s*\]")


class InvalidPath(ValueError):
    """The text is not a JSONPath (or not a Reference Path where one is required)."""


class PathNotFound(LookupError):
    """A definite path has no value in the document."""

    def __init__(self, path: JsonPath, depth: int):
        self.path = path
        self.depth = depth  # how many keys resolved before the miss
        super().__init__(path.text)

    @property
    def missing_prefix(self) -> str:
        """The path up to and including the first key that did not resolve, in bracket notation."""
        return bracket_notation((self.path.keys or ())[: self.depth + 1])


def bracket_notation(keys: tuple[str | int, ...]) -> str:
    """``('a', 0)`` -> ``$['a'][0]`` (the notation AWS uses in its error messages)."""
    return "$" + "".join(f"[{k}]" if isinstance(k, int) else f"['{k}']" for k in keys)


class JsonPath:
    """A compiled ASL path. Call :meth:`evaluate` with the three possible roots."""

    __slots__ = ("text", "root", "variable", "keys", "_expr")

    def __init__(self, text: str, root: str, variable: str | None, keys: tuple | None, expr: Any):
        self.text = text
        self.root = root
        self.variable = variable
        self.keys = keys  # tuple of str/int for a definite simple path, else None
        self._expr = expr  # jsonpath-ng expression for everything else

    @property
    def definite(self) -> bool:
        return self.keys is not None

    def __repr__(self) -> str:
        return f"JsonPath({self.text!r})"

    def evaluate(self, data: Any, context: Any = None, variables: Mapping[str, Any] | None = None) -> Any:
        """The value this path selects. ``data`` is the state input (root ``$``)."""
        if self.root == INPUT:
            return self.find(data)
        if self.root == CONTEXT:
            return self.find(context)
        name = self.variable or ""
        if variables is None or name not in variables:
            raise VariableNotFound(name)
        return self.find(variables[name])

    def find(self, document: Any) -> Any:
        keys = self.keys
        if keys is None:
            return [m.value for m in self._expr.find(document)]
        value = document
        for depth, key in enumerate(keys):
            if isinstance(key, str):
                if type(value) is not dict or key not in value:
                    raise PathNotFound(self, depth)
                value = value[key]
            else:
                if type(value) is not list or not -len(value) <= key < len(value):
                    raise PathNotFound(self, depth)
                value = value[key]
        return value

    def assign(self, document: Any, value: Any) -> Any:
        """A copy of ``document`` with ``value`` placed at this (reference) path.

        Only the containers along the path are copied; intermediate objects are created where
        missing. Raises :class:`PathNotFound` where the path runs into a non-object.
        """
        keys = self.keys
        if keys is None:
            raise InvalidPath(f"'{self.text}' is not a Reference Path")
        if not keys:
            return value
        return _assign(document, keys, 0, value, self)


def _assign(node: Any, keys: tuple, depth: int, value: Any, path: JsonPath) -> Any:
    key = keys[depth]
    last = depth == len(keys) - 1
    if isinstance(key, str):
        if node is None and depth > 0:
            node = {}
        if type(node) is not dict:
            raise PathNotFound(path, depth)
        copy = dict(node)
        copy[key] = value if last else _assign(node.get(key, {}), keys, depth + 1, value, path)
        return copy
    if type(node) is not list or not -len(node) <= key < len(node):
        raise PathNotFound(path, depth)
    copy_list = list(node)
    copy_list[key] = value if last else _assign(node[key], keys, depth + 1, value, path)
    return copy_list


class VariableNotFound(LookupError):
    """A ``$name`` path names a variable that has not been assigned."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


def _simple_keys(rest: str) -> tuple | None:
    """Keys of a path tail made only of ``.field``, ``['field']`` and ``[n]``; else None."""
    keys: list[str | int] = []
    pos = 0
    while pos < len(rest):
        m = _FIELD.match(rest, pos)
        if m:
            keys.append(m.group(1))
        else:
            m = _QUOTED.match(rest, pos)
            if m:
                keys.append(m.group(1) if m.group(1) is not None else m.group(2))
            else:
                m = _INDEX.match(rest, pos)
                if not m:
                    return None
                keys.append(int(m.group(1)))
        pos = m.end()
    return tuple(keys)


@lru_cache(maxsize=4096)
def compile_path(text: str) -> JsonPath:
    """Compile an ASL path (``$...``, ``$$...`` or ``$var...``); raises :class:`InvalidPath`."""
    if not isinstance(text, str) or not text.startswith("$"):
        raise InvalidPath(f"'{text}' is not a valid JSONPath: it must start with '$'")
    if text.startswith("$$"):
        root, variable, rest = CONTEXT, None, text[2:]
    else:
        m = _VARIABLE_ROOT.match(text)
        if m:
            root, variable, rest = VARIABLE, m.group(1), text[m.end():]
        else:
            root, variable, rest = INPUT, None, text[1:]
    if rest.strip() != rest:
        raise InvalidPath(f"'{text}' is not a valid JSONPath")
    keys = _simple_keys(rest)
    if keys is not None:
        return JsonPath(text, root, variable, keys, None)
    try:
        expr = jsonpath_parse("$" + rest)
    except (JsonPathLexerError, JsonPathParserError, Exception) as exc:  # the library raises bare Exceptions too
        raise InvalidPath(f"'{text}' is not a valid JSONPath: {exc}") from None
    return JsonPath(text, root, variable, None, expr)


def compile_reference_path(text: str) -> JsonPath:
    """A Reference Path: a definite path to one node (no wildcards, filters, slices or unions)."""
    path = compile_path(text)
    if not path.definite:
        raise InvalidPath(f"'{text}' is not a Reference Path")
    return path
