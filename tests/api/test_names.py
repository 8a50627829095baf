"""designer.names: AWS's naming rules, shared with execution names."""
from __future__ import annotations

import pytest

from designer.names import alias_name_problem, name_problem


@pytest.mark.parametrize("name", ["a", "x" * 80, "order-flow_v2.1", "Ünïcode", "(ok)!@+=", "1234"])
def test_valid_names(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(("name", "why"), [
    ("", "empty"), ("x" * 81, "81 characters"), ("a b", "whitespace"), ("a\u00a0b", "whitespace"),
    ("a\x00", "control"), ("a\x9f", "control"), *[(f"a{c}b", repr(c)) for c in '<>{}[]?*"#%\\^|~`$&,;:/'],
])
def test_invalid_names(name: str, why: str) -> None:
    problem = name_problem(name)
    assert problem is not None and why in problem


@pytest.mark.parametrize(("name", "valid"), [("live", True), ("v1.2-beta_x", True), ("123", False), ("", False),
                                             ("a b", False), ("a:b", False), ("x" * 81, False)])
def test_alias_names(name: str, valid: bool) -> None:
    assert (alias_name_problem(name) is None) is valid
