"""Websocket consumers of the live execution viewer (Channels), under /ws/.

``/ws/executions/<id>/`` — one execution's history, replayed then streamed:

1. On connect: the user must be signed in (else closed with 4401) and see the execution's state
   machine (else 4404, whether it does not exist or is not theirs). The consumer joins the group
   ``execution.<id>`` *before* it reads anything, so nothing committed after its read is missed.
2. The client sends ``{"type": "subscribe", "after": <the last event id it has>}``. The consumer
   sends the newer events from the database in ``{"type": "events", "events": [...],
   "execution": {...}}`` pages (ids ascending), then ``{"type": "live"}``.
3. Then each batch the runtime commits arrives as ``{"type": "events", ...}``. Events are sent once
   each, in id order: the consumer keeps a cursor (the last id sent); a batch that does not start
   right after it (a publish lost, a full channel) is completed from the database. ``execution``
   carries the execution's summary (status, stop date, ...) as it is after those events.

``/ws/executions/`` and ``/ws/state-machines/<id>/executions/`` — execution lists: the consumer
sends ``{"type": "execution", "execution": {...summary...}}`` whenever an execution of a visible
machine (or of that machine) starts or ends.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db.models import TextField
from django.db.models.functions import Cast
from rest_framework.exceptions import APIException

from asl.history import details_key
from designer.selectors import get_state_machine_for, state_machines_visible_to
from executions import selectors
from executions.models import Execution, HistoryEvent
from executions.publish import attach_server_loop, execution_group, machine_group

NOT_SIGNED_IN = 4401
NOT_FOUND = 4404
BAD_MESSAGE = 4400
REPLAY_PAGE = 1000


@dataclass(frozen=True)
class ReplayPage:
    """A page of stored events as the JSON text of their list (``HistoryEvent.as_aws`` each)."""

    json: str
    count: int
    last_id: int
    has_execution_event: bool  # an Execution* event: the execution's summary may have changed


def _events_after(execution_id: uuid.UUID, after: int) -> ReplayPage:
    """The next replay page after event ``after``, written as JSON straight from the rows.

    A replay sends the whole history, 25,000 events for a big Map, and the page is the browser's wait:
    building 1,000 model instances per page, decoding each event's details to encode them again, was
    most of a replay's time. The details column already holds JSON text; it goes out as it is stored."""
    rows = (HistoryEvent.objects.filter(execution_id=execution_id, event_id__gt=after).order_by("event_id")
            .annotate(details_json=Cast("details", TextField()))
            .values_list("event_id", "previous_event_id", "timestamp", "type", "details_json")[:REPLAY_PAGE])
    parts = []
    last_id, has_execution_event = after, False
    for event_id, previous_event_id, timestamp, kind, details in rows:
        head = (f'{{"id":{int(event_id)},"previousEventId":{int(previous_event_id)},'
                f'"timestamp":{_json(timestamp.isoformat().replace("+00:00", "Z"))},"type":{_json(kind)}')
        if details is not None and details != "null":
            parts.append(f"{head},{_json(details_key(kind))}:{details}}}")
        else:
            parts.append(head + "}")
        last_id = event_id
        has_execution_event = has_execution_event or kind.startswith("Execution")
    return ReplayPage("[" + ",".join(parts) + "]", len(parts), last_id, has_execution_event)


_json = json.JSONEncoder(ensure_ascii=False).encode


class _SharedReads:
    """One database read per key for all the consumers of this process that ask for it.

    When an execution ends, each of its watchers needs its new summary at once. Read one by one (asgiref
    runs database work in a single thread), the last of 50 watchers waited for all 49 reads before it.
    Keys name what is read and as of when (an execution and the last event of the batch), so a cached
    answer is never older than what its asker has seen."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.reads: dict[Hashable, asyncio.Future[Any]] = {}

    async def get(self, key: Hashable, read: Callable[[], Any]) -> Any:
        future = self.reads.get(key)
        if future is None:
            if len(self.reads) >= self.size:
                self.reads.clear()
            future = asyncio.ensure_future(database_sync_to_async(read)())
            future.add_done_callback(lambda done: done.exception() and self.reads.pop(key, None))
            self.reads[key] = future
        return await asyncio.shield(future)


_shared = _SharedReads()


def _summary(execution_id: uuid.UUID) -> dict[str, Any] | None:
    execution = Execution.objects.select_related("state_machine", "version__state_machine", "map_run").filter(
        pk=execution_id).first()
    return _json_ready(selectors.execution_summary(execution)) if execution else None


def _json_ready(summary: dict[str, Any]) -> dict[str, Any]:
    """The REST summary's shape: UUIDs and dates as strings (ISO 8601 UTC)."""
    from executions.serializers import ExecutionSummaryOutput

    return dict(ExecutionSummaryOutput(summary).data)


