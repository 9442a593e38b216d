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
