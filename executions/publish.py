"""Publishing history events to the channel layer, after the transaction that wrote them commits.

Sending is handed to one background thread per process: the worker's hot path only queues the
events, and the channel layer (channels-redis) keeps its connections instead of opening new ones
for every transition.

Two groups hear about an execution:

- ``execution.<id>``: every event batch (``execution.events``: the events as JSON text, their first and
  last ids, whether one is an Execution* event), for the execution page;
- ``machine.<state machine id>``: ``execution.changed`` when an execution starts or ends (an
  ``Execution*`` event), for the execution lists.

The in-memory channel layer (embedded mode) keeps its queues on the event loop of the ASGI server
that runs the consumers, and asyncio queues are not thread-safe: there, the sender hands each send
to that loop (``attach_server_loop``, called by the consumers) instead of running it on its own.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Coroutine
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer

from asl.history import to_json_text

logger = logging.getLogger(__name__)
_outbox: queue.SimpleQueue[tuple[str, dict[str, Any]]] = queue.SimpleQueue()
_sender: threading.Thread | None = None
_lock = threading.Lock()
_server_loop: asyncio.AbstractEventLoop | None = None


def execution_group(execution_id: Any) -> str:
    return f"execution.{execution_id}"


def machine_group(state_machine_id: Any) -> str:
    return f"machine.{state_machine_id}"


def publish_events(execution_id: Any, events: list[dict[str, Any]], status: str, state_machine_id: Any = None) -> None:
    """Queue newly committed events of one execution for its websocket groups (best effort: the
    consumers fill any gap from the database, and a viewer that reconnects replays from there)."""
    if not events:
        return
    _ensure_sender()
    ends_or_starts = any(event["type"].startswith("Execution") for event in events)
    # Encoded once here, not once per watching consumer (and a string is cheap for the channel layer to copy);
    # the ids and the Execution* flag are all a consumer needs to place the batch.
    _outbox.put((execution_group(execution_id), {
        "type": "execution.events", "events_json": to_json_text(events), "first": events[0]["id"],
        "last": events[-1]["id"], "execution_event": ends_or_starts, "status": status}))
    if state_machine_id is not None and ends_or_starts:
        _outbox.put((machine_group(state_machine_id),
                     {"type": "execution.changed", "execution_id": str(execution_id), "status": status}))


def attach_server_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Record the event loop the consumers of this process run on (see the module's docstring)."""
    global _server_loop
    _server_loop = loop


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
    # with one event loop of its own that the Redis channel layer's connections belong to. What has
    # queued up meanwhile goes out together, in one run of the loop, in the order it was queued.
    own_loop = asyncio.new_event_loop()
    layer = get_channel_layer()
    in_memory = isinstance(layer, InMemoryChannelLayer)
    outage = _Outage()
    while True:
        batch = [_outbox.get()]
        while len(batch) < 200:
            try:
                batch.append(_outbox.get_nowait())
            except queue.Empty:
                break
        if layer is None:
            continue
        try:
            _run(_send_all(layer, batch, outage), in_memory=in_memory, own_loop=own_loop)
        except Exception as error:  # the server loop did not take the batch in time
            outage.report(batch[0][0], error)


class _Outage:
    """During an outage (Redis down) one traceback, then a line per lost message."""

    def __init__(self) -> None:
        self.failing = False

    def report(self, group: str, error: BaseException) -> None:
        logger.warning("could not publish to %s: %s", group, error, exc_info=not self.failing)
        self.failing = True


async def _send_all(layer: Any, batch: list[tuple[str, dict[str, Any]]], outage: _Outage) -> None:
    for group, message in batch:
        try:
            await layer.group_send(group, message)
            outage.failing = False
        except Exception as error:
            outage.report(group, error)


def _run(send: Coroutine[Any, Any, None], *, in_memory: bool, own_loop: asyncio.AbstractEventLoop) -> None:
    if not in_memory:
        own_loop.run_until_complete(send)
        return
    server_loop = _server_loop
    if server_loop is None or server_loop.is_closed():
        send.close()  # no consumer ever connected in this process: nobody to tell
        return
    asyncio.run_coroutine_threadsafe(send, server_loop).result(timeout=10)
