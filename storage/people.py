"""People named in one scope's articles: suggestions, lookups, profiles, the most frequent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.briefs import BRIEF_COLUMNS, brief, name_count, prefix_bounds
from storage.database import Connection, Database
from storage.models import ArticleBrief, NameCount
from storage.timestamps import from_text, to_text

# Per-scope counts kept by triggers (migration 005): name is max(name) over the scope's
# articles, n the articles naming the person, last_at the latest one's created_at.
_STATS = """
    SELECT person_key AS key, name, n FROM person_stats
    WHERE scope = ? {where}
    ORDER BY n DESC, last_at DESC, person_key LIMIT ?
"""

# max(name) picks one written form; accented forms sort after plain ones, so they win.
_COUNTS = """
    SELECT p.person_key AS key, max(p.name) AS name, count(*) AS n
    FROM article_people AS p JOIN articles AS a ON a.id = p.article_id
    WHERE a.scope = ? {where}
    GROUP BY p.person_key ORDER BY n DESC, max(a.created_at) DESC, p.person_key LIMIT ?
"""


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    article: ArticleBrief


@dataclass(frozen=True, slots=True)
class Mention:
    sentence: str
    article: ArticleBrief
    kind: str  # "mention" or "quote"


@dataclass(frozen=True, slots=True)
class PersonProfile:
    key: str
    name: str
    roles: tuple[str, ...]  # latest first, distinct
    article_count: int
    first_seen: datetime
    last_seen: datetime
    latest: tuple[ArticleBrief, ...]
    quotes: tuple[Quote, ...]
    people: tuple[NameCount, ...]  # seen in the same articles
    topics: tuple[NameCount, ...]


class PeopleRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def suggest(self, scope: str, prefix: str, limit: int = 25) -> list[NameCount]:
        """People whose folded full name or surname starts with ``prefix``."""
        low, high = prefix_bounds(prefix)
        rows = await self._db.fetch_all(
            _STATS.format(where="AND ((person_key >= ? AND person_key < ?) "
                                "OR (surname_key >= ? AND surname_key < ?))"),
            (scope, low, high, low, high, limit))
        return [name_count(row) for row in rows]

    async def containing(self, scope: str, words: str, limit: int = 50) -> list[NameCount]:
        """People whose folded name contains ``words``: candidates for a name lookup."""
        rows = await self._db.fetch_all(
            _STATS.format(where="AND instr(person_key, ?) > 0"), (scope, words, limit))
        return [name_count(row) for row in rows]

    async def named_by(self, scope: str, words: Sequence[str], limit: int = 10
                       ) -> list[NameCount]:
        """People whose surname or full name is one of ``words`` (folded words, phrases)."""
        if not words:
            return []
        marks = ", ".join("?" for _ in words)
        rows = await self._db.fetch_all(
            _STATS.format(where=f"AND (surname_key IN ({marks}) OR person_key IN ({marks}))"),
            (scope, *words, *words, limit))
        return [name_count(row) for row in rows]

    async def top(self, scope: str, since: datetime, limit: int = 15) -> list[NameCount]:
        rows = await self._db.fetch_all(
            _COUNTS.format(where="AND a.created_at >= ?"), (scope, to_text(since), limit))
        return [name_count(row) for row in rows]

    async def profile(self, scope: str, key: str, *, articles: int = 5, quotes: int = 3,
                      related: int = 5) -> PersonProfile | None:
        # Every query starts from the scope's own rows for this person (person_articles), so
        # its cost follows how often the person is named here, not in every server.
        stats = await self._db.fetch_one(
            "SELECT name, n, last_at, (SELECT min(x.created_at) FROM person_articles AS x "
            "WHERE x.scope = s.scope AND x.person_key = s.person_key) AS first_at "
            "FROM person_stats AS s WHERE s.scope = ? AND s.person_key = ?", (scope, key))
        if stats is None:
            return None
        latest = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS} FROM person_articles AS x "
            "JOIN articles AS a ON a.id = x.article_id "
            "WHERE x.scope = ? AND x.person_key = ? "
            "ORDER BY x.created_at DESC, x.article_id DESC LIMIT ?", (scope, key, articles))
        role_rows = await self._db.fetch_all(
            "SELECT p.role FROM person_articles AS x JOIN article_people AS p "
            "ON p.article_id = x.article_id AND p.person_key = x.person_key "
            "WHERE x.scope = ? AND x.person_key = ? AND p.role IS NOT NULL "
            "ORDER BY x.created_at DESC, x.article_id DESC", (scope, key))
        roles = list(dict.fromkeys(row["role"] for row in role_rows))
        quote_rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, s.sentence FROM person_articles AS x "
            "JOIN person_sentences AS s ON s.article_id = x.article_id "
            "AND s.person_key = x.person_key AND s.kind = 'quote' "
            "JOIN articles AS a ON a.id = x.article_id "
            "WHERE x.scope = ? AND x.person_key = ? "
            "ORDER BY x.created_at DESC, x.article_id DESC, s.position LIMIT ?",
            (scope, key, quotes * 4))
        chosen: list[Quote] = []
        for row in quote_rows:  # one quote per article first, then the rest
            if all(quote.article.id != row["id"] for quote in chosen):
                chosen.append(Quote(row["sentence"], brief(row)))
        for row in quote_rows:
            if all(quote.text != row["sentence"] for quote in chosen):
                chosen.append(Quote(row["sentence"], brief(row)))
        people = await self._db.fetch_all(
            "SELECT o.person_key AS key, max(o.name) AS name, count(*) AS n "
            "FROM person_articles AS x "
            "JOIN article_people AS o ON o.article_id = x.article_id "
            "AND o.person_key != x.person_key "
            "WHERE x.scope = ? AND x.person_key = ? "
            "GROUP BY o.person_key ORDER BY n DESC, o.person_key LIMIT ?",
            (scope, key, related))
        topics = await self._db.fetch_all(
            "SELECT t.tag_key AS key, max(t.tag) AS name, count(*) AS n "
            "FROM person_articles AS x "
            "JOIN article_tags AS t ON t.article_id = x.article_id "
            "WHERE x.scope = ? AND x.person_key = ? AND NOT EXISTS ("
            "  SELECT 1 FROM article_people AS y "
            "  WHERE y.article_id = t.article_id AND y.person_key = t.tag_key) "
            "GROUP BY t.tag_key ORDER BY n DESC, t.tag_key LIMIT ?",
            (scope, key, related))
        return PersonProfile(
            key=key, name=stats["name"], roles=tuple(roles), article_count=int(stats["n"]),
            first_seen=from_text(stats["first_at"]), last_seen=from_text(stats["last_at"]),
            latest=tuple(brief(row) for row in latest),
            quotes=tuple(chosen[:quotes]), people=tuple(name_count(r) for r in people),
            topics=tuple(name_count(r) for r in topics))

    async def sentences(self, scope: str, keys: Sequence[str], limit: int = 60
                        ) -> list[Mention]:
        """Sentences that mention or quote these people, latest articles first."""
        if not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        # Every article has at least one sentence per person, so the latest ``limit`` articles
        # hold the answer: only their sentences are read and sorted.
        rows = await self._db.fetch_all(
            "WITH recent AS ("
            "  SELECT DISTINCT article_id, created_at FROM person_articles "
            f"  WHERE scope = ? AND person_key IN ({marks}) "
            "  ORDER BY created_at DESC, article_id DESC LIMIT ?) "
            f"SELECT {BRIEF_COLUMNS}, s.sentence, s.kind FROM recent AS r "
            "JOIN person_sentences AS s ON s.article_id = r.article_id "
            "JOIN articles AS a ON a.id = r.article_id "
            f"WHERE s.person_key IN ({marks}) "
            "ORDER BY r.created_at DESC, r.article_id DESC, s.kind, s.position LIMIT ?",
            (scope, *keys, limit, *keys, limit))
        return [Mention(row["sentence"], brief(row), row["kind"]) for row in rows]

    async def latest_articles(self, scope: str, keys: Sequence[str], limit: int) -> list[int]:
        """Ids of the latest ``limit`` articles naming any of these people, latest first
        (read from the index alone)."""
        if not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        rows = await self._db.fetch_all(
            "SELECT DISTINCT article_id, created_at FROM person_articles "
            f"WHERE scope = ? AND person_key IN ({marks}) "
            "ORDER BY created_at DESC, article_id DESC LIMIT ?", (scope, *keys, limit))
        return [int(row["article_id"]) for row in rows]

    async def roles(self, scope: str, keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Each person's distinct roles in the scope, latest first: one query for all of
        them (a question can name ten people sharing a surname)."""
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        rows = await self._db.fetch_all(
            "SELECT x.person_key AS key, p.role FROM person_articles AS x "
            "JOIN article_people AS p "
            "ON p.article_id = x.article_id AND p.person_key = x.person_key "
            f"WHERE x.scope = ? AND x.person_key IN ({marks}) AND p.role IS NOT NULL "
            "ORDER BY x.created_at DESC, x.article_id DESC", (scope, *keys))
        roles: dict[str, dict[str, None]] = {key: {} for key in keys}
        for row in rows:
            roles[row["key"]][row["role"]] = None
        return {key: tuple(found) for key, found in roles.items()}


