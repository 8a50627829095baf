"""Definition text in and out: objects to JSON text, YAML or JSON documents to data, exports.

Stored definitions are JSON text exactly as given. Export renders them deterministically:
``json`` is the canonical pretty form (2-space indent, keys in the order written, non-ASCII kept,
one trailing newline), so importing an export and exporting again gives the same bytes;
``json-compact`` has no whitespace at all; ``yaml`` is PyYAML's ``safe_dump`` in the same key order.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import yaml

from stepcraft.api_parsers import lone_surrogate

EXPORT_FORMATS = ("json", "json-compact", "yaml")
MAX_DEPTH = 1000  # as asl.validation's limit


class DocumentError(ValueError):
    """A text that is not a usable JSON/YAML document; the message says why."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """The canonical pretty text of a JSON value (the stored text of a definition given as an object)."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except RecursionError:
        raise DocumentError("The definition is nested too deeply") from None
    except (TypeError, ValueError) as exc:
        raise DocumentError(f"The definition is not JSON data: {exc}") from None


def surrogate_problem(text: str) -> str | None:
    """Why JSON text that parses is still not storable Unicode (a lone surrogate escaped), or None."""
    if "\\u" not in text:
        return None
    try:
        if lone_surrogate(json.loads(text)) is None:
            return None
    except (ValueError, RecursionError):  # not JSON at all: validation says so
        return None
    return "The definition escapes a lone UTF-16 surrogate (e.g. \\ud800), which is not Unicode text"


def export(text: str, fmt: str) -> tuple[str, str, str]:
    """``(body, content type, file extension)`` of a stored definition in one of EXPORT_FORMATS."""
    value = json.loads(text)
    if fmt == "json-compact":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False), "application/json", "json"
    if fmt == "yaml":
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True), "application/yaml", "yaml"
    return canonical_json(value), "application/json", "json"


def load_document(text: str, fmt: str = "auto") -> tuple[Any, bool]:
    """Parse a JSON or YAML document: ``(data, was_json)``. ``fmt`` is ``auto``, ``json`` or ``yaml``.

    In ``auto`` mode JSON is tried first; text that does not look like a JSON object or array
    and is not JSON is read as YAML. YAML is read safely: no aliases (exponential documents),
    no timestamps (they stay strings, as in JSON), only JSON-compatible values.
    """
    if fmt in ("auto", "json"):
        try:
            return json.loads(text, parse_constant=_reject_constant), True
        except RecursionError:
            raise DocumentError(f"The document is nested more than {MAX_DEPTH} levels deep") from None
        except ValueError as exc:
            if fmt == "json" or text.lstrip()[:1] in ("{", "["):
                raise DocumentError(f"Invalid JSON: {exc}") from None
    try:
        data = yaml.load(text, Loader=_JsonYamlLoader)  # a SafeLoader subclass
    except RecursionError:
        raise DocumentError(f"The document is nested more than {MAX_DEPTH} levels deep") from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"Invalid YAML: {exc}") from None
    _check_json_compatible(data)
    return data, False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class _JsonYamlLoader(yaml.SafeLoader):
    """SafeLoader without timestamps and without aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", event.start_mark)
        return super().compose_node(parent, index)


_JsonYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _check_json_compatible(data: Any) -> None:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentError(f"The document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    raise DocumentError(f"Keys must be strings; {key!r} is not (quote it)")
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
        elif isinstance(node, str) and lone_surrogate(node) is not None:
            raise DocumentError("The document has text that is not Unicode (a lone surrogate)")
        elif isinstance(node, float) and not math.isfinite(node):
            raise DocumentError(f"{node} is not a JSON number")
        elif node is not None and not isinstance(node, str | int | float | bool):
            raise DocumentError(f"A {type(node).__name__} value is not JSON data")
