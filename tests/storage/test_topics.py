"""Topics of one scope: the stored summary across a topic's articles, kept per input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, Tag
from storage.topics import TopicRepository

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def article(key: str, summary: str, tags: tuple[str, ...] = ("NATO",)) -> NewArticle:
    return NewArticle(url_key=key, text=summary, summary=(summary,), summary_algorithm="news",
                      words_in=3, words_out=3, canonical_url=key,
                      tags=tuple(Tag(t, t.casefold()) for t in tags))


async def test_a_stored_summary_is_served_only_for_the_input_it_was_made_from(
        database: Database) -> None:
    topics = TopicRepository(database)
    await topics.store_summary("guild:1", "nato", "basis-1", ("One.", "Two."))
    assert await topics.cached_summary("guild:1", "nato", "basis-1") == ("One.", "Two.")
    assert await topics.cached_summary("guild:1", "nato", "basis-2") is None
    await topics.store_summary("guild:1", "nato", "basis-2", ("Three.",))  # replaces
    assert await topics.cached_summary("guild:1", "nato", "basis-1") is None
    assert await topics.cached_summary("guild:1", "nato", "basis-2") == ("Three.",)


async def test_a_stored_summary_stays_in_its_scope(database: Database) -> None:
    topics = TopicRepository(database)
    await topics.store_summary("guild:1", "nato", "same", ("Secret.",))
    assert await topics.cached_summary("guild:2", "nato", "same") is None
    assert await topics.cached_summary("guild:1", "nato", "same") == ("Secret.",)


async def test_removing_an_article_forgets_the_summaries_of_its_topics(
        database: Database) -> None:
    articles, topics = ArticleRepository(database), TopicRepository(database)
    saved = await articles.save_share("guild:1", article("a", "NATO met.", ("NATO", "Cyber")),
                                      NewShare(shared_at=NOW))
    await articles.save_share("guild:1", article("b", "NATO met again."),
                              NewShare(shared_at=NOW + timedelta(days=1)))
    for key in ("nato", "cyber"):
        await topics.store_summary("guild:1", key, "b", ("NATO met.",))
    await topics.store_summary("guild:2", "nato", "b", ("Elsewhere.",))
    async with database.transaction() as connection:
        await connection.execute("DELETE FROM articles WHERE id = ?", (saved.article.id,))
    assert await topics.cached_summary("guild:1", "nato", "b") is None
    assert await topics.cached_summary("guild:1", "cyber", "b") is None
    assert await topics.cached_summary("guild:2", "nato", "b") == ("Elsewhere.",)
    assert await topics.summaries("guild:1", "nato") == [("NATO met again.",)]


def on_site(key: str, site: str, tags: tuple[str, ...], *, derived: bool = False
            ) -> NewArticle:
    return NewArticle(url_key=key, text=key, summary=(key,), summary_algorithm="news",
                      words_in=1, words_out=1, canonical_url=f"https://{site}/{key}",
                      tags=tuple(Tag(t, t.casefold(), derived) for t in tags))


async def share_all(database: Database, items: list[tuple[NewArticle, str]]) -> None:
    articles = ArticleRepository(database)
    for index, (item, sharer) in enumerate(items):
        await articles.save_share("guild:1", item, NewShare(
            shared_at=NOW + timedelta(minutes=index), sharer_id=sharer))


async def top_names(database: Database) -> list[tuple[str, int]]:
    items = await TopicRepository(database).top("guild:1", NOW - timedelta(days=1), 10)
    return [(item.name, item.count) for item in items]


async def test_the_ranking_counts_articles_and_shows_their_number(database: Database) -> None:
    await share_all(database, [
        (on_site("a", "one.example", ("Ferries", "Eastport")), "u1"),
        (on_site("b", "two.example", ("Ferries",)), "u1"),
        (on_site("c", "three.example", ("Eastport", "Ferries")), "u2"),
    ])
    assert await top_names(database) == [("Ferries", 3), ("Eastport", 2)]


async def test_a_site_s_section_label_gives_way_to_topics_across_sites(
        database: Database) -> None:
    # Every article of busy.example carries "Front Desk"; "Ferries" comes from three sites.
    items = [(on_site(f"s{n}", "busy.example", ("Front Desk",)), "u1") for n in range(6)]
    items += [(on_site(f"f{n}", f"site{n}.example", ("Ferries",)), "u1") for n in range(3)]
    await share_all(database, items)
    assert await top_names(database) == [("Ferries", 3), ("Front Desk", 6)]


async def test_a_topic_on_part_of_a_site_s_articles_is_not_a_section_label(
        database: Database) -> None:
    items = [(on_site(f"s{n}", "busy.example", ("Harbour",) if n < 3 else ("Trains",)), "u1")
             for n in range(8)]
    items += [(on_site(f"f{n}", f"site{n}.example", ("Ferries",)), "u1") for n in range(2)]
    await share_all(database, items)
    # "Trains" is on 5 of the site's 8 articles: a frequent topic there, not its label.
    assert await top_names(database) == [("Trains", 5), ("Harbour", 3), ("Ferries", 2)]


async def test_key_phrases_found_in_the_text_weigh_less_than_the_pages_own_tags(
        database: Database) -> None:
    await share_all(database, [
        (on_site("a", "one.example", ("council",), derived=True), "u1"),
        (on_site("b", "two.example", ("council",), derived=True), "u1"),
        (on_site("c", "three.example", ("council",), derived=True), "u1"),
        (on_site("d", "four.example", ("Ferries",)), "u1"),
        (on_site("e", "five.example", ("Ferries",)), "u1"),
    ])
    assert await top_names(database) == [("Ferries", 2), ("council", 3)]


async def test_more_sharers_break_a_tie(database: Database) -> None:
    await share_all(database, [
        (on_site("a", "one.example", ("Ferries",)), "u1"),
        (on_site("b", "two.example", ("Ferries",)), "u1"),
        (on_site("c", "three.example", ("Trains",)), "u1"),
        (on_site("d", "four.example", ("Trains",)), "u2"),
    ])
    assert await top_names(database) == [("Trains", 2), ("Ferries", 2)]
