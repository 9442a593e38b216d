"""The background loop that polls due feeds.

It wakes at the next feed's poll time (or each minute, to notice new feeds), starts one task
per due feed, at most ``concurrency`` polling at once, and never waits for them: a slow feed
delays no other. The due feeds come from the database (``next_poll_at``), which the poller
spreads per feed, so a thousand feeds are polled over their interval, not at one second. On
start it first finishes what a crash interrupted (items left claimed, a pause notice unsent).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.background import IDLE_WAKE, BackgroundLoop
from bot.feeds.delivery import FeedPoster
from bot.feeds.polling import FeedPoller, PollReport
from storage.feeds import Feed, FeedRepository

log = logging.getLogger(__name__)


class FeedScheduler(BackgroundLoop[int, PollReport | None]):
    def __init__(self, repository: FeedRepository, poller: FeedPoller, poster: FeedPoster, *,
                 concurrency: int = 8, idle_wake: timedelta = IDLE_WAKE,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        super().__init__("feed scheduler", concurrency=concurrency, idle_wake=idle_wake,
                         before_start=before_start)
        self._repository = repository
        self._poller = poller
        self._poster = poster

    async def tick(self) -> list[asyncio.Task[PollReport | None]]:
        """A poll for every due feed that has none running (a cancelled item stays claimed
        and is checked on restart)."""
        return [self._spawn(feed.id, self._guarded(feed, self._poll(feed)), f"feed-{feed.id}")
                for feed in await self._repository.due(self._poller.clock())
                if not self._busy(feed.id)]

    async def next_due(self) -> datetime | None:
        return await self._repository.next_due()

    def now(self) -> datetime:
        return self._poller.clock()

    async def run_once(self) -> list[PollReport]:
        """One tick, waiting for the polls it started: for tests and the command line."""
        results = await asyncio.gather(*await self.tick())
        return [report for report in results if report is not None]

    async def recover(self) -> None:
        """Finish what a crash interrupted, before the first tick."""
        tasks = [self._spawn(feed.id, self._guarded(feed, self._finish(feed)), f"feed-{feed.id}")
                 for feed in await self._repository.with_open_work()
                 if not self._busy(feed.id)]
        await asyncio.gather(*tasks)

    async def _poll(self, feed: Feed) -> PollReport:
        return await self._poller.poll(feed, self._poster)

    async def _finish(self, feed: Feed) -> None:
        await self._poller.finish_open_work(feed, self._poster)

    async def _guarded(self, feed: Feed, work: Awaitable[PollReport | None]
                       ) -> PollReport | None:
        try:
            return await work
        except Exception:
            # Isolation: one feed's failure is logged and the others carry on.
            log.exception("polling feed %s (%s) failed", feed.id, feed.url)
            return None

