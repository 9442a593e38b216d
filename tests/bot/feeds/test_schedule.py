"""Poll timing: the larger of the minimum, ttl and max-age; spread by feed id; backoff;
pausing after a day of failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.feeds.schedule import (
    MAX_BACKOFF,
    MAX_INTERVAL,
    PollTiming,
    should_pause,
    spread_fraction,
)

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
TIMING = PollTiming(timedelta(minutes=10))


def test_the_interval_is_the_largest_of_minimum_ttl_and_max_age() -> None:
    assert TIMING.interval() == timedelta(minutes=10)
    assert TIMING.interval(ttl_minutes=5) == timedelta(minutes=10)
    assert TIMING.interval(ttl_minutes=60) == timedelta(minutes=60)
    assert TIMING.interval(ttl_minutes=30, max_age=7200) == timedelta(hours=2)
    assert TIMING.interval(max_age=60) == timedelta(minutes=10)
    assert TIMING.interval(ttl_minutes=100_000) == MAX_INTERVAL


def test_a_thousand_feeds_are_spread_over_the_interval() -> None:
    firsts = sorted(TIMING.first_poll(feed_id, NOW, spread=True) for feed_id in range(1, 1001))
    assert firsts[0] >= NOW
    assert firsts[-1] < NOW + timedelta(minutes=10)
    per_minute = [sum(1 for t in firsts if NOW + timedelta(minutes=m) <= t
                      < NOW + timedelta(minutes=m + 1)) for m in range(10)]
    assert max(per_minute) < 130  # about 100 a minute, never all at once
    assert TIMING.first_poll(7, NOW, spread=False) == NOW
    assert spread_fraction(7) == spread_fraction(7)


def test_next_polls_stay_within_the_interval_plus_a_tenth() -> None:
    for feed_id in (1, 2, 500):
        later = TIMING.after_success(feed_id, NOW)
        assert NOW + timedelta(minutes=10) <= later <= NOW + timedelta(minutes=11)


def test_failures_back_off_exponentially_up_to_a_ceiling() -> None:
    delays = [TIMING.after_failure(1, NOW, failures) - NOW for failures in range(8)]
    assert delays == sorted(delays)
    assert delays[1] >= 2 * timedelta(minutes=10)
    assert delays[-1] <= MAX_BACKOFF * 1.1


def test_a_feed_is_paused_after_a_day_of_failures() -> None:
    assert not should_pause(None, NOW)
    assert not should_pause(NOW - timedelta(hours=23, minutes=59), NOW)
    assert should_pause(NOW - timedelta(hours=24), NOW)
