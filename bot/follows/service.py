"""Follows: adding and removing them, matching new articles, claiming due announcements.

New articles arrive through :meth:`FollowService.offer` (called by the article service for
every newly stored article; it only queues, so a link reply never waits for follows). The
service's own task drains the queue and records each match in the database, once per follow
and article. Announcements are claimed in a transaction before they are sent (see
``storage.follows``): at most one per follow per batch window, listing everything that
arrived; a crash while sending never sends a batch twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.errors import InvalidOptionError
from bot.follows.matching import KINDS, ArticleFacts, follow_key, matching_follows
from bot.knowledge.people import PeopleService
from bot.knowledge.query import parse_query
from storage.follows import ClaimedBatch, Follow, FollowRepository, NewFollow
from storage.models import NewArticle, StoredArticle
from storage.topics import TopicRepository

log = logging.getLogger(__name__)

__all__ = ["MAX_QUERY_LENGTH", "PAUSED_NOTE", "ClaimedBatch", "Follow", "FollowAdded",
           "FollowService", "Following"]

MAX_QUERY_LENGTH = 200
PAUSED_NOTE = ("Your follows delivered by DM are paused: Discord refused a direct message to "
               "you (are your DMs closed?). Allow direct messages from this server's members, "
               "then use any /follow command to deliver them again.")
CATCH_UP_PAGE = 100
CLAIM_LIMIT = 50  # batches claimed per delivery round; the rest wait for the next


@dataclass(frozen=True, slots=True)
class FollowAdded:
    follow: Follow
    known: bool  # whether anything shared here already matches the name or topic
    resumed_dms: bool  # the member's paused DM follows start again


@dataclass(frozen=True, slots=True)
class Following:
    follows: tuple[Follow, ...]
    dms_paused: bool


class FollowService:
    def __init__(self, repository: FollowRepository, people: PeopleService,
                 topics: TopicRepository, *, batch_window: timedelta, max_per_member: int,
                 clock: Callable[[], datetime] | None = None) -> None:
        self._repository = repository
        self._people = people
        self._topics = topics
        self.batch_window = batch_window
        self.max_per_member = max_per_member
        self._clock = clock if clock is not None else _utc_now
        self._queue: asyncio.Queue[ArticleFacts] = asyncio.Queue()
        self._drain: asyncio.Task[None] | None = None

    # --- members' follows -------------------------------------------------------------

    async def follow(self, scope: str, user_id: int, kind: str, text: str, *,
                     channel_id: int | None = None, role_id: int | None = None
                     ) -> FollowAdded:
        query = " ".join(text.split())
        _check(kind, query)
        key = follow_key(kind, query)
        if not key:
            raise InvalidOptionError(f"“{query}” has no letters or digits to follow.")
        member = str(user_id)
        if await self._repository.count_of_member(scope, member) >= self.max_per_member:
            raise InvalidOptionError(
                f"You already have {self.max_per_member} follows in this server, the most "
                "allowed: remove one with /unfollow first.")
        added = await self._repository.add(NewFollow(
            scope, member, kind, query, key,
            channel_id=None if channel_id is None else str(channel_id),
            role_id=None if role_id is None else str(role_id)), self._clock())
        if added is None:
            raise InvalidOptionError(f"You already follow the {kind} “{query}” here.")
        resumed = await self._repository.resume_dms(member) if added.by_dm else False
        return FollowAdded(added, await self._known(scope, kind, query, key), resumed)

    async def _known(self, scope: str, kind: str, query: str, key: str) -> bool:
        if kind == "person":
            return bool(await self._people.resolve(scope, query))
        if kind == "topic":
            return bool(await self._topics.find(scope, [key]))
        return True

    async def unfollow(self, scope: str, user_id: int, follow_id: str) -> Follow:
        removed = None
        if follow_id.isdigit():
            removed = await self._repository.remove(scope, str(user_id), int(follow_id))
        if removed is None:
            raise InvalidOptionError(
                "That is not one of your follows here: pick one from the list (/following "
                "shows them).")
        return removed

    async def following(self, scope: str, user_id: int) -> Following:
        follows = await self._repository.of_member(scope, str(user_id))
        return Following(tuple(follows), await self._repository.dms_paused(str(user_id)))

    async def pending_notice(self, user_id: int) -> str | None:
        """Once after the member's DMs were refused: what their next command tells them."""
        if await self._repository.take_pause_notice(str(user_id)):
            return PAUSED_NOTE
        return None

    # --- new articles -------------------------------------------------------------------

    def offer(self, article: StoredArticle, record: NewArticle) -> None:
        """A newly stored article: queued for matching, never waited for."""
        if article.scope.startswith("guild:"):
            self._queue.put_nowait(ArticleFacts.of(article, record.tags, record.people))

    async def match(self, facts: ArticleFacts, *, newer_follows_too: bool = True) -> int:
        """Record the follows in the article's scope that it matches; how many. Catching
        up after a stop, follows made after the article was stored are left out."""
        follows = await self._repository.in_scope(facts.scope)
        candidates = ((f.id, f.kind, f.query) for f in follows
                      if newer_follows_too or f.created_at <= facts.created_at)
        found = matching_follows(candidates, facts)
        return await self._repository.record_matches(found, facts.article_id, self._clock())

    async def catch_up(self) -> int:
        """At start: match the articles a stop left queued (stored after the last one
        matched); on the very first start, only what comes from now on."""
        through = await self._repository.matched_through()
        if through is None:
            await self._repository.start_cursor()
            return 0
        caught = 0
        while batch := await self._repository.stored_after(through, CATCH_UP_PAGE):
            for stored in batch:
                facts = ArticleFacts.of(stored.article, stored.tags, stored.people)
                await self.match(facts, newer_follows_too=False)
                through = stored.article.id
                caught += 1
        return caught

    def start(self) -> None:
        if self._drain is None:
            self._drain = asyncio.create_task(self._drain_queue(), name="follows matching")

    async def stop(self) -> None:
        task, self._drain = self._drain, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def settle(self) -> None:
        """Wait until every article offered so far has been matched (tests, shutdown)."""
        await self._queue.join()

    async def _drain_queue(self) -> None:
        try:
            caught = await self.catch_up()
        except Exception:  # new articles are still matched as they come
            log.exception("could not catch up on articles stored before a stop")
        else:
            if caught:
                log.info("matched %d articles stored before the last stop", caught)
        while True:
            facts = await self._queue.get()
            try:
                await self.match(facts)
            except Exception:  # one article's failure must not stop the others
                log.exception("could not match article %s against follows", facts.article_id)
            finally:
                self._queue.task_done()

    # --- announcements --------------------------------------------------------------------

    async def interrupted(self) -> list[ClaimedBatch]:
        """At start: batches a stop left "sending" (find their ref, else send them)."""
        return await self._repository.interrupted()

    async def claim_due(self) -> list[ClaimedBatch]:
        return await self._repository.claim_due(self._clock(), self.batch_window, CLAIM_LIMIT)

    async def delivered(self, batch: ClaimedBatch) -> None:
        await self._repository.finish(batch.id, self._clock())

    async def failed(self, batch: ClaimedBatch, reason: str, *, retry: bool = False) -> None:
        """``retry``: the failure was temporary, so its articles go into the next batch."""
        await self._repository.finish(batch.id, self._clock(), error=reason, release=retry)

    async def dms_refused(self, batch: ClaimedBatch) -> None:
        """Discord refused the member's DM: their DM follows (this batch's articles too) wait
        until they follow again."""
        await self._repository.finish(batch.id, self._clock(), error="DMs closed",
                                      release=True)
        await self._repository.pause_dms(batch.follow.user_id, self._clock())


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _check(kind: str, query: str) -> None:
    if kind not in KINDS:
        raise InvalidOptionError(f"One can follow a person, a topic or a search, not {kind!r}.")
    if not query:
        raise InvalidOptionError(f"Say which {kind} to follow.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidOptionError(
            f"That is too long to follow (at most {MAX_QUERY_LENGTH} characters).")
    if kind == "search":
        parsed = parse_query(query)  # a bad date raises its own clear message
        if parsed.is_empty:
            raise InvalidOptionError(
                "That search has no words to look for: try words, \"a phrase\", tag:, "
                "person: or site:.")
        if parsed.before or parsed.after:
            raise InvalidOptionError(
                "before: and after: filter past articles; a follow only sees new ones, "
                "so leave them out.")
