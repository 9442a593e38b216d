from datetime import UTC, datetime

import discord
import pytest

from bot.ingest.cards import ArticleCard
from cogs.embeds import (
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    MAX_EMBEDS,
    TITLE_LIMIT,
    article_embed,
    join_sentences,
    pack_messages,
    truncate,
)


def card(**changes: object) -> ArticleCard:
    values: dict[str, object] = {
        "title": "Harbour council approves new ferry terminal",
        "url": "https://example.com/ferry", "summary": ("First sentence.", "Second one."),
        "algorithm": "news", "words_in": 400, "words_out": 60, "site_name": "Eastport Herald",
        "author": "Jonas Berg", "published": "2026-11-03", "tags": ("ferry", "Eastport")}
    values.update(changes)
    return ArticleCard(**values)  # type: ignore[arg-type]


def test_truncate_cuts_at_a_word_and_marks_the_cut() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("the quick brown fox jumps over the lazy dog", 20)
    assert len(cut) <= 20
    assert cut.endswith("…")
    assert cut == "the quick brown fox…"


def test_join_sentences_keeps_whole_sentences_only() -> None:
    sentences = ["A" * 50 + ".", "B" * 50 + ".", "C" * 50 + "."]
    assert join_sentences(sentences, 110) == sentences[0] + "\n" + sentences[1]
    assert join_sentences(["X" * 500], 100).endswith("…")


def test_an_article_embed_shows_everything_the_reply_promises() -> None:
    embed = article_embed(card())
    assert embed.title == "Harbour council approves new ferry terminal"
    assert embed.url == "https://example.com/ferry"
    assert embed.description == "First sentence.\nSecond one."
    assert embed.author.name == "Eastport Herald · Jonas Berg · published 2026-11-03"
    assert embed.fields[0].value == "ferry, Eastport"
    assert embed.footer.text == "400 → 60 words (−85%) · news"


@pytest.mark.parametrize(("published", "shared_at", "expected"), [
    ("2019-11-20", datetime(2026, 11, 5, 8, tzinfo=UTC), "published 2019-11-20, shared today"),
    ("2019-11-20", datetime(2026, 11, 4, 8, tzinfo=UTC),
     "published 2019-11-20, shared yesterday"),
    ("2026-11-05", datetime(2026, 11, 5, 8, tzinfo=UTC), "published and shared today"),
    (None, datetime(2026, 10, 1, 8, tzinfo=UTC), "shared 2026-10-01"),
    ("2019-11-20", None, "published 2019-11-20"),  # nothing stored: no share date
])
def test_a_stored_article_card_says_when_it_was_published_and_shared(
        published: str | None, shared_at: datetime | None, expected: str) -> None:
    now = datetime(2026, 11, 5, 20, tzinfo=UTC)
    embed = article_embed(card(published=published, shared_at=shared_at, author=None), now)
    assert embed.author.name == f"Eastport Herald · {expected}"


def test_an_article_without_a_summary_says_so() -> None:
    embed = article_embed(card(summary=(), words_out=0))
    assert embed.description == "No summary for this article."
    assert embed.footer.text == "400 words · no summary"


def test_huge_inputs_stay_within_discords_limits() -> None:
    embed = article_embed(card(title="T" * 1000, summary=tuple("S" * 900 + "." for _ in range(9)),
                               tags=tuple(f"tag{n}" * 20 for n in range(200)),
                               url="https://example.com/" + "a" * 3000, author="A" * 400))
    assert len(embed.title or "") <= TITLE_LIMIT
    assert len(embed) <= EMBED_TOTAL_LIMIT
    assert all(len(field.value or "") <= 1024 for field in embed.fields)
    assert embed.url is None  # too long to be a link


def test_messages_are_split_by_embed_count_and_total_size() -> None:
    embeds = [discord.Embed(title=str(n), description="x" * 1500) for n in range(12)]
    messages = pack_messages("c" * 5000, embeds)
    assert len(messages[0].content or "") <= CONTENT_LIMIT
    for message in messages:
        assert len(message.embeds) <= MAX_EMBEDS
        assert sum(len(embed) for embed in message.embeds) <= EMBED_TOTAL_LIMIT
    assert sum(len(message.embeds) for message in messages) == 12
