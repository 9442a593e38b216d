"""A server that removed the bot: its data is deleted after a grace period, and logged.

The bot learns of a departure from GUILD_DELETE (while it runs) or, after a restart, from a
server it holds data of that READY does not list. Either starts the grace period; the bot
added back before it ends cancels it. When it ends, everything of the server goes in one
transaction (storage.forgetting), and the deletion is logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from bot.background import BackgroundLoop
from bot.privacy.forget import ForgetService
from bot.scopes import guild_scope
from storage.forgetting import DepartureRepository
from storage.timestamps import from_text, to_text

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(days=30)


class Departures:
    def __init__(self, repository: DepartureRepository, forget: ForgetService,
                 grace: timedelta, now: Callable[[], datetime]) -> None:
        self._repository = repository
        self._forget = forget
        self.grace = grace
        self.now = now

    async def left(self, guild_id: int) -> None:
        await self._repository.record(guild_id, to_text(self.now()))
        log.info("left server %s: its data will be deleted after %s unless the bot is "
                 "added back", guild_id, self.grace)

    async def joined(self, guild_id: int) -> None:
        if await self._repository.cancel(guild_id):
            log.info("added back to server %s: its data is kept", guild_id)

    async def reconcile(self, present: Iterable[int],
                        ours: Callable[[int], bool] = lambda _guild_id: True) -> None:
        """After READY: servers holding data that Discord no longer lists have left. With
        several processes each sees only its shards' servers: ``ours`` says which those are."""
        listed = set(present)
        for guild_id in listed:
            await self.joined(guild_id)
        for guild_id in await self._repository.guilds_with_data() - listed:
            if ours(guild_id):
                await self.left(guild_id)

    async def next_due(self) -> datetime | None:
        departed = await self._repository.departed()
        return min((from_text(at) + self.grace for at in departed.values()), default=None)

    async def purge_due(self) -> list[int]:
        """Delete every server whose grace period has ended; their ids."""
        now = self.now()
        purged = []
        for guild_id, at in sorted((await self._repository.departed()).items()):
            if from_text(at) + self.grace > now:
                continue
            deleted = await self._forget.forget_scope(guild_scope(guild_id), guild_id)
            await self._repository.cancel(guild_id)
            log.warning("deleted the data of server %s, which removed the bot on %s: "
                        "%d articles", guild_id, at, deleted)
            purged.append(guild_id)
        return purged


class DepartureScheduler(BackgroundLoop[str, list[int]]):
    def __init__(self, departures: Departures,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        super().__init__("departed-server cleanup", concurrency=1, idle_wake=timedelta(hours=1),
                         before_start=before_start)
        self._departures = departures

    def now(self) -> datetime:
        return self._departures.now()

    async def next_due(self) -> datetime | None:
        return await self._departures.next_due()

    async def tick(self) -> list[asyncio.Task[list[int]]]:
        due = await self.next_due()
        if self._busy("purge") or due is None or due > self.now():
            return []
        return [self._spawn("purge", self._departures.purge_due(), "purge departed servers")]
