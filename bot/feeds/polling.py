"""One poll of one feed: conditional fetch, parse, remember new items, deliver, reschedule.

Errors are the feed's own: a failed poll is recorded with its reason and backs off; after a
day of failures the feed is paused and its channel told once. Nothing a feed does can stop
another feed's poll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import NewsbotError
from bot.feeds.delivery import DeliveryReport, FeedPoster, ItemDelivery, PostError
from bot.feeds.parsing import ParsedFeed, parse_in_thread
from bot.feeds.schedule import PollTiming, should_pause
from bot.ingest.fetching import FetchedFeed, PageFetcher
from storage.feeds import Feed, FeedRepository, FeedState, PollOutcome, SeenItem

log = logging.getLogger(__name__)


class FeedProblem(NewsbotError):
    """The feed answered, but not with a feed."""


@dataclass(frozen=True, slots=True)
class PollReport:
    feed_id: int
    not_modified: bool = False
    new_items: int = 0
    error: str | None = None
    paused: bool = False
    delivery: DeliveryReport | None = None


class FeedPoller:
    def __init__(self, repository: FeedRepository, fetcher: PageFetcher,
                 delivery: ItemDelivery, timing: PollTiming,
                 clock: Callable[[], datetime]) -> None:
        self._repository = repository
        self._fetcher = fetcher
        self._delivery = delivery
        self._timing = timing
        self.clock = clock

    async def poll(self, feed: Feed, poster: FeedPoster | None) -> PollReport:
        """``poster`` None: only read the feed and store nothing as posted (a benchmark, or
        the command line); items wait for the bot."""
        now = self.clock()
        try:
            fetched = await self._fetcher.fetch_feed(
                feed.url, etag=feed.etag, last_modified=feed.last_modified)
            parsed = None if fetched.not_modified else await _parse(fetched)
        except NewsbotError as error:
            return await self._failed(feed, str(error), now, poster)
        new = 0
        if parsed is not None:
            items = [SeenItem(item.identity, item.link, item.title, item.published,
                              item.summary) for item in parsed.items]
            new = await self._repository.record_items(
                feed.id, items, now, backlog=None if feed.primed else feed.backlog)
        await self._repository.record_success(feed.id, self._outcome(feed, fetched, parsed, now),
                                              now)
        report = PollReport(feed.id, not_modified=fetched.not_modified, new_items=new)
        if poster is None:
            return report
        return PollReport(report.feed_id, report.not_modified, report.new_items,
                          delivery=await self.deliver(feed, poster))

    async def deliver(self, feed: Feed, poster: FeedPoster) -> DeliveryReport:
        return await self._delivery.deliver(feed, poster)

    async def finish_open_work(self, feed: Feed, poster: FeedPoster) -> None:
        """After a restart: items a crash left claimed or waiting, and a pause notice not
        yet sent, without waiting for the feed's next poll."""
        if feed.pause_notice_due:
            await self._notify_paused(feed, poster)
        if feed.state is FeedState.ACTIVE:
            await self.deliver(feed, poster)

    def _outcome(self, feed: Feed, fetched: FetchedFeed, parsed: ParsedFeed | None,
                 now: datetime) -> PollOutcome:
        ttl = parsed.ttl_minutes if parsed is not None else feed.ttl_minutes
        return PollOutcome(
            etag=fetched.etag or (feed.etag if fetched.not_modified else None),
            last_modified=fetched.last_modified or (
                feed.last_modified if fetched.not_modified else None),
            next_poll_at=self._timing.after_success(feed.id, now, ttl, fetched.max_age),
            ttl_minutes=ttl, title=parsed.title if parsed else None,
            problem=parsed.problem if parsed else feed.error)

    async def _failed(self, feed: Feed, reason: str, now: datetime,
                      poster: FeedPoster | None) -> PollReport:
        log.info("feed %s (%s) failed: %s", feed.id, feed.url, reason)
        failing_since = feed.failing_since or now
        pause = None
        if should_pause(failing_since, now):
            pause = f"it has failed for over 24 hours (last error: {reason})"
        await self._repository.record_failure(
            feed.id, reason, self._timing.after_failure(feed.id, now, feed.failures), now,
            pause)
        if pause is not None and poster is not None:
            paused = await self._repository.by_id(feed.id)
            if paused is not None:
                await self._notify_paused(paused, poster)
        return PollReport(feed.id, error=reason, paused=pause is not None)

    async def _notify_paused(self, feed: Feed, poster: FeedPoster) -> None:
        if not feed.pause_notice_due:
            return
        text = (f"⏸️ The feed <{feed.url}> is paused: {feed.paused_reason}. An admin can "
                "check it with `/feed list` and start it again with `/feed resume`.")
        try:
            await poster.send_notice(feed, text)
        except PostError as error:
            if not error.permanent:
                return  # told on a later try
            log.warning("feed %s: could not tell the channel it is paused: %s", feed.id, error)
        await self._repository.mark_notice_sent(feed.id)


async def _parse(fetched: FetchedFeed) -> ParsedFeed:
    if fetched.is_html:
        raise FeedProblem("the address now serves a web page, not a feed")
    return await parse_in_thread(fetched.body, fetched.url, fetched.content_type)
