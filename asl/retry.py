"""Retriers and catchers: how a failed Task, Parallel or Map state recovers.

Retriers are scanned in order and the first whose ErrorEquals matches decides (an exhausted
retrier does not hand over to a later one); then catchers, likewise. ``States.ALL`` matches
every error AWS lets a workflow handle, ``States.TaskFailed`` every one but ``States.Timeout``.
"""
from __future__ import annotations

import random
from typing import Any

from asl.errors import UNCATCHABLE_ERRORS, ErrorName

DEFAULT_INTERVAL_SECONDS = 1
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_BACKOFF_RATE = 2.0


def error_matches(error_equals: list[str], error: str) -> bool:
    if error in UNCATCHABLE_ERRORS:
        return False
    for name in error_equals:
        if name == error or name == ErrorName.ALL:
            return True
        if name == ErrorName.TASK_FAILED and error not in (ErrorName.TIMEOUT, ErrorName.HEARTBEAT_TIMEOUT):
            return True
    return False


class Retrier:
    __slots__ = ("error_equals", "interval_seconds", "max_attempts", "backoff_rate", "max_delay_seconds",
                 "jitter")

    def __init__(self, raw: dict[str, Any]):
        self.error_equals: list[str] = list(raw.get("ErrorEquals", []))
        self.interval_seconds: float = raw.get("IntervalSeconds", DEFAULT_INTERVAL_SECONDS)
        self.max_attempts: int = raw.get("MaxAttempts", DEFAULT_MAX_ATTEMPTS)
        self.backoff_rate: float = raw.get("BackoffRate", DEFAULT_BACKOFF_RATE)
        self.max_delay_seconds: float | None = raw.get("MaxDelaySeconds")
        self.jitter: str = raw.get("JitterStrategy", "NONE")

    def delay_seconds(self, attempt: int, rng: random.Random) -> float:
        """Back-off before retry number ``attempt + 1`` (attempt counts earlier retries)."""
        delay = self.interval_seconds * (self.backoff_rate ** attempt)
        if self.max_delay_seconds is not None:
            delay = min(delay, self.max_delay_seconds)
        if self.jitter == "FULL":
            delay = rng.uniform(0, delay)
        return delay


def find_retrier(retriers: list[Retrier], error: str) -> int | None:
    for index, retrier in enumerate(retriers):
        if error_matches(retrier.error_equals, error):
            return index
    return None