class _JsonConsumer(AsyncJsonWebsocketConsumer):
    """Answers a frame that is not JSON with an error and a 4400 close, instead of crashing the consumer."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        try:
            content = await self.decode_json(text_data) if text_data is not None else None
        except ValueError:
            content = None
        if content is None:
            await self.send_json({"type": "error", "message": "Send JSON text frames."})
            await self.close(code=BAD_MESSAGE)
            return
        await self.receive_json(content, **kwargs)


class ExecutionConsumer(_JsonConsumer):
    """One execution's events: replay from a cursor, then live."""

    execution_id: uuid.UUID
    cursor: int | None  # the last event id sent; None until the client subscribes
    pending: list[dict[str, Any]]  # live batches (channel messages) that arrived while replaying
    summary: dict[str, Any] | None  # the execution's summary as last sent

    async def connect(self) -> None:
        attach_server_loop(asyncio.get_running_loop())
        self.cursor, self.pending, self.replaying, self.summary = None, [], False, None
        user = self.scope.get("user")
        await self.accept()  # accept first: a close code only reaches the browser after the handshake
        if user is None or not user.is_authenticated:
            await self.close(code=NOT_SIGNED_IN)
            return
        try:
            execution, _ = await database_sync_to_async(selectors.get_execution_for)(
                user, self.scope["url_route"]["kwargs"]["execution_id"])
        except APIException:
            await self.close(code=NOT_FOUND)
            return
        self.execution_id = execution.pk
        await self.channel_layer.group_add(execution_group(self.execution_id), self.channel_name)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "execution_id"):
            await self.channel_layer.group_discard(execution_group(self.execution_id), self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not hasattr(self, "execution_id"):
            return
        after = content.get("after", 0) if isinstance(content, dict) and content.get("type") == "subscribe" else None
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            await self.send_json({"type": "error", "message": 'Send {"type": "subscribe", "after": <event id>}.'})
            await self.close(code=BAD_MESSAGE)
            return
        self.replaying, self.cursor, self.pending = True, after, []
        try:
            await self._send_from_database()
            await self.send_json({"type": "live"})
        finally:
            self.replaying = False
        pending, self.pending = self.pending, []
        for batch in pending:
            await self._send_live(batch)

    async def execution_events(self, message: dict[str, Any]) -> None:
        """A batch the runtime committed (sent by executions.publish)."""
        if self.cursor is None:
            return  # not subscribed yet: the replay will include it
        if self.replaying:
            self.pending.append(message)
            return
        await self._send_live(message)

    async def _send_live(self, batch: dict[str, Any]) -> None:
        """Send a published batch (see executions.publish) as it was encoded, if it follows the cursor."""
        assert self.cursor is not None
        if batch["last"] <= self.cursor:
            return  # already sent (the replay read it)
        if batch["first"] != self.cursor + 1:  # a batch went missing, or overlaps the replay: the database has it
            await self._send_from_database()
            return
        self.cursor = batch["last"]
        # The summary (status, dates, redrive count) changes only with an Execution* event.
        if self.summary is None or batch["execution_event"]:
            execution_id = self.execution_id
            self.summary = await _shared.get(("execution", execution_id, self.cursor), lambda: _summary(execution_id))
        await self._send_events(batch["events_json"])

    async def _send_events(self, events_json: str) -> None:
        """``{"type": "events", "events": [...], "execution": {...}}`` around events already encoded."""
        await self.send(text_data=f'{{"type":"events","events":{events_json},"execution":{_json(self.summary)}}}')

    async def _send_from_database(self) -> None:
        assert self.cursor is not None
        # The summary first: read before the events, it can only be older than them. It changes only with
        # an Execution* event, so it is read again only after a page holding one (as for live batches), not
        # for each of a long history's pages.
        self.summary = await database_sync_to_async(_summary)(self.execution_id)
        while True:
            page = await database_sync_to_async(_events_after)(self.execution_id, self.cursor)
            if not page.count:
                if self.summary is not None and self.cursor == 0:
                    await self._send_events("[]")
                break
            self.cursor = page.last_id
            if page.has_execution_event:
                self.summary = await database_sync_to_async(_summary)(self.execution_id)
            await self._send_events(page.json)
            if page.count < REPLAY_PAGE:
                break


class ExecutionListConsumer(_JsonConsumer):
    """Status changes of the executions of one state machine, or of every machine the user sees."""

    groups_joined: list[str]

    async def connect(self) -> None:
        attach_server_loop(asyncio.get_running_loop())
        self.groups_joined = []
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.accept()
            await self.close(code=NOT_SIGNED_IN)
            return
        machine_id = self.scope["url_route"]["kwargs"].get("machine_id")
        try:
            machine_ids = await database_sync_to_async(_visible_machine_ids)(user, machine_id)
        except APIException:
            await self.accept()
            await self.close(code=NOT_FOUND)
            return
        for pk in machine_ids:
            group = machine_group(pk)
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        # Accepted once subscribed: every change after the client sees the socket open reaches it (the
        # client reads the list again then, for the changes before).
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Nothing to ask for: the list itself comes from the REST API."""

    async def execution_changed(self, message: dict[str, Any]) -> None:
        execution_id = uuid.UUID(message["execution_id"])
        summary = await _shared.get(("list", execution_id, message["status"]), lambda: _summary(execution_id))
        if summary is not None:
            await self.send_json({"type": "execution", "execution": summary})


def _visible_machine_ids(user: Any, machine_id: uuid.UUID | None) -> list[uuid.UUID]:
    if machine_id is not None:
        return [get_state_machine_for(user, machine_id).pk]
    return list(state_machines_visible_to(user).values_list("pk", flat=True))
