"""A server's retention deletes its older articles in bounded batches; others keep theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import InvalidOptionError
from bot.privacy.retention import CHECK_EVERY, Retention, RetentionScheduler
from storage.articles import ArticleRepository
from storage.database import Database
from storage.forgetting import ForgettingRepository, orphans
from storage.models import NewArticle, NewShare
from storage.settings import SettingsRepository

NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def store(database: Database, guild_id: int, days_ago: int, number: int) -> None:
    await ArticleRepository(database).save_share(
        f"guild:{guild_id}", NewArticle(
            url_key=f"https://news.example.com/{number}", text="The ferry sailed.",
            summary=("The ferry sailed.",), summary_algorithm="news", words_in=3,
            words_out=3), NewShare(shared_at=NOW - timedelta(days=days_ago)))


def retention(database: Database, batch: int = 2) -> Retention:
    return Retention(SettingsRepository(database), ForgettingRepository(database),
                     lambda: NOW, batch=batch)


async def test_older_articles_go_in_batches_and_other_servers_keep_theirs(
        database: Database) -> None:
    for number, days_ago in enumerate([1, 10, 40, 50, 60, 70]):
        await store(database, 1, days_ago, number)
    await store(database, 2, 400, 99)  # a server that keeps everything
    service = retention(database)
    await service.set_days(1, 30)
    assert await service.days(1) == 30
    assert await service.expire_all() == {1: 4}
    articles = ArticleRepository(database)
    assert (await articles.count("guild:1"), await articles.count("guild:2")) == (2, 1)
    assert await service.expire_all() == {}
    assert await orphans(database) == {}


async def test_keeping_everything_again_and_bad_values(database: Database) -> None:
    service = retention(database)
    await service.set_days(1, 7)
    await service.set_days(1, None)
    assert await service.days(1) is None
    for bad in (0, -1, 5000):
        with pytest.raises(InvalidOptionError, match="1 to 3650 days"):
            await service.set_days(1, bad)
    assert await service.days(1) is None


async def test_the_scheduler_looks_at_start_then_hourly(database: Database) -> None:
    scheduler = RetentionScheduler(retention(database))
    assert await scheduler.next_due() == NOW
    [task] = await scheduler.tick()
    await task
    assert await scheduler.next_due() == NOW + CHECK_EVERY
    assert await scheduler.tick() == []
