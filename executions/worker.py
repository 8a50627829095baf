"""Worker processes: what every worker does at start, and the embedded worker of ``make run``.

Every worker (a separate ``celery -A stepcraft worker`` or the embedded one) loads the task
handlers and runs a sweeper thread that re-sends the messages of overdue runs, so a lost
broker message delays an execution but never loses it.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from celery.signals import worker_ready
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)
_sweeper: threading.Thread | None = None


def start_sweeper(interval: float | None = None) -> threading.Thread:
    """Run ``runtime.sweep`` every ``interval`` seconds in a daemon thread (once per process)."""
    global _sweeper
    if _sweeper is not None and _sweeper.is_alive():
        return _sweeper
    from executions import runtime

    period = interval if interval is not None else settings.STEPCRAFT_SWEEP_SECONDS
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(period):
            try:
                close_old_connections()
                runtime.sweep()
            except Exception:  # keep sweeping: a failed pass is retried at the next tick
                logger.exception("sweep failed")
            finally:
                close_old_connections()

    _sweeper = threading.Thread(target=loop, name="stepcraft-sweeper", daemon=True)
    _sweeper.start()
    return _sweeper


@worker_ready.connect
def _on_worker_ready(**_: Any) -> None:
    from executions.handlers import load_handler_modules

    load_handler_modules()
    start_sweeper()


def start_embedded_worker(concurrency: int | None = None) -> Any:
    """An in-process Celery worker (thread pool, in-memory broker) for the single-process mode."""
    from executions.handlers import load_handler_modules
    from stepcraft.celery import app

    load_handler_modules()
    worker = app.WorkController(pool_cls="threads", concurrency=concurrency or settings.STEPCRAFT_EMBEDDED_CONCURRENCY,
                                hostname="embedded@stepcraft", without_heartbeat=True, without_mingle=True,
                                without_gossip=True, loglevel="INFO")
    thread = threading.Thread(target=worker.start, name="stepcraft-embedded-worker", daemon=True)
    thread.start()
    start_sweeper()
    return worker
