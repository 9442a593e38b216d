"""Full-text search over one scope's articles (FTS5, BM25) with filters.

The caller passes an FTS5 query that is already safe (every term quoted); filters are plain
values bound as parameters, never spliced into SQL.

A page of matches is ranked and counted inside the FTS index (rowids and BM25, the scope
restricted by its token in the index, filters as sets of ids); article rows, a few kilobytes
each, are read for the page's candidates only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from storage.briefs import BRIEF_COLUMNS, brief
from storage.database import Database
from storage.fts import TextQuery, fts_match
from storage.models import ArticleBrief
from storage.tsquery import TSQUERY, tsquery_text

SNIPPET_START = "\x02"  # marks around matched terms in snippets; the renderer picks the style
SNIPPET_END = "\x03"
# Title matches weigh more than body matches; the scope column (a filter) weighs nothing.
_RANK = "bm25(articles_fts, 4.0, 1.0, 0.0)"
# An article's date for before:/after:, exactly as migration 007 indexes it. A day sorts
# before any instant of that day ("2024-05-10" < "2024-05-10T09:00..."), so one comparison
# with "YYYY-MM-DD" suits both.
DATED = "coalesce(published, created_at)"
# Above this many matches of a date filter, a page is found by walking the scope latest first.
_DENSE_DATE_MATCHES = 200


@dataclass(frozen=True, slots=True)
class SearchFilter:
    text: TextQuery | None = None  # words to match, or None to list by recency
    tag_keys: tuple[str, ...] = ()
    person_keys: tuple[str, ...] = ()  # folded: a full name, a surname or one name word
    sites: tuple[str, ...] = ()  # host names ("example.com") or site names, folded
    # "YYYY-MM-DD", on the article's date: the day it was published, or, when the page gave
    # none, the day it was first shared here (DATED).
    before: str | None = None  # dated before that day
    after: str | None = None  # dated on that day or later


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
    notes: str | None = None  # the sentence notes of migration 008, when stored


class SearchRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def search(self, scope: str, search: SearchFilter, limit: int, offset: int = 0
                     ) -> SearchPage:
        if self._db.dialect == "postgresql":
            return await self._search_postgresql(scope, search, limit, offset)
        text = fts_match(search.text) if search.text else None
        if not text:
            return await self._latest(scope, search, limit, offset)
        match = scoped_match(scope, text)
        where, parameters = await self._id_filters(scope, search, "+articles_fts.rowid")
        ranked = await self._ranked(match, where, parameters, offset + limit)
        # Counted inside the index too: the scope's column already restricts the matches.
        total = int(await self._db.scalar(
            f"SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?{where}",
            (match, *parameters)))
        page = await self._order(scope, ranked, limit, offset)
        return SearchPage(await self._hits(scope, match, page), total)

    async def texts(self, scope: str, query: TextQuery, limit: int = 10) -> list[TextHit]:
        """The best-matching articles' full text, for picking answer sentences."""
        ranks = dict(await self.ranked_ids(scope, query, limit))
        if not ranks:
            return []
        hits = [replace(hit, rank=ranks[hit.article.id])
                for hit in await self.texts_of(scope, list(ranks))]
        return sorted(hits, key=lambda hit: hit.rank)

    async def texts_of(self, scope: str, article_ids: list[int]) -> list[TextHit]:
        """The articles' text and sentence notes (no rank), in no particular order."""
        if not article_ids:
            return []
        marks = ", ".join("?" for _ in article_ids)
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, a.text, n.notes FROM articles AS a "
            "LEFT JOIN article_sentence_notes AS n ON n.article_id = a.id "
            f"WHERE a.scope = ? AND a.id IN ({marks})", (scope, *article_ids))
        return [TextHit(brief(row), row["text"], notes=row["notes"]) for row in rows]

    async def ranked_ids(self, scope: str, query: TextQuery, limit: int
                         ) -> list[tuple[int, float]]:
        """(id, BM25 rank) of the scope's best ``limit`` matches, best (lowest) first; the
        article rows are not read."""
        if self._db.dialect == "postgresql":
            return await self._ranked_postgresql(scope, query, "", [], limit=limit, offset=0)
        match = fts_match(query)
        if not match:
            return []
        return (await self._ranked(scoped_match(scope, match), "", [], limit))[:limit]

    async def scope_size(self, scope: str) -> int:
        """How many articles the scope holds (counted on the scope's index)."""
        return int(await self._db.scalar("SELECT count(*) FROM articles WHERE scope = ?",
                                         (scope,)))

    async def some_matches(self, scope: str, query: TextQuery, limit: int) -> list[int]:
        """Up to ``limit`` ids of the scope's matches, unranked: cheap whatever the number
        of matches (the index stops reading at ``limit``), so ``limit + 1`` results tell
        that a term is common without counting it."""
        if self._db.dialect == "postgresql":
            text = tsquery_text(query)
            if text is None:
                return []
            rows = await self._db.fetch_all(
                f"SELECT id FROM articles WHERE scope = ? AND search @@ {TSQUERY} LIMIT ?",
                (scope, text, limit))
        else:
            match = fts_match(query)
            if not match:
                return []
            rows = await self._db.fetch_all(
                "SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?",
                (scoped_match(scope, match), limit))
        return [int(row["id"]) for row in rows]

    # --- PostgreSQL: the tsvector column and GIN index of migration 010 ----------------------

    async def _search_postgresql(self, scope: str, search: SearchFilter, limit: int,
                                 offset: int) -> SearchPage:
        text = tsquery_text(search.text) if search.text else None
        if text is None:
            return await self._latest(scope, search, limit, offset)
        where, parameters = _filters(scope, search)
        total = int(await self._db.scalar(
            f"SELECT count(*) FROM articles AS a WHERE {where} AND a.search @@ {TSQUERY}",
            (*parameters, text)))
        ranked = await self._ranked_postgresql(scope, search.text, where, parameters,
                                               limit=limit, offset=offset)
        page = [article_id for article_id, _rank in ranked]
        if not page:
            return SearchPage((), total)
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, ts_headline('newsbot', a.text, {TSQUERY}, "
            f"'StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxWords=24, MinWords=12, "
            "ShortWord=0, MaxFragments=1, FragmentDelimiter=…') AS snip "
            "FROM articles AS a WHERE a.scope = ? AND a.id = ANY(?)", (text, scope, page))
        found = {int(row["id"]): SearchHit(brief(row), _ellipsis(row["snip"])) for row in rows}
        return SearchPage(tuple(found[i] for i in page if i in found), total)

    async def _ranked_postgresql(self, scope: str, query: TextQuery | None, where: str,
                                 parameters: list[Any], *, limit: int, offset: int
                                 ) -> list[tuple[int, float]]:
        """(id, rank) of one page of matches, best (lowest) first like BM25's: ts_rank
        (term frequency) negated, title words weighing more (weight A), ties latest first."""
        text = tsquery_text(query) if query else None
        if text is None:
            return []
        if not where:
            where, parameters = "a.scope = ?", [scope]
        rows = await self._db.fetch_all(
            f"SELECT a.id, -ts_rank(a.search, q) AS rank "
            f"FROM articles AS a, {TSQUERY} AS q WHERE {where} AND a.search @@ q "
            "ORDER BY rank, a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
            (text, *parameters, limit, offset))
        return [(int(row["id"]), float(row["rank"])) for row in rows]

    async def _latest(self, scope: str, search: SearchFilter, limit: int, offset: int
                      ) -> SearchPage:
        """Filters only: the scope's matching articles, latest first."""
        where, parameters = _filters(scope, search)
        total = int(await self._db.scalar(f"SELECT count(*) FROM articles AS a WHERE {where}",
                                          parameters))
        # A date range picks its matches from the (scope, DATED) index, which then need
        # sorting by share time; when they are many, walking the scope's articles latest
        # first (the (scope, created_at, published) index of migration 007, which holds
        # DATED's columns too) reaches a page of them sooner and sorts nothing. The planner
        # cannot tell the two apart with the dates bound as parameters, so it is told.
        source = "articles AS a"
        if (search.before or search.after) and self._db.dialect == "sqlite":
            dense = total > _DENSE_DATE_MATCHES
            source += (" INDEXED BY articles_scope_created" if dense
                       else " INDEXED BY articles_scope_dated")
        # The page's ids first, from the indexes alone; then only their rows (a few
        # kilobytes each), so no sort ever carries a row.
        order = "ORDER BY a.created_at DESC, a.id DESC"
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS} FROM articles AS a WHERE a.id IN "
            f"(SELECT a.id FROM {source} WHERE {where} {order} LIMIT ? OFFSET ?) {order}",
            (*parameters, limit, offset))
        return SearchPage(tuple(SearchHit(brief(row), None) for row in rows), total)

    async def _id_filters(self, scope: str, search: SearchFilter, column: str
                          ) -> tuple[str, list[Any]]:
        """Conditions on an article id (`` AND ...`` each), for ranking inside the FTS index.

        Each is a set of the scope's ids built once per query; ``+`` keeps SQLite from
        running the full-text query once per id of the set instead of once in all.
        """
        filters = _key_filters(scope, search, column)
        if search.sites:
            # Read once from the covering index of migration 006, for ranking and counting.
            clause, values = _site_condition(search.sites)
            rows = await self._db.fetch_all(
                f"SELECT a.id FROM articles AS a WHERE a.scope = ? AND {clause}",
                (scope, *values))
            filters.append((f"{column} IN (SELECT value FROM json_each(?))",
                            [json.dumps([row["id"] for row in rows])]))
        if search.before or search.after:
            # The (scope, DATED) index of migration 007 holds the ids: no article row is read.
            dates = [(f"{DATED} < ?", search.before), (f"{DATED} >= ?", search.after)]
            clause = " AND ".join(condition for condition, value in dates if value)
            filters.append((f"{column} IN (SELECT id FROM articles WHERE scope = ? AND {clause})",
                            [scope, *(value for _, value in dates if value)]))
        where = "".join(f" AND {clause}" for clause, _ in filters)
        return where, [value for _, values in filters for value in values]

    async def _ranked(self, match: str, where: str, parameters: list[Any], wanted: int
                      ) -> list[tuple[int, float]]:
        """(id, rank) of at least the ``wanted`` best matches, best first, ranked inside the
        FTS index: no article row is read, so the cost is the matches' BM25 alone (reading
        each match's row for its date made common words cost several times more).

        Matches tied with the last wanted one are all included, so that ordering these
        candidates by (rank, latest first) gives the same page as ordering every match.
        """
        wanted = max(1, wanted)
        size = wanted + 1
        while True:
            rows = await self._db.fetch_all(
                f"SELECT rowid AS id, {_RANK} AS rank FROM articles_fts "
                f"WHERE articles_fts MATCH ?{where} ORDER BY rank LIMIT ?",
                (match, *parameters, size))
            ranked = [(int(row["id"]), float(row["rank"])) for row in rows]
            if len(ranked) < size or ranked[-1][1] != ranked[wanted - 1][1]:
                return ranked
            size *= 4  # a tie runs past the page's end: widen until it is whole

    async def _order(self, scope: str, ranked: list[tuple[int, float]], limit: int,
                     offset: int) -> list[int]:
        """The page's article ids: by rank, then latest first (the scope is checked here)."""
        if not ranked:
            return []
        rows = await self._db.fetch_all(
            "SELECT a.id, a.created_at FROM json_each(?) AS j "
            "CROSS JOIN articles AS a ON a.id = j.value WHERE a.scope = ?",
            (json.dumps([article_id for article_id, _ in ranked]), scope))
        created = {int(row["id"]): str(row["created_at"]) for row in rows}
        ranks = dict(ranked)
        ordered = sorted(created, reverse=True)  # stable sorts: last key applied first
        ordered.sort(key=created.__getitem__, reverse=True)
        ordered.sort(key=ranks.__getitem__)
        return ordered[offset:offset + limit]

    async def _hits(self, scope: str, match: str, page: list[int]) -> tuple[SearchHit, ...]:
        """Briefs and snippets of the page's articles only, in page order."""
        if not page:
            return ()
        rows = await self._db.fetch_all(
            f"SELECT {BRIEF_COLUMNS}, snippet(articles_fts, 1, '{SNIPPET_START}', "
            f"'{SNIPPET_END}', '…', 24) AS snip FROM json_each(?) AS j "
            "CROSS JOIN articles AS a ON a.id = j.value "
            "CROSS JOIN articles_fts ON articles_fts.rowid = j.value "
            "WHERE articles_fts MATCH ? AND a.scope = ?",
            (json.dumps(page), match, scope))
        found = {int(row["id"]): SearchHit(brief(row), row["snip"]) for row in rows}
        return tuple(found[article_id] for article_id in page if article_id in found)


