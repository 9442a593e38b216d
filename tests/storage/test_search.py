"""Full-text search: BM25 over one scope, snippets, filters, and any query text is safe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.knowledge.query import fts_query, parse_query
from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, Person, Tag
from storage.search import SNIPPET_START, SearchFilter, SearchRepository

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
    return SearchFilter(match=fts_query(parsed.terms), tag_keys=parsed.tags,
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
