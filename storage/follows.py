"""Follows, their matched articles and the batches that announce them; DM pauses."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.articles import ArticleRepository
from storage.database import Connection, Database, Row
from storage.models import Person, StoredArticle, Tag
from storage.timestamps import from_text, to_text

_FOLLOW_COLUMNS = "id, scope, user_id, kind, query, key, channel_id, role_id, created_at"


@dataclass(frozen=True, slots=True)
class NewFollow:
    scope: str
    user_id: str
    kind: str  # "person", "topic" or "search"
    query: str  # as typed
    key: str  # normalised
    channel_id: str | None = None  # None: by DM
    role_id: str | None = None


@dataclass(frozen=True, slots=True)
class Follow:
    id: int
    scope: str
    user_id: str
    kind: str
    query: str
    key: str
    channel_id: str | None
    role_id: str | None
    created_at: datetime

    @property
    def by_dm(self) -> bool:
        return self.channel_id is None


@dataclass(frozen=True, slots=True)
class MatchedArticle:
    article_id: int
    title: str | None
    url: str | None
    site_name: str | None


@dataclass(frozen=True, slots=True)
class ClaimedBatch:
    """A batch claimed as "sending": announce it, then mark it sent or failed."""

    id: int
    follow: Follow
    articles: tuple[MatchedArticle, ...]
    ref: str  # carried by the announcement, so a restart can tell whether it went out


@dataclass(frozen=True, slots=True)
class StoredForMatching:
    article: StoredArticle
    tags: tuple[Tag, ...]
    people: tuple[Person, ...]


class FollowRepository:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._articles = ArticleRepository(database)

    # --- the follows themselves ---------------------------------------------------------

    async def add(self, follow: NewFollow, now: datetime) -> Follow | None:
        """The new follow, or None when the member already follows the same thing."""
        async with self._db.transaction() as connection:
            follow_id = await connection.scalar(
                "INSERT INTO follows (scope, user_id, kind, query, key, channel_id, role_id, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
                "RETURNING id",
                (follow.scope, follow.user_id, follow.kind, follow.query, follow.key,
                 follow.channel_id, follow.role_id, to_text(now)))
            if follow_id is None:
                return None
            row = await _one(connection, f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE id = ?",
                             (follow_id,))
        return _follow(row)

    async def remove(self, scope: str, user_id: str, follow_id: int) -> Follow | None:
        async with self._db.transaction() as connection:
            rows = await _all(connection, f"SELECT {_FOLLOW_COLUMNS} FROM follows "
                              "WHERE id = ? AND scope = ? AND user_id = ?",
                              (follow_id, scope, user_id))
            if not rows:
                return None
            await connection.execute("DELETE FROM follows WHERE id = ?", (follow_id,))
        return _follow(rows[0])

    async def of_member(self, scope: str, user_id: str) -> list[Follow]:
        rows = await self._db.fetch_all(
            f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE scope = ? AND user_id = ? "
            "ORDER BY id", (scope, user_id))
        return [_follow(row) for row in rows]

    async def count_of_member(self, scope: str, user_id: str) -> int:
        return int(await self._db.scalar(
            "SELECT count(*) FROM follows WHERE scope = ? AND user_id = ?", (scope, user_id)))

    async def in_scope(self, scope: str) -> list[Follow]:
        rows = await self._db.fetch_all(
            f"SELECT {_FOLLOW_COLUMNS} FROM follows WHERE scope = ? ORDER BY id", (scope,))
        return [_follow(row) for row in rows]

    # --- matches and batches ------------------------------------------------------------

    async def record_matches(self, follow_ids: list[int], article_id: int, now: datetime
                             ) -> int:
        """Record that these follows match the article (a pair seen before is ignored), and
        that the article has been matched (the cursor a restart catches up from)."""
        async with self._db.transaction() as connection:
            added = 0
            for follow_id in follow_ids:
                added += await connection.execute(
                    "INSERT INTO follow_matches (follow_id, article_id, matched_at) "
                    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (follow_id, article_id, to_text(now)))
            await _advance_cursor(connection, article_id)
            return added

    async def matched_through(self) -> int | None:
        """The newest article matched, or None before the first start with follows."""
        value = await self._db.scalar("SELECT value FROM bot_state WHERE key = ?",
                                      (_CURSOR_KEY,))
        return None if value is None else int(value)

    async def start_cursor(self) -> None:
        """First start: articles stored before follows existed are never matched."""
        async with self._db.transaction() as connection:
            newest = await _all(connection, "SELECT coalesce(max(id), 0) FROM articles", ())
            await _advance_cursor(connection, int(newest[0][0]))

    async def stored_after(self, article_id: int, limit: int) -> list[StoredForMatching]:
        """Servers' articles stored after ``article_id``, with their topics and people: what
        a stop may have left unmatched."""
        rows = await self._db.fetch_all(
            "SELECT id, scope FROM articles WHERE id > ? AND scope LIKE 'guild:%' "
            "ORDER BY id LIMIT ?", (article_id, limit))
        found = []
        for row in rows:
            article = await self._articles.get(row["scope"], row["id"])
            if article is None:
                continue
            tags = await self._db.fetch_all(
                "SELECT tag, tag_key FROM article_tags WHERE article_id = ? ORDER BY position",
                (row["id"],))
            people = await self._db.fetch_all(
                "SELECT name, person_key, surname_key FROM article_people "
                "WHERE article_id = ? ORDER BY position", (row["id"],))
            found.append(StoredForMatching(
                article, tuple(Tag(t["tag"], t["tag_key"]) for t in tags),
                tuple(Person(p["name"], p["person_key"], p["surname_key"]) for p in people)))
        return found

    async def claim_due(self, now: datetime, window: timedelta, limit: int
                        ) -> list[ClaimedBatch]:
        """Claim, in one transaction, the batches due: a follow whose oldest waiting match is
        at least ``window`` old and that had no batch within ``window``; DM follows of a
        member whose DMs are paused wait."""
        cutoff = to_text(now - window)
        async with self._db.transaction() as connection:
            rows = await _all(connection, _DUE, (cutoff, cutoff, limit))
            return [await _claim(connection, _follow(row), now) for row in rows]

    async def finish(self, batch_id: int, now: datetime, error: str | None = None, *,
                     release: bool = False) -> None:
        """Sent, or failed with ``error``; ``release`` gives a failed batch's articles back
        to the follow, for its next batch."""
        state = "sent" if error is None else "failed"
        async with self._db.transaction() as connection:
            await connection.execute(
                "UPDATE follow_batches SET state = ?, error = ?, updated_at = ? WHERE id = ?",
                (state, error, to_text(now), batch_id))
            if release and error is not None:
                await connection.execute(
                    "UPDATE follow_matches SET batch_id = NULL WHERE batch_id = ?", (batch_id,))

    async def interrupted(self) -> list[ClaimedBatch]:
        """Batches a stop left "sending": posted or not, the target's messages will tell."""
        rows = await self._db.fetch_all(
            "SELECT b.id AS batch_id, b.ref, " + ", ".join(
                f"f.{column}" for column in _FOLLOW_COLUMNS.split(", ")) +
            " FROM follow_batches AS b JOIN follows AS f ON f.id = b.follow_id "
            "WHERE b.state = 'sending' ORDER BY b.id")
        batches = []
        for row in rows:
            articles = await self._db.fetch_all(_BATCH_ARTICLES, (row["batch_id"],))
            batches.append(ClaimedBatch(row["batch_id"], _follow(row),
                                        tuple(_matched(a) for a in articles), row["ref"]))
        return batches

    async def pending_count(self, follow_id: int) -> int:
        return int(await self._db.scalar(
            "SELECT count(*) FROM follow_matches WHERE follow_id = ? AND batch_id IS NULL",
            (follow_id,)))

    # --- DM pauses ----------------------------------------------------------------------

    async def pause_dms(self, user_id: str, now: datetime) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO follow_dm_pauses (user_id, paused_at) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO NOTHING", (user_id, to_text(now)))

    async def resume_dms(self, user_id: str) -> bool:
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "DELETE FROM follow_dm_pauses WHERE user_id = ?", (user_id,))
            return changed > 0

    async def dms_paused(self, user_id: str) -> bool:
        return await self._db.scalar(
            "SELECT 1 FROM follow_dm_pauses WHERE user_id = ?", (user_id,)) is not None

    async def take_pause_notice(self, user_id: str) -> bool:
        """Whether the member has yet to be told their DMs are paused; they are told once.
        Every command asks, so the common answer (no) is a read, not a write."""
        pending = await self._db.scalar(
            "SELECT 1 FROM follow_dm_pauses WHERE user_id = ? AND notice_pending = 1",
            (user_id,))
        if pending is None:
            return False
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE follow_dm_pauses SET notice_pending = 0 "
                "WHERE user_id = ? AND notice_pending = 1", (user_id,))
            return changed > 0