async def merge_surname_mentions(connection: Connection, article_id: int) -> None:
    """One person across a scope's articles: "Trump" alone is "Donald Trump" when the scope
    knows exactly one person of that surname (in the same transaction as the article).

    A surname written alone in one article (recognition keeps it when the text titles or
    quotes the person) joins the only full name in the scope with that surname; when a full
    name arrives first in a scope, the earlier surname-only rows join it. With two people of
    one surname in the scope ("Joe Biden", "Hunter Biden") a later "Biden" stays apart.
    Rows already joined stay joined when a second person of the surname arrives later.
    """
    scope = await _one(connection, "SELECT scope FROM articles WHERE id = ?", (article_id,))
    if scope is None:
        return
    rows = await _all(connection, "SELECT person_key, surname_key, name FROM article_people "
                                  "WHERE article_id = ?", (article_id,))
    for key, surname, name in rows:
        holders = await _all(
            connection, "SELECT person_key, name FROM person_stats WHERE scope = ? "
                        "AND surname_key = ? AND person_key != surname_key", (scope, surname))
        if key == surname:  # a surname alone: join the one full name, if there is one
            if len(holders) == 1:
                await _rekey(connection, article_id, key, holders[0][0], holders[0][1])
        elif [holder for holder, _ in holders] == [key]:  # the first full name of a surname
            earlier = await _all(
                connection, "SELECT article_id FROM person_articles "
                            "WHERE scope = ? AND person_key = ?", (scope, surname))
            for (other,) in earlier:
                await _rekey(connection, other, surname, key, name)


