"""How dates read: concise in lists, both dates in cards and digests, which one always said."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.text.datelines import dateline, listing_date

NOW = datetime(2024, 6, 10, 20, 30, tzinfo=UTC)


def test_a_list_shows_the_publication_date_when_there_is_one() -> None:
    assert listing_date("2019-11-20", NOW) == "published 2019-11-20"


def test_a_list_falls_back_to_the_share_date_and_says_so() -> None:
    assert listing_date(None, NOW) == "shared 2024-06-10"
    assert listing_date(None, NOW, "stored") == "stored 2024-06-10"


@pytest.mark.parametrize(("published", "shared_at", "expected"), [
    ("2019-11-20", NOW, "published 2019-11-20, shared today"),
    ("2019-11-20", datetime(2024, 6, 9, 23, tzinfo=UTC), "published 2019-11-20, shared yesterday"),
    ("2019-11-20", datetime(2024, 5, 1, tzinfo=UTC), "published 2019-11-20, shared 2024-05-01"),
    ("2024-06-10", NOW, "published and shared today"),
    (None, NOW, "shared today"),
    (None, datetime(2024, 5, 1, tzinfo=UTC), "shared 2024-05-01"),
    ("2019-11-20", None, "published 2019-11-20"),
    (None, None, ""),
])
def test_a_dateline_names_both_dates(published: str | None, shared_at: datetime | None,
                                     expected: str) -> None:
    assert dateline(published, shared_at, NOW) == expected


def test_today_is_the_readers_day_in_their_time_zone() -> None:
    # 23:30 UTC on the 9th is already the 10th in Berlin, where it is now the 10th too.
    shared = datetime(2024, 6, 9, 23, 30, tzinfo=UTC)
    assert dateline(None, shared, NOW, "Europe/Berlin") == "shared today"
    assert dateline(None, shared, NOW) == "shared yesterday"
