"""Task handlers for the runtime's integration tests (workers load them by STEPCRAFT_HANDLER_MODULES)."""
from __future__ import annotations

import time
from typing import Any

from executions.handlers import handler


@handler(description="Wait a little, then add one to n: a task that is often in flight when a worker dies")
def slow_increment(event: Any) -> Any:
    time.sleep(0.05)
    return {**event, "n": event.get("n", 0) + 1}
