"""Dates in the lists that /search, /topic and /person (and their commands) show."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli.knowledge_text import date_of, stored_date_of
from storage.models import ArticleBrief

SHARED = datetime(2024, 6, 10, 12, tzinfo=UTC)


def brief(published: str | None) -> ArticleBrief:
    return ArticleBrief(id=1, title="Ferry", url=None, created_at=SHARED, summary=(),
                        published=published)


def test_lists_show_the_publication_date_and_say_so() -> None:
    assert date_of(brief("2019-11-20")) == "published 2019-11-20"
    assert stored_date_of(brief("2019-11-20")) == "published 2019-11-20"


def test_without_one_discord_says_shared_and_the_command_line_says_stored() -> None:
    assert date_of(brief(None)) == "shared 2024-06-10"
    assert stored_date_of(brief(None)) == "stored 2024-06-10"
