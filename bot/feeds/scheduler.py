"""The background loop that polls due feeds.

It wakes at the next feed's poll time (or each minute, to notice new feeds), starts one task
per due feed, at most ``concurrency`` polling at once, and never waits for them: a slow feed
delays no other. The due feeds come from the database (``next_poll_at``), which the poller
spreads per feed, so a thousand feeds are polled over their interval, not at one second. On
start it first finishes what a crash interrupted (items left claimed, a pause notice unsent).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.feeds.delivery import FeedPoster
from bot.feeds.polling import FeedPoller, PollReport
from storage.feeds import Feed, FeedRepository

log = logging.getLogger(__name__)

IDLE_WAKE = timedelta(minutes=1)
MIN_SLEEP = 0.05


class FeedScheduler:
    def __init__(self, repository: FeedRepository, poller: FeedPoller, poster: FeedPoster, *,
                 concurrency: int = 8, idle_wake: timedelta = IDLE_WAKE,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        self._repository = repository
        self._poller = poller
        self._poster = poster
        self._limit = asyncio.Semaphore(concurrency)
        self._idle_wake = idle_wake
        self._before_start = before_start
        self._loop_task: asyncio.Task[None] | None = None
        self._looping = False
        self._tasks: dict[int, asyncio.Task[PollReport | None]] = {}
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    def start(self) -> None:
        if self._loop_task is not None and not self._loop_task.done():
            return
        self._stopping.clear()
        self._loop_task = asyncio.create_task(self._run(), name="feed-scheduler")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._loop_task is not None:
            if not self._looping:
                self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        tasks = list(self._tasks.values())
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()  # a cancelled item stays claimed and is checked on restart
            await asyncio.gather(*pending, return_exceptions=True)

    async def tick(self) -> list[asyncio.Task[PollReport | None]]:
        started = []
        for feed in await self._repository.due(self._poller.clock()):
            if feed.id not in self._tasks:
                started.append(self._spawn(feed, self._poll(feed)))
        return started

    async def run_once(self) -> list[PollReport]:
        """One tick, waiting for the polls it started: for tests and the command line."""
        results = await asyncio.gather(*await self.tick())
        return [report for report in results if report is not None]

    async def recover(self) -> None:
        """Finish what a crash interrupted, before the first tick."""
        tasks = [self._spawn(feed, self._finish(feed))
                 for feed in await self._repository.with_open_work()
                 if feed.id not in self._tasks]
        await asyncio.gather(*tasks)

    def _spawn(self, feed: Feed, work: Awaitable[PollReport | None]
               ) -> asyncio.Task[PollReport | None]:
        task = asyncio.create_task(self._guarded(feed, work), name=f"feed-{feed.id}")
        self._tasks[feed.id] = task
        task.add_done_callback(lambda done: self._forget(feed.id, done))
        return task

    def _forget(self, feed_id: int, task: asyncio.Task[PollReport | None]) -> None:
        if self._tasks.get(feed_id) is task:
            del self._tasks[feed_id]

    async def _poll(self, feed: Feed) -> PollReport:
        return await self._poller.poll(feed, self._poster)

    async def _finish(self, feed: Feed) -> None:
        await self._poller.finish_open_work(feed, self._poster)

    async def _guarded(self, feed: Feed, work: Awaitable[PollReport | None]
                       ) -> PollReport | None:
        async with self._limit:
            try:
                return await work
            except Exception:
                # Isolation: one feed's failure is logged and the others carry on.
                log.exception("polling feed %s (%s) failed", feed.id, feed.url)
                return None

    async def _run(self) -> None:
        if self._before_start is not None:
            await self._before_start()
        self._looping = True
        log.info("feed scheduler started")
        try:
            await self.recover()
        except Exception:
            log.exception("could not finish the feeds' interrupted work")
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await self.tick()
                delay = await self._seconds_to_next()
            except Exception:
                log.exception("feed scheduler tick failed; trying again shortly")
                delay = self._idle_wake.total_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
        self._looping = False
        log.info("feed scheduler stopped")

    async def _seconds_to_next(self) -> float:
        delay = self._idle_wake.total_seconds()
        upcoming = await self._repository.next_due()
        if upcoming is not None:
            delay = min(delay, (upcoming - self._poller.clock()).total_seconds())
        return max(delay, MIN_SLEEP)
