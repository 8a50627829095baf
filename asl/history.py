"""History events in AWS's shape (GetExecutionHistory's HistoryEvent).

The engine records events as it steps; :class:`History` hands out ids and keeps each event's
``previousEventId``. Payloads (inputs, outputs, parameters) are kept as Python values and
serialised to JSON text only when an event is rendered: most histories are never read in
full, and serialising every state's data on the hot path would dominate the engine's cost.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

# Detail fields that AWS sends as JSON text, each with a "<field>Details": {"truncated": bool} beside it.
_PAYLOAD_FIELDS = ("input", "output")
_JSON_TEXT_FIELDS = ("parameters",)

_STATE_TYPES = ("Task", "Pass", "Wait", "Choice", "Parallel", "Map", "Succeed", "Fail")
_DETAILS_KEY = {f"{t}StateEntered": "stateEnteredEventDetails" for t in _STATE_TYPES}
_DETAILS_KEY.update({f"{t}StateExited": "stateExitedEventDetails" for t in _STATE_TYPES})


def details_key(event_type: str) -> str:
    """``TaskScheduled`` -> ``taskScheduledEventDetails`` (AWS's field naming)."""
    key = _DETAILS_KEY.get(event_type)
    if key is None:
        key = event_type[0].lower() + event_type[1:] + "EventDetails"
    return key


# One encoder for the process: json.dumps with options builds a new encoder on every call.
_compact_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def to_json_text(value: Any) -> str:
    """Compact JSON text as AWS writes payloads (no spaces, non-ASCII kept)."""
    return _compact_json(value)


class Event:
    """One history event. ``details`` holds Python values; :meth:`render` gives AWS's shape."""

    __slots__ = ("id", "previous_event_id", "timestamp", "type", "details")

    def __init__(self, id: int, previous_event_id: int, timestamp: datetime, type: str,
                 details: dict[str, Any] | None):
        self.id = id
        self.previous_event_id = previous_event_id
        self.timestamp = timestamp
        self.type = type
        self.details = details

    def __repr__(self) -> str:
        return f"Event({self.id}, {self.type})"

    def render(self) -> dict[str, Any]:
        event: dict[str, Any] = {
            "id": self.id,
            "previousEventId": self.previous_event_id,
            "timestamp": self.timestamp.isoformat().replace("+00:00", "Z"),
            "type": self.type,
        }
        if self.details is not None:
            details: dict[str, Any] = {}
            for key, value in self.details.items():
                if key in _PAYLOAD_FIELDS:
                    details[key] = to_json_text(value)
                    details[key + "Details"] = {"truncated": False}
                elif key in _JSON_TEXT_FIELDS:
                    details[key] = to_json_text(value)
                elif key == "assignedVariables":
                    details[key] = {name: to_json_text(v) for name, v in value.items()}
                    details["assignedVariablesDetails"] = {"truncated": False}
                elif value is not None:
                    details[key] = value
            event[details_key(self.type)] = details
        return event


class History:
    """An append-only list of events with AWS's id / previousEventId numbering."""

    def __init__(self, start_id: int = 1, max_events: int | None = None):
        self.events: list[Event] = []
        self.next_id = start_id
        self.max_events = max_events

    def add(self, type: str, details: dict[str, Any] | None, previous: int, timestamp: datetime) -> int:
        event = Event(self.next_id, previous, timestamp, type, details)
        self.events.append(event)
        self.next_id += 1
        return event.id

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def render(self) -> list[dict[str, Any]]:
        return [event.render() for event in self.events]
