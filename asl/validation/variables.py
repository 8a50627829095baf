"""``Assign``: variable names, values, and the rule that inner scopes keep their own names."""
from __future__ import annotations

from typing import Any

from asl.validation import jsonata_check
from asl.validation.checker import Checker, Scope
from asl.validation.diagnostics import ptr
from asl.validation.jsonata_check import Where
from asl.validation.jsonpath import check_template

MAX_NAME_LENGTH = 80


def check_assign(chk: Checker, value: Any, location: str, scope: Scope, *, jsonata: bool,
                 where: Where = jsonata_check.ANYWHERE) -> None:
    """An ``Assign`` object on a state, a Choice Rule or a Catcher."""
    if not isinstance(value, dict):
        chk.schema("Expected value of type [OBJECT]", location)
        return
    for key in value:
        name = key[:-2] if not jsonata and key.endswith(".$") else key
        here = ptr(location, key)
        if _name_problem(chk, name, here):
            continue
        chk.assignments.append((scope, name, here))
        scope.assigned.setdefault(name, here)
    if jsonata:
        jsonata_check.check_value(chk, value, location, where)
    else:
        check_template(chk, value, location)


def _name_problem(chk: Checker, name: str, location: str) -> bool:
    if name == "states":
        chk.schema("The variable name 'states' is reserved and cannot be assigned", location)
    elif not 1 <= len(name) <= MAX_NAME_LENGTH:
        chk.schema(f"A variable name must be 1 to {MAX_NAME_LENGTH} characters long", location)
    elif not name.isidentifier():
        chk.schema(f"'{name}' is not a valid variable name: it must start with a letter and contain only "
                   "letters, digits and underscores", location)
    else:
        return False
    return True


def check_scopes(chk: Checker) -> None:
    """States in inner scopes (branches, iterations) must not assign an outer scope's variables."""
    for scope, name, location in chk.assignments:
        for outer in scope.ancestors():
            if name in outer.assigned:
                chk.schema(f"The variable '{name}' is assigned in an outer scope ({outer.assigned[name]}); "
                           "states in a Parallel branch or Map iteration cannot assign it", location)
                break
