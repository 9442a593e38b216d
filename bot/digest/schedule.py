"""When a digest runs: a local time of day in an IANA time zone, on chosen weekdays.

Occurrences are computed from local *dates*: each chosen weekday of the server's calendar has
exactly one occurrence, placed at the chosen wall-clock time in the server's time zone, so a
09:00 digest stays at 09:00 local time across daylight-saving changes (its UTC instant moves).

Two local times need a rule, because a daylight-saving change makes them not exist or exist
twice:

* **Nonexistent time (spring forward).** When clocks jump over the chosen time (02:30 on a day
  that goes from 02:00 straight to 03:00), the digest runs at the first valid instant after
  the gap: 03:00 local time, the moment the clocks change. It is not skipped and not moved a
  whole hour (to 03:30).
* **Repeated time (fall back).** When the chosen time happens twice (01:30 on a day that goes
  from 02:00 back to 01:00), the digest runs once, at the first of the two (``fold=0``, still
  on summer time). The second 01:30 is not another occurrence.

Weekdays are those of the local date, so a Monday-to-Friday digest in Tokyo runs on Tokyo's
Mondays, whatever day it is in UTC. All functions here are pure: the caller passes the
current instant, so tests use any clock.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import InvalidOptionError

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_DAYS = frozenset(range(7))
WORKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})

_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")
_DAY_ALIASES = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_DAY_SETS = {
    "daily": ALL_DAYS, "everyday": ALL_DAYS, "every day": ALL_DAYS, "all": ALL_DAYS,
    "weekdays": WORKDAYS, "workdays": WORKDAYS, "weekends": WEEKEND, "weekend": WEEKEND,
}
# Enough local days to find the next chosen weekday even around a skipped calendar day.
_SEARCH_DAYS = 9


@dataclass(frozen=True, slots=True)
class Schedule:
    at: time  # wall-clock time, no tzinfo
    zone: ZoneInfo
    weekdays: frozenset[int] = ALL_DAYS  # 0 = Monday

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= ALL_DAYS:
            raise InvalidOptionError("choose at least one weekday")

    @classmethod
    def parse(cls, local_time: str, timezone: str,
              weekdays: Collection[int] = ALL_DAYS) -> Schedule:
        return cls(parse_local_time(local_time), load_zone(timezone), frozenset(weekdays))

    def occurrence_on(self, day: date) -> datetime:
        """The UTC instant of ``day``'s occurrence (whether or not ``day`` is a chosen weekday)."""
        return resolve_local(day, self.at, self.zone)

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after ``moment``."""
        local_day = moment.astimezone(self.zone).date()
        # Start a day early: a time in a gap just before midnight resolves into the next day.
        for offset in range(-1, _SEARCH_DAYS):
            day = local_day + timedelta(days=offset)
            if day.weekday() in self.weekdays:
                instant = self.occurrence_on(day)
                if instant > moment:
                    return instant
        raise AssertionError("a chosen weekday occurs within any nine days")

    def latest_at_or_before(self, moment: datetime) -> datetime:
        """The last occurrence at or before ``moment``."""
        local_day = moment.astimezone(self.zone).date()
        for offset in range(1, -_SEARCH_DAYS, -1):
            day = local_day + timedelta(days=offset)
            if day.weekday() in self.weekdays:
                instant = self.occurrence_on(day)
                if instant <= moment:
                    return instant
        raise AssertionError("a chosen weekday occurs within any nine days")

    def between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """Occurrences in (start, end], oldest first."""
        instant = self.next_after(start)
        while instant <= end:
            yield instant
            instant = self.next_after(instant)


def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``at`` in ``zone`` as a UTC instant, by the rules above."""
    first = datetime.combine(day, at, tzinfo=zone)  # fold=0: the earlier of a repeated time
    instant = first.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == first.replace(tzinfo=None):
        return instant
    # The wall time does not exist. fold=1 reads it with the offset after the change, which
    # lands before the transition; fold=0 lands after it. The transition lies in between.
    before = first.replace(fold=1).astimezone(UTC)
    return _transition_between(min(before, instant), max(before, instant), zone)


def _transition_between(low: datetime, high: datetime, zone: ZoneInfo) -> datetime:
    """The first instant in (low, high] whose UTC offset is the one at ``high``."""
    target = high.astimezone(zone).utcoffset()
    # Bisect on whole seconds: transitions fall on whole seconds (in practice, minutes).
    low_s, high_s = int(low.timestamp()), int(high.timestamp())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == target:
            high_s = middle
        else:
            low_s = middle
    return datetime.fromtimestamp(high_s, UTC)


def parse_local_time(text: str) -> time:
    """``HH:MM`` (24-hour; ``9:05`` and ``09.05`` are accepted too)."""
    match = _TIME.match(text)
    if match is None:
        raise InvalidOptionError(f"'{text}' is not a time: use HH:MM, 24-hour (e.g. 09:00)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InvalidOptionError(f"'{text}' is not a time of day: hours 00-23, minutes 00-59")
    return time(hour, minute)


def format_local_time(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


@functools.cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone this system knows (from the OS or the tzdata package), sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


@functools.cache
def _names_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in timezone_names()}


def load_zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (case-insensitive), or a user-safe error."""
    canonical = _names_by_fold().get(name.strip().casefold())
    if canonical is None:
        raise InvalidOptionError(
            f"'{name}' is not a known time zone: use an IANA name such as Europe/Berlin, "
            "America/New_York or UTC")
    return ZoneInfo(canonical)


def suggest_timezones(typed: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: prefix matches first, then any part of the name."""
    needle = typed.strip().casefold().replace(" ", "_")
    if not needle:
        popular = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York",
                   "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"]
        return popular[:limit]
    names = timezone_names()
    prefix = [n for n in names if n.casefold().startswith(needle)]
    city = [n for n in names if n not in prefix
            and n.rsplit("/", 1)[-1].casefold().startswith(needle)]
    anywhere = [n for n in names if n not in prefix and n not in city
                and needle in n.casefold()]
    return (prefix + city + anywhere)[:limit]


def parse_weekdays(text: str | None) -> frozenset[int]:
    """``daily``, ``weekdays``/``mon-fri``, ``weekends``, ``mon,wed,fri``, ``fri-mon``..."""
    if text is None or not text.strip():
        return ALL_DAYS
    spec = text.strip().casefold()
    if spec in _DAY_SETS:
        return _DAY_SETS[spec]
    days: set[int] = set()
    for part in re.split(r"[,\s;/]+", spec):
        if not part:
            continue
        if part in _DAY_SETS:
            days |= _DAY_SETS[part]
            continue
        first, dash, last = part.partition("-")
        start = _day(first, text)
        if not dash:
            days.add(start)
            continue
        end = _day(last, text)
        # A range may wrap past Sunday: fri-mon is Fri, Sat, Sun, Mon.
        days.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    if not days:
        raise InvalidOptionError("choose at least one weekday")
    return frozenset(days)


def _day(name: str, text: str) -> int:
    try:
        return _DAY_ALIASES[name.strip()]
    except KeyError:
        raise InvalidOptionError(
            f"'{text}' is not a list of weekdays: try daily, mon-fri, weekends or mon,wed,fri"
        ) from None


def format_weekdays(days: Collection[int]) -> str:
    chosen = frozenset(days)
    if chosen == ALL_DAYS:
        return "daily"
    if chosen == WORKDAYS:
        return "Mon–Fri"
    if chosen == WEEKEND:
        return "weekends"
    return ", ".join(DAY_NAMES[day] for day in sorted(chosen))
