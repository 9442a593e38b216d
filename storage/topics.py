"""Topics (article tags) of one scope: suggestions, articles on a topic, the most frequent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from storage.briefs import BRIEF_COLUMNS, brief, name_count, prefix_bounds
from storage.database import Database
from storage.models import ArticleBrief, NameCount
from storage.timestamps import to_text

# Per-scope counts kept by triggers (migration 005): name is max(tag), n the articles, last_at
# the latest article's created_at, so the order matches _COUNTS below.
_STATS = """
    SELECT tag_key AS key, name, n FROM topic_stats
    WHERE scope = ? {where}
    ORDER BY n DESC, last_at DESC, tag_key LIMIT ?
"""

# max(tag) picks one written form; accented forms sort after plain ones, so they win.
_COUNTS = """
    SELECT t.tag_key AS key, max(t.tag) AS name, count(*) AS n
    FROM article_tags AS t JOIN articles AS a ON a.id = t.article_id
    WHERE a.scope = ? {where}
    GROUP BY t.tag_key ORDER BY n DESC, max(a.created_at) DESC, t.tag_key LIMIT ?
"""


class TopicRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def suggest(self, scope: str, prefix: str, limit: int = 25) -> list[NameCount]:
        """Topics whose key starts with ``prefix`` (already a topic key), most used first."""
        low, high = prefix_bounds(prefix)
        rows = await self._db.fetch_all(
            _STATS.format(where="AND tag_key >= ? AND tag_key < ?"), (scope, low, high, limit))
        return [name_count(row) for row in rows]

    async def find(self, scope: str, keys: Sequence[str]) -> list[NameCount]:
        """Which of ``keys`` are topics in this scope."""
        if not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        rows = await self._db.fetch_all(
            _STATS.format(where=f"AND tag_key IN ({marks})"), (scope, *keys, len(keys)))
        return [name_count(row) for row in rows]

    async def top(self, scope: str, since: datetime, limit: int = 15) -> list[NameCount]:
        """The topics of the most articles stored since ``since``."""
        rows = await self._db.fetch_all(
            _COUNTS.format(where="AND a.created_at >= ?"), (scope, to_text(since), limit))
        return [name_count(row) for row in rows]

    async def articles(self, scope: str, key: str, limit: int, offset: int = 0
                       ) -> list[ArticleBrief]:
        """The topic's articles, latest first."""
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS} FROM topic_articles AS t "
            "JOIN articles AS a ON a.id = t.article_id "
            "WHERE t.scope = ? AND t.tag_key = ? "
            "ORDER BY t.created_at DESC, t.article_id DESC LIMIT ? OFFSET ?",
            (scope, key, limit, offset))
        return [brief(row) for row in rows]

    async def count(self, scope: str, key: str) -> int:
        return int(await self._db.scalar(
            "SELECT coalesce(max(n), 0) FROM topic_stats WHERE scope = ? AND tag_key = ?",
            (scope, key)))

    async def summaries(self, scope: str, key: str, limit: int = 30) -> list[tuple[str, ...]]:
        """The stored summaries of the topic's latest articles, for a summary across them."""
        rows = await self._db.fetch_all(
            "SELECT a.summary FROM topic_articles AS t JOIN articles AS a ON a.id = t.article_id "
            "WHERE t.scope = ? AND t.tag_key = ? "
            "ORDER BY t.created_at DESC, t.article_id DESC LIMIT ?",
            (scope, key, limit))
        return [tuple(json.loads(row["summary"])) for row in rows]

    async def cached_summary(self, scope: str, key: str, basis: str) -> tuple[str, ...] | None:
        """The topic's summary if it was computed from the input ``basis`` names."""
        row = await self._db.fetch_one(
            "SELECT sentences FROM topic_summaries WHERE scope = ? AND tag_key = ? "
            "AND basis = ?", (scope, key, basis))
        return None if row is None else tuple(json.loads(row["sentences"]))

    async def store_summary(self, scope: str, key: str, basis: str,
                            sentences: Sequence[str]) -> None:
        """Keep the topic's summary with its input's digest, replacing an older one."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO topic_summaries (scope, tag_key, basis, sentences) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (scope, tag_key) DO UPDATE SET "
                "basis = excluded.basis, sentences = excluded.sentences",
                (scope, key, basis, json.dumps(list(sentences), ensure_ascii=False)))
