"""How an article's dates are written: the day it was published, and when it was shared.

Lists are concise and say which date they show: ``published 2019-11-20`` when the page gave
one, otherwise ``shared 2024-06-10`` (the day it was first shared here). Cards and digests say
both: ``published 2019-11-20, shared today``. Days are ISO 8601; the share day is taken in the
time zone given (a digest's), UTC otherwise, and called "today" or "yesterday" when it is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


def listing_date(published: str | None, shared_at: datetime, shared: str = "shared") -> str:
    """``published 2019-11-20``, or ``shared 2024-06-10`` for an article without one
    (``shared`` names that date: the command line, where nothing is shared, says "stored")."""
    if published:
        return f"published {published}"
    return f"{shared} {_day(shared_at, None).isoformat()}"


def dateline(published: str | None, shared_at: datetime | None, now: datetime | None = None,
             timezone: str | None = None) -> str:
    """``published 2019-11-20, shared today``; either part alone when the other is unknown;
    ``published and shared today`` when both are the same day; "" when neither is known."""
    if shared_at is None:
        return f"published {published}" if published else ""
    today = _day(now or datetime.now(UTC), timezone)
    shared_day = _day(shared_at, timezone)
    shared = _relative(shared_day, today)
    if not published:
        return f"shared {shared}"
    if published == shared_day.isoformat():
        return f"published and shared {shared}"
    return f"published {published}, shared {shared}"


def _relative(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day.isoformat()


def _day(moment: datetime, timezone: str | None) -> date:
    zone = ZoneInfo(timezone) if timezone else UTC
    return moment.astimezone(zone).date()
