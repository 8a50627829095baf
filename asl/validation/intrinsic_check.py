"""Intrinsic function calls (``States.Format(...)`` and friends) in JSONPath fields.

The syntax is the engine's: :func:`asl.intrinsics.parse_intrinsic` decides (unknown functions,
bad literals, illegal escapes, nesting deeper than 10). Argument counts and types are not
checked here: AWS accepts such definitions and fails the state at run time (States.Runtime).
The module is imported lazily so that the validator works without it; a bare shape check then
stands in.
"""
from __future__ import annotations

import re
from functools import lru_cache

_SHAPE = re.compile(r"States\.[A-Za-z0-9]+\(.*\)\s*\Z", re.DOTALL)


@lru_cache(maxsize=4096)
def intrinsic_problem(text: str, *, string_result: bool = False) -> str | None:
    """Why ``text`` is not a valid intrinsic call (or, with ``string_result``, not one that returns
    a string, as ErrorPath/CausePath require); None when it is."""
    try:
        from asl.intrinsics import InvalidIntrinsic, parse_intrinsic
    except ImportError:
        return None if _SHAPE.match(text) else f"Invalid intrinsic function call {text!r}"
    try:
        call = parse_intrinsic(text)
    except InvalidIntrinsic as exc:
        return str(exc)
    except Exception:  # a failure of the parser itself is not the definition's fault
        return None
    if string_result and not call.returns_string:
        return f"{call.function} does not return a string"
    return None
