"""WHEN and DATE parsing and formatting."""

from datetime import date, datetime, timedelta, timezone

import pytest

from troubleshooter.errors import InputError
from troubleshooter.timeparse import format_date, format_when, parse_date, parse_when

UTC = timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20T09:30:00Z", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20t09:30:00z", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20T10:30:00+01:00", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20T10:30+0100", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20T04:30:00-05", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20 09:30:00Z", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ("2026-11-20T09:30:00.123456789Z", datetime(2026, 11, 20, 9, 30, 0, tzinfo=UTC)),   # whole seconds
    ("2026-11-20T00:30:00+01:00", datetime(2026, 11, 19, 23, 30, tzinfo=UTC)),
    (" 2026-11-20T09:30:00Z ", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
])
def test_parse_when(text, expected):
    got = parse_when(text)
    assert got == expected
    assert got.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["2026-11-20T09:30:00", "2026-11-20T09:30", "2026-11-20 09:30:00"])
def test_no_offset(text):
    with pytest.raises(InputError) as info:
        parse_when(text)
    assert info.value.code == "time-no-offset"
    assert info.value.value == text


@pytest.mark.parametrize("text", ["2026-11-20", "tomorrow", "2026-02-30T00:00:00Z",
                                  "2026-11-20T09:60:00Z", "2026-11-20T09:30:00+01:60",
                                  "2026-11-20T09:30:00 CET", "2026-11-20T09:30:00+1",
                                  "\u0662026-11-20T09:30:00Z"])
def test_bad_time(text):
    with pytest.raises(InputError) as info:
        parse_when(text, field="at")
    assert (info.value.code, info.value.field) == ("bad-time", "at")


def test_format_when():
    t = datetime(2026, 11, 20, 10, 30, 15, 999999, tzinfo=timezone(timedelta(hours=1)))
    assert format_when(t) == "2026-11-20T09:30:15Z"
    assert format_when(None) is None
    assert format_when(datetime(5, 1, 2, 3, 4, 5, tzinfo=UTC)) == "0005-01-02T03:04:05Z"
    with pytest.raises(ValueError):
        format_when(datetime(2026, 1, 1))


def test_parse_date():
    assert parse_date("2026-11-20") == date(2026, 11, 20)
    assert format_date(date(2026, 11, 20)) == "2026-11-20"
    for bad in ["2026-11-31", "20261120", "2026-11-20T00:00:00Z", "2026/11/20", "26-11-20"]:
        with pytest.raises(InputError) as info:
            parse_date(bad, field="on")
        assert (info.value.code, info.value.field, info.value.value) == ("bad-date", "on", bad)
    with pytest.raises(InputError) as info:
        parse_date("", field="on")
    assert info.value.code == "empty-value"
