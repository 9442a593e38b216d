"""When a feed is polled next: its interval, a deterministic spread, backoff and pausing.

The interval is the largest of the configured minimum, the feed's RSS ``<ttl>`` and the
server's ``Cache-Control: max-age``, capped at a day. Each feed's polls are offset by a
fraction of the interval fixed by its id, so feeds added at the same moment (an OPML import
of a thousand) do not all fire at the same second, and stay apart poll after poll. A failing
feed backs off exponentially from the interval; after ``PAUSE_AFTER`` of failures it is paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_INTERVAL = timedelta(days=1)
MAX_BACKOFF = timedelta(hours=4)
PAUSE_AFTER = timedelta(hours=24)
SPREAD = 0.1  # later polls drift by up to a tenth of the interval, by feed id
_GOLDEN = 2654435761  # Knuth's multiplicative hash: consecutive ids land far apart


@dataclass(frozen=True, slots=True)
class PollTiming:
    min_interval: timedelta = timedelta(minutes=10)

    def interval(self, ttl_minutes: int | None = None, max_age: int | None = None
                 ) -> timedelta:
        candidates = [self.min_interval]
        if ttl_minutes:
            candidates.append(timedelta(minutes=ttl_minutes))
        if max_age:
            candidates.append(timedelta(seconds=max_age))
        return min(max(candidates), MAX_INTERVAL)

    def after_success(self, feed_id: int, now: datetime, ttl_minutes: int | None = None,
                      max_age: int | None = None) -> datetime:
        interval = self.interval(ttl_minutes, max_age)
        later: datetime = now + interval * (1 + SPREAD * spread_fraction(feed_id))
        return later

    def after_failure(self, feed_id: int, now: datetime, failures_before: int) -> datetime:
        """``failures_before``: consecutive failures before this one (0 for the first)."""
        backoff = self.min_interval * (1 << min(failures_before, 16))
        return now + min(backoff, MAX_BACKOFF) * (1 + SPREAD * spread_fraction(feed_id))

    def first_poll(self, feed_id: int, now: datetime, *, spread: bool) -> datetime:
        """At once for a feed added by hand; spread over one interval for imported ones."""
        if not spread:
            return now
        return now + self.min_interval * spread_fraction(feed_id)


def spread_fraction(feed_id: int) -> float:
    """A fraction in [0, 1) fixed by the feed's id."""
    return ((feed_id * _GOLDEN) % 2**32) / 2**32


def should_pause(failing_since: datetime | None, now: datetime) -> bool:
    return failing_since is not None and now - failing_since >= PAUSE_AFTER
