"""Static validation of ASL definitions, with AWS's rules, codes and wording.

``validate(definition)`` returns every problem found (never raises): a list of
:class:`Diagnostic` (``code``, ``message``, ``location`` as a JSON pointer into the definition,
``severity`` ``"ERROR"`` or ``"WARNING"``). A definition is valid when no diagnostic is an ERROR.

Codes are AWS's ValidateStateMachineDefinition codes where AWS has one; Stepcraft's own codes
(see :mod:`asl.validation.diagnostics`) cover what AWS does not name. Differences from AWS:
locations are RFC 6901 pointers (``/States/C/Choices/0/Next``; AWS writes ``Choices[0]``), and
point at the offending field even where AWS points at the state.
"""
from asl.validation.diagnostics import ERROR, WARNING, Diagnostic
from asl.validation.machine import MAX_DEFINITION_LENGTH, validate

__all__ = ["ERROR", "MAX_DEFINITION_LENGTH", "WARNING", "Diagnostic", "validate"]