_CURSOR_KEY = "follows_matched_through"


async def _advance_cursor(connection: Connection, article_id: int) -> None:
    await connection.execute(
        "INSERT INTO bot_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
        "value = CASE WHEN CAST(excluded.value AS BIGINT) > CAST(bot_state.value AS BIGINT) "
        "THEN excluded.value ELSE bot_state.value END",
        (_CURSOR_KEY, str(article_id)))


_DUE = """
    SELECT f.id, f.scope, f.user_id, f.kind, f.query, f.key, f.channel_id, f.role_id,
           f.created_at
    FROM follows AS f
    WHERE (SELECT min(m.matched_at) FROM follow_matches AS m
           WHERE m.follow_id = f.id AND m.batch_id IS NULL) <= ?
      AND NOT EXISTS (SELECT 1 FROM follow_batches AS b
                      WHERE b.follow_id = f.id AND b.created_at > ?)
      AND NOT (f.channel_id IS NULL
               AND EXISTS (SELECT 1 FROM follow_dm_pauses AS p WHERE p.user_id = f.user_id))
    ORDER BY f.id LIMIT ?
"""

_BATCH_ARTICLES = """
    SELECT a.id, a.title, coalesce(a.canonical_url, a.original_url) AS url, a.site_name
    FROM follow_matches AS m JOIN articles AS a ON a.id = m.article_id
    WHERE m.batch_id = ? ORDER BY m.matched_at, a.id
"""


