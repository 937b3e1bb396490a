"""Cron expressions in IANA time zones, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tentacle.automations.cron import InvalidSchedule, next_run, parse_cron

NEW_YORK = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_every_monday_at_nine_in_paris_follows_the_offset() -> None:
    # Saturday 21 November 2026 (CET, UTC+1) → Monday 23rd 09:00 CET = 08:00 UTC.
    assert next_run("0 9 * * mon", "Europe/Paris", at(2026, 11, 21, 8)) == at(2026, 11, 23, 8)
    # In summer (CEST, UTC+2) the same wall time is 07:00 UTC.
    assert next_run("0 9 * * 1", "Europe/Paris", at(2026, 6, 20)) == at(2026, 6, 22, 7)


def test_a_daily_time_keeps_its_wall_clock_across_the_spring_change() -> None:
    before = next_run("0 9 * * *", "America/New_York", at(2026, 3, 7, 12))
    after = next_run("0 9 * * *", "America/New_York", before)
    assert before.astimezone(NEW_YORK).hour == after.astimezone(NEW_YORK).hour == 9
    assert (after - before).total_seconds() == 23 * 3600


def test_a_skipped_time_runs_once_when_the_gap_ends() -> None:
    # 8 March 2026: New York clocks jump from 02:00 to 03:00.
    first = next_run("*/15 2 * * *", "America/New_York", at(2026, 3, 8, 6))
    assert first.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)
    assert next_run("*/15 2 * * *", "America/New_York", first).astimezone(NEW_YORK).replace(
        tzinfo=None
    ) == datetime(2026, 3, 9, 2, 0)


def test_a_repeated_time_runs_once_at_its_first_occurrence() -> None:
    # 1 November 2026: New York clocks fall back from 02:00 to 01:00; 01:30 happens twice.
    first = next_run("30 1 * * *", "America/New_York", at(2026, 11, 1, 4))
    assert first == at(2026, 11, 1, 5, 30)  # 01:30 EDT
    second = next_run("30 1 * * *", "America/New_York", first)
    assert second == at(2026, 11, 2, 6, 30)  # the next day, 01:30 EST


def test_hourly_across_the_fall_back_hour() -> None:
    cursor = at(2026, 11, 1, 3, 30)  # 23:30 EDT the evening before
    seen = []
    for _ in range(4):
        cursor = next_run("0 * * * *", "America/New_York", cursor)
        seen.append(cursor)
    # 00:00 EDT, 01:00 EDT, (01:00 EST is the same wall time: skipped), 02:00 EST, 03:00 EST
    assert seen == [at(2026, 11, 1, 4), at(2026, 11, 1, 5), at(2026, 11, 1, 7), at(2026, 11, 1, 8)]


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("@daily", at(2026, 1, 1, 0, 0), at(2026, 1, 2)),
        ("@hourly", at(2026, 1, 1, 0, 10), at(2026, 1, 1, 1)),
        ("0 0 1 */3 *", at(2026, 2, 1), at(2026, 4, 1)),
        ("5,35 8-9 * * *", at(2026, 1, 1, 8, 6), at(2026, 1, 1, 8, 35)),
        # Both day fields restricted: either matches (1 Feb 2026 is a Sunday, 3 Feb a Tuesday).
        ("0 0 3 * sun", at(2026, 1, 31, 1), at(2026, 2, 1)),
        ("0 0 29 2 *", at(2026, 1, 1), at(2028, 2, 29)),
        ("0 12 * * 7", at(2026, 11, 21), at(2026, 11, 22, 12)),
        ("0 12 * jan-feb fri", at(2026, 11, 21), at(2027, 1, 1, 12)),
    ],
)
def test_fields(expression: str, after: datetime, expected: datetime) -> None:
    assert next_run(expression, "UTC", after) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "* * * *",
        "60 * * * *",
        "* 24 * * *",
        "0 0 0 * *",
        "* * * 13 *",
        "*/0 * * * *",
        "a b c d e",
        "5-1 * * * *",
        "0 0 30 2 *",
    ],
)
def test_invalid_expressions(expression: str) -> None:
    with pytest.raises(InvalidSchedule):
        next_run(expression, "UTC", at(2026, 1, 1))


def test_unknown_time_zone() -> None:
    with pytest.raises(InvalidSchedule, match="Mars/Olympus"):
        next_run("* * * * *", "Mars/Olympus", at(2026, 1, 1))
    assert parse_cron("@weekly") == parse_cron("0 0 * * 0")
