"""Delivering a feed's waiting items: each becomes a stored article and, unless the feed is
"digest only", a post in its channel.

Crash safety follows the digest's claim-before-send design. An item is claimed (a committed
row state) before anything about it is posted; it becomes ``posted`` with the message id
afterwards. An item found still ``claimed`` (the process died in between) is checked against
the channel: if a message with its article's link is there, it is recorded as posted,
otherwise it is posted now. So a restart neither loses nor repeats an item.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.errors import NewsbotError
from bot.feeds.filters import FeedFilter, FilterSubject, parse_filter
from bot.ingest.articles import ArticleService, IngestResult, PreparedLink, ShareContext
from bot.ingest.cards import ArticleCard
from bot.ingest.processing import Document, SummaryOptions
from bot.people import person_key, surname_of
from bot.text.topic_keys import topic_key
from storage.feeds import Feed, FeedItemRow, FeedRepository, ItemState
from storage.models import StoredArticle

log = logging.getLogger(__name__)

CLAIM_MARGIN = timedelta(minutes=5)  # clocks differ a little between us and the platform


class PostError(NewsbotError):
    """Posting failed. ``permanent``: the channel is gone or closed to the bot."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class ItemPost:
    """One item to post: its article's card, or only a title and link when the article
    could not be read."""

    title: str
    url: str | None
    card: ArticleCard | None = None


class FeedPoster(Protocol):
    """What delivery needs from the chat platform (the Discord cog implements it)."""

    async def post(self, feed: Feed, item: ItemPost) -> int:
        """Post ``item`` in the feed's channel (a thread on it when the feed asks); return the
        message id. Raise :class:`PostError`."""

    async def find_posted(self, feed: Feed, url: str, since: datetime) -> int | None:
        """The id of a message the bot posted in the feed's channel after ``since`` that
        carries ``url``, if any. Raise :class:`PostError`."""

    async def send_notice(self, feed: Feed, text: str) -> None:
        """A one-line notice for the channel. Raise :class:`PostError`."""


OptionsFor = Callable[[Feed], Awaitable[SummaryOptions]]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    posted: int = 0
    stored: int = 0
    filtered: int = 0
    failed: int = 0
    stopped: str | None = None  # why delivery stopped early (a post failed)


