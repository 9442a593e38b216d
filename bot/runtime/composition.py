"""Composition root: open every long-lived resource once, close them in reverse order.

``open_runtime`` composes everything (the bot, and commands that fetch or store);
``open_lookups`` only what the read-only commands use, so that a lookup imports no HTTP code.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bot.digest.pacing import RequestPacer
from bot.digest.service import Clock, DigestService
from bot.errors import DatabaseUnavailableError
from bot.follows.service import FollowService
from bot.ingest.processing import start_worker
from bot.knowledge import Knowledge
from bot.privacy.departures import Departures
from bot.privacy.forget import ForgetService
from bot.privacy.retention import Retention
from bot.runtime.settings import Settings
from bot.runtime.workers import BOT_PRELOAD, WorkerPool
from storage.database import (
    Database,
    DatabaseError,
    ReadOnlyDatabaseError,
    is_postgresql_url,
    sqlite_path,
)
from storage.digests import DigestRepository
from storage.follows import FollowRepository
from storage.forgetting import DepartureRepository, ForgettingRepository
from storage.topics import TopicRepository

if TYPE_CHECKING:
    import aiohttp

    from bot.feeds.polling import FeedPoller
    from bot.feeds.service import FeedService
    from bot.ingest.articles import ArticleService
    from bot.ingest.fetching import PageFetcher
    from bot.ingest.preferences import SummaryPreferences
    from bot.ingest.processing import SummaryOptions
    from storage.articles import ArticleRepository
    from storage.feeds import FeedRepository
    from storage.settings import SettingsRepository


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    database: Database
    http: aiohttp.ClientSession
    pool: WorkerPool
    articles: ArticleService
    repository: ArticleRepository
    server_settings: SettingsRepository
    preferences: SummaryPreferences
    digests: DigestService
    knowledge: Knowledge
    feeds: FeedService
    feed_repository: FeedRepository
    feed_poller: FeedPoller
    follows: FollowService
    # One pace for every background post to Discord (digests, feeds and follows together).
    pacer: RequestPacer
    forget: ForgetService
    departures: Departures
    retention: Retention


@asynccontextmanager
async def open_runtime(settings: Settings, *, preload: Sequence[str] = BOT_PRELOAD,
                       read_only: bool = False,
                       clock: Clock | None = None) -> AsyncIterator[Runtime]:
    """``preload``: what the workers' forkserver builds before it forks them (the kinds of
    job the caller will run). No worker starts here: the first job starts them, or the
    caller's ``runtime.pool.start()`` when it knows it will need them soon.

    ``read_only``: the caller only reads, so a database file or folder it may not write to
    is opened read-only instead of refused.

    ``clock``: what "now" is for the digests (the system's UTC time unless given, as tests
    give a clock they can move).
    """
    # Imported here: the read-only commands (open_lookups) need none of it.
    from bot.ingest.articles import ArticleService  # noqa: PLC0415
    from bot.ingest.fetching import PageFetcher, create_http_session  # noqa: PLC0415
    from bot.ingest.preferences import SummaryPreferences  # noqa: PLC0415
    from storage.articles import ArticleRepository  # noqa: PLC0415
    from storage.settings import SettingsRepository  # noqa: PLC0415

    async with AsyncExitStack() as stack:
        database = await open_database(settings.database_location, read_only=read_only)
        stack.push_async_callback(database.close)
        http = await stack.enter_async_context(create_http_session(settings))
        # Workers are forked from a process that has loaded the models once (bot.runtime.preload).
        pool = WorkerPool(settings.workers, settings.processing_timeout,
                          initializer=partial(start_worker, settings.worker_memory_mb),
                          preload=preload)
        stack.callback(pool.close)
        repository = ArticleRepository(database)
        fetcher = PageFetcher(http, settings)
        service = ArticleService(repository, fetcher, pool)
        server_settings = SettingsRepository(database)
        preferences = SummaryPreferences(server_settings, settings)
        feeds = compose_feeds(settings, database, fetcher, service, preferences,
                              clock=clock)
        knowledge = Knowledge.build(database, pool)
        follows = _follows(database, knowledge, settings, clock)
        service.on_stored.append(follows.offer)  # shared links and feed items alike
        stack.push_async_callback(follows.stop)
        forget = ForgetService(ForgettingRepository(database))
        yield Runtime(settings, database, http, pool, service, repository, server_settings,
                      preferences, DigestService(DigestRepository(database), clock=clock),
                      knowledge=knowledge, feeds=feeds.service,
                      feed_repository=feeds.repository, feed_poller=feeds.poller,
                      follows=follows,
                      pacer=RequestPacer(settings.digest_requests_per_second),
                      forget=forget,
                      departures=Departures(DepartureRepository(database), forget,
                                            timedelta(days=settings.departed_grace_days),
                                            clock or _utc_now),
                      retention=Retention(server_settings, ForgettingRepository(database),
                                          clock or _utc_now))


def _follows(database: Database, knowledge: Knowledge, settings: Settings,
             clock: Clock | None) -> FollowService:
    return FollowService(
        FollowRepository(database), knowledge.people, TopicRepository(database),
        batch_window=timedelta(minutes=settings.follow_batch_minutes),
        max_per_member=settings.max_follows_per_member, clock=clock)


@dataclass(frozen=True, slots=True)
class FeedParts:
    repository: FeedRepository
    service: FeedService
    poller: FeedPoller


def compose_feeds(settings: Settings, database: Database, fetcher: PageFetcher,
                  articles: ArticleService, preferences: SummaryPreferences, *,
                  clock: Clock | None = None) -> FeedParts:
    """The feed repository, the management service and the poller (no Discord in them)."""
    from bot.feeds.delivery import ItemDelivery  # noqa: PLC0415
    from bot.feeds.polling import FeedPoller  # noqa: PLC0415
    from bot.feeds.schedule import PollTiming  # noqa: PLC0415
    from bot.feeds.service import FeedService  # noqa: PLC0415
    from storage.feeds import Feed, FeedRepository  # noqa: PLC0415

    now = clock or (lambda: datetime.now(UTC))
    repository = FeedRepository(database)
    timing = PollTiming(timedelta(minutes=settings.feed_min_interval_minutes))

    async def options_for(feed: Feed) -> SummaryOptions:
        guild = feed.scope.removeprefix("guild:")
        return await preferences.options_for(int(guild) if guild.isdigit() else None)

    delivery = ItemDelivery(repository, articles, options_for, now,
                            max_posts=settings.feed_max_posts_per_poll)
    return FeedParts(repository, FeedService(repository, fetcher, timing, now,
                                             preview=delivery.preview_subject),
                     FeedPoller(repository, fetcher, delivery, timing, now))


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the read-only commands use: the stored articles, and workers for their little CPU
    work (a summary across a topic, ranking answers), which needs no model."""

    settings: Settings
    database: Database
    pool: WorkerPool
    digests: DigestService
    knowledge: Knowledge