def scoped_match(scope: str, match: str) -> str:
    """The FTS5 query restricted to the scope's token in the index's scope column (migration
    006), so only the scope's matches are read and ranked; every query that returns articles
    also checks ``a.scope = ?``."""
    return f'scope : "{scope_token(scope)}" AND ({match})'


def scope_token(scope: str) -> str:
    """The scope as the one token the index holds: ``replace(scope, ':', '')`` in SQL."""
    return scope.replace(":", "").replace(chr(34), chr(34) * 2)


def _filters(scope: str, search: SearchFilter) -> tuple[str, list[Any]]:
    """Conditions on ``articles AS a`` rows, for listing by recency (and on PostgreSQL for
    ranking too)."""
    clauses = ["a.scope = ?"]
    parameters: list[Any] = [scope]
    for clause, values in _key_filters(scope, search, "a.id"):
        clauses.append(clause)
        parameters += values
    if search.sites:
        clause, values = _site_condition(search.sites)
        clauses.append(clause)
        parameters += values
    if search.before:
        clauses.append(f"{DATED} < ?")
        parameters.append(search.before)
    if search.after:
        clauses.append(f"{DATED} >= ?")
        parameters.append(search.after)
    return " AND ".join(clauses), parameters


def _key_filters(scope: str, search: SearchFilter, column: str
                 ) -> list[tuple[str, list[Any]]]:
    """Topics and people through the per-scope tables of migration 005."""
    filters: list[tuple[str, list[Any]]] = []
    # A person key holding the word: "obama" in "barack obama".
    holds_word = "instr(' ' || person_key || ' ', ' ' || ? || ' ') > 0"
    for key in search.tag_keys:
        filters.append((f"{column} IN (SELECT article_id FROM topic_articles "
                        "WHERE scope = ? AND tag_key = ?)", [scope, key]))
    for key in search.person_keys:
        filters.append((
            f"{column} IN (SELECT x.article_id FROM person_articles AS x WHERE x.scope = ? "
            "AND x.person_key IN (SELECT person_key FROM person_stats WHERE scope = ? "
            f"AND (person_key = ? OR surname_key = ? OR {holds_word})))",
            [scope, scope, key, key, key]))
    return filters


def _site_condition(sites: tuple[str, ...]) -> tuple[str, list[Any]]:
    """A host name (or a subdomain of it) in either URL, or the site's name, of ``a``."""
    alternatives = []
    parameters: list[Any] = []
    for site in sites:
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
    return "(" + " OR ".join(alternatives) + ")", parameters


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ellipsis(snippet: str | None) -> str | None:
    """ts_headline's fragment, marked as cut like FTS5's snippet."""
    if not snippet:
        return None
    return snippet if snippet.endswith((".", "!", "?", "…")) else snippet + "…"
