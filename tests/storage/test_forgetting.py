"""Forgetting deletes whole: no row anywhere still points at what was deleted, and nothing of
another server is touched. On both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.articles import ArticleRepository
from storage.database import Database
from storage.forgetting import ForgettingRepository, fts_is_whole, orphans
from storage.fts import TextQuery
from storage.models import NewArticle, NewShare, Person, Tag
from storage.search import SearchFilter, SearchRepository
from storage.topics import TopicRepository

MAY = datetime(2026, 5, 1, tzinfo=UTC)
ANA = Person("Ana Lopes", "ana lopes", "lopes", mention_sentences=("Ana Lopes spoke.",),
             quotes=("“We sail,” said Ana Lopes.",))


def story(number: int) -> NewArticle:
    return NewArticle(
        url_key=f"https://news.example.com/{number}",
        text=f"Ferry story {number}. Ana Lopes spoke.",
        summary=(f"Ferry story {number}.",), summary_algorithm="news", words_in=6, words_out=3,
        title=f"Ferry {number}", tags=(Tag("ferries", "Ferries"),), people=(ANA,),
        sentence_notes='{"v": 2}')


async def share(database: Database, scope: str, number: int, sharer: str,
                when: datetime = MAY) -> int:
    saved = await ArticleRepository(database).save_share(
        scope, story(number), NewShare(shared_at=when, sharer_id=sharer,
                                       url=f"https://news.example.com/{number}",
                                       url_key=f"https://news.example.com/{number}"))
    return saved.article.id


async def whole(database: Database) -> None:
    assert await orphans(database) == {}
    assert await fts_is_whole(database)


async def titles(database: Database, scope: str) -> list[str]:
    page = await SearchRepository(database).search(
        scope, SearchFilter(text=TextQuery(("ferry",))), 10)
    return sorted(hit.article.title or "" for hit in page.hits)


@pytest.fixture
async def two_servers(database: Database) -> Database:
    await share(database, "guild:1", 1, "ana")  # only Ana shared it
    await share(database, "guild:1", 2, "ana")
    await share(database, "guild:1", 2, "ben")  # Ben shared it too
    await share(database, "guild:1", 3, "ben")
    await share(database, "guild:2", 1, "ana")  # the same member in another server
    return database


async def test_a_member_is_forgotten_and_articles_others_shared_stay(
        two_servers: Database) -> None:
    database = two_servers
    forgotten = await ForgettingRepository(database).forget_member("guild:1", "ana")
    assert (forgotten.articles, forgotten.shares) == (1, 2)
    assert await titles(database, "guild:1") == ["Ferry 2", "Ferry 3"]
    kept = await ArticleRepository(database).find_by_url_key(
        "guild:1", "https://news.example.com/2")
    assert kept is not None
    assert [s.sharer_id for s in await ArticleRepository(database).shares(kept.id)] == ["ben"]
    assert await titles(database, "guild:2") == ["Ferry 1"]  # another server: untouched
    [topic] = await TopicRepository(database).top("guild:1", MAY - timedelta(days=1))
    assert topic.count == 2
    await whole(database)


async def test_a_link_is_forgotten_with_every_share(two_servers: Database) -> None:
    database = two_servers
    forgotten = await ForgettingRepository(database).forget_link(
        "guild:1", "https://news.example.com/2")
    assert (forgotten.articles, forgotten.shares) == (1, 2)
    assert await titles(database, "guild:1") == ["Ferry 1", "Ferry 3"]
    await whole(database)


async def test_old_articles_expire_in_bounded_batches(database: Database) -> None:
    for number in range(5):
        await share(database, "guild:1", number, "ana", MAY + timedelta(days=number))
    await share(database, "guild:2", 9, "ana", MAY)
    repository = ForgettingRepository(database)
    cutoff = (MAY + timedelta(days=3)).isoformat()
    assert await repository.expire("guild:1", cutoff, limit=2) == 2
    assert await repository.expire("guild:1", cutoff, limit=2) == 1
    assert await repository.expire("guild:1", cutoff, limit=2) == 0
    assert await titles(database, "guild:1") == ["Ferry 3", "Ferry 4"]
    assert await titles(database, "guild:2") == ["Ferry 9"]
    await whole(database)


async def test_a_removed_server_leaves_nothing_and_others_keep_everything(
        two_servers: Database) -> None:
    database = two_servers
    assert await ForgettingRepository(database).forget_scope("guild:1", "1") == 3
    assert await titles(database, "guild:1") == []
    assert await titles(database, "guild:2") == ["Ferry 1"]
    for table in ("topic_stats", "person_stats"):
        assert await database.scalar(f"SELECT count(*) FROM {table} WHERE scope = 'guild:1'") == 0
        assert await database.scalar(f"SELECT n FROM {table} WHERE scope = 'guild:2'") == 1
    await whole(database)