async def _claim(connection: Connection, follow: Follow, now: datetime
                 ) -> ClaimedBatch:
    ref = secrets.token_hex(8)
    batch_id = await connection.scalar(
        "INSERT INTO follow_batches (follow_id, state, ref, created_at, updated_at) "
        "VALUES (?, 'sending', ?, ?, ?) RETURNING id",
        (follow.id, ref, to_text(now), to_text(now)))
    assert batch_id is not None
    await connection.execute(
        "UPDATE follow_matches SET batch_id = ? WHERE follow_id = ? AND batch_id IS NULL",
        (batch_id, follow.id))
    rows = await _all(connection, _BATCH_ARTICLES, (batch_id,))
    return ClaimedBatch(batch_id, follow, tuple(_matched(row) for row in rows), ref)


def _matched(row: Row) -> MatchedArticle:
    return MatchedArticle(row["id"], row["title"], row["url"], row["site_name"])


def _follow(row: Row) -> Follow:
    return Follow(id=row["id"], scope=row["scope"], user_id=row["user_id"], kind=row["kind"],
                  query=row["query"], key=row["key"], channel_id=row["channel_id"],
                  role_id=row["role_id"], created_at=from_text(row["created_at"]))


async def _one(connection: Connection, sql: str, parameters: tuple[Any, ...]
               ) -> Row:
    row = await connection.fetch_one(sql, parameters)
    assert row is not None
    return row


async def _all(connection: Connection, sql: str, parameters: tuple[Any, ...]
               ) -> list[Row]:
    return await connection.fetch_all(sql, parameters)
