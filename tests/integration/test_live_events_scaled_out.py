"""Live events scaled out: separate ``celery -A stepcraft worker`` processes publish through Redis
pub/sub (channels-redis's RedisPubSubChannelLayer), and a websocket consumer in this process -- the
ASGI side -- streams them to a viewer: every event once, in order, as the workers commit them."""
from __future__ import annotations

import json
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth.models import User

from designer.services import create_state_machine
from executions.models import HistoryEvent
from executions.services import start_execution
from tests.executions.test_consumers import (
    communicator,
    ends_execution,
    event_ids,
    receive_until,
    session_cookie,
    subscribed,
)

# Long enough for the viewer to be watching live before the execution moves on.
HOLD_THEN_PASS = json.dumps({
    "StartAt": "Hold",
    "States": {
        "Hold": {"Type": "Wait", "Seconds": 2, "Next": "Shape"},
        "Shape": {"Type": "Pass", "Result": {"done": True}, "ResultPath": "$.result", "End": True},
    },
})


def test_a_viewer_gets_the_workers_events_live_through_redis(celery_workers: Any) -> None:
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    celery_workers(2, concurrency=2, pool="threads")
    alice = User.objects.create_user("alice", password="wonderland-42")
    machine = create_state_machine(owner=alice, name="HoldOn", definition=HOLD_THEN_PASS).machine
    cookie = session_cookie(alice)
    execution = start_execution(machine, input='{"n": 1}', name="live-through-redis")

    async def watch() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        ws, replay = await subscribed(execution.pk, cookie)
        live = await receive_until(ws, ends_execution, timeout=30)
        await ws.disconnect()
        return replay, live

    def watch_list() -> list[dict[str, Any]]:
        async def run() -> list[dict[str, Any]]:
            ws = communicator(f"/ws/state-machines/{machine.pk}/executions/", cookie)
            connected, _ = await ws.connect()
            assert connected
            changes = await receive_until(ws, lambda m: m["execution"]["status"] != "RUNNING", timeout=30)
            await ws.disconnect()
            return changes
        return async_to_sync(run)()

    replay, live = async_to_sync(watch)()
    stored = list(HistoryEvent.objects.filter(execution=execution).order_by("event_id").values_list("event_id",
                                                                                                      flat=True))
    # Everything once and in order; the end came live, from a worker process, not from the replay.
    assert event_ids(replay) + event_ids(live) == stored
    assert any(e["type"] == "WaitStateExited" for m in live if m["type"] == "events" for e in m["events"])

    second = start_execution(machine, input='{"n": 2}', name="listed-through-redis")
    changes = watch_list()
    assert (changes[-1]["execution"]["name"], changes[-1]["execution"]["status"]) == (second.name, "SUCCEEDED")
