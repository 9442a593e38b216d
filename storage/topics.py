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
# the latest article's created_at.
_STATS = """
    SELECT tag_key AS key, name, n FROM topic_stats
    WHERE scope = ? {where}
    ORDER BY n DESC, last_at DESC, tag_key LIMIT ?
"""

# The period's ranking: a topic weighs its articles, but on a site that posts at least
# _SECTION_MIN_ARTICLES articles in the period, a topic on _SECTION_SHARE of them or more is
# the site's section label ("Front Page", "Opinion") and each of its articles there weighs
# _SECTION_WEIGHT; key phrases found in the text (derived) weigh _DERIVED_WEIGHT against the
# pages' own tags. Ties go to the topic more people shared, then the more articles, the latest.
_SECTION_MIN_ARTICLES = 4
_SECTION_SHARE = 0.75
_SECTION_WEIGHT = 0.25
_DERIVED_WEIGHT = 0.5
# An article's site: its declared name, else the host of its URL.
_HOST = ("substr({u}, instr({u}, '//') + 2, "
         "instr(substr({u}, instr({u}, '//') + 2) || '/', '/') - 1)")
_SITE = ("coalesce(nullif(a.site_name, ''), "
         + _HOST.format(u="coalesce(a.canonical_url, a.original_url, '')") + ")")
_RANKING = f"""
    WITH recent AS (
        SELECT a.id, a.created_at, {_SITE} AS site FROM articles AS a
        WHERE a.scope = ? AND a.created_at >= ?
    ),
    site_sizes AS (SELECT site, count(*) AS n FROM recent GROUP BY site),
    per_site AS (
        SELECT t.tag_key, r.site, max(t.tag) AS name, count(*) AS n,
               sum(CASE WHEN t.derived = 1 THEN {_DERIVED_WEIGHT} ELSE 1.0 END) AS weight,
               max(r.created_at) AS last_at
        FROM article_tags AS t JOIN recent AS r ON r.id = t.article_id
        GROUP BY t.tag_key, r.site
    ),
    ranked AS (
        SELECT p.tag_key, max(p.name) AS name, sum(p.n) AS n, max(p.last_at) AS last_at,
               sum(CASE WHEN s.n >= {_SECTION_MIN_ARTICLES} AND p.n >= {_SECTION_SHARE} * s.n
                        THEN {_SECTION_WEIGHT} * p.weight ELSE p.weight END) AS weight
        FROM per_site AS p JOIN site_sizes AS s ON s.site = p.site
        GROUP BY p.tag_key
    )
    SELECT g.tag_key AS key, g.name, g.n,
           (SELECT count(DISTINCT sh.sharer_id) FROM article_tags AS t
            JOIN recent AS r ON r.id = t.article_id JOIN shares AS sh ON sh.article_id = r.id
            WHERE t.tag_key = g.tag_key) AS sharers
    FROM ranked AS g
    ORDER BY g.weight DESC, sharers DESC, g.n DESC, g.last_at DESC, g.tag_key LIMIT ?
"""


class TopicRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def forget_summaries(self) -> None:
        """Drop every stored topic summary: each topic's next page computes its own again."""
        async with self._db.transaction() as connection:
            await connection.execute("DELETE FROM topic_summaries")

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
        """The topics people would pick among the articles stored since ``since``: most
        articles first, a site's section labels and derived key phrases weighing less."""
        rows = await self._db.fetch_all(_RANKING, (scope, to_text(since), limit))
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
