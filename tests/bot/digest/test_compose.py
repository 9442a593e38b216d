"""What a digest contains: ranking, topics, summaries and the top line."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.digest.compose import (
    OTHER_TOPIC,
    Digest,
    compose_digest,
    most_mentioned,
    short_summary,
)
from bot.digest.plain_text import render_text
from storage.digests import DigestCandidate

T0 = datetime(2025, 6, 2, 7, tzinfo=UTC)


def candidate(article_id: int, *, shares: int = 1, sharers: tuple[str, ...] = ("u1",),
              minutes: int = 0, tags: tuple[str, ...] = (), title: str | None = None,
              summary: tuple[str, ...] = ("One.", "Two.")) -> DigestCandidate:
    first = T0 + timedelta(minutes=minutes)
    return DigestCandidate(article_id=article_id, title=title or f"Article {article_id}",
                           url=f"https://news.example/{article_id}", summary=summary,
                           tags=tags, first_shared_at=first, last_shared_at=first,
                           share_count=shares, sharers=frozenset(sharers))


def compose(candidates: list[DigestCandidate], max_items: int = 10,
            people: dict[int, list[str]] | None = None) -> Digest:
    return compose_digest(candidates, period_start=T0 - timedelta(days=1), period_end=T0,
                          timezone="UTC", max_items=max_items, people=people)


def ids(digest: Digest) -> list[int]:
    return [item.article_id for item in digest.items]


def test_ranked_by_shares_then_distinct_sharers_then_recency() -> None:
    digest = compose([
        candidate(1, shares=2, sharers=("a",), minutes=50),
        candidate(2, shares=2, sharers=("a", "b"), minutes=10),
        candidate(3, shares=5, sharers=("a",), minutes=0),
        candidate(4, shares=2, sharers=("a",), minutes=55),
    ])
    assert ids(digest) == [3, 2, 4, 1]


def test_only_the_top_items_are_shown_but_the_top_line_counts_everything() -> None:
    digest = compose([candidate(i, shares=i, sharers=(f"u{i}", "u0")) for i in range(1, 8)],
                     max_items=3)
    assert ids(digest) == [7, 6, 5]
    assert (digest.article_count, digest.share_count, digest.sharer_count) == (7, 28, 8)
    assert digest.headline == "7 new articles, 28 shares by 8 people · top 3 below"


def test_grouped_by_first_tag_in_rank_order_with_other_last() -> None:
    digest = compose([
        candidate(1, shares=9, tags=()),
        candidate(2, shares=8, tags=("Energy", "EU")),
        candidate(3, shares=7, tags=("Space",)),
        candidate(4, shares=6, tags=("energy",)),
    ])
    assert [(s.topic, [i.article_id for i in s.items]) for s in digest.sections] == [
        ("Energy", [2, 4]), ("Space", [3]), (OTHER_TOPIC, [1])]


def test_each_item_keeps_one_or_two_short_sentences() -> None:
    assert short_summary(["One.", "Two.", "Three."]) == ("One.", "Two.")
    long = "A sentence that goes on. " * 14
    assert short_summary([long, "Two."]) == (long.strip(),)
    assert short_summary(["  ", ""]) == ()
    digest = compose([candidate(1, summary=("Only one.",), title="  ")])
    item = digest.items[0]
    assert item.summary == ("Only one.",)
    assert item.title == "https://news.example/1"


def test_most_mentioned_people_come_from_the_pluggable_lookup() -> None:
    people = {1: ["Ada Lovelace", "Alan Turing"], 2: ["Alan Turing"],
              3: ["Grace Hopper", "Alan Turing", "Alan Turing"], 4: ["Ada Lovelace"]}
    assert most_mentioned(people, [1, 2, 3, 4]) == (
        "Alan Turing", "Ada Lovelace", "Grace Hopper")
    digest = compose([candidate(1), candidate(2)], people=people)
    assert digest.people == ("Alan Turing", "Ada Lovelace")
    assert digest.headline.endswith("most mentioned: Alan Turing, Ada Lovelace")


def test_an_empty_period_is_empty() -> None:
    digest = compose([])
    assert digest.is_empty
    assert digest.sections == ()
    assert digest.items == ()
    assert digest.headline == "No new articles were shared."


def test_each_item_says_when_it_was_published_and_shared() -> None:
    old = replace(candidate(1, shares=2), published="2019-11-20")
    undated = candidate(2)
    yesterday = replace(candidate(3), first_shared_at=T0 - timedelta(hours=20))
    digest = compose([old, undated, yesterday])
    dates = {item.article_id: item.dates for item in digest.items}
    assert dates == {1: "published 2019-11-20, shared today", 2: "shared today",
                     3: "shared yesterday"}
    assert digest.items[0].published == "2019-11-20"


def test_the_digest_text_shows_the_dates_with_the_shares() -> None:
    digest = compose([replace(candidate(1), published="2019-11-20")])
    assert "   (1 share · published 2019-11-20, shared today)" in render_text(digest).splitlines()


def test_an_article_sits_under_the_tag_the_shown_articles_share() -> None:
    digest = compose([
        candidate(1, shares=9, tags=("Eastport", "Ferries")),
        candidate(2, shares=8, tags=("Harbour council", "ferry")),
        candidate(3, shares=7, tags=("Trains",)),
    ])
    assert [(s.topic, [i.article_id for i in s.items]) for s in digest.sections] == [
        ("Ferries", [1, 2]), ("Trains", [3])]
