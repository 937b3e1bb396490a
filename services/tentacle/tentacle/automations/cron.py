"""Cron expressions evaluated in an IANA time zone, DST included.

Five fields (minute hour day-of-month month day-of-week), with ``*``, lists, ranges, steps,
month and weekday names, and the ``@hourly``/``@daily``/``@weekly``/``@monthly``/``@yearly``
shortcuts. As in Vixie cron, when both day fields are restricted a day matching either runs.

Wall-clock semantics across DST changes: a time that does not exist (skipped by a spring-forward)
runs at the first instant after the gap, once; a time that happens twice (fall-back) runs once,
at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fluxkit.errors import FluxError

MAX_YEARS = 8
"""An expression with no occurrence in this many years (e.g. Feb 30) is refused."""

SHORTCUTS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
WEEKDAYS = {
    name: number for number, name in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])
}


class InvalidSchedule(FluxError):
    status_code = 422


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(f"timezone: unknown IANA time zone {name!r}") from None


def _field(text: str, low: int, high: int, names: dict[str, int], label: str) -> frozenset[int]:
    values: set[int] = set()

    def number(token: str) -> int:
        token = token.lower()
        if token in names:
            return names[token]
        if not token.isdigit():
            raise InvalidSchedule(f"cron {label}: {token!r} is not a number")
        return int(token)

    for part in text.split(","):
        if not part:
            raise InvalidSchedule(f"cron {label}: empty list item")
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise InvalidSchedule(f"cron {label}: step {step_text!r} must be a positive number")
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = number(first), number(last)
        else:
            start = number(base)
            end = high if step_text else start
        if not (low <= start <= high and low <= end <= high) or start > end:
            raise InvalidSchedule(f"cron {label}: {part!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    if label == "day-of-week" and 7 in values:  # 7 is Sunday too
        values.discard(7)
        values.add(0)
    return frozenset(values)


@dataclass(frozen=True)
class CronSchedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    """0 is Sunday."""
    days_restricted: bool
    weekdays_restricted: bool

    def day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        in_month = day.day in self.days
        in_week = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return in_month or in_week
        return in_month and in_week

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime | None:
        """The first occurrence strictly after ``after`` (aware), in UTC; None if none soon."""
        after_utc = after.astimezone(UTC)
        # Start a day early: a local day can begin before ``after`` in UTC terms.
        day = after_utc.astimezone(tz).date() - timedelta(days=1)
        last_day = day + timedelta(days=366 * MAX_YEARS)
        hours, minutes = sorted(self.hours), sorted(self.minutes)
        while day <= last_day:
            if self.day_matches(day):
                for hour in hours:
                    for minute in minutes:
                        when = resolve_local(
                            datetime(day.year, day.month, day.day, hour, minute), tz
                        )
                        if when > after_utc:
                            return when
            day += timedelta(days=1)
        return None


def resolve_local(naive: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as a UTC instant: the first of two (fall-back), or the end
    of the gap for one that does not exist (spring-forward)."""
    first = naive.replace(tzinfo=tz, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == naive:
        return instant
    # In a gap: the two folds give instants on either side of the change; the time runs at
    # the change itself, the first instant whose wall clock is past the skipped time.
    later = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    probe = min(instant, later)
    while probe.astimezone(tz).replace(tzinfo=None) < naive:
        probe += timedelta(minutes=1)
    return probe


@lru_cache(maxsize=512)
def parse_cron(expression: str) -> CronSchedule:
    text = SHORTCUTS.get(expression.strip().lower(), expression.strip())
    fields = text.split()
    if len(fields) != 5:
        raise InvalidSchedule(
            "cron: five fields (minute hour day-of-month month day-of-week) or a shortcut "
            "such as @daily"
        )
    minute, hour, day, month, weekday = fields
    return CronSchedule(
        minutes=_field(minute, 0, 59, {}, "minute"),
        hours=_field(hour, 0, 23, {}, "hour"),
        days=_field(day, 1, 31, {}, "day-of-month"),
        months=_field(month, 1, 12, MONTHS, "month"),
        weekdays=_field(weekday, 0, 7, WEEKDAYS, "day-of-week"),
        # As Vixie cron: a field starting with "*" (even "*/2") does not restrict the day.
        days_restricted=not day.startswith("*"),
        weekdays_restricted=not weekday.startswith("*"),
    )


def next_run(expression: str, timezone: str, after: datetime) -> datetime:
    """The next occurrence after ``after`` (raises :class:`InvalidSchedule` when there is none)."""
    when = parse_cron(expression).next_after(after, zone(timezone))
    if when is None:
        raise InvalidSchedule(f"cron: {expression!r} never occurs")
    return when