@asynccontextmanager
async def open_lookups(settings: Settings) -> AsyncIterator[Lookups]:
    async with AsyncExitStack() as stack:
        database = await open_database(settings.database_location, read_only=True)
        stack.push_async_callback(database.close)
        pool = WorkerPool(settings.workers, settings.processing_timeout, preload=("__main__",))
        stack.callback(pool.close)
        yield Lookups(settings, database, pool, DigestService(DigestRepository(database)),
                      Knowledge.build(database, pool))


async def open_database(location: str | Path, *, read_only: bool = False) -> Database:
    """Open the database file or server, or say in one line which is unusable and what to
    do. A reader of a PostgreSQL server opens it as any process does: the server decides."""
    if is_postgresql_url(str(location)):
        try:
            return await Database.open(str(location))
        except DatabaseError as error:  # the message names the server, never the password
            raise DatabaseUnavailableError(
                f"{error}; check NEWSBOT_DATABASE or --database") from None
    path = sqlite_path(str(location))
    try:
        if _only_readable(path, read_only):
            return await Database.open_read_only(path)
        return await Database.open(path)
    except ReadOnlyDatabaseError as error:
        raise DatabaseUnavailableError(
            f"the database {path} is read-only and its {error}: open it once with write "
            "access (any newsbot command does it)") from None
    except DatabaseError as error:
        raise DatabaseUnavailableError(describe_database_error(path, error)) from None


def _only_readable(path: Path, read_only: bool) -> bool:
    """Whether to open read-only: a reader, and a file or folder that cannot be written
    (SQLite writes beside the file too: its WAL and shared-memory files)."""
    if str(path) == ":memory:":
        return False
    if not path.parent.is_dir():  # refused rather than created: a typo would go unnoticed
        raise DatabaseUnavailableError(
            f"the folder {path.parent} of the database {path} does not exist: create it, "
            "or choose another file with --database or NEWSBOT_DATABASE")
    return read_only and path.is_file() and not (
        os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def describe_database_error(path: Path, error: DatabaseError) -> str:
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return (f"{path} is not a newsbot database (not an SQLite file, or damaged): move "
                "it away, or choose another file with --database or NEWSBOT_DATABASE")
    if "readonly" in text or "read-only" in text:
        return (f"the database {path} is read-only and this command writes to it: give "
                "it (and its folder) write access, or choose another file with --database")
    if "unable to open" in text:
        return (f"cannot open the database {path}: check that you may read and write it "
                "and its folder, or choose another file with --database")
    return f"the database {path} cannot be used ({text})"


def _utc_now() -> datetime:
    return datetime.now(UTC)
