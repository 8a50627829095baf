"""Stepcraft's Amazon States Language engine: parse, validate and run ASL, as AWS does.

Pure Python: no Django, Celery or I/O. ``asl.run`` runs a definition in memory; the
durable runtime in ``executions/`` drives the same steps (``asl.step``) persistently.
"""
from asl.context import ExecutionInfo
from asl.errors import DefinitionError, ErrorName, StatesError, TaskFailure
from asl.machine import StateMachine, parse
from asl.runner import ExecutionResult, run

__all__ = ["DefinitionError", "ErrorName", "ExecutionInfo", "ExecutionResult", "StateMachine", "StatesError",
           "TaskFailure", "parse", "run"]