class ItemDelivery:
    def __init__(self, repository: FeedRepository, articles: ArticleService,
                 options_for: OptionsFor, clock: Callable[[], datetime],
                 max_posts: int = 5) -> None:
        self._repository = repository
        self._articles = articles
        self._options_for = options_for
        self._clock = clock
        self._max_posts = max_posts

    async def deliver(self, feed: Feed, poster: FeedPoster) -> DeliveryReport:
        """At most ``max_posts`` waiting items, oldest first; the rest wait for the next poll."""
        counts = {state: 0 for state in ItemState}
        feed_filter = _safe_filter(feed)
        for item in await self._repository.waiting(feed.id, self._max_posts):
            try:
                state = await self._one(feed, item, feed_filter, poster)
            except PostError as error:
                log.warning("feed %s: could not post: %s", feed.id, error)
                if error.permanent:
                    await self._repository.set_paused(
                        feed.scope, feed.id, f"the bot can't post there: {error}",
                        self._clock())
                return _report(counts, stopped=str(error))
            except Exception:
                # A bug on one item must not block the feed's later items for ever.
                log.exception("feed %s: delivering %s failed", feed.id, item.identity)
                await self._repository.finish(feed.id, item.identity, ItemState.FAILED,
                                              error="an unexpected error (logged)")
                state = ItemState.FAILED
            counts[state] += 1
        return _report(counts)

    async def _one(self, feed: Feed, item: FeedItemRow, feed_filter: FeedFilter | None,
                   poster: FeedPoster) -> ItemState:
        now = self._clock()
        if item.state is ItemState.PENDING:
            await self._repository.claim(feed.id, item.identity, now)
            claimed_at = now
        else:
            claimed_at = item.claimed_at or now
        if not item.link and feed_filter is not None and not feed_filter.keeps(
                _item_subject(item)):
            # Without a link the feed's text is the article: judged before it is stored.
            await self._repository.finish(feed.id, item.identity, ItemState.FILTERED)
            return ItemState.FILTERED
        options = await self._options_for(feed)
        try:
            prepared = await self._prepare(feed, item, options)
        except NewsbotError as error:
            return await self._unreadable(feed, item, feed_filter, poster, str(error),
                                          claimed_at)
        if feed_filter is not None and not feed_filter.keeps(await self._subject(prepared)):
            await self._repository.finish(feed.id, item.identity, ItemState.FILTERED)
            return ItemState.FILTERED
        # A claimed item may have been stored before the crash: no second share then.
        context = _context(feed, recovering=item.state is ItemState.CLAIMED)
        result = (prepared if isinstance(prepared, IngestResult)
                  else await self._articles.store_prepared(prepared, context))
        await self._repository.set_article(feed.id, item.identity, result.article.id)
        if feed.digest_only:
            await self._repository.finish(feed.id, item.identity, ItemState.STORED)
            return ItemState.STORED
        card = await self._articles.card(result, options)
        message_id = await self._post_once(feed, item, ItemPost(card.title, card.url, card),
                                           poster, claimed_at)
        await self._articles.record_reply(result.share, message_id)
        await self._repository.finish(feed.id, item.identity, ItemState.POSTED,
                                      message_id=message_id)
        return ItemState.POSTED

    async def _prepare(self, feed: Feed, item: FeedItemRow,
                       options: SummaryOptions) -> PreparedLink | IngestResult:
        if item.link:
            return await self._articles.prepare_url(item.link, feed.scope, options)
        # No link: the feed's own text is the article (its title on the first line).
        text = f"{item.title or ''}\n\n{item.summary or ''}".strip()
        return await self._articles.ingest_document(Document(text, "text", None),
                                                    _context(feed), options)

    async def _unreadable(self, feed: Feed, item: FeedItemRow,  # noqa: PLR0917
                          feed_filter: FeedFilter | None, poster: FeedPoster, reason: str,
                          claimed_at: datetime) -> ItemState:
        """The item's page could not be read: its title and link are still news."""
        log.info("feed %s: item %s unreadable: %s", feed.id, item.link, reason)
        if feed_filter is not None and not feed_filter.keeps(_item_subject(item)):
            await self._repository.finish(feed.id, item.identity, ItemState.FILTERED)
            return ItemState.FILTERED
        message_id = None
        if not feed.digest_only:
            post = ItemPost(item.title or item.link or "New item", item.link)
            message_id = await self._post_once(feed, item, post, poster, claimed_at)
        await self._repository.finish(feed.id, item.identity, ItemState.FAILED,
                                      message_id=message_id, error=reason)
        return ItemState.FAILED

    async def _post_once(self, feed: Feed, item: FeedItemRow, post: ItemPost,
                         poster: FeedPoster, claimed_at: datetime) -> int:
        if item.state is ItemState.CLAIMED and post.url:
            # Interrupted after the claim: the post may already be in the channel.
            found = await poster.find_posted(feed, post.url, claimed_at - CLAIM_MARGIN)
            if found is not None:
                return found
        return await poster.post(feed, post)

    async def preview_subject(self, url: str, scope: str) -> FilterSubject:
        """What a filter would see of the article at ``url``, fetched and understood as a
        delivery would, storing nothing (``/feed test``)."""
        return await self._subject(await self._articles.prepare_url(url, scope,
                                                                    SummaryOptions()))

    async def _subject(self, prepared: PreparedLink | IngestResult) -> FilterSubject:
        if isinstance(prepared, IngestResult):
            return await self._stored_subject(prepared.article.id, prepared.article)
        if prepared.known is not None:
            return await self._stored_subject(prepared.known.id, prepared.known)
        processed = prepared.processed
        assert processed is not None
        article = processed.article
        tags = article.tags or processed.key_phrases
        people = [found.name for found in processed.people]
        return FilterSubject(
            title=article.title, summary=processed.summary.sentences,
            tags=tuple(topic_key(tag) for tag in tags), tag_names=tuple(tags),
            people=_person_keys(people), people_names=tuple(people),
            url=article.canonical_url or prepared.url, site_name=article.site_name)

    async def _stored_subject(self, article_id: int, article: StoredArticle
                              ) -> FilterSubject:
        people = await self._repository.article_people(article_id)
        keys = tuple(key for row in people for key in row[:2])
        return FilterSubject(
            title=article.title, summary=article.summary,
            tags=tuple(topic_key(tag) for tag in article.tags), tag_names=article.tags,
            people=keys, people_names=tuple(row[2] for row in people),
            url=article.canonical_url or article.original_url, site_name=article.site_name)


def _item_subject(item: FeedItemRow) -> FilterSubject:
    """What the feed itself says of an item, when there is no article to judge."""
    summary = (item.summary,) if item.summary else ()
    return FilterSubject(item.title, summary, (), (), (), (), item.link)


def _person_keys(names: list[str]) -> tuple[str, ...]:
    keys: list[str] = []
    for name in names:
        keys += [person_key(name), person_key(surname_of(name))]
    return tuple(keys)


def _context(feed: Feed, *, recovering: bool = False) -> ShareContext:
    """The feed is the sharer; its channel is where the share happened."""
    return ShareContext(scope=feed.scope, sharer_id=f"feed:{feed.id}",
                        sharer_name=feed.title or feed.url, channel_id=str(feed.channel_id),
                        record_reshares=not recovering)


def _safe_filter(feed: Feed) -> FeedFilter | None:
    try:
        return parse_filter(feed.filter)
    except NewsbotError:  # validated when saved; a changed parser must not stop the feed
        log.warning("feed %s: its filter %r no longer parses; delivering unfiltered",
                    feed.id, feed.filter)
        return None


def _report(counts: dict[ItemState, int], stopped: str | None = None) -> DeliveryReport:
    return DeliveryReport(posted=counts[ItemState.POSTED], stored=counts[ItemState.STORED],
                          filtered=counts[ItemState.FILTERED], failed=counts[ItemState.FAILED],
                          stopped=stopped)
