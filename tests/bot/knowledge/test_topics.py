"""A topic's page: the summary across its latest articles is computed once per set of
articles, and again as soon as that set changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.knowledge.topics import TopicService
from bot.runtime.workers import WorkerPool
from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, Tag
from storage.topics import TopicRepository

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
SENTENCES = [
    "NATO ministers agreed a new cyber defence plan in Brussels on Tuesday.",
    "The alliance will spend more on cyber defence over the next five years.",
    "Officials said the plan answers a wave of attacks on power grids last winter.",
    "Sweden and Finland joined the talks for the first time as full members.",
    "Critics said the plan does little to protect hospitals from ransomware.",
    "The ministers will meet again in June to review the first results.",
]


def as_pool(pool: CountingPool) -> WorkerPool:
    return cast(WorkerPool, pool)  # the one method the service calls, run in this process


class CountingPool:
    """Runs the work in this process, as the worker pool would, and counts the runs."""

    def __init__(self) -> None:
        self.runs = 0

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        self.runs += 1
        return function(*args)


def article(index: int, sentence: str, tags: tuple[str, ...] = ("NATO",)) -> NewArticle:
    return NewArticle(url_key=f"https://e.com/{index}", text=sentence, summary=(sentence,),
                      summary_algorithm="news", words_in=12, words_out=12,
                      canonical_url=f"https://e.com/{index}", title=f"Story {index}",
                      tags=tuple(Tag(t, t.casefold()) for t in tags))


@pytest.fixture
async def stored(database: Database) -> ArticleRepository:
    articles = ArticleRepository(database)
    for index, sentence in enumerate(SENTENCES[:4]):
        await articles.save_share("guild:1", article(index, sentence),
                                  NewShare(shared_at=NOW + timedelta(hours=index)))
    return articles


async def test_the_topic_summary_is_computed_once_for_the_same_articles(
        database: Database, stored: ArticleRepository) -> None:
    pool = CountingPool()
    topics = TopicService(TopicRepository(database), as_pool(pool))
    first = await topics.page("guild:1", "NATO")
    assert len(first.summary) == 3
    assert pool.runs == 1
    again = await topics.page("guild:1", "nato")
    assert again.summary == first.summary
    assert pool.runs == 1


async def test_topic_summary_is_rebuilt_when_a_new_article_arrives(
        database: Database, stored: ArticleRepository) -> None:
    pool = CountingPool()
    topics = TopicService(TopicRepository(database), as_pool(pool))
    before = await topics.page("guild:1", "NATO")
    for index in (4, 5):
        await stored.save_share("guild:1", article(index, SENTENCES[index]),
                                NewShare(shared_at=NOW + timedelta(days=1, hours=index)))
    after = await topics.page("guild:1", "NATO")
    assert pool.runs == 2
    assert after.total == before.total + 2
    uncached = TopicService(TopicRepository(database), as_pool(CountingPool()))
    async with database.transaction() as connection:
        await connection.execute("DELETE FROM topic_summaries")
    assert (await uncached.page("guild:1", "NATO")).summary == after.summary


async def test_a_summary_stored_in_one_server_is_not_served_in_another(
        database: Database, stored: ArticleRepository) -> None:
    pool = CountingPool()
    topics = TopicService(TopicRepository(database), as_pool(pool))
    here = await topics.page("guild:1", "NATO")
    # The same articles shared in a second server: same input, but its own summary row.
    for index, sentence in enumerate(SENTENCES[:4]):
        await stored.save_share("guild:2", article(index, sentence),
                                NewShare(shared_at=NOW + timedelta(hours=index)))
    there = await topics.page("guild:2", "NATO")
    assert there.summary == here.summary
    assert pool.runs == 2
    rows = await database.fetch_all("SELECT scope FROM topic_summaries ORDER BY scope")
    assert [row["scope"] for row in rows] == ["guild:1", "guild:2"]

