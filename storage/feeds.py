"""Feeds and their items: every query for them lives here.

Every read and write of a feed names its scope, so one server never sees or changes
another's feeds. Items move ``pending -> claimed -> posted|stored|filtered|failed``; the
claim is committed before anything is posted, so after a crash a ``claimed`` item is
checked against the channel instead of being posted again or forgotten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from storage.database import Connection, Database, Row
from storage.timestamps import from_text, optional_from_text, to_text


class FeedState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class ItemState(StrEnum):
    SEEN = "seen"
    PENDING = "pending"
    CLAIMED = "claimed"
    POSTED = "posted"
    STORED = "stored"
    FILTERED = "filtered"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class NewFeed:
    scope: str
    channel_id: int
    url: str
    title: str | None = None
    filter: str | None = None
    backlog: int = 0
    digest_only: bool = False
    thread: bool = False
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    scope: str
    channel_id: int
    url: str
    title: str | None
    filter: str | None
    backlog: int
    digest_only: bool
    thread: bool
    state: FeedState
    paused_reason: str | None
    pause_notice_due: bool
    primed: bool
    ttl_minutes: int | None
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_success_at: datetime | None
    failing_since: datetime | None
    failures: int
    error: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SeenItem:
    identity: str
    link: str | None
    title: str | None
    published: datetime | None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class FeedItemRow:
    feed_id: int
    identity: str
    link: str | None
    title: str | None
    published: datetime | None
    summary: str | None
    state: ItemState
    claimed_at: datetime | None
    article_id: int | None
    message_id: int | None
    error: str | None


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What a successful poll learnt about the feed itself."""

    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    ttl_minutes: int | None = None
    title: str | None = None
    problem: str | None = None  # readable but malformed


class DuplicateFeedError(Exception):
    """The channel already follows this feed."""


class FeedRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- feeds -----------------------------------------------------------------------------

    async def add(self, feed: NewFeed, now: datetime) -> Feed:
        async with self._db.transaction() as connection:
            feed_id = await connection.scalar(
                "INSERT INTO feeds (scope, channel_id, url, title, filter, backlog, "
                "digest_only, thread, next_poll_at, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (feed.scope, str(feed.channel_id), feed.url, feed.title, feed.filter,
                 feed.backlog, int(feed.digest_only), int(feed.thread), to_text(now),
                 feed.created_by, to_text(now)))
        if feed_id is None:
            raise DuplicateFeedError(feed.url)
        found = await self.get(feed.scope, int(feed_id))
        assert found is not None
        return found

    async def get(self, scope: str, feed_id: int) -> Feed | None:
        row = await self._db.fetch_one("SELECT * FROM feeds WHERE scope = ? AND id = ?",
                                       (scope, feed_id))
        return None if row is None else _feed(row)

    async def by_id(self, feed_id: int) -> Feed | None:
        """For the poller, which works across scopes (never shown to a user)."""
        row = await self._db.fetch_one("SELECT * FROM feeds WHERE id = ?", (feed_id,))
        return None if row is None else _feed(row)

    async def in_scope(self, scope: str) -> list[Feed]:
        rows = await self._db.fetch_all("SELECT * FROM feeds WHERE scope = ? ORDER BY id",
                                        (scope,))
        return [_feed(row) for row in rows]

    async def remove(self, scope: str, feed_id: int) -> bool:
        async with self._db.transaction() as connection:
            changed = await connection.execute("DELETE FROM feeds WHERE scope = ? AND id = ?",
                                              (scope, feed_id))
            return changed > 0

    async def set_paused(self, scope: str, feed_id: int, reason: str | None,
                         now: datetime) -> bool:
        """Pause (with a reason) or resume (``reason`` None: polled at once, failures
        forgotten). False when the feed is not in the scope."""
        async with self._db.transaction() as connection:
            if reason is None:
                changed = await connection.execute(
                    "UPDATE feeds SET state = 'active', paused_reason = NULL, "
                    "pause_notice = 'none', failing_since = NULL, failures = 0, "
                    "next_poll_at = ? WHERE scope = ? AND id = ?",
                    (to_text(now), scope, feed_id))
            else:
                changed = await connection.execute(
                    "UPDATE feeds SET state = 'paused', paused_reason = ? "
                    "WHERE scope = ? AND id = ?", (reason, scope, feed_id))
            return changed > 0

    async def due(self, now: datetime, limit: int = 500) -> list[Feed]:
        rows = await self._db.fetch_all(
            "SELECT * FROM feeds WHERE state = 'active' AND next_poll_at <= ? "
            "ORDER BY next_poll_at LIMIT ?", (to_text(now), limit))
        return [_feed(row) for row in rows]

    async def next_due(self) -> datetime | None:
        text = await self._db.scalar(
            "SELECT min(next_poll_at) FROM feeds WHERE state = 'active'")
        return optional_from_text(text)

    async def with_open_work(self) -> list[Feed]:
        """Feeds with items still waiting or claimed, or a pause notice still to send."""
        rows = await self._db.fetch_all(
            "SELECT * FROM feeds WHERE pause_notice = 'due' OR id IN (SELECT DISTINCT feed_id "
            "FROM feed_items WHERE state IN ('pending', 'claimed')) ORDER BY id")
        return [_feed(row) for row in rows]

    async def record_success(self, feed_id: int, outcome: PollOutcome, now: datetime) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, "
                "last_polled_at = ?, last_success_at = ?, failing_since = NULL, failures = 0, "
                "error = ?, title = coalesce(title, ?), ttl_minutes = ? WHERE id = ?",
                (outcome.etag, outcome.last_modified, to_text(outcome.next_poll_at),
                 to_text(now), to_text(now), outcome.problem, outcome.title,
                 outcome.ttl_minutes, feed_id))

    async def record_failure(self, feed_id: int, error: str, next_poll_at: datetime,
                             now: datetime, pause_reason: str | None) -> None:
        """A failed poll; ``pause_reason``: it has failed long enough to be paused, and the
        channel is told once (``pause_notice`` 'due' until the notice is sent)."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feeds SET error = ?, next_poll_at = ?, last_polled_at = ?, "
                "failures = failures + 1, failing_since = coalesce(failing_since, ?) "
                "WHERE id = ?",
                (error, to_text(next_poll_at), to_text(now), to_text(now), feed_id))
            if pause_reason is not None:
                await connection.execute(
                    "UPDATE feeds SET state = 'paused', paused_reason = ?, "
                    "pause_notice = 'due' WHERE id = ? AND state = 'active'",
                    (pause_reason, feed_id))

    async def set_next_poll(self, feed_id: int, when: datetime) -> None:
        async with self._db.transaction() as connection:
            await connection.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?",
                                     (to_text(when), feed_id))

    async def mark_notice_sent(self, feed_id: int) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feeds SET pause_notice = 'sent' WHERE id = ? AND pause_notice = 'due'",
                (feed_id,))

    # --- items -----------------------------------------------------------------------------

    async def record_items(self, feed_id: int, items: Sequence[SeenItem], now: datetime,
                           *, backlog: int | None = None) -> int:
        """Remember the items not seen before, oldest first (``items`` come newest first, as
        feeds list them); return how many are new. ``backlog``: this is the feed's first
        read: all but the newest ``backlog`` items are only marked seen, and the feed is
        primed."""
        async with self._db.transaction() as connection:
            position = int(await _scalar(
                connection, "SELECT coalesce(max(position), 0) FROM feed_items "
                "WHERE feed_id = ?", (feed_id,)))
            new = 0
            ordered = list(reversed(items))
            for index, item in enumerate(ordered):
                waits = backlog is None or index >= len(ordered) - backlog
                position += 1
                changed = await connection.execute(
                    "INSERT INTO feed_items (feed_id, identity, link, title, "
                    "summary, published, position, state, seen_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (feed_id, item.identity, item.link, item.title, item.summary,
                     None if item.published is None else to_text(item.published), position,
                     ItemState.PENDING if waits else ItemState.SEEN, to_text(now)))
                new += changed if waits else 0
            if backlog is not None:
                await connection.execute("UPDATE feeds SET primed = 1 WHERE id = ?",
                                         (feed_id,))
        return new

    async def waiting(self, feed_id: int, limit: int) -> list[FeedItemRow]:
        """Claimed items first (a crash interrupted them), then pending, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM feed_items WHERE feed_id = ? AND state IN ('claimed', 'pending') "
            "ORDER BY state = 'pending', position LIMIT ?", (feed_id, limit))
        return [_item(row) for row in rows]

    async def claim(self, feed_id: int, identity: str, now: datetime) -> bool:
        """Pending -> claimed, committed before anything is posted."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE feed_items SET state = 'claimed', claimed_at = ? "
                "WHERE feed_id = ? AND identity = ? AND state = 'pending'",
                (to_text(now), feed_id, identity))
            return changed > 0

    async def set_article(self, feed_id: int, identity: str, article_id: int) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feed_items SET article_id = ? WHERE feed_id = ? AND identity = ?",
                (article_id, feed_id, identity))

    async def finish(self, feed_id: int, identity: str, state: ItemState, *,
                     message_id: int | None = None, error: str | None = None) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE feed_items SET state = ?, message_id = coalesce(?, message_id), "
                "error = ? WHERE feed_id = ? AND identity = ?",
                (state, None if message_id is None else str(message_id), error, feed_id,
                 identity))

    async def items(self, feed_id: int) -> list[FeedItemRow]:
        rows = await self._db.fetch_all(
            "SELECT * FROM feed_items WHERE feed_id = ? ORDER BY position", (feed_id,))
        return [_item(row) for row in rows]

    async def article_people(self, article_id: int) -> list[tuple[str, str, str]]:
        """(person key, surname key, name) of a stored article, for filters."""
        rows = await self._db.fetch_all(
            "SELECT person_key, surname_key, name FROM article_people WHERE article_id = ? "
            "ORDER BY position", (article_id,))
        return [(row[0], row[1], row[2]) for row in rows]


async def _scalar(connection: Connection, sql: str, parameters: tuple[Any, ...]) -> Any:
    return await connection.scalar(sql, parameters)


def _feed(row: Row) -> Feed:
    return Feed(
        id=row["id"], scope=row["scope"], channel_id=int(row["channel_id"]), url=row["url"],
        title=row["title"], filter=row["filter"], backlog=row["backlog"],
        digest_only=bool(row["digest_only"]), thread=bool(row["thread"]),
        state=FeedState(row["state"]), paused_reason=row["paused_reason"],
        pause_notice_due=row["pause_notice"] == "due", primed=bool(row["primed"]),
        ttl_minutes=row["ttl_minutes"],
        etag=row["etag"], last_modified=row["last_modified"],
        next_poll_at=from_text(row["next_poll_at"]),
        last_polled_at=optional_from_text(row["last_polled_at"]),
        last_success_at=optional_from_text(row["last_success_at"]),
        failing_since=optional_from_text(row["failing_since"]), failures=row["failures"],
        error=row["error"], created_at=from_text(row["created_at"]))


def _item(row: Row) -> FeedItemRow:
    return FeedItemRow(
        feed_id=row["feed_id"], identity=row["identity"], link=row["link"], title=row["title"],
        published=optional_from_text(row["published"]), summary=row["summary"],
        state=ItemState(row["state"]),
        claimed_at=optional_from_text(row["claimed_at"]), article_id=row["article_id"],
        message_id=None if row["message_id"] is None else int(row["message_id"]),
        error=row["error"])
