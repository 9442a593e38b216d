"""Composition root: open every long-lived resource once, close them in reverse order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from functools import partial

import aiohttp

from bot.articles import ArticleService
from bot.digest.service import DigestService
from bot.fetching import PageFetcher, create_http_session
from bot.knowledge import Knowledge
from bot.preferences import SummaryPreferences
from bot.processing import start_worker
from bot.settings import Settings
from bot.workers import BOT_PRELOAD, WorkerPool
from storage.articles import ArticleRepository
from storage.database import Database
from storage.digests import DigestRepository
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


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    async with AsyncExitStack() as stack:
        database = await Database.open(settings.database_path)
        stack.push_async_callback(database.close)
        http = await stack.enter_async_context(create_http_session(settings))
        # Workers are forked from a process that has loaded the models once (bot.preload);
        # they start in the background while the rest opens.
        pool = WorkerPool(settings.workers, settings.processing_timeout,
                          initializer=partial(start_worker, settings.worker_memory_mb),
                          preload=BOT_PRELOAD)
        stack.callback(pool.close)
        pool.start()
        repository = ArticleRepository(database)
        service = ArticleService(repository, PageFetcher(http, settings), pool)
        server_settings = SettingsRepository(database)
        yield Runtime(settings, database, http, pool, service, repository, server_settings,
                      SummaryPreferences(server_settings, settings),
                      DigestService(DigestRepository(database)),
                      knowledge=Knowledge.build(database, pool))
