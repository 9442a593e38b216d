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
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.digest.sender import DigestSender
from bot.digest.service import DigestService
from storage.digests import DigestRun

log = logging.getLogger(__name__)

IDLE_WAKE = timedelta(minutes=1)
MIN_SLEEP = 0.05  # seconds; never spin when an occurrence is a hair away


class DigestScheduler:
    def __init__(self, service: DigestService, sender: DigestSender, *, concurrency: int = 5,
                 idle_wake: timedelta = IDLE_WAKE,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        self._service = service
        self._sender = sender
        self._limit = asyncio.Semaphore(concurrency)
        self._idle_wake = idle_wake
        self._before_start = before_start
        self._loop_task: asyncio.Task[None] | None = None
        self._looping = False  # past ``before_start``: ticks may be posting
        self._guild_tasks: dict[int, asyncio.Task[list[DigestRun]]] = {}
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._loop_task = asyncio.create_task(self._run(), name="digest-scheduler")

    def wake(self) -> None:
        """Look again now (settings changed, or a test moved its clock)."""
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop the loop; give running posts ``grace`` seconds, then cancel them (a cancelled
        run stays "composing" and is resumed without duplicates on the next start)."""
        self._stopping.set()
        self._wake.set()
        if self._loop_task is not None:
            if not self._looping:
                # Still waiting for the client to be ready (which may never come, or only
                # after discord.py's guild timeout): nothing is posting, nothing to wait for.
                self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        tasks = list(self._guild_tasks.values())
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def tick(self) -> list[asyncio.Task[list[DigestRun]]]:
        """Start a task for every due server that has none running; return the new tasks."""
        started = []
        for guild_id in await self._service.due_guilds():
            if guild_id in self._guild_tasks:
                continue  # still posting from an earlier tick
            task = asyncio.create_task(self._process(guild_id), name=f"digest-{guild_id}")
            self._guild_tasks[guild_id] = task
            task.add_done_callback(self._forget)
            started.append(task)
        return started

    def _forget(self, task: asyncio.Task[list[DigestRun]]) -> None:
        guild_id = int(task.get_name().removeprefix("digest-"))
        if self._guild_tasks.get(guild_id) is task:
            del self._guild_tasks[guild_id]

    async def run_once(self) -> dict[int, list[DigestRun]]:
        """One tick, waiting for what it started: for tests and the command line."""
        tasks = await self.tick()
        results = await asyncio.gather(*tasks)
        return {int(task.get_name().removeprefix("digest-")): runs
                for task, runs in zip(tasks, results, strict=True)}

    async def _process(self, guild_id: int) -> list[DigestRun]:
        async with self._limit:
            try:
                return await self._service.process_guild(guild_id, self._sender)
            except Exception:
                # Isolation: one server's failure is logged and the others carry on.
                log.exception("digest processing failed for guild %s", guild_id)
                return []

    async def _run(self) -> None:
        if self._before_start is not None:
            await self._before_start()
        self._looping = True
        log.info("digest scheduler started")
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await self.tick()
                delay = await self._seconds_to_next()
            except Exception:
                log.exception("digest scheduler tick failed; trying again shortly")
                delay = self._idle_wake.total_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
        self._looping = False
        log.info("digest scheduler stopped")

    async def _seconds_to_next(self) -> float:
        delay = self._idle_wake.total_seconds()
        upcoming = await self._service.next_due()
        if upcoming is not None:
            delay = min(delay, (upcoming - self._service.clock()).total_seconds())
        return max(delay, MIN_SLEEP)
