"""JSONPath-mode data flow: payload templates and the InputPath/ResultPath/OutputPath filters.

Everything here is compiled once, when a definition is loaded. At run time a state applies
the compiled pieces in AWS's order: InputPath -> Parameters -> (result) -> ResultSelector ->
ResultPath -> OutputPath. Each failure is raised as the :class:`StatesError` AWS reports.
"""
from __future__ import annotations

from typing import Any

from asl.errors import ErrorName, StatesError
from asl.history import to_json_text
from asl.intrinsics import is_intrinsic, parse_intrinsic
from asl.paths import JsonPath, PathNotFound, VariableNotFound, compile_path, compile_reference_path

# A field that is absent behaves differently from one set to null (InputPath: null -> {}).
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT", "__bool__": lambda self: False})()


def _missing_cause(path: JsonPath, field: str, data: Any, context: Any) -> str:
    document = context if path.root == "context" else data
    return (f"The JSONPath '{path.text}' specified for the field '{field}' could not be found in the input "
            f"'{to_json_text(document)}'")


class Evaluable:
    """A compiled dynamic value: a path or an intrinsic call, evaluated against the three roots."""

    __slots__ = ("field", "path_text", "path", "intrinsic", "uses_context")

    def __init__(self, field: str, text: str):
        self.field = field
        self.path_text = text
        self.path: JsonPath | None = None
        self.intrinsic = None
        if is_intrinsic(text):
            self.intrinsic = parse_intrinsic(text)
            self.uses_context = "$$" in text
        else:
            self.path = compile_path(text)
            self.uses_context = self.path.root == "context"

    def evaluate(self, data: Any, context: Any, variables: Any) -> Any:
        if self.intrinsic is not None:
            return self.intrinsic.evaluate(data, context, variables)
        path = self.path
        assert path is not None
        try:
            return path.evaluate(data, context, variables)
        except PathNotFound:
            raise StatesError(ErrorName.RUNTIME, _missing_cause(path, self.field, data, context)) from None
        except VariableNotFound as exc:
            raise StatesError(ErrorName.RUNTIME, f"The JSONPath '{path.text}' specified for the field "
                              f"'{self.field}' references the undefined variable '{exc.name}'") from None


class PayloadTemplate:
    """A JSONPath-mode payload template (Parameters, ItemSelector, ResultSelector, Assign).

    Keys ending in ``.$`` hold a path or an intrinsic call, evaluated and stored under the key
    without the suffix; nested objects and arrays are templates too; everything else is literal.
    """

    __slots__ = ("_node", "uses_context")

    def __init__(self, template: Any):
        self.uses_context = False
        self._node = self._compile(template)

    def _compile(self, node: Any) -> Any:
        if isinstance(node, dict):
            entries = []
            dynamic = False
            for key, value in node.items():
                if key.endswith(".$") and isinstance(value, str):
                    evaluable = Evaluable(key, value)
                    self.uses_context = self.uses_context or evaluable.uses_context
                    entries.append((key[:-2], evaluable, True))
                    dynamic = True
                else:
                    compiled = self._compile(value)
                    is_dynamic = isinstance(compiled, _Dynamic)
                    dynamic = dynamic or is_dynamic
                    entries.append((key, compiled, False))
            return _Object(entries) if dynamic else node
        if isinstance(node, list):
            items = [self._compile(item) for item in node]
            return _Array(items) if any(isinstance(i, _Dynamic) for i in items) else node
        return node

    def evaluate(self, data: Any, context: Any = None, variables: Any = None) -> Any:
        node = self._node
        if isinstance(node, _Dynamic):
            return node.evaluate(data, context, variables)
        return node


class _Dynamic:
    __slots__ = ()

    def evaluate(self, data: Any, context: Any, variables: Any) -> Any:
        raise NotImplementedError


class _Object(_Dynamic):
    __slots__ = ("entries",)

    def __init__(self, entries: list[tuple[str, Any, bool]]):
        self.entries = entries

    def evaluate(self, data: Any, context: Any, variables: Any) -> Any:
        out = {}
        for key, value, is_evaluable in self.entries:
            if is_evaluable or isinstance(value, _Dynamic):
                out[key] = value.evaluate(data, context, variables)
            else:
                out[key] = value
        return out


class _Array(_Dynamic):
    __slots__ = ("items",)

    def __init__(self, items: list[Any]):
        self.items = items

    def evaluate(self, data: Any, context: Any, variables: Any) -> Any:
        return [i.evaluate(data, context, variables) if isinstance(i, _Dynamic) else i for i in self.items]


class InputFilter:
    """InputPath / OutputPath: select part of a document (``null`` selects ``{}``)."""

    __slots__ = ("path",)

    def __init__(self, text: Any):
        self.path = None if text is ABSENT or text is None else compile_path(text)
        if text is None:
            self.path = _NULL_PATH

    def apply(self, data: Any, context: Any, variables: Any) -> Any:
        path = self.path
        if path is _NULL_PATH:
            return {}
        if path is None or (path.keys == () and path.root == "input"):
            return data
        try:
            return path.evaluate(data, context, variables)
        except PathNotFound as exc:
            raise StatesError(ErrorName.RUNTIME,
                              f"Invalid path '{path.text}' : Missing property in path {exc.missing_prefix}") from None
        except VariableNotFound as exc:
            raise StatesError(ErrorName.RUNTIME,
                              f"Invalid path '{path.text}' : The variable '{exc.name}' is undefined") from None


# Marks "InputPath/OutputPath: null" (select {}); never evaluated.
_NULL_PATH = JsonPath("null", "input", None, (), None)


class ResultPath:
    """ResultPath: where a state's result goes in its raw input (``null`` discards the result)."""

    __slots__ = ("path", "discard")

    def __init__(self, text: Any):
        self.discard = text is None
        self.path = None if text is ABSENT or text is None else compile_reference_path(text)

    def apply(self, raw_input: Any, result: Any) -> Any:
        if self.discard:
            return raw_input
        path = self.path
        if path is None or not path.keys:
            return result
        try:
            return path.assign(raw_input, result)
        except PathNotFound:
            raise StatesError(ErrorName.RESULT_PATH_MATCH_FAILURE,
                              f"Unable to apply ReferencePath {path.text} to input "
                              f"'{to_json_text(raw_input)}'") from None
