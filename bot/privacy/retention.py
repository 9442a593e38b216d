"""How long a server keeps its articles: older ones are deleted, a bounded batch per
transaction, so a reply waiting for the database is never held up for long (the batch's
cost is measured by bench/retention.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.background import BackgroundLoop
from bot.errors import InvalidOptionError
from bot.scopes import guild_scope
from storage.forgetting import EXPIRY_BATCH, ForgettingRepository
from storage.settings import SettingsRepository
from storage.timestamps import to_text

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(hours=1)
MAX_DAYS = 3650


class Retention:
    def __init__(self, settings: SettingsRepository, forgetting: ForgettingRepository,
                 now: Callable[[], datetime], batch: int = EXPIRY_BATCH) -> None:
        self._settings = settings
        self._forgetting = forgetting
        self.now = now
        self._batch = batch

    async def days(self, guild_id: int) -> int | None:
        return await self._settings.retention_days(guild_id)

    async def set_days(self, guild_id: int, days: int | None) -> None:
        """``None`` (or 0 from a command): keep everything."""
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise InvalidOptionError(f"retention must be 1 to {MAX_DAYS} days, or 0 to keep "
                                     "articles until they are deleted")
        await self._settings.set_retention_days(guild_id, days)
        log.info("server %s keeps articles %s", guild_id,
                 "until deleted" if days is None else f"for {days} days")

    async def expire_all(self) -> dict[int, int]:
        """Delete every server's articles older than its retention; guild id -> deleted."""
        deleted: dict[int, int] = {}
        for guild_id, days in sorted((await self._settings.retentions()).items()):
            before = to_text(self.now() - timedelta(days=days))
            total = 0
            while True:
                removed = await self._forgetting.expire(guild_scope(guild_id), before,
                                                        self._batch)
                total += removed
                if removed < self._batch:
                    break
                await asyncio.sleep(0)  # between batches, whatever waits goes first
            if total:
                log.info("server %s: %d articles older than %d days deleted", guild_id,
                         total, days)
                deleted[guild_id] = total
        return deleted


class RetentionScheduler(BackgroundLoop[str, dict[int, int]]):
    """Looks once an hour; the first look right after start."""

    def __init__(self, retention: Retention,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        super().__init__("retention", concurrency=1, idle_wake=CHECK_EVERY,
                         before_start=before_start)
        self._retention = retention
        self._last: datetime | None = None

    def now(self) -> datetime:
        return self._retention.now()

    async def next_due(self) -> datetime | None:
        return self.now() if self._last is None else self._last + CHECK_EVERY

    async def tick(self) -> list[asyncio.Task[dict[int, int]]]:
        due = await self.next_due()
        if self._busy("expire") or (due is not None and due > self.now()):
            return []
        self._last = self.now()
        return [self._spawn("expire", self._retention.expire_all(), "expire old articles")]
