"""ASL timestamps: the one place they are parsed (Choice ``Timestamp*``/``IsTimestamp``, Wait).

The spec asks for RFC 3339 with an uppercase ``T`` and ``Z``. AWS is more lenient: its errors
speak of "an ISO-8601 extended offset date-time format string", the format of Java's
``DateTimeFormatter.ISO_OFFSET_DATE_TIME``, and what it accepts matches that parser:

* ``YYYY-MM-DD``, then ``T`` (or ``t``), then ``HH:MM``, optionally ``:SS``, optionally a
  fraction of 0 to 9 digits after a ``.`` (seconds are optional; the fraction needs them);
* then an offset, which is required: ``Z`` (or ``z``) or ``+HH:MM`` / ``-HH:MM`` with optional
  ``:SS``, at most 18 hours;
* calendar-exact: month 13, day 30 of February, hour 24, minute or second 60 are rejected;
* nothing else: no space instead of ``T``, no missing offset, no ``+0100``, no whitespace.

Recorded on AWS: ``...T21:29:29Z``, ``.00Z``, ``.000000Z`` and ``.0000000Z`` are accepted;
``2016-12-05 21:29:29Z``, ``2016-12-05T21:29:29``, ``...T21:29:29.000000``, ``2016-13-05...``,
``...T25:29:29Z`` and ``05-12-2016T21:29:29Z`` are rejected.

Timestamps compare as instants, to the nanosecond (:func:`timestamp_nanos`).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{0,9}))?)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)"
)
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MAX_OFFSET_SECONDS = 18 * 3600
_NANOS_PER_SECOND = 1_000_000_000
# Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01.
_EPOCH_DAYS = 719468


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _fields(text: object) -> tuple[int, int, int, int, int, int, int, int] | None:
    """(year, month, day, hour, minute, second, nanosecond, offset seconds) or None."""
    if type(text) is not str:
        return None
    return _parse_fields(text)


@lru_cache(maxsize=1024)  # workflows compare the same few timestamps again and again
def _parse_fields(text: str) -> tuple[int, int, int, int, int, int, int, int] | None:
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        return None
    y, mo, d, h, mi, sec, fraction, sign, off_h, off_m, off_s = m.groups()
    year, month, day, hour, minute = int(y), int(mo), int(d), int(h), int(mi)
    second = int(sec) if sec else 0
    nanos = int(fraction.ljust(9, "0")) if fraction else 0
    if not 1 <= month <= 12 or day < 1 or hour > 23 or minute > 59 or second > 59:
        return None
    if day > _DAYS_IN_MONTH[month] and not (month == 2 and day == 29 and _is_leap(year)):
        return None
    offset = 0
    if sign is not None:
        offset = int(off_h) * 3600 + int(off_m) * 60 + (int(off_s) if off_s else 0)
        if int(off_m) > 59 or (off_s and int(off_s) > 59) or offset > _MAX_OFFSET_SECONDS:
            return None
        if sign == "-":
            offset = -offset
    return year, month, day, hour, minute, second, nanos, offset


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, including 0)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - _EPOCH_DAYS


def timestamp_nanos(text: str) -> int | None:
    """The instant ``text`` denotes, in nanoseconds since the epoch; None if not a timestamp.

    This is what Choice rules compare: equal instants written with different offsets or
    fraction lengths are equal, and nothing is lost below the microsecond.
    """
    fields = _fields(text)
    if fields is None:
        return None
    year, month, day, hour, minute, second, nanos, offset = fields
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
    return seconds * _NANOS_PER_SECOND + nanos


def is_timestamp(value: object) -> bool:
    """Whether ``value`` is a string AWS reads as a timestamp (the ``IsTimestamp`` test)."""
    return type(value) is str and _fields(value) is not None


def parse_timestamp(text: str) -> datetime | None:
    """The timezone-aware datetime ``text`` denotes, or None when AWS would not accept it.

    The datetime keeps the written offset (``Z`` gives UTC). Digits below the microsecond are
    dropped (use :func:`timestamp_nanos` to compare). Year 0000, which AWS accepts but Python's
    datetime cannot hold, gives None.
    """
    fields = _fields(text)
    if fields is None:
        return None
    year, month, day, hour, minute, second, nanos, offset = fields
    if year < 1:
        return None
    tz = UTC if offset == 0 else timezone(timedelta(seconds=offset))
    return datetime(year, month, day, hour, minute, second, nanos // 1000, tzinfo=tz)


def format_timestamp(dt: datetime) -> str:
    """``2024-01-02T03:04:05.678Z``: UTC, milliseconds (truncated), as AWS writes context times.

    A naive datetime is taken to be UTC already.
    """
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
        f".{dt.microsecond // 1000:03d}Z"
    )
