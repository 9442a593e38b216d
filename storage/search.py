"""Full-text search over one scope's articles (FTS5, BM25) with filters.

The caller passes an FTS5 query that is already safe (every term quoted); filters are plain
values bound as parameters, never spliced into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.briefs import BRIEF_COLUMNS, brief
from storage.database import Database
from storage.models import ArticleBrief

SNIPPET_START = "\x02"  # marks around matched terms in snippets; the renderer picks the style
SNIPPET_END = "\x03"
# Title matches weigh more than body matches; the scope column (a filter) weighs nothing.
_RANK = "bm25(articles_fts, 4.0, 1.0, 0.0)"


@dataclass(frozen=True, slots=True)
class SearchFilter:
    match: str | None = None  # a safe FTS5 query, or None to list by recency
    tag_keys: tuple[str, ...] = ()
    person_keys: tuple[str, ...] = ()  # folded: a full name, a surname or one name word
    sites: tuple[str, ...] = ()  # host names ("example.com") or site names, folded
    before: str | None = None  # "YYYY-MM-DD": shared before that day
    after: str | None = None  # "YYYY-MM-DD": shared on that day or later


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: ArticleBrief
    snippet: str | None


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    total: int


@dataclass(frozen=True, slots=True)
class TextHit:
    article: ArticleBrief
    text: str
    rank: float = 0.0


class SearchRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def search(self, scope: str, search: SearchFilter, limit: int, offset: int = 0
                     ) -> SearchPage:
        where, parameters = _filters(scope, search)
        if search.match:
            match = scoped_match(scope, search.match)
            base = ("FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
                    f"WHERE articles_fts MATCH ? AND {where}")
            parameters = [match, *parameters]
            # Rank first, then build snippets for the page's rows only.
            rows = await self._db.fetch_all(
                f"WITH page AS (SELECT a.id AS id, {_RANK} AS rank, a.created_at AS created "
                f"{base} ORDER BY rank, a.created_at DESC LIMIT ? OFFSET ?) "
                f"SELECT {BRIEF_COLUMNS}, snippet(articles_fts, 1, '{SNIPPET_START}', "
                f"'{SNIPPET_END}', '…', 24) AS snip "
                "FROM page JOIN articles_fts ON articles_fts.rowid = page.id "
                "JOIN articles AS a ON a.id = page.id WHERE articles_fts MATCH ? "
                "ORDER BY page.rank, page.created DESC",
                (*parameters, limit, offset, match))
        else:
            base = f"FROM articles AS a WHERE {where}"
            rows = await self._db.fetch_all(
                f"SELECT {BRIEF_COLUMNS}, NULL AS snip {base} "
                "ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
                (*parameters, limit, offset))
        total = int(await self._db.scalar(f"SELECT count(*) {base}", parameters))
        return SearchPage(tuple(SearchHit(brief(row), row["snip"]) for row in rows), total)

    async def texts(self, scope: str, match: str, limit: int = 10) -> list[TextHit]:
        """The best-matching articles' full text, for picking answer sentences."""
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, a.text, {_RANK} AS rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND a.scope = ? ORDER BY {_RANK} LIMIT ?",
            (scoped_match(scope, match), scope, limit))
        return [TextHit(brief(row), row["text"], float(row["rank"])) for row in rows]

    async def texts_of(self, scope: str, article_ids: list[int]) -> list[TextHit]:
        if not article_ids:
            return []
        marks = ", ".join("?" for _ in article_ids)
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, a.text FROM articles AS a "
            f"WHERE a.scope = ? AND a.id IN ({marks})", (scope, *article_ids))
        return [TextHit(brief(row), row["text"]) for row in rows]


def scoped_match(scope: str, match: str) -> str:
    """The FTS5 query restricted to the scope's column (migration 005), so only the scope's
    matches are read and ranked; ``a.scope = ?`` stays in every query as the real filter."""
    return f'scope : "{scope.replace(chr(34), chr(34) * 2)}" AND ({match})'


def _filters(scope: str, search: SearchFilter) -> tuple[str, list[Any]]:
    clauses = ["a.scope = ?"]
    parameters: list[Any] = [scope]
    # Topics and people through the per-scope tables of migration 005.
    for key in search.tag_keys:
        clauses.append(
            "a.id IN (SELECT article_id FROM topic_articles WHERE scope = ? AND tag_key = ?)")
        parameters += [scope, key]
    for key in search.person_keys:
        clauses.append(
            "a.id IN (SELECT x.article_id FROM person_articles AS x WHERE x.scope = ? "
            "AND x.person_key IN (SELECT person_key FROM person_stats WHERE scope = ? "
            "AND (person_key = ? OR surname_key = ? "
            "OR instr(' ' || person_key || ' ', ' ' || ? || ' ') > 0)))")
        parameters += [scope, scope, key, key, key]
    if search.sites:
        alternatives = []
        for site in search.sites:
            pattern = _like_escape(site)
            for column in ("a.canonical_url", "a.original_url"):
                alternatives.append(
                    f"{column} LIKE ? ESCAPE '\\' OR {column} LIKE ? ESCAPE '\\' "
                    f"OR {column} LIKE ? ESCAPE '\\'")
                parameters += [f"%://{pattern}/%", f"%://{pattern}:%", f"%.{pattern}/%"]
                alternatives.append(f"{column} LIKE ? ESCAPE '\\'")
                parameters.append(f"%://{pattern}")
            alternatives.append("lower(a.site_name) = ?")
            parameters.append(site)
        clauses.append("(" + " OR ".join(alternatives) + ")")
    if search.before:
        clauses.append("a.created_at < ?")
        parameters.append(search.before)
    if search.after:
        clauses.append("a.created_at >= ?")
        parameters.append(search.after)
    return " AND ".join(clauses), parameters


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
