"""The live viewer's websocket consumers, through the real ASGI application (session auth, origin
check, routing) with Channels' WebsocketCommunicator, against the embedded worker."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client

from designer.models import StateMachine
from executions.models import Execution, HistoryEvent
from executions.publish import publish_events
from executions.services import start_execution
from tests.executions.conftest import wait_for_end

WAIT_THEN_PASS = json.dumps({
    "StartAt": "Hold",
    "States": {
        "Hold": {"Type": "Wait", "Seconds": 1, "Next": "Shape"},
        "Shape": {"Type": "Pass", "Result": {"done": True}, "ResultPath": "$.result", "End": True},
    },
})


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def communicator(path: str, cookie: str | None) -> WebsocketCommunicator:
    """A websocket client of the real ASGI app; ``cookie`` from :func:`session_cookie` (sync code)."""
    from stepcraft.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def receive_until(ws: WebsocketCommunicator, done: Callable[[dict[str, Any]], bool],
                        timeout: float = 20) -> list[dict[str, Any]]:
    messages = []
    while True:
        message = await ws.receive_json_from(timeout=timeout)
        messages.append(message)
        if done(message):
            return messages


async def subscribed(execution_id: Any, cookie: str, after: int = 0) -> tuple[WebsocketCommunicator,
                                                                              list[dict[str, Any]]]:
    """An execution socket, connected and subscribed after event ``after``: it and its replay, up to "live"."""
    ws = communicator(f"/ws/executions/{execution_id}/", cookie)
    connected, _ = await ws.connect()
    assert connected
    await ws.send_json_to({"type": "subscribe", "after": after})
    return ws, await receive_until(ws, lambda m: m["type"] == "live")


def event_ids(messages: list[dict[str, Any]]) -> list[int]:
    return [event["id"] for m in messages if m["type"] == "events" for event in m["events"]]


def ends_execution(message: dict[str, Any]) -> bool:
    return message["type"] == "events" and any(e["type"] == "ExecutionSucceeded" for e in message["events"])


@pytest.fixture
def waiting_machine(machine_of: Callable[..., StateMachine]) -> StateMachine:
    return machine_of(WAIT_THEN_PASS, name="HoldOn")


def test_replays_then_streams_every_event_once_in_order(embedded_worker: Any, alice: User,
                                                        waiting_machine: StateMachine) -> None:
    execution = start_execution(waiting_machine, input='{"n": 1}', name="live-1")

    cookie = session_cookie(alice)

    async def scenario() -> list[dict[str, Any]]:
        ws, replay = await subscribed(execution.pk, cookie)
        live = await receive_until(ws, ends_execution)
        await ws.disconnect()
        return replay + live

    messages = async_to_sync(scenario)()
    live_at = next(i for i, m in enumerate(messages) if m["type"] == "live")
    assert event_ids(messages[:live_at])[0] == 1, "the replay starts at the first event"
    assert live_at < len(messages) - 1, "the Wait's end and the rest arrive live, after the replay"
    stored = list(HistoryEvent.objects.filter(execution=execution).order_by("event_id"))
    assert event_ids(messages) == [e.event_id for e in stored] == list(range(1, len(stored) + 1))
    final = messages[-1]["execution"]
    assert final["status"] == "SUCCEEDED" and final["id"] == str(execution.pk) and final["stop_date"]
    sent = [e for m in messages if m["type"] == "events" for e in m["events"]]
    assert sent == [e.as_aws() for e in stored], "the same AWS-shaped events as the history endpoint"


def test_reconnecting_with_a_cursor_replays_only_newer_events(embedded_worker: Any, alice: User,
                                                              waiting_machine: StateMachine) -> None:
    execution = wait_for_end(start_execution(waiting_machine, input="{}", name="done-1"))
    total = HistoryEvent.objects.filter(execution=execution).count()

    cookie = session_cookie(alice)

    async def scenario() -> list[dict[str, Any]]:
        ws, messages = await subscribed(execution.pk, cookie, after=3)
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    assert event_ids(messages) == list(range(4, total + 1))
    assert messages[0]["execution"]["status"] == "SUCCEEDED"


def test_a_lost_batch_is_filled_from_the_database(alice: User, machine_of: Callable[..., StateMachine]) -> None:
    """The test writes two events itself (ids far above what a worker, if one runs, writes while the
    execution waits an hour) and publishes only the second."""
    sleeper = machine_of(json.dumps({"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600,
                                                                            "End": True}}}), name="Sleeper")
    execution = start_execution(sleeper, input="{}", name="gappy")
    started = HistoryEvent.objects.get(execution=execution, event_id=1)

    def add(event_id: int, type_: str) -> dict[str, Any]:
        row = HistoryEvent.objects.create(execution=execution, event_id=event_id, previous_event_id=event_id - 1,
                                          timestamp=started.timestamp, type=type_,
                                          details={"name": "Hold"} if type_.endswith("Entered") else None)
        return row.as_aws()

    cookie = session_cookie(alice)

    async def scenario() -> list[dict[str, Any]]:
        from channels.db import database_sync_to_async

        ws, messages = await subscribed(execution.pk, cookie)
        await database_sync_to_async(add)(100, "WaitStateEntered")  # committed, never published
        later = await database_sync_to_async(add)(101, "WaitStateExited")
        publish_events(execution.pk, [later], "RUNNING", execution.state_machine_id)
        messages += await receive_until(ws, lambda m: m["type"] == "events" and 101 in event_ids([m]))
        await ws.disconnect()
        return messages

    ids = event_ids(async_to_sync(scenario)())
    assert ids[0] == 1 and ids[-2:] == [100, 101] and ids == sorted(set(ids))


def test_a_long_history_replays_in_pages_as_the_history_endpoint_has_it(
        alice: User, machine_of: Callable[..., StateMachine]) -> None:
    """2,500 stored events (a big Map's history, shortened): three pages of at most 1,000, the events
    exactly as ``HistoryEvent.as_aws`` has them (details, unicode, events without details; the consumer
    writes the pages' JSON from the rows itself), each page with the execution's summary."""
    from executions.consumers import REPLAY_PAGE
    from executions.models import ExecutionStatus

    sleeper = machine_of(json.dumps({"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 3600,
                                                                            "End": True}}}), name="Sleeper")
    execution = start_execution(sleeper, input="{}", name="long")
    started = HistoryEvent.objects.get(execution=execution, event_id=1)
    # Far above the ids a worker writes (if one runs, the execution waits an hour after its first events).
    first, total = 10_001, 2 * REPLAY_PAGE + 500
    rows = [HistoryEvent(execution=execution, event_id=i, previous_event_id=i - 1, timestamp=started.timestamp,
                         type="PassStateEntered" if i % 2 else "PassStateExited",
                         details={"name": "Étape ✓", "input": json.dumps({"n": i})} if i % 3 else None)
            for i in range(first, first + total - 1)]
    rows.append(HistoryEvent(execution=execution, event_id=first + total - 1, previous_event_id=first + total - 2,
                             timestamp=started.timestamp, type="ExecutionSucceeded", details={"output": "{}"}))
    HistoryEvent.objects.bulk_create(rows)
    Execution.objects.filter(pk=execution.pk).update(status=ExecutionStatus.SUCCEEDED)

    cookie = session_cookie(alice)

    async def scenario() -> list[dict[str, Any]]:
        ws, messages = await subscribed(execution.pk, cookie)
        await ws.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    pages = [m for m in messages if m["type"] == "events"]
    stored = HistoryEvent.objects.filter(execution=execution).order_by("event_id")
    assert [e for m in pages for e in m["events"]] == [e.as_aws() for e in stored]
    assert len(pages) == 3 and [len(m["events"]) for m in pages[:-1]] == [REPLAY_PAGE, REPLAY_PAGE]
    assert all(m["execution"]["id"] == str(execution.pk) for m in pages)
    assert pages[-1]["execution"]["status"] == "SUCCEEDED"


def test_signed_out_and_other_users_are_refused(alice: User, waiting_machine: StateMachine) -> None:
    execution = start_execution(waiting_machine, input="{}", name="private")
    mallory = User.objects.create_user("mallory", password="not-alice-42")

    async def close_code(path: str, cookie: str | None) -> int:
        ws = communicator(path, cookie)
        connected, _ = await ws.connect()
        assert connected  # accepted, then closed with a code the browser can read
        message = await ws.receive_output(timeout=5)
        assert message["type"] == "websocket.close"
        return int(message["code"])

    alice_cookie, mallory_cookie = session_cookie(alice), session_cookie(mallory)
    assert async_to_sync(close_code)(f"/ws/executions/{execution.pk}/", None) == 4401
    assert async_to_sync(close_code)(f"/ws/executions/{execution.pk}/", mallory_cookie) == 4404
    assert async_to_sync(close_code)("/ws/executions/00000000-0000-0000-0000-000000000000/", alice_cookie) == 4404
    assert async_to_sync(close_code)(f"/ws/state-machines/{waiting_machine.pk}/executions/", mallory_cookie) == 4404
    assert async_to_sync(close_code)("/ws/executions/", None) == 4401


def test_a_page_on_another_site_cannot_open_the_socket(alice: User, waiting_machine: StateMachine) -> None:
    from stepcraft.asgi import application

    execution = start_execution(waiting_machine, input="{}", name="cross-site")

    cookie = session_cookie(alice)

    async def scenario() -> bool:
        ws = WebsocketCommunicator(application, f"/ws/executions/{execution.pk}/",
                                   headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie.encode())])
        connected, _ = await ws.connect()
        return bool(connected)

    assert async_to_sync(scenario)() is False


def test_a_malformed_subscribe_is_answered_and_closed(alice: User, waiting_machine: StateMachine) -> None:
    execution = start_execution(waiting_machine, input="{}", name="bad-sub")

    cookie = session_cookie(alice)

    async def scenario() -> tuple[dict[str, Any], int]:
        ws = communicator(f"/ws/executions/{execution.pk}/", cookie)
        await ws.connect()
        await ws.send_json_to({"type": "subscribe", "after": "yesterday"})
        error = await ws.receive_json_from(timeout=5)
        closed = await ws.receive_output(timeout=5)
        return error, int(closed["code"])

    error, code = async_to_sync(scenario)()
    assert error["type"] == "error" and code == 4400


def test_execution_lists_hear_starts_and_ends(embedded_worker: Any, alice: User,
                                              waiting_machine: StateMachine,
                                              machine_of: Callable[..., StateMachine]) -> None:
    other = machine_of(WAIT_THEN_PASS, name="Other")

    cookie = session_cookie(alice)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        from channels.db import database_sync_to_async

        one = communicator(f"/ws/state-machines/{waiting_machine.pk}/executions/", cookie)
        every = communicator("/ws/executions/", cookie)
        assert (await one.connect())[0] and (await every.connect())[0]
        await database_sync_to_async(start_execution)(other, input="{}", name="elsewhere")
        await database_sync_to_async(start_execution)(waiting_machine, input="{}", name="watched")
        finished = lambda m: m["execution"]["name"] == "watched" and m["execution"]["status"] == "SUCCEEDED"  # noqa: E731
        from_one = await receive_until(one, finished)
        from_every = await receive_until(every, finished)
        await one.disconnect()
        await every.disconnect()
        return from_one, from_every

    from_one, from_every = async_to_sync(scenario)()
    assert [(m["execution"]["name"], m["execution"]["status"]) for m in from_one] == [
        ("watched", "RUNNING"), ("watched", "SUCCEEDED")]
    assert {m["execution"]["name"] for m in from_every} == {"elsewhere", "watched"}
    assert Execution.objects.get(name="watched").status == "SUCCEEDED"


def test_a_frame_that_is_not_json_is_answered_and_closed(alice: User, waiting_machine: StateMachine) -> None:
    execution = start_execution(waiting_machine, input="{}", name="not-json")
    cookie = session_cookie(alice)

    async def scenario() -> tuple[dict[str, Any], int]:
        ws = communicator(f"/ws/executions/{execution.pk}/", cookie)
        await ws.connect()
        await ws.send_to(text_data="subscribe me {")
        error = await ws.receive_json_from(timeout=5)
        closed = await ws.receive_output(timeout=5)
        return error, int(closed["code"])

    error, code = async_to_sync(scenario)()
    assert error["type"] == "error" and code == 4400


def test_watchers_asking_for_the_same_summary_share_one_read() -> None:
    """At an execution's end each watcher needs its summary: one database read serves them all, and a
    failed read is not kept for the next askers."""
    from executions.consumers import _SharedReads

    reads: list[str] = []

    def read(value: str) -> str:
        reads.append(value)
        if value == "boom":
            raise RuntimeError("database went away")
        return value.upper()

    async def scenario() -> tuple[list[str], list[str]]:
        import asyncio

        shared = _SharedReads()
        answers = await asyncio.gather(*(shared.get(("execution", 1, 7), lambda: read("done")) for _ in range(50)))
        later = await shared.get(("execution", 1, 9), lambda: read("later"))
        failures = await asyncio.gather(*(shared.get("k", lambda: read("boom")) for _ in range(3)),
                                        return_exceptions=True)
        assert all(isinstance(f, RuntimeError) for f in failures)
        retried = await shared.get("k", lambda: read("ok"))
        return [*answers[:2], later, retried], reads

    answers, reads_made = async_to_sync(scenario)()
    assert answers == ["DONE", "DONE", "LATER", "OK"]
    assert reads_made == ["done", "later", "boom", "ok"]
