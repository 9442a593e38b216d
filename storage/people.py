"""People named in one scope's articles: suggestions, lookups, profiles, the most frequent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.briefs import BRIEF_COLUMNS, brief, name_count, prefix_bounds
from storage.database import Database
from storage.models import ArticleBrief, NameCount
from storage.timestamps import to_text

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
            _COUNTS.format(where="AND ((p.person_key >= ? AND p.person_key < ?) "
                                 "OR (p.surname_key >= ? AND p.surname_key < ?))"),
            (scope, low, high, low, high, limit))
        return [name_count(row) for row in rows]

    async def containing(self, scope: str, words: str, limit: int = 50) -> list[NameCount]:
        """People whose folded name contains ``words``: candidates for a name lookup."""
        rows = await self._db.fetch_all(
            _COUNTS.format(where="AND instr(p.person_key, ?) > 0"), (scope, words, limit))
        return [name_count(row) for row in rows]

    async def named_by(self, scope: str, words: Sequence[str], limit: int = 10
                       ) -> list[NameCount]:
        """People whose surname or full name is one of ``words`` (folded words, phrases)."""
        if not words:
            return []
        marks = ", ".join("?" for _ in words)
        rows = await self._db.fetch_all(
            _COUNTS.format(where=f"AND (p.surname_key IN ({marks}) OR p.person_key IN ({marks}))"),
            (scope, *words, *words, limit))
        return [name_count(row) for row in rows]

    async def top(self, scope: str, since: datetime, limit: int = 15) -> list[NameCount]:
        rows = await self._db.fetch_all(
            _COUNTS.format(where="AND a.created_at >= ?"), (scope, to_text(since), limit))
        return [name_count(row) for row in rows]

    async def profile(self, scope: str, key: str, *, articles: int = 5, quotes: int = 3,
                      related: int = 5) -> PersonProfile | None:
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, p.name AS person_name, p.role "
            "FROM article_people AS p JOIN articles AS a ON a.id = p.article_id "
            "WHERE a.scope = ? AND p.person_key = ? ORDER BY a.created_at DESC, a.id DESC",
            (scope, key))
        if not rows:
            return None
        briefs = [brief(row) for row in rows]
        roles: list[str] = []
        for row in rows:
            if row["role"] and row["role"] not in roles:
                roles.append(row["role"])
        quote_rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, s.sentence FROM person_sentences AS s "
            "JOIN articles AS a ON a.id = s.article_id "
            "WHERE a.scope = ? AND s.person_key = ? AND s.kind = 'quote' "
            "ORDER BY a.created_at DESC, a.id DESC, s.position LIMIT ?",
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
            "FROM article_people AS p JOIN articles AS a ON a.id = p.article_id "
            "JOIN article_people AS o ON o.article_id = p.article_id "
            "AND o.person_key != p.person_key "
            "WHERE a.scope = ? AND p.person_key = ? "
            "GROUP BY o.person_key ORDER BY n DESC, o.person_key LIMIT ?",
            (scope, key, related))
        topics = await self._db.fetch_all(
            "SELECT t.tag_key AS key, max(t.tag) AS name, count(*) AS n "
            "FROM article_people AS p JOIN articles AS a ON a.id = p.article_id "
            "JOIN article_tags AS t ON t.article_id = p.article_id "
            "WHERE a.scope = ? AND p.person_key = ? AND NOT EXISTS ("
            "  SELECT 1 FROM article_people AS x "
            "  WHERE x.article_id = t.article_id AND x.person_key = t.tag_key) "
            "GROUP BY t.tag_key ORDER BY n DESC, t.tag_key LIMIT ?",
            (scope, key, related))
        return PersonProfile(
            key=key, name=max(row["person_name"] for row in rows), roles=tuple(roles),
            article_count=len(briefs), first_seen=min(b.created_at for b in briefs),
            last_seen=max(b.created_at for b in briefs), latest=tuple(briefs[:articles]),
            quotes=tuple(chosen[:quotes]), people=tuple(name_count(r) for r in people),
            topics=tuple(name_count(r) for r in topics))

    async def sentences(self, scope: str, keys: Sequence[str], limit: int = 60
                        ) -> list[Mention]:
        """Sentences that mention or quote these people, latest articles first."""
        if not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, s.sentence, s.kind FROM person_sentences AS s "
            "JOIN articles AS a ON a.id = s.article_id "
            f"WHERE a.scope = ? AND s.person_key IN ({marks}) "
            "ORDER BY a.created_at DESC, a.id DESC, s.kind, s.position LIMIT ?",
            (scope, *keys, limit))
        return [Mention(row["sentence"], brief(row), row["kind"]) for row in rows]

    async def roles(self, scope: str, key: str) -> list[str]:
        rows = await self._db.fetch_all(
            "SELECT p.role FROM article_people AS p JOIN articles AS a ON a.id = p.article_id "
            "WHERE a.scope = ? AND p.person_key = ? AND p.role IS NOT NULL "
            "ORDER BY a.created_at DESC", (scope, key))
        return [row["role"] for row in rows]
