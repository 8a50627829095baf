"""Publishing history events to the channel layer, after the transaction that wrote them commits.

Sending is handed to one background thread per process with its own event loop: the worker's
hot path only queues the events, and the channel layer (channels-redis) keeps its connections
instead of opening new ones for every transition.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
from typing import Any

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
_outbox: queue.SimpleQueue[tuple[str, dict[str, Any]]] = queue.SimpleQueue()
_sender: threading.Thread | None = None
_lock = threading.Lock()


def execution_group(execution_id: Any) -> str:
    return f"execution.{execution_id}"


def publish_events(execution_id: Any, events: list[dict[str, Any]], status: str) -> None:
    """Queue newly committed events of one execution for its websocket group (best effort:
    a viewer that misses an event reads it from the database when it reconnects)."""
    if not events:
        return
    _ensure_sender()
    _outbox.put((execution_group(execution_id), {"type": "execution.events", "events": events, "status": status}))


def _ensure_sender() -> None:
    global _sender
    if _sender is not None and _sender.is_alive():
        return
    with _lock:
        if _sender is None or not _sender.is_alive():
            _sender = threading.Thread(target=_send_forever, name="stepcraft-publisher", daemon=True)
            _sender.start()


def _send_forever() -> None:
    # A plain daemon thread blocking on the queue (an executor thread would hold up interpreter exit),
    # with one event loop of its own that the channel layer's connections belong to.
    loop = asyncio.new_event_loop()
    layer = get_channel_layer()
    while True:
        group, message = _outbox.get()
        if layer is None:
            continue
        try:
            loop.run_until_complete(layer.group_send(group, message))
        except Exception:
            logger.warning("could not publish to %s", group, exc_info=True)
