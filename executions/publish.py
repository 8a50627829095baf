"""Publishing history events to the channel layer, after the transaction that wrote them commits."""
from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def execution_group(execution_id: Any) -> str:
    return f"execution.{execution_id}"


def publish_events(execution_id: Any, events: list[dict[str, Any]], status: str) -> None:
    """Send newly committed events of one execution to its websocket group (best effort)."""
    layer = get_channel_layer()
    if layer is None or not events:
        return
    try:
        async_to_sync(layer.group_send)(execution_group(execution_id),
                                        {"type": "execution.events", "events": events, "status": status})
    except Exception:  # a viewer missing an event re-reads it from the database on reconnect
        logger.warning("could not publish events of execution %s", execution_id, exc_info=True)
