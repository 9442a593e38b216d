"""An announcement lists what arrived, names the follow, and stays within Discord's limit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.follows.announce import MAX_LISTED, MESSAGE_LIMIT, announcement
from storage.follows import ClaimedBatch, Follow, MatchedArticle


def follow(channel: str | None = None, role: str | None = None) -> Follow:
    return Follow(1, "guild:1", "5", "person", "Geoană", "geoana", channel, role,
                  datetime(2026, 1, 1, tzinfo=UTC))


def batch(count: int, **where: str) -> ClaimedBatch:
    return ClaimedBatch(9, follow(**where), tuple(
        MatchedArticle(i, f"Story [{i}]", f"https://news.example/{i}", "News")
        for i in range(count)), "ab12cd34ef56ab78")


def test_a_dm_names_the_server_the_follow_and_links_each_article() -> None:
    text = announcement(batch(2), "Newsroom")
    first, *lines = text.splitlines()
    assert first == "📰 2 new articles in **Newsroom** for your follow: person “Geoană”"
    assert lines == ["• [Story (0)](<https://news.example/0>) · News",
                     "• [Story (1)](<https://news.example/1>) · News",
                     "-# newsbot follow · ref ab12cd34ef56ab78"]


def test_a_channel_announcement_mentions_its_role() -> None:
    text = announcement(batch(1, channel="7", role="66"), "Newsroom")
    assert text.startswith("<@&66> 📰 1 new article for your follow")


def test_a_long_batch_lists_some_and_counts_the_rest() -> None:
    text = announcement(batch(MAX_LISTED + 4), "Newsroom")
    assert text.endswith("…and 4 more.\n-# newsbot follow · ref ab12cd34ef56ab78")
    assert len(text) <= MESSAGE_LIMIT
