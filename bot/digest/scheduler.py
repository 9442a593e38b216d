"""The background loop that posts due digests.

It wakes at the next occurrence of any server (or each minute, to retry and to notice new
settings), starts one task per due server, and goes back to sleep without waiting for them:
a slow or failing server never delays the others. At most ``concurrency`` servers post at
once, and the sender paces its requests with one pacer shared by all of them
(``bot.digest.pacing``), so a thousand servers due at the same minute stay under Discord's
global rate limit. The loop keeps a reference to every task it starts and ``stop()`` lets
running posts finish (briefly) before cancelling.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.background import IDLE_WAKE, BackgroundLoop
from bot.digest.sender import DigestSender
from bot.digest.service import DigestService
from storage.digests import DigestRun

log = logging.getLogger(__name__)


class DigestScheduler(BackgroundLoop[int, list[DigestRun]]):
    def __init__(self, service: DigestService, sender: DigestSender, *, concurrency: int = 5,
                 idle_wake: timedelta = IDLE_WAKE,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        super().__init__("digest scheduler", concurrency=concurrency, idle_wake=idle_wake,
                         before_start=before_start)
        self._service = service
        self._sender = sender

    async def tick(self) -> list[asyncio.Task[list[DigestRun]]]:
        """Start a task for every due server that has none running; return the new tasks.
        A cancelled run stays "composing" and is resumed without duplicates on the next
        start."""
        return [self._spawn(guild_id, self._process(guild_id), f"digest-{guild_id}")
                for guild_id in await self._service.due_guilds()
                if not self._busy(guild_id)]  # else still posting from an earlier tick

    async def next_due(self) -> datetime | None:
        return await self._service.next_due()

    def now(self) -> datetime:
        return self._service.clock()

    async def run_once(self) -> dict[int, list[DigestRun]]:
        """One tick, waiting for what it started: for tests and the command line."""
        tasks = await self.tick()
        results = await asyncio.gather(*tasks)
        return {int(task.get_name().removeprefix("digest-")): runs
                for task, runs in zip(tasks, results, strict=True)}

    async def _process(self, guild_id: int) -> list[DigestRun]:
        try:
            return await self._service.process_guild(guild_id, self._sender)
        except Exception:
            # Isolation: one server's failure is logged and the others carry on.
            log.exception("digest processing failed for guild %s", guild_id)
            return []
