"""Digest settings, the digest outbox (one row per occurrence) and the articles a digest picks."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from storage.database import Database, Row
from storage.timestamps import from_text, optional_from_text, to_text

ALL_DAYS = frozenset(range(7))


class RunKind(StrEnum):
    SCHEDULED = "scheduled"  # one per occurrence of the schedule
    MANUAL = "manual"  # /digest now


class RunState(StrEnum):
    COMPOSING = "composing"  # claimed; messages may already be posted
    SENT = "sent"
    SKIPPED = "skipped"  # nothing to post, or missed beyond the catch-up window
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DigestSettings:
    guild_id: int
    channel_id: int
    local_time: str  # "HH:MM"
    timezone: str  # IANA name
    anchor_at: datetime  # occurrences at or before this instant are never run
    weekdays: frozenset[int] = ALL_DAYS  # 0 = Monday ... 6 = Sunday
    max_items: int = 10
    empty_note: bool = False
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class NewRun:
    guild_id: int
    kind: RunKind
    scheduled_for: datetime
    channel_id: int
    ref: str
    claimed_by: str
    period_start: datetime
    period_end: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DigestRun:
    id: int
    guild_id: int
    kind: RunKind
    scheduled_for: datetime
    channel_id: int
    state: RunState
    ref: str
    claimed_by: str | None
    period_start: datetime | None
    period_end: datetime | None
    article_count: int | None
    message_ids: tuple[int, ...]
    error: str | None
    retryable: bool
    attempts: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DigestCandidate:
    """An article first shared in a digest's period, with its share statistics."""

    article_id: int
    title: str | None
    url: str | None
    summary: tuple[str, ...]
    tags: tuple[str, ...]  # in the article's order; the first one is its topic
    first_shared_at: datetime
    last_shared_at: datetime
    share_count: int
    sharers: frozenset[str]  # sharer ids (or names when no id was recorded)
    published: str | None = None  # YYYY-MM-DD, when the page gave it


class DigestRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- settings -------------------------------------------------------------------

    async def get_settings(self, guild_id: int) -> DigestSettings | None:
        row = await self._db.fetch_one("SELECT * FROM digest_settings WHERE guild_id = ?",
                                       (str(guild_id),))
        return None if row is None else _settings(row)

    async def enabled_settings(self) -> list[DigestSettings]:
        rows = await self._db.fetch_all(
            "SELECT * FROM digest_settings WHERE enabled = 1 ORDER BY guild_id")
        return [_settings(row) for row in rows]

    async def save_settings(self, settings: DigestSettings, now: datetime) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO digest_settings (guild_id, channel_id, local_time, timezone, "
                "weekdays, max_items, empty_note, enabled, anchor_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "channel_id = excluded.channel_id, local_time = excluded.local_time, "
                "timezone = excluded.timezone, weekdays = excluded.weekdays, "
                "max_items = excluded.max_items, empty_note = excluded.empty_note, "
                "enabled = excluded.enabled, anchor_at = excluded.anchor_at, "
                "updated_at = excluded.updated_at",
                (str(settings.guild_id), str(settings.channel_id), settings.local_time,
                 settings.timezone, _day_mask(settings.weekdays), settings.max_items,
                 int(settings.empty_note), int(settings.enabled), to_text(settings.anchor_at),
                 to_text(now)))

    async def disable(self, guild_id: int, now: datetime) -> bool:
        """Turn the digest off; False if it was not on."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE digest_settings SET enabled = 0, updated_at = ? "
                "WHERE guild_id = ? AND enabled = 1", (to_text(now), str(guild_id)))
            return changed == 1

    async def unusable_notice(self, guild_id: int) -> str | None:
        """Which unusable settings the server was last told about (their fingerprint)."""
        value = await self._db.scalar("SELECT value FROM bot_state WHERE key = ?",
                                      (_unusable_notice_key(guild_id),))
        return None if value is None else str(value)

    async def record_unusable_notice(self, guild_id: int, fingerprint: str) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO bot_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_unusable_notice_key(guild_id), fingerprint))

    # --- the outbox -------------------------------------------------------------------

    async def claim(self, run: NewRun) -> DigestRun | None:
        """Insert the run as "composing"; None if that occurrence already has a row."""
        async with self._db.transaction() as connection:
            run_id = await connection.scalar(
                "INSERT INTO digest_runs (guild_id, kind, scheduled_for, channel_id, state, ref, "
                "claimed_by, period_start, period_end, attempts, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'composing', ?, ?, ?, ?, 1, ?, ?) "
                "ON CONFLICT (guild_id, kind, scheduled_for) DO NOTHING RETURNING id",
                (str(run.guild_id), run.kind.value, to_text(run.scheduled_for), str(run.channel_id),
                 run.ref, run.claimed_by, to_text(run.period_start), to_text(run.period_end),
                 to_text(run.created_at), to_text(run.created_at)))
            if run_id is None:
                return None
        return await self.get_run(int(run_id))

    async def record_missed(self, guild_id: int, scheduled_for: datetime, channel_id: int,
                            reason: str, now: datetime) -> bool:
        """Record an occurrence that will never run; False if it already had a row."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "INSERT INTO digest_runs (guild_id, kind, scheduled_for, channel_id, state, ref, "
                "error, created_at, updated_at) VALUES (?, 'scheduled', ?, ?, 'skipped', '', ?, "
                "?, ?) ON CONFLICT (guild_id, kind, scheduled_for) DO NOTHING",
                (str(guild_id), to_text(scheduled_for), str(channel_id), reason, to_text(now),
                 to_text(now)))
            return changed == 1

    async def reclaim(self, run_id: int, expected: DigestRun, owner: str,
                      now: datetime) -> DigestRun | None:
        """Take over an open run (stale "composing" or retryable "failed") if nobody else did."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE digest_runs SET state = 'composing', claimed_by = ?, "
                "attempts = attempts + 1, retryable = 0, updated_at = ? "
                "WHERE id = ? AND state = ? AND attempts = ? AND claimed_by IS NOT DISTINCT FROM ?",
                (owner, to_text(now), run_id, expected.state.value, expected.attempts,
                 expected.claimed_by))
            if changed != 1:
                return None
        return await self.get_run(run_id)

    async def finish_sent(self, run_id: int, message_ids: Iterable[int], article_count: int,
                          now: datetime) -> None:
        await self._finish(run_id, "state = 'sent', message_ids = ?, article_count = ?, "
                           "error = NULL", (json.dumps([str(i) for i in message_ids]),
                                            article_count), now)

    async def finish_skipped(self, run_id: int, reason: str, now: datetime, *,
                             covered: bool) -> None:
        """``covered``: the run's period counts as digested (it was empty), else forgotten."""
        period = "" if covered else ", period_start = NULL, period_end = NULL"
        await self._finish(run_id, f"state = 'skipped', error = ?, article_count = 0{period}",
                           (reason,), now)

    async def finish_failed(self, run_id: int, error: str, now: datetime, *,
                            retryable: bool, message_ids: Iterable[int] = ()) -> None:
        await self._finish(run_id, "state = 'failed', error = ?, retryable = ?, message_ids = ?",
                           (error, int(retryable), json.dumps([str(i) for i in message_ids])),
                           now)

    async def give_up(self, run_id: int, now: datetime) -> None:
        """A failed run will not be retried any more."""
        await self._finish(run_id, "retryable = 0", (), now, state="failed")

    async def _finish(self, run_id: int, assignments: str, parameters: tuple[Any, ...],
                      now: datetime, state: str = "composing") -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                f"UPDATE digest_runs SET {assignments}, updated_at = ? "
                "WHERE id = ? AND state = ?", (*parameters, to_text(now), run_id, state))

    async def get_run(self, run_id: int) -> DigestRun | None:
        row = await self._db.fetch_one("SELECT * FROM digest_runs WHERE id = ?", (run_id,))
        return None if row is None else _run(row)

    async def find_run(self, guild_id: int, kind: RunKind,
                       scheduled_for: datetime) -> DigestRun | None:
        row = await self._db.fetch_one(
            "SELECT * FROM digest_runs WHERE guild_id = ? AND kind = ? AND scheduled_for = ?",
            (str(guild_id), kind.value, to_text(scheduled_for)))
        return None if row is None else _run(row)

    async def latest_run(self, guild_id: int) -> DigestRun | None:
        row = await self._db.fetch_one(
            "SELECT * FROM digest_runs WHERE guild_id = ? ORDER BY created_at DESC, id DESC "
            "LIMIT 1", (str(guild_id),))
        return None if row is None else _run(row)

    async def runs(self, guild_id: int) -> list[DigestRun]:
        rows = await self._db.fetch_all(
            "SELECT * FROM digest_runs WHERE guild_id = ? ORDER BY scheduled_for, id",
            (str(guild_id),))
        return [_run(row) for row in rows]

    async def count_runs(self, state: RunState) -> int:
        """How many runs, of every guild, are in ``state`` (e.g. how many digests were sent)."""
        return int(await self._db.scalar(
            "SELECT count(*) FROM digest_runs WHERE state = ?", (state.value,)))

    async def open_runs(self, guild_id: int | None = None) -> list[DigestRun]:
        """Runs still to finish: "composing" ones, and failures that may be retried."""
        sql = ("SELECT * FROM digest_runs WHERE (state = 'composing' "
               "OR (state = 'failed' AND retryable = 1))")
        parameters: tuple[Any, ...] = ()
        if guild_id is not None:
            sql += " AND guild_id = ?"
            parameters = (str(guild_id),)
        rows = await self._db.fetch_all(sql + " ORDER BY id", parameters)
        return [_run(row) for row in rows]

    async def last_scheduled(self) -> dict[int, datetime]:
        """Per guild, the latest occurrence that has a row (whatever its state)."""
        rows = await self._db.fetch_all(
            "SELECT guild_id, MAX(scheduled_for) AS latest FROM digest_runs "
            "WHERE kind = 'scheduled' GROUP BY guild_id")
        return {int(row["guild_id"]): from_text(row["latest"]) for row in rows}

    async def covered_until(self, guild_id: int) -> datetime | None:
        """End of the latest period a digest covered (posted, or found empty)."""
        value = await self._db.scalar(
            "SELECT MAX(period_end) FROM digest_runs WHERE guild_id = ? "
            "AND state IN ('sent', 'skipped') AND period_end IS NOT NULL", (str(guild_id),))
        return None if value is None else from_text(value)

    async def first_occurrence(self, guild_id: int) -> datetime | None:
        value = await self._db.scalar(
            "SELECT MIN(scheduled_for) FROM digest_runs WHERE guild_id = ?", (str(guild_id),))
        return None if value is None else from_text(value)

    # --- what a digest shows ------------------------------------------------------------

    async def candidates(self, scope: str, start: datetime,
                         end: datetime) -> list[DigestCandidate]:
        """Articles in ``scope`` first shared in [start, end), with shares up to ``end``."""
        rows = await self._db.fetch_all(
            """
            SELECT a.id, a.title, a.canonical_url, a.original_url, a.summary, a.published,
                   MIN(s.shared_at) AS first_shared, MAX(s.shared_at) AS last_shared,
                   COUNT(s.id) AS share_count
            FROM articles AS a JOIN shares AS s ON s.article_id = a.id
            WHERE a.scope = ? AND s.shared_at < ?
              AND a.id IN (SELECT article_id FROM shares WHERE shared_at >= ? AND shared_at < ?)
            GROUP BY a.id
            HAVING MIN(s.shared_at) >= ?
            ORDER BY a.id
            """,
            (scope, to_text(end), to_text(start), to_text(end), to_text(start)))
        ids = [int(row["id"]) for row in rows]
        tags = await self._tags(ids)
        sharers = await self._sharers(ids, end)
        return [
            DigestCandidate(
                article_id=row["id"], title=row["title"],
                url=row["canonical_url"] or row["original_url"],
                summary=tuple(json.loads(row["summary"])), tags=tags.get(row["id"], ()),
                first_shared_at=from_text(row["first_shared"]),
                last_shared_at=from_text(row["last_shared"]), share_count=row["share_count"],
                sharers=sharers.get(row["id"], frozenset()), published=row["published"])
            for row in rows
        ]

    async def _sharers(self, article_ids: list[int], end: datetime
                       ) -> dict[int, frozenset[str]]:
        """Who shared each article before ``end``: a member's id, or a name without one."""
        if not article_ids:
            return {}
        marks = ", ".join("?" for _ in article_ids)
        rows = await self._db.fetch_all(
            "SELECT DISTINCT article_id, coalesce(sharer_id, sharer_name) AS sharer "
            f"FROM shares WHERE article_id IN ({marks}) AND shared_at < ?",
            (*article_ids, to_text(end)))
        found: dict[int, set[str]] = {}
        for row in rows:
            if row["sharer"] is not None:
                found.setdefault(int(row["article_id"]), set()).add(row["sharer"])
        return {article_id: frozenset(names) for article_id, names in found.items()}

    async def _tags(self, article_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        ids = list(article_ids)
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = await self._db.fetch_all(
            f"SELECT article_id, tag FROM article_tags WHERE article_id IN ({marks}) "
            "ORDER BY article_id, position", ids)
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row["article_id"], []).append(row["tag"])
        return {article_id: tuple(names) for article_id, names in found.items()}