async def _rekey(connection: Connection, article_id: int, old: str, new: str,
                 name: str) -> None:
    """Move one article's row of a person (and its sentences) from key ``old`` to ``new``."""
    if await _one(connection, "SELECT 1 FROM article_people WHERE article_id = ? "
                              "AND person_key = ?", (article_id, new)) is None:
        await connection.execute(
            "INSERT INTO article_people (article_id, person_key, surname_key, name, role, "
            "mention_count, position) SELECT article_id, ?, surname_key, ?, role, "
            "mention_count, position FROM article_people WHERE article_id = ? "
            "AND person_key = ?", (new, name, article_id, old))
        await connection.execute(
            "INSERT INTO person_sentences (article_id, person_key, kind, position, sentence) "
            "SELECT article_id, ?, kind, position, sentence FROM person_sentences "
            "WHERE article_id = ? AND person_key = ? ON CONFLICT DO NOTHING",
            (new, article_id, old))
    # The delete cascades to the old sentences; the triggers keep the per-scope counts.
    await connection.execute("DELETE FROM article_people WHERE article_id = ? "
                             "AND person_key = ?", (article_id, old))


async def _one(connection: Connection, sql: str, parameters: tuple[Any, ...]) -> Any:
    return await connection.scalar(sql, parameters)


async def _all(connection: Connection, sql: str, parameters: tuple[Any, ...]
               ) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await connection.fetch_all(sql, parameters)]
