"""ASL timestamps: what AWS accepts (Java's ISO-8601 extended offset date-time) and how it compares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asl.timestamps import format_timestamp, is_timestamp, parse_timestamp, timestamp_nanos

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Recorded on AWS (Wait TimestampPath / Timestamp): all accepted.
        ("2016-12-05T21:29:29Z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        ("2016-12-05T21:29:29.00Z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        ("2016-12-05T21:29:29.000000Z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        ("2016-12-05T21:29:29.0000000Z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        ("2016-12-05T21:29:29.123456789Z", datetime(2016, 12, 5, 21, 29, 29, 123456, tzinfo=UTC)),
        ("2016-12-05T21:29:29.5Z", datetime(2016, 12, 5, 21, 29, 29, 500000, tzinfo=UTC)),
        # Offsets are kept; -00:00 is UTC.
        (
            "2016-12-05T21:29:29+09:00",
            datetime(2016, 12, 5, 21, 29, 29, tzinfo=timezone(timedelta(hours=9))),
        ),
        (
            "2016-12-05T21:29:29-05:30",
            datetime(2016, 12, 5, 21, 29, 29, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("2016-12-05T21:29:29-00:00", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        (
            "2016-12-05T21:29:29+01:02:03",
            datetime(2016, 12, 5, 21, 29, 29, tzinfo=timezone(timedelta(hours=1, minutes=2, seconds=3))),
        ),
        (
            "2016-12-05T21:29:29+18:00",
            datetime(2016, 12, 5, 21, 29, 29, tzinfo=timezone(timedelta(hours=18))),
        ),
        # Java's parser is case-insensitive and makes the seconds optional.
        ("2016-12-05t21:29:29z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        ("2016-12-05T21:29Z", datetime(2016, 12, 5, 21, 29, tzinfo=UTC)),
        ("2016-12-05T21:29:29.Z", datetime(2016, 12, 5, 21, 29, 29, tzinfo=UTC)),
        # Calendar edges.
        ("2016-02-29T00:00:00Z", datetime(2016, 2, 29, tzinfo=UTC)),
        ("2000-02-29T23:59:59Z", datetime(2000, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59.999999999Z", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_accepted_timestamps(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()
    assert is_timestamp(text) is True


@pytest.mark.parametrize(
    "text",
    [
        # Recorded on AWS: rejected by the Wait state.
        "2016-13-05T21:29:29Z",  # month 13
        "2016-12-05T25:29:29Z",  # hour 25
        "2016-12-05 21:29:29Z",  # no T
        "2016-12-05T21:29:29",  # no offset
        "2016-12-05T21:29:29.000000",  # no offset
        "2016-12-05T21:29:29.000",  # no offset
        "05-12-2016T21:29:29Z",  # day first
        # Calendar-exact.
        "2016-02-30T21:29:29Z",
        "2015-02-29T00:00:00Z",  # not a leap year
        "1900-02-29T00:00:00Z",  # not a leap year
        "2016-04-31T00:00:00Z",
        "2016-00-10T00:00:00Z",
        "2016-01-00T00:00:00Z",
        "2016-12-05T24:00:00Z",
        "2016-12-05T21:60:00Z",
        "2016-12-05T23:59:60Z",  # no leap seconds
        # Offsets: at most 18 hours, colon form only.
        "2016-12-05T21:29:29+19:00",
        "2016-12-05T21:29:29+18:01",
        "2016-12-05T21:29:29+01:60",
        "2016-12-05T21:29:29+0100",
        "2016-12-05T21:29:29+01",
        "2016-12-05T21:29:29UTC",
        # Shape.
        "2016-12-05T21:29:29.1234567890Z",  # ten fraction digits
        "2016-12-05T21Z",
        "2016-12-05",
        "2016-12-05T21:29:29,5Z",
        " 2016-12-05T21:29:29Z",
        "2016-12-05T21:29:29Z ",
        "2016-12-05T21:29:29Z\n",
        "+2016-12-05T21:29:29Z",
        "16-12-05T21:29:29Z",
        "2016-1-05T21:29:29Z",
        "２０１６-12-05T21:29:29Z",  # non-ASCII digits
        "",
        "date",
        "2023-02-24 12:15:56.832957",
    ],
)
def test_rejected_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None
    assert timestamp_nanos(text) is None
    assert is_timestamp(text) is False


@pytest.mark.parametrize("value", [None, 0, 1.5, True, [], {}, ["2016-12-05T21:29:29Z"]])
def test_non_strings_are_not_timestamps(value: object) -> None:
    assert is_timestamp(value) is False
    assert parse_timestamp(value) is None  # type: ignore[arg-type]


def test_year_zero_is_a_timestamp_but_not_a_python_datetime() -> None:
    assert is_timestamp("0000-03-01T00:00:00Z") is True
    assert timestamp_nanos("0000-03-01T00:00:00Z") == -62162035200 * 10**9
    assert parse_timestamp("0000-03-01T00:00:00Z") is None


@pytest.mark.parametrize(
    "text, nanos",
    [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.000000001Z", 1),
        ("1970-01-01T01:00:00+01:00", 0),
        ("1969-12-31T23:59:59.999999999Z", -1),
        ("2016-12-05T21:29:29.123456789Z", 1480973369_123456789),
        ("2016-12-06T06:29:29.123456789+09:00", 1480973369_123456789),
    ],
)
def test_instants_in_nanoseconds(text: str, nanos: int) -> None:
    assert timestamp_nanos(text) == nanos


def test_the_same_instant_written_differently_is_equal() -> None:
    a = timestamp_nanos("2012-10-09T19:00:55Z")
    assert a == timestamp_nanos("2012-10-09T20:00:55+01:00")
    assert a == timestamp_nanos("2012-10-09T14:30:55-04:30")
    assert a == timestamp_nanos("2012-10-09T19:00:55.000000000Z")
    assert a == timestamp_nanos("2012-10-09t19:00:55z")


def test_digits_below_the_microsecond_still_order() -> None:
    a = timestamp_nanos("2012-10-09T19:00:55.1234567Z")
    b = timestamp_nanos("2012-10-09T19:00:55.1234568Z")
    assert a is not None and b is not None
    assert b - a == 100


@pytest.mark.parametrize(
    "dt, text",
    [
        (datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC), "2024-01-02T03:04:05.678Z"),
        (datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02T03:04:05.000Z"),
        (datetime(2024, 1, 2, 3, 4, 5, 999999, tzinfo=UTC), "2024-01-02T03:04:05.999Z"),
        (
            datetime(2024, 1, 2, 4, 4, 5, 1000, tzinfo=timezone(timedelta(hours=1))),
            "2024-01-02T03:04:05.001Z",
        ),
        (datetime(2024, 1, 1, 23, 0, 0, tzinfo=timezone(-timedelta(hours=5))), "2024-01-02T04:00:00.000Z"),
        (datetime(2024, 1, 2, 3, 4, 5, 678000), "2024-01-02T03:04:05.678Z"),  # naive: taken as UTC
        (datetime(5, 6, 7, 8, 9, 10, tzinfo=UTC), "0005-06-07T08:09:10.000Z"),
    ],
)
def test_format_timestamp(dt: datetime, text: str) -> None:
    assert format_timestamp(dt) == text


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)))
def test_formatted_timestamps_parse_back_to_the_millisecond(dt: datetime) -> None:
    text = format_timestamp(dt)
    parsed = parse_timestamp(text)
    assert parsed == dt.replace(microsecond=dt.microsecond // 1000 * 1000)
    assert timestamp_nanos(text) == (parsed - EPOCH) // timedelta(microseconds=1) * 1000


@given(
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 1, 1)),
    st.integers(min_value=-18 * 60, max_value=18 * 60),
)
def test_offsets_denote_the_same_instant(local: datetime, offset_minutes: int) -> None:
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:"
        f"{local.second:02d}.{local.microsecond:06d}{sign}{hours:02d}:{minutes:02d}"
    )
    aware = local.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert parse_timestamp(text) == aware
    assert timestamp_nanos(text) == (aware - EPOCH) // timedelta(microseconds=1) * 1000
