"""Full-text search: BM25 over one scope, snippets, filters, and any query text is safe."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.knowledge.query import parse_query
from storage.articles import ArticleRepository
from storage.database import Database, migrations
from storage.fts import TextQuery
from storage.models import NewArticle, NewShare, Person, Tag
from storage.search import SNIPPET_START, SearchFilter, SearchRepository
from tests.conftest import SQLITE_ONLY

MAY = datetime(2024, 5, 10, 12, tzinfo=UTC)
JUNE = datetime(2024, 6, 10, 12, tzinfo=UTC)


def article(key: str, title: str, text: str, tags: tuple[str, ...] = (),
            people: tuple[Person, ...] = (), site: str | None = None) -> NewArticle:
    return NewArticle(url_key=key, text=text, summary=(text.partition(".")[0] + ".",),
                      summary_algorithm="news", words_in=10, words_out=5, canonical_url=key,
                      title=title, site_name=site, tags=tuple(Tag(t, t.casefold()) for t in tags),
                      people=people)


@pytest.fixture
async def search(database: Database) -> SearchRepository:
    articles = ArticleRepository(database)
    andersson = Person("Magdalena Andersson", "magdalena andersson", "andersson")
    await articles.save_share("guild:1", article(
        "https://news.example.com/nato", "NATO cyber meeting",
        "Andersson expects cyber retaliation from Russia. NATO coordinators met.",
        ("NATO",), (andersson,), "Example News"), NewShare(shared_at=MAY))
    await articles.save_share("guild:1", article(
        "https://other.org/ecb", "ECB cuts rates",
        "The ECB cut interest rates. Cyber risks were not discussed.", ("ECB",)),
        NewShare(shared_at=JUNE))
    await articles.save_share("guild:2", article(
        "https://secret.example.net/x", "Secret cyber retaliation plan",
        "Cyber retaliation is planned."), NewShare(shared_at=MAY))
    return SearchRepository(database)


def query(text: str) -> SearchFilter:
    parsed = parse_query(text)
    return SearchFilter(text=TextQuery(parsed.terms), tag_keys=parsed.tags,
                        person_keys=parsed.people, sites=parsed.sites, before=parsed.before,
                        after=parsed.after)


async def titles(search: SearchRepository, text: str, scope: str = "guild:1") -> list[str]:
    page = await search.search(scope, query(text), 10)
    assert page.total == len(page.hits)
    return [hit.article.title or "" for hit in page.hits]


async def test_free_text_is_ranked_with_snippets_in_the_scope_only(
        search: SearchRepository) -> None:
    page = await search.search("guild:1", query("cyber retaliation"), 10)
    assert [hit.article.title for hit in page.hits] == ["NATO cyber meeting"]
    assert SNIPPET_START in (page.hits[0].snippet or "")
    assert await titles(search, "cyber") == ["NATO cyber meeting", "ECB cuts rates"]
    assert await titles(search, "cyber retaliation", "guild:3") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("tag:nato", ["NATO cyber meeting"]),
    ("cyber tag:ECB", ["ECB cuts rates"]),
    ("person:andersson", ["NATO cyber meeting"]),
    ("person:magdalena", ["NATO cyber meeting"]),
    ('person:"Magdalena Andersson" cyber', ["NATO cyber meeting"]),
    ("site:example.com", ["NATO cyber meeting"]),
    ("site:other.org cyber", ["ECB cuts rates"]),
    ('site:"example news"', ["NATO cyber meeting"]),
    ("before:2024-06-01", ["NATO cyber meeting"]),
    ("after:2024-06-10", ["ECB cuts rates"]),
    ("after:2024-05-01 before:2024-07-01", ["ECB cuts rates", "NATO cyber meeting"]),
    ("site:secret.example.net", []),
])
async def test_operators_filter(search: SearchRepository, text: str,
                                expected: list[str]) -> None:
    assert await titles(search, text) == expected


@pytest.mark.parametrize("text", [
    'NEAR(cyber retaliation)', 'cyber AND OR NOT', '"unclosed cyber', 'cyber*', '^cyber',
    "title:cyber", "text:cyber -ECB", "'; DROP TABLE articles; --", "(((", "a:b:c \"\" ''",
])
async def test_fts_syntax_in_queries_is_harmless(search: SearchRepository, text: str) -> None:
    page = await search.search("guild:1", query(text), 10)
    assert page.total == len(page.hits)
    assert await search.search("guild:1", query("cyber"), 10)  # the table is still there


async def test_pages_and_totals(search: SearchRepository) -> None:
    first = await search.search("guild:1", query("cyber"), 1, 0)
    second = await search.search("guild:1", query("cyber"), 1, 1)
    assert first.total == second.total == 2
    assert first.hits[0].article.id != second.hits[0].article.id


async def test_equally_ranked_matches_are_paged_latest_first(database: Database) -> None:
    # The same story from three links: equal BM25, so recency orders them, page after page,
    # although ranking stops at the page's end (the tie past it is read whole).
    articles = ArticleRepository(database)
    for day in (3, 1, 2):
        await articles.save_share("guild:1", article(
            f"https://e.com/{day}", "Ferry strike", "The ferry strike goes on."),
            NewShare(shared_at=datetime(2024, 5, day, tzinfo=UTC)))
    search = SearchRepository(database)
    pages = [await search.search("guild:1", query("ferry"), 1, offset) for offset in range(4)]
    assert [[hit.article.created_at.day for hit in page.hits] for page in pages] == [
        [3], [2], [1], []]
    assert {page.total for page in pages} == {3}


async def test_better_matches_come_first_across_pages(database: Database) -> None:
    articles = ArticleRepository(database)
    for index, text in enumerate(["Ferry news.", "Ferry ferry ferry strike.", "Ferry strike."]):
        await articles.save_share("guild:1", article(f"https://e.com/{index}", f"Story {index}",
                                                     text), NewShare(shared_at=MAY))
    search = SearchRepository(database)
    ranked = [(await search.search("guild:1", query("ferry strike"), 1, offset)).hits
              for offset in range(2)]
    assert [hits[0].article.title for hits in ranked] == ["Story 1", "Story 2"]


async def test_a_scope_is_one_search_token_that_no_word_matches(database: Database) -> None:
    articles = ArticleRepository(database)
    for scope in ("guild:1", "dm:1", "cli"):
        await articles.save_share(scope, article(f"https://e.com/{scope}", "Ferry strike",
                                                 "Ferry news."), NewShare(shared_at=MAY))
    search = SearchRepository(database)
    for scope in ("guild:1", "dm:1", "cli"):
        page = await search.search(scope, query("ferry"), 10)
        assert [hit.article.url for hit in page.hits] == [f"https://e.com/{scope}"]
    # Before, the scope column held "guild" and "1": these words matched every article.
    for word in ("guild", "dm", "1"):
        assert (await search.search("guild:1", query(word), 10)).total == 0
    assert (await search.search("guild:1", query("cli"), 10)).total == 0


async def test_a_site_filter_with_words_counts_and_ranks_the_same_articles(
        search: SearchRepository) -> None:
    page = await search.search("guild:1", query("site:news.example.com cyber"), 10)
    assert [hit.article.title for hit in page.hits] == ["NATO cyber meeting"]
    assert page.total == 1
    assert SNIPPET_START in (page.hits[0].snippet or "")


async def test_answer_texts_are_the_best_matches_of_the_scope(search: SearchRepository) -> None:
    hits = await search.texts("guild:1", TextQuery.any_of(["cyber", "retaliation"]), 10)
    assert [hit.article.title for hit in hits] == ["NATO cyber meeting", "ECB cuts rates"]
    assert hits[0].rank <= hits[1].rank
    assert "retaliation" in hits[0].text


@SQLITE_ONLY  # FTS5's external-content index; PostgreSQL's is a generated column
async def test_the_index_agrees_with_a_rebuild_from_the_articles(search: SearchRepository,
                                                                 database: Database) -> None:
    # The triggers and the view the index rebuilds from must give the same scope token.
    async with database.transaction() as connection:
        await connection.execute(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        await connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    assert await titles(search, "cyber") == ["NATO cyber meeting", "ECB cuts rates"]
    assert await titles(search, "cyber", "guild:2") == ["Secret cyber retaliation plan"]


async def test_articles_stored_before_migration_6_are_found_after_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        for version, _, sql in migrations("sqlite"):
            if version <= 5:
                old.executescript(sql)
        old.execute("PRAGMA user_version = 5")
        old.execute(
            "INSERT INTO articles (scope, url_key, title, text, summary, summary_algorithm, "
            "words_in, words_out, created_at) VALUES ('guild:7', 'k', 'Ferry strike', "
            "'The ferry strike goes on.', '[]', 'news', 5, 5, '2024-05-10T12:00:00+00:00')")
    database = await Database.open(path)
    try:
        search = SearchRepository(database)
        assert [hit.article.title for hit in
                (await search.search("guild:7", query("ferry"), 5)).hits] == ["Ferry strike"]
        assert (await search.search("guild:8", query("ferry"), 5)).total == 0
    finally:
        await database.close()


# --- before:/after: on the publication date, or the share date without one ----------------

@pytest.fixture
async def dated(database: Database) -> SearchRepository:
    articles = ArticleRepository(database)
    old_story = NewArticle(
        url_key="https://archive.example.com/ferry-2019", text="The ferry sailed in 2019.",
        summary=("The ferry sailed in 2019.",), summary_algorithm="news", words_in=5,
        words_out=5, title="Ferry archive story", published="2019-11-20")
    fresh_story = NewArticle(
        url_key="https://news.example.com/ferry-today", text="The ferry sails again.",
        summary=("The ferry sails again.",), summary_algorithm="news", words_in=4,
        words_out=4, title="Ferry sails again")  # no publication date: the share date counts
    await articles.save_share("guild:1", old_story, NewShare(shared_at=JUNE))
    await articles.save_share("guild:1", fresh_story, NewShare(shared_at=MAY))
    return SearchRepository(database)


@pytest.mark.parametrize("words", ["", "ferry "])  # listing by recency, and ranked matches
@pytest.mark.parametrize(("dates", "expected"), [
    ("after:2024-01-01", ["Ferry sails again"]),  # the 2019 story was shared in June 2024
    ("before:2020-01-01", ["Ferry archive story"]),
    ("after:2019-11-20 before:2019-11-21", ["Ferry archive story"]),  # that day, inclusive
    ("after:2019-11-21 before:2024-05-10", []),
    ("after:2024-05-10", ["Ferry sails again"]),  # shared that day (12:00 UTC)
    ("before:2024-05-10", ["Ferry archive story"]),
])
async def test_dates_filter_on_publication_then_share_date(
        dated: SearchRepository, words: str, dates: str, expected: list[str]) -> None:
    assert sorted(await titles(dated, words + dates)) == sorted(expected)


@SQLITE_ONLY  # SQLite's query plan
async def test_a_date_filter_reads_only_the_index(database: Database) -> None:
    """Counting a year of a large server must not read thousands of article rows."""
    for condition in ("coalesce(published, created_at) >= ?",
                      "coalesce(published, created_at) < ?"):
        plan = await database.fetch_all(
            f"EXPLAIN QUERY PLAN SELECT id FROM articles WHERE scope = ? AND {condition}",
            ("guild:1", "2024-01-01"))
        assert any("COVERING INDEX articles_scope_dated" in row["detail"] for row in plan)


async def test_migration_7_leaves_only_iso_publication_days(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    stored = {"a": "2019-11-20T08:30:00+00:00", "b": "2019-11-20", "c": "20 November 2019",
              "d": "2019-02-30", "e": None}
    with sqlite3.connect(path) as old:
        for version, _, sql in migrations("sqlite"):
            if version <= 6:
                old.executescript(sql)
        old.execute("PRAGMA user_version = 6")
        for key, published in stored.items():
            old.execute(
                "INSERT INTO articles (scope, url_key, title, text, summary, summary_algorithm, "
                "words_in, words_out, published, created_at) VALUES ('cli', ?, 'Ferry', "
                "'The ferry.', '[]', 'news', 2, 2, ?, '2024-05-10T12:00:00.000000+00:00')",
                (key, published))
    database = await Database.open(path)
    try:
        rows = await database.fetch_all("SELECT url_key, published FROM articles")
        assert {row["url_key"]: row["published"] for row in rows} == {
            "a": "2019-11-20", "b": "2019-11-20", "c": None, "d": None, "e": None}
    finally:
        await database.close()


async def test_many_dated_matches_are_listed_latest_shared_first(database: Database) -> None:
    """Past a couple of hundred matches a date listing walks the scope by share time instead
    of sorting the range: the page and the total are the same either way."""
    articles = ArticleRepository(database)
    stored = []
    for index in range(230):
        published = None if index % 3 == 0 else f"{2018 + index % 4}-0{1 + index % 9}-15"
        shared_at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=7 * index)
        await articles.save_share("guild:1", NewArticle(
            url_key=f"k{index}", text="Ferry news.", summary=("Ferry news.",),
            summary_algorithm="news", words_in=2, words_out=2, title=f"Story {index}",
            published=published), NewShare(shared_at=shared_at))
        stored.append((published or shared_at.isoformat(), shared_at, f"Story {index}"))
    search = SearchRepository(database)
    for text in ("after:2000-01-01", "before:2030-01-01", "after:2018-06-01",  # > 200 matches
                 "after:2020-01-01", "before:2020-01-01", "after:2024-02-01",
                 "after:2019-01-01 before:2024-01-10", "before:2018-01-01"):
        parsed = parse_query(text)
        expected = [title for dated, _, title in sorted(stored, key=lambda s: s[1], reverse=True)
                    if (parsed.after is None or dated >= parsed.after)
                    and (parsed.before is None or dated < parsed.before)]
        for offset in (0, 150, 225):
            page = await search.search("guild:1", query(text), 5, offset)
            assert page.total == len(expected), text
            assert [hit.article.title for hit in page.hits] == expected[offset:offset + 5], text


async def test_sentence_notes_are_stored_with_the_article_and_read_with_its_text(
        database: Database) -> None:
    articles = ArticleRepository(database)
    noted = NewArticle(url_key="k1", text="Ann Lee won. She left.", summary=(),
                       summary_algorithm="news", words_in=5, words_out=0,
                       sentence_notes='{"v":1,"n":2,"e":{},"r":{"1":"Ann Lee"}}')
    shared = NewShare(shared_at=datetime(2026, 11, 3, tzinfo=UTC))
    first = await articles.save_share("cli", noted, shared)
    second = await articles.save_share("cli", replace(noted, url_key="k2",
                                                      sentence_notes=None), shared)
    search = SearchRepository(database)
    hits = {hit.article.id: hit for hit in await search.texts_of(
        "cli", [first.article.id, second.article.id])}
    assert hits[first.article.id].notes == noted.sentence_notes
    assert hits[second.article.id].notes is None
    assert await search.scope_size("cli") == 2
    assert await search.some_matches("cli", TextQuery(("won",)), 1) in ([first.article.id],
                                                             [second.article.id])
    assert await search.texts_of("guild:9", [first.article.id]) == []