def _day_mask(days: Collection[int]) -> int:
    return sum(1 << day for day in set(days))


def _days(mask: int) -> frozenset[int]:
    return frozenset(day for day in range(7) if mask & (1 << day))


def _settings(row: Row) -> DigestSettings:
    return DigestSettings(
        guild_id=int(row["guild_id"]), channel_id=int(row["channel_id"]),
        local_time=row["local_time"], timezone=row["timezone"],
        anchor_at=from_text(row["anchor_at"]), weekdays=_days(row["weekdays"]),
        max_items=row["max_items"], empty_note=bool(row["empty_note"]),
        enabled=bool(row["enabled"]))


def _run(row: Row) -> DigestRun:
    return DigestRun(
        id=row["id"], guild_id=int(row["guild_id"]), kind=RunKind(row["kind"]),
        scheduled_for=from_text(row["scheduled_for"]), channel_id=int(row["channel_id"]),
        state=RunState(row["state"]), ref=row["ref"], claimed_by=row["claimed_by"],
        period_start=optional_from_text(row["period_start"]),
        period_end=optional_from_text(row["period_end"]), article_count=row["article_count"],
        message_ids=tuple(int(i) for i in json.loads(row["message_ids"])), error=row["error"],
        retryable=bool(row["retryable"]), attempts=row["attempts"],
        created_at=from_text(row["created_at"]), updated_at=from_text(row["updated_at"]))


def _unusable_notice_key(guild_id: int) -> str:
    return f"digest.unusable_notice.{guild_id}"
