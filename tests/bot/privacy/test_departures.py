"""A server that removed the bot: its data goes after the grace period, others' never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.privacy.departures import Departures, DepartureScheduler
from bot.privacy.forget import ForgetService
from storage.articles import ArticleRepository
from storage.database import Database
from storage.forgetting import DepartureRepository, ForgettingRepository, orphans
from storage.models import NewArticle, NewShare

GRACE = timedelta(days=30)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def store(database: Database, guild_id: int) -> None:
    await ArticleRepository(database).save_share(
        f"guild:{guild_id}", NewArticle(
            url_key="https://news.example.com/1", text="The ferry sailed.",
            summary=("The ferry sailed.",), summary_algorithm="news", words_in=3,
            words_out=3), NewShare(shared_at=datetime(2026, 11, 1, tzinfo=UTC)))


def departures(database: Database, clock: Clock) -> Departures:
    return Departures(DepartureRepository(database),
                      ForgetService(ForgettingRepository(database)), GRACE, clock)


async def test_a_departed_server_is_deleted_after_the_grace_period_only(
        database: Database) -> None:
    for guild_id in (1, 2):
        await store(database, guild_id)
    clock = Clock()
    service = departures(database, clock)
    await service.left(1)
    assert await service.next_due() == clock.now + GRACE
    clock.now += GRACE - timedelta(minutes=1)
    assert await service.purge_due() == []
    clock.now += timedelta(minutes=1)
    assert await service.purge_due() == [1]
    articles = ArticleRepository(database)
    assert (await articles.count("guild:1"), await articles.count("guild:2")) == (0, 1)
    assert await service.next_due() is None
    assert await orphans(database) == {}


async def test_added_back_in_time_keeps_everything(database: Database) -> None:
    await store(database, 1)
    clock = Clock()
    service = departures(database, clock)
    await service.left(1)
    await service.joined(1)
    clock.now += GRACE * 2
    assert await service.purge_due() == []
    assert await ArticleRepository(database).count("guild:1") == 1


async def test_a_server_missing_from_ready_has_left_and_one_listed_has_not(
        database: Database) -> None:
    for guild_id in (1, 2):
        await store(database, guild_id)
    clock = Clock()
    service = departures(database, clock)
    await service.reconcile([2])  # READY lists only server 2
    assert await DepartureRepository(database).departed() == {1: clock.now.isoformat(
        timespec="microseconds")}
    scheduler = DepartureScheduler(service)
    clock.now += GRACE
    [task] = await scheduler.tick()
    assert await task == [1]
    assert await ArticleRepository(database).count("guild:2") == 1


async def test_a_process_judges_only_the_servers_of_its_shards(database: Database) -> None:
    for guild_id in (1 << 22, 2 << 22):  # shard 1 and shard 0 of 2
        await store(database, guild_id)
    service = departures(database, Clock())
    await service.reconcile([], ours=lambda guild_id: (guild_id >> 22) % 2 == 0)
    assert list(await DepartureRepository(database).departed()) == [2 << 22]
