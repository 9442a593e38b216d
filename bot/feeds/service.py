"""Managing a scope's feeds: add (a page URL is resolved to its feed), remove, list, pause,
resume, test, OPML import and export. Every bad input raises a :class:`NewsbotError` with a
specific message, and changes nothing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import InvalidInputError, InvalidOptionError, NewsbotError
from bot.feeds.discovery import discover_feeds
from bot.feeds.filters import FeedFilter, FilterSubject, parse_filter
from bot.feeds.opml import OpmlFeed, read_opml, write_opml
from bot.feeds.parsing import FeedItem, ParsedFeed, parse_in_thread
from bot.feeds.schedule import PollTiming
from bot.ingest.fetching import PageFetcher
from bot.ingest.urls import MAX_URL_LENGTH, check_fetchable
from storage.feeds import DuplicateFeedError, Feed, FeedRepository, FeedState, NewFeed

log = logging.getLogger(__name__)

# The cogs reach storage's feed types through here.
__all__ = ["Feed", "FeedRepository", "FeedService", "FeedState", "FeedTest"]

MAX_BACKLOG = 10
MAX_FEEDS_PER_SCOPE = 200
TEST_ITEMS = 5


class FeedNotFoundError(NewsbotError):
    """No feed with that number in this server."""


@dataclass(frozen=True, slots=True)
class ResolvedFeed:
    url: str  # the feed's own address (after discovery and redirects)
    parsed: ParsedFeed


@dataclass(frozen=True, slots=True)
class TestedItem:
    item: FeedItem
    kept: bool | None  # None: no filter


@dataclass(frozen=True, slots=True)
class FeedTest:
    url: str
    title: str | None
    items: tuple[TestedItem, ...]
    total: int
    problem: str | None


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # url, reason


# What a filter sees of the article at a link, in a scope (fetched, not stored).
Preview = Callable[[str, str], Awaitable[FilterSubject]]


class FeedService:
    def __init__(self, repository: FeedRepository, fetcher: PageFetcher, timing: PollTiming,
                 clock: Callable[[], datetime], preview: Preview | None = None) -> None:
        self._repository = repository
        self._fetcher = fetcher
        self._timing = timing
        self._clock = clock
        self._preview = preview

    async def resolve(self, url: str) -> ResolvedFeed:
        """The feed at ``url``, or the first feed the page at ``url`` advertises."""
        url = _check_url(url)
        fetched = await self._fetcher.fetch_feed(url)
        if fetched.is_html:
            candidates = discover_feeds(fetched.text(), fetched.url)
            if not candidates:
                raise InvalidInputError("that page is not a feed and advertises none (no "
                                        '<link rel="alternate"> to RSS, Atom or JSON Feed)')
            fetched = await self._fetcher.fetch_feed(candidates[0])
            if fetched.is_html:
                raise InvalidInputError("the feed that page advertises is a web page too")
        parsed = await parse_in_thread(fetched.body, fetched.url, fetched.content_type)
        return ResolvedFeed(fetched.url, parsed)

    async def add(self, scope: str, channel_id: int, url: str, *, filter_text: str | None = None,
                  backlog: int = 0, digest_only: bool = False, thread: bool = False,
                  created_by: str | None = None, spread: bool = False) -> Feed:
        if not 0 <= backlog <= MAX_BACKLOG:
            raise InvalidOptionError(f"backlog must be between 0 and {MAX_BACKLOG}")
        feed_filter = parse_filter(filter_text)
        if len(await self._repository.in_scope(scope)) >= MAX_FEEDS_PER_SCOPE:
            raise InvalidOptionError(f"this server already follows {MAX_FEEDS_PER_SCOPE} "
                                     "feeds, the most it may")
        resolved = await self.resolve(url)
        try:
            feed = await self._repository.add(NewFeed(
                scope, channel_id, resolved.url, resolved.parsed.title,
                feed_filter.text if feed_filter else None, backlog, digest_only, thread,
                created_by), self._clock())
        except DuplicateFeedError:
            raise InvalidOptionError(f"<#{channel_id}> already follows {resolved.url}") \
                from None
        if spread:
            await self._repository.set_next_poll(
                feed.id, self._timing.first_poll(feed.id, self._clock(), spread=True))
        return feed

    async def test(self, url: str, filter_text: str | None = None, scope: str | None = None
                   ) -> FeedTest:
        """The next items the feed would post (newest first), and what the filter keeps of
        them. A filter on ``tag:`` or ``person:`` needs the articles: each item's page is
        fetched and understood as delivery would (nothing is stored); other filters are
        judged on the feed's own title and summary, as is an item whose page cannot be read."""
        feed_filter = parse_filter(filter_text)
        resolved = await self.resolve(url)
        items = resolved.parsed.items[:TEST_ITEMS]
        reads_articles = feed_filter is not None and bool(
            feed_filter.query.tags or feed_filter.query.people)
        if reads_articles and self._preview is not None and scope is not None:
            kept = await asyncio.gather(*(self._judged(feed_filter, item, scope)
                                          for item in items))
        else:
            kept = [_keeps(feed_filter, item) for item in items]
        tested = tuple(TestedItem(item, keeps) for item, keeps in zip(items, kept, strict=True))
        return FeedTest(resolved.url, resolved.parsed.title, tested,
                        len(resolved.parsed.items), resolved.parsed.problem)

    async def _judged(self, feed_filter: FeedFilter | None, item: FeedItem, scope: str
                      ) -> bool | None:
        if feed_filter is None or self._preview is None or not item.link:
            return _keeps(feed_filter, item)
        try:
            return feed_filter.keeps(await self._preview(item.link, scope))
        except NewsbotError as error:
            log.info("feed test: %s could not be read (%s); judged on the feed's text",
                     item.link, error)
            return _keeps(feed_filter, item)

    async def in_scope(self, scope: str) -> list[Feed]:
        return await self._repository.in_scope(scope)

    async def remove(self, scope: str, feed_id: int) -> Feed:
        feed = await self._get(scope, feed_id)
        await self._repository.remove(scope, feed_id)
        return feed

    async def pause(self, scope: str, feed_id: int) -> Feed:
        feed = await self._get(scope, feed_id)
        if feed.state is FeedState.PAUSED:
            raise InvalidOptionError(f"feed {feed_id} is already paused")
        await self._repository.set_paused(scope, feed_id, "paused by an admin", self._clock())
        return await self._get(scope, feed_id)

    async def resume(self, scope: str, feed_id: int) -> Feed:
        feed = await self._get(scope, feed_id)
        if feed.state is FeedState.ACTIVE:
            raise InvalidOptionError(f"feed {feed_id} is not paused")
        await self._repository.set_paused(scope, feed_id, None, self._clock())
        return await self._get(scope, feed_id)

    async def import_opml(self, scope: str, channel_id: int, data: bytes,
                          created_by: str | None = None) -> ImportReport:
        entries = read_opml(data)
        added: list[str] = []
        skipped: list[tuple[str, str]] = []
        for entry in entries:
            try:
                feed = await self.add(scope, channel_id, entry.url, filter_text=entry.filter,
                                      created_by=created_by, spread=True)
            except NewsbotError as error:
                skipped.append((entry.url, str(error)))
                continue
            added.append(feed.url)
        return ImportReport(tuple(added), tuple(skipped))

    async def export_opml(self, scope: str) -> bytes:
        feeds = await self._repository.in_scope(scope)
        return write_opml([OpmlFeed(feed.url, feed.title, feed.filter) for feed in feeds])

    async def _get(self, scope: str, feed_id: int) -> Feed:
        feed = await self._repository.get(scope, feed_id)
        if feed is None:
            raise FeedNotFoundError(f"there is no feed number {feed_id} here (see /feed list)")
        return feed


def _check_url(url: str) -> str:
    url = url.strip()
    if not url:
        raise InvalidInputError("give the address of a feed or of a page that has one")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidInputError(f"that address is longer than {MAX_URL_LENGTH} characters")
    return check_fetchable(url)


def _keeps(feed_filter: FeedFilter | None, item: FeedItem) -> bool | None:
    if feed_filter is None:
        return None
    summary = (item.summary,) if item.summary else ()
    return feed_filter.keeps(FilterSubject(item.title, summary, (), (), (), (), item.link))
