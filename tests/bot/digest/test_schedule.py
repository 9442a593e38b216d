"""When digests run: local wall-clock time across DST changes, in several time zones."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.digest.schedule import (
    ALL_DAYS,
    WEEKEND,
    WORKDAYS,
    Schedule,
    format_weekdays,
    load_zone,
    parse_local_time,
    parse_weekdays,
    suggest_timezones,
)
from bot.errors import InvalidOptionError


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def daily(at: str, zone: str, days: str = "daily") -> Schedule:
    return Schedule.parse(at, zone, parse_weekdays(days))


def occurrences(schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
    return list(schedule.between(start, end))


# --- a 09:00 digest stays at 09:00 local time ---------------------------------------------

@pytest.mark.parametrize(("zone", "start", "expected"), [
    # Europe/Berlin springs forward on 2025-03-30: 09:00 CET is 08:00 UTC, 09:00 CEST 07:00.
    ("Europe/Berlin", utc(2025, 3, 28, 12), [utc(2025, 3, 29, 8), utc(2025, 3, 30, 7),
                                             utc(2025, 3, 31, 7)]),
    # ... and falls back on 2025-10-26.
    ("Europe/Berlin", utc(2025, 10, 24, 12), [utc(2025, 10, 25, 7), utc(2025, 10, 26, 8),
                                              utc(2025, 10, 27, 8)]),
    # America/New_York springs forward on 2025-03-09 and falls back on 2025-11-02.
    ("America/New_York", utc(2025, 3, 7, 18), [utc(2025, 3, 8, 14), utc(2025, 3, 9, 13),
                                               utc(2025, 3, 10, 13)]),
    ("America/New_York", utc(2025, 10, 31, 18), [utc(2025, 11, 1, 13), utc(2025, 11, 2, 14),
                                                 utc(2025, 11, 3, 14)]),
    # The southern hemisphere: Sydney leaves summer time on 2025-04-06.
    ("Australia/Sydney", utc(2025, 4, 3, 12), [utc(2025, 4, 3, 22), utc(2025, 4, 4, 22),
                                               utc(2025, 4, 5, 23)]),
])
def test_a_morning_digest_keeps_its_local_time_across_dst(
        zone: str, start: datetime, expected: list[datetime]) -> None:
    schedule = daily("09:00", zone)
    found = occurrences(schedule, start, expected[-1])
    assert found == expected
    assert {moment.astimezone(load_zone(zone)).time() for moment in found} == {time(9, 0)}


# --- nonexistent local times: the first valid instant after the gap -------------------------

@pytest.mark.parametrize(("zone", "at", "day_start", "expected_utc", "expected_local"), [
    # Berlin 2025-03-30: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    ("Europe/Berlin", "02:30", utc(2025, 3, 29, 12), utc(2025, 3, 30, 1), "03:00"),
    ("Europe/Berlin", "02:00", utc(2025, 3, 29, 12), utc(2025, 3, 30, 1), "03:00"),
    # New York 2025-03-09: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    ("America/New_York", "02:30", utc(2025, 3, 8, 12), utc(2025, 3, 9, 7), "03:00"),
    ("America/New_York", "02:59", utc(2025, 3, 8, 12), utc(2025, 3, 9, 7), "03:00"),
    # Lord Howe Island moves by half an hour: 02:00 jumps to 02:30 (15:30 UTC the day before).
    ("Australia/Lord_Howe", "02:15", utc(2025, 10, 4, 0), utc(2025, 10, 4, 15, 30), "02:30"),
])
def test_a_time_skipped_by_spring_forward_runs_when_the_clocks_change(
        zone: str, at: str, day_start: datetime, expected_utc: datetime,
        expected_local: str) -> None:
    schedule = daily(at, zone)
    occurrence = schedule.next_after(day_start)
    assert occurrence == expected_utc
    assert f"{occurrence.astimezone(load_zone(zone)):%H:%M}" == expected_local
    # It is that day's only run: the next one is the following day at the chosen time.
    following = schedule.next_after(occurrence)
    assert f"{following.astimezone(load_zone(zone)):%d %H:%M}" == \
        f"{occurrence.astimezone(load_zone(zone)).day + 1:02d} {at}"


def test_a_whole_skipped_calendar_day_runs_at_the_end_of_the_gap() -> None:
    # Samoa skipped 2011-12-30 entirely (moving across the date line): the 09:00 digest of
    # the missing day runs at the first instant that exists, 00:00 on 31 December.
    schedule = daily("09:00", "Pacific/Apia")
    apia = load_zone("Pacific/Apia")
    found = occurrences(schedule, utc(2011, 12, 29, 20), utc(2011, 12, 31, 0))
    assert [f"{m.astimezone(apia):%d %H:%M}" for m in found] == ["31 00:00", "31 09:00"]


# --- repeated local times: once, at the first occurrence --------------------------------------

@pytest.mark.parametrize(("zone", "at", "start", "end", "expected"), [
    # Berlin 2025-10-26: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    ("Europe/Berlin", "02:30", utc(2025, 10, 25, 12), utc(2025, 10, 26, 12),
     [utc(2025, 10, 26, 0, 30)]),
    # New York 2025-11-02: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    ("America/New_York", "01:30", utc(2025, 11, 1, 12), utc(2025, 11, 2, 12),
     [utc(2025, 11, 2, 5, 30)]),
])
def test_a_time_repeated_by_fall_back_runs_once_at_its_first_occurrence(
        zone: str, at: str, start: datetime, end: datetime, expected: list[datetime]) -> None:
    schedule = daily(at, zone)
    assert occurrences(schedule, start, end) == expected
    # Standing between the two 02:30s, the next occurrence is the following day's.
    after_first = expected[0].replace(minute=45)
    assert schedule.next_after(after_first).date() > expected[0].date()


# --- weekdays and boundaries ----------------------------------------------------------------

def test_weekdays_are_the_servers_local_weekdays() -> None:
    # Monday 08:00 in Tokyo is still Sunday in UTC; a Mon-Fri digest runs then.
    schedule = daily("08:00", "Asia/Tokyo", "mon-fri")
    friday_evening = utc(2025, 6, 6, 12)  # Friday 21:00 in Tokyo
    assert schedule.next_after(friday_evening) == utc(2025, 6, 8, 23)  # Sunday 23:00 UTC
    weekend = daily("10:00", "UTC", "weekends")
    assert [m.weekday() for m in occurrences(weekend, utc(2025, 6, 2), utc(2025, 6, 16))] \
        == [5, 6, 5, 6]


def test_next_is_strictly_after_and_latest_is_at_or_before() -> None:
    schedule = daily("09:00", "Europe/Berlin")
    nine = utc(2025, 6, 2, 7)  # 09:00 CEST
    assert schedule.next_after(nine) == utc(2025, 6, 3, 7)
    assert schedule.latest_at_or_before(nine) == nine
    assert schedule.latest_at_or_before(utc(2025, 6, 2, 6, 59)) == utc(2025, 6, 1, 7)


# --- parsing what admins type ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "days"), [
    (None, ALL_DAYS), ("daily", ALL_DAYS), ("Every day", ALL_DAYS),
    ("mon-fri", WORKDAYS), ("weekdays", WORKDAYS), ("weekends", WEEKEND),
    ("mon,wed,fri", frozenset({0, 2, 4})), ("Monday, Thursday", frozenset({0, 3})),
    ("fri-mon", frozenset({4, 5, 6, 0})), ("tue-wed sat", frozenset({1, 2, 5})),
])
def test_weekday_specifications(text: str | None, days: frozenset[int]) -> None:
    assert parse_weekdays(text) == days


@pytest.mark.parametrize("text", ["someday", "mon-funday", ",", "mon..fri"])
def test_unknown_weekdays_are_refused_with_examples(text: str) -> None:
    with pytest.raises(InvalidOptionError, match="weekday"):
        parse_weekdays(text)


def test_weekdays_are_shown_the_way_they_are_usually_written() -> None:
    assert format_weekdays(ALL_DAYS) == "daily"
    assert format_weekdays(WORKDAYS) == "Mon–Fri"
    assert format_weekdays({0, 2, 4}) == "Mon, Wed, Fri"


@pytest.mark.parametrize(("text", "expected"), [("09:00", time(9)), ("9:05", time(9, 5)),
                                                ("23:59", time(23, 59)), ("07.30", time(7, 30))])
def test_local_times(text: str, expected: time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "nine", "9am"])
def test_bad_local_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidOptionError, match=r"HH:MM|time of day"):
        parse_local_time(text)


def test_time_zones_are_iana_names_in_any_case() -> None:
    assert load_zone("europe/berlin").key == "Europe/Berlin"
    assert load_zone("UTC").key == "UTC"
    for bad in ("Mars/Olympus", "CEST+2", "../../etc/passwd", ""):
        with pytest.raises(InvalidOptionError, match="IANA"):
            load_zone(bad)


def test_time_zone_suggestions_put_prefixes_then_cities_first() -> None:
    assert suggest_timezones("europe/ber")[0] == "Europe/Berlin"
    assert suggest_timezones("new_y")[0] == "America/New_York"
    assert suggest_timezones("new y")[0] == "America/New_York"
    assert len(suggest_timezones("a")) == 25
    assert "UTC" in suggest_timezones("")
