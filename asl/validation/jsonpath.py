"""JSONPath fields: Paths, Reference Paths and Payload Templates (``.$`` keys).

Paths are compiled with :func:`asl.paths.compile_path` (cached), so the engine will be able to
evaluate what passes here. AWS parses paths with Jayway JsonPath, which accepts a few forms
the engine cannot evaluate (script expressions such as ``$[(@.length-1)]``, backslash escapes);
those are accepted with an UNSUPPORTED_JSONPATH warning rather than refused.
"""
from __future__ import annotations

import re
from typing import Any

from asl.paths import CONTEXT, VARIABLE, InvalidPath, JsonPath, compile_path
from asl.validation.checker import Checker
from asl.validation.diagnostics import NO_DOLLAR, UNSUPPORTED_JSONPATH, ptr
from asl.validation.intrinsic_check import intrinsic_problem

INVALID_PATH = "Value must be a valid JSONPath."
NOT_REFERENCE = "Value is not a Reference Path"

_INTRINSIC_LIKE = re.compile(r"States\.[A-Za-z0-9_.]+\(.*\)\Z", re.DOTALL)
_ROOT = re.compile(r"\$\$|\$[A-Za-z_][A-Za-z0-9_]*|\$")


def check_path(chk: Checker, value: Any, location: str, *, reference: bool = False, context: bool = True,
               variables: bool = True, nullable: bool = False) -> None:
    """A Path field (``InputPath``, ``Variable``...) or, with ``reference``, a Reference Path field."""
    if value is None and nullable:
        return
    if not isinstance(value, str):
        chk.schema("Expected value of type [STRING]", location)
        return
    problem = path_problem(value, reference=reference, context=context, variables=variables)
    if problem is not None:
        chk.schema(problem, location)
    elif _compiled(value) is None:
        chk.warn(UNSUPPORTED_JSONPATH, f"Stepcraft cannot evaluate the JSONPath '{value}'", location)


def path_problem(text: str, *, reference: bool = False, context: bool = True,
                 variables: bool = True) -> str | None:
    """Why ``text`` is not acceptable as a (Reference) Path, or None."""
    if not text.startswith("$"):
        return INVALID_PATH
    compiled = _compiled(text)
    if compiled is None:
        match = _ROOT.match(text)  # always matches: text starts with "$"
        root_end = match.end() if match else 1
        rest = text[root_end:]
        if not _jayway_like(rest):
            return INVALID_PATH
        if reference and not _reference_like(rest):
            return NOT_REFERENCE
        root_kind = CONTEXT if text.startswith("$$") else VARIABLE if root_end > 1 else None
    else:
        if reference and not compiled.definite:
            return NOT_REFERENCE
        root_kind = compiled.root
    if root_kind == CONTEXT and not context:
        return NOT_REFERENCE
    if root_kind == VARIABLE and not variables:
        return "Value must not reference a variable"
    return None


def _compiled(text: str) -> JsonPath | None:
    try:
        return compile_path(text)
    except InvalidPath:
        return None


def _jayway_like(rest: str) -> bool:
    """A structural check of a path tail as Jayway parses it: dotted names, ``..``, ``*`` and
    balanced ``[...]`` selectors (whose content Jayway evaluates as it likes)."""
    i, n = 0, len(rest)
    while i < n:
        if rest[i] == ".":
            i += 2 if rest.startswith("..", i) else 1
            if i >= n or rest[i] == ".":
                return False
            if rest[i] in "[*":
                i += rest[i] == "*"
                continue
            start = i
            while i < n and rest[i] not in ".[":
                if rest[i].isspace():
                    return False
                i += 2 if rest[i] == "\\" else 1
            if i == start:
                return False
        elif rest[i] == "[":
            end = _closing_bracket(rest, i)
            if end < 0 or not rest[i + 1:end].strip():
                return False
            i = end + 1
        else:
            return False
    return True


def _closing_bracket(text: str, start: int) -> int:
    depth, quote, i = 0, "", start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _reference_like(rest: str) -> bool:
    """No wildcard, deep scan, filter, slice or union: the operators @ , : ? * and ``..``."""
    plain = re.sub(r"\\.", "x", rest)
    plain = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", plain)
    return ".." not in plain and not any(ch in plain for ch in "@,:?*")


def looks_like_path(value: str) -> bool:
    """A string that would be a path or an intrinsic call if its key ended in ``.$``."""
    return value in ("$", "$$") or value.startswith(("$.", "$[", "$$.")) or bool(_INTRINSIC_LIKE.match(value))


def check_dynamic_value(chk: Checker, key: str, value: Any, location: str) -> None:
    """The value of a ``.$`` key: a Path (on the input, the context or a variable) or an intrinsic."""
    message = f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"
    if not isinstance(value, str):
        chk.schema(message, location)
        return
    if value.startswith("$"):
        if path_problem(value) is not None:
            chk.schema(message, location)
        elif _compiled(value) is None:
            chk.warn(UNSUPPORTED_JSONPATH, f"Stepcraft cannot evaluate the JSONPath '{value}'", location)
        return
    if intrinsic_problem(value) is not None:
        chk.schema(message, location)


def check_template(chk: Checker, value: Any, location: str) -> None:
    """A Payload Template: every ``.$`` key, however deep, holds a Path or an intrinsic; no two
    keys of one object may be equal once ``.$`` is stripped."""
    stack: list[tuple[Any, str]] = [(value, location)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, list):
            stack.extend((item, ptr(here, i)) for i, item in reversed(list(enumerate(node))))
            continue
        if not isinstance(node, dict):
            continue
        seen: set[str] = set()
        for key, item in node.items():
            where = ptr(here, key)
            name = key[:-2] if key.endswith(".$") else key
            if name in seen:
                chk.schema(f"The field '{name}' is specified more than once (after removing '.$')", where)
            seen.add(name)
            if key.endswith(".$"):
                check_dynamic_value(chk, key, item, where)
            elif isinstance(item, str):
                if looks_like_path(item):
                    chk.warn(NO_DOLLAR, f"The value of the field '{key}' looks like a JSONPath or an intrinsic "
                             f"function, but the field name does not end with '.$'", where)
            else:
                stack.append((item, where))


def has_dynamic_keys(value: Any) -> list[str]:
    """Pointers, relative to ``value``, of every ``.$`` key inside it (for a Pass state's Result)."""
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, here = stack.pop()
        if isinstance(node, list):
            stack.extend((item, ptr(here, i)) for i, item in enumerate(node))
        elif isinstance(node, dict):
            for key, item in node.items():
                if key.endswith(".$"):
                    found.append(ptr(here, key))
                else:
                    stack.append((item, ptr(here, key)))
    return sorted(found)
