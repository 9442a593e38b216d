"""Digest embeds stay within Discord's limits and carry their exactly-once markers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord

from bot.digest.compose import Digest, DigestItem, DigestSection
from cogs.digest_embeds import (
    digest_embeds,
    digest_messages,
    item_markdown,
    marker_text,
    parse_marker,
)
from cogs.embeds import DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, MAX_EMBEDS

END = datetime(2025, 6, 2, 7, tzinfo=UTC)


def item(n: int, *, summary_words: int = 20, url: str | None = None) -> DigestItem:
    return DigestItem(article_id=n, title=f"Headline number {n} " + "long " * 30,
                      url=url or f"https://news.example/{n}",
                      summary=("Word " * summary_words + ".", "Second sentence."),
                      share_count=n, sharer_count=1, first_shared_at=END)


def digest(sections: dict[str, list[DigestItem]], count: int | None = None) -> Digest:
    items = [i for group in sections.values() for i in group]
    return Digest(period_start=END - timedelta(days=1), period_end=END,
                  timezone="Europe/Berlin",
                  sections=tuple(DigestSection(k, tuple(v)) for k, v in sections.items()),
                  article_count=len(items) if count is None else count,
                  share_count=sum(i.share_count for i in items), sharer_count=3,
                  people=("Ada Lovelace",))


def test_a_header_then_one_embed_per_topic() -> None:
    embeds = digest_embeds(digest({"Energy": [item(1), item(2)], "Other": [item(3)]}))
    assert [e.title for e in embeds] == ["News digest · Monday 02 June 2025", "Energy", "Other"]
    header = embeds[0].description or ""
    assert "Shared since Sun 01 Jun 2025, 09:00 CEST" in header
    assert "3 new articles, 6 shares by 3 people · most mentioned: Ada Lovelace" in header
    assert (embeds[1].description or "").count("**[Headline number") == 2


def test_a_full_digest_is_split_within_every_limit_and_marked() -> None:
    big = digest({f"Topic {t}": [item(t * 10 + n, summary_words=120) for n in range(5)]
                  for t in range(5)})
    messages = digest_messages(big, "0123456789abcdef")
    assert len(messages) > 1
    for number, message in enumerate(messages, start=1):
        assert len(message.embeds) <= MAX_EMBEDS
        assert sum(len(e) for e in message.embeds) <= EMBED_TOTAL_LIMIT
        assert all(len(e.description or "") <= DESCRIPTION_LIMIT for e in message.embeds)
        footers = [e.footer.text for e in message.embeds if e.footer.text]
        assert footers == [marker_text("0123456789abcdef", number, len(messages))]
        assert parse_marker(footers[0]) == ("0123456789abcdef", number)
    shown = sum((e.description or "").count("**[Headline") for m in messages for e in m.embeds)
    assert shown == 25


def test_an_empty_digest_is_a_single_note() -> None:
    (message,) = digest_messages(digest({}), "abc")
    (embed,) = message.embeds
    assert "No new articles were shared since Sun 01 Jun 2025, 09:00 CEST." in (
        embed.description or "")


def test_titles_and_links_cannot_break_the_markdown() -> None:
    weird = DigestItem(article_id=1, title="[Breaking] *bold* claim", summary=("S.",),
                       url="https://x.example/a_(b) c", share_count=2, sharer_count=2,
                       first_shared_at=END)
    text = item_markdown(weird)
    assert text.startswith(r"**[\[Breaking\] \*bold\* claim](https://x.example/a_%28b%29%20c)**")
    assert text.endswith("_2 shares by 2 people_")
    unsafe = item_markdown(DigestItem(2, "Title", "javascript:alert(1)", (), 1, 1, END))
    assert unsafe.startswith("**Title**")


def test_other_footers_are_not_markers() -> None:
    assert parse_marker(None) is None
    assert parse_marker("1200 → 90 words (−92%) · news") is None
    assert parse_marker(discord.Embed().footer.text) is None
