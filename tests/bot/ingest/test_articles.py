"""The pipeline as a whole: pages on 127.0.0.1, real worker processes, a real SQLite file."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.errors import HttpStatusError, NotAnArticleError
from bot.ingest.articles import ArticleService, IngestResult, IngestStatus, ShareContext
from bot.ingest.fetching import PageFetcher
from bot.ingest.processing import Document, SummaryOptions
from bot.runtime.composition import Runtime, open_runtime
from bot.runtime.settings import Settings
from bot.scopes import dm_scope, guild_scope
from storage.articles import ArticleRepository
from storage.database import Database
from storage.models import NewArticle, NewShare, SavedShare, StoredArticle
from tests.conftest import ARTICLE_HTML, ARTICLE_TEXT, PageServer

GUILD = ShareContext(scope=guild_scope(1), sharer_id="42", sharer_name="bob",
                     channel_id="7", message_id="99")
OPTIONS = SummaryOptions(sentences=2)


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    async with open_runtime(settings) as opened:
        yield opened


async def count(runtime: Runtime, table: str) -> int:
    return int(await runtime.database.scalar(f"SELECT count(*) FROM {table}"))


async def test_a_link_is_fetched_extracted_summarized_and_stored(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/news/ferry", ARTICLE_HTML.replace("{canonical}", "/news/ferry"))
    result = await runtime.articles.ingest_url(url + "?utm_source=chat", GUILD, OPTIONS)
    assert result.status is IngestStatus.STORED
    article = result.article
    assert article.title == "Harbour council approves new ferry terminal"
    assert article.canonical_url == url
    assert article.original_url == url + "?utm_source=chat"
    assert article.site_name == "Eastport Herald"
    assert article.author == "Jonas Berg"
    assert article.tags == ("ferry terminal", "Eastport")
    assert len(article.summary) == 2
    assert article.summary_algorithm == "news"
    assert article.words_in > article.words_out
    assert result.share.sharer_id == "42"
    assert result.share.message_id == "99"


@pytest.mark.parametrize("variant", ["{url}/", "{url}?utm_source=x&utm_medium=y",
                                     "{url}#comments", "{url}?fbclid=abc"])
async def test_the_same_link_again_is_a_duplicate_without_a_new_fetch(
        runtime: Runtime, page_server: PageServer, variant: str) -> None:
    url = page_server.page("/a", ARTICLE_HTML.replace("{canonical}", "/a"))
    first = await runtime.articles.ingest_url(url, GUILD, OPTIONS)
    again = await runtime.articles.ingest_url(variant.format(url=url), GUILD, OPTIONS)
    assert again.status is IngestStatus.DUPLICATE
    assert again.article.id == first.article.id
    assert page_server.hits["/a"] == 1
    assert await count(runtime, "articles") == 1
    assert await count(runtime, "shares") == 2


async def test_another_address_with_the_same_canonical_link_is_a_duplicate(
        runtime: Runtime, page_server: PageServer) -> None:
    canonical = page_server.url("/story")
    page_server.page("/story", ARTICLE_HTML.replace("{canonical}", canonical))
    amp = page_server.page("/amp/story", ARTICLE_HTML.replace("{canonical}", canonical))
    first = await runtime.articles.ingest_url(canonical, GUILD, OPTIONS)
    second = await runtime.articles.ingest_url(amp, GUILD, OPTIONS)
    assert second.status is IngestStatus.DUPLICATE
    assert second.article.id == first.article.id
    # Known by its AMP address now: a third share needs no fetch.
    await runtime.articles.ingest_url(amp, GUILD, OPTIONS)
    assert page_server.hits["/amp/story"] == 1


async def test_a_canonical_link_to_another_site_is_not_trusted(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/x", ARTICLE_HTML.replace("{canonical}",
                                                       "https://victim.example.com/story"))
    result = await runtime.articles.ingest_url(url, GUILD, OPTIONS)
    assert result.article.canonical_url == url


async def test_each_server_and_each_dm_has_its_own_copy(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/s", ARTICLE_HTML.replace("{canonical}", "/s"))
    contexts = [GUILD, ShareContext(scope=guild_scope(2)), ShareContext(scope=dm_scope(42))]
    results = [await runtime.articles.ingest_url(url, context, OPTIONS) for context in contexts]
    assert [result.status for result in results] == [IngestStatus.STORED] * 3
    assert len({result.article.id for result in results}) == 3


async def test_a_failed_fetch_stores_nothing(runtime: Runtime, page_server: PageServer) -> None:
    with pytest.raises(HttpStatusError, match="404"):
        await runtime.articles.ingest_url(page_server.url("/missing"), GUILD, OPTIONS)
    assert await count(runtime, "articles") == 0
    assert await count(runtime, "shares") == 0


async def test_a_page_without_an_article_stores_nothing(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/login", "<html><body><form><input name=u></form></body></html>")
    with pytest.raises(NotAnArticleError):
        await runtime.articles.ingest_url(url, GUILD, OPTIONS)
    assert await count(runtime, "articles") == 0


async def test_a_document_is_keyed_by_its_text(runtime: Runtime) -> None:
    context = ShareContext(scope="cli")
    first = await runtime.articles.ingest_document(Document(ARTICLE_TEXT, "text"), context,
                                                   OPTIONS, source="a.txt")
    spaced = ARTICLE_TEXT.replace(". ", ".  ").upper()
    second = await runtime.articles.ingest_document(Document(spaced, "text"), context,
                                                    OPTIONS, source="b.txt")
    assert first.status is IngestStatus.STORED
    assert second.status is IngestStatus.DUPLICATE
    assert set(first.article.tags) == {"ferry terminal", "Marta Olsen", "Eastport", "harbour"}


async def test_summarize_url_stores_nothing(runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/p", ARTICLE_HTML.replace("{canonical}", "/p"))
    processed = await runtime.articles.summarize_url(url, SummaryOptions(algorithm="textrank"))
    assert processed.summary.algorithm == "textrank"
    assert await count(runtime, "articles") == 0


async def test_a_link_posted_by_many_at_once_is_fetched_and_processed_once(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/hot", ARTICLE_HTML.replace("{canonical}", "/hot"))
    contexts = [ShareContext(scope=guild_scope(1), sharer_id=str(n)) for n in range(8)]
    results = await asyncio.gather(*(runtime.articles.ingest_url(url, context, OPTIONS)
                                     for context in contexts))
    assert page_server.hits["/hot"] == 1
    assert sorted(result.status.value for result in results) == ["duplicate"] * 7 + ["stored"]
    assert len({result.article.id for result in results}) == 1
    assert await count(runtime, "shares") == 8


async def test_everyone_waiting_on_a_failing_link_gets_its_error(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.url("/missing")
    results = await asyncio.gather(*(runtime.articles.ingest_url(url, GUILD, OPTIONS)
                                     for _ in range(3)), return_exceptions=True)
    assert all(isinstance(result, HttpStatusError) for result in results)
    assert page_server.hits["/missing"] == 1


class SlowDatabase(ArticleRepository):
    """A repository whose lookups or saves wait, on demand, until the test lets them through:
    a busy database, made deterministic."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.lookups_open = asyncio.Event()
        self.lookups_open.set()
        self.saves_open = asyncio.Event()
        self.saves_open.set()
        self.saves_waiting = 0
        self.saves_arrived = asyncio.Condition()

    async def find_by_url_key(self, scope: str, url_key: str) -> StoredArticle | None:
        await self.lookups_open.wait()
        return await super().find_by_url_key(scope, url_key)

    async def save_share(self, scope: str, article: NewArticle, share: NewShare) -> SavedShare:
        async with self.saves_arrived:
            self.saves_waiting += 1
            self.saves_arrived.notify_all()
        await self.saves_open.wait()
        return await super().save_share(scope, article, share)


@pytest.fixture
def slow_database(runtime: Runtime) -> SlowDatabase:
    return SlowDatabase(runtime.database)


@pytest.fixture
def service(runtime: Runtime, slow_database: SlowDatabase) -> ArticleService:
    return ArticleService(slow_database, PageFetcher(runtime.http, runtime.settings),
                          runtime.pool)


async def test_a_caller_arriving_while_a_link_fails_gets_that_failure_without_a_new_fetch(
        service: ArticleService, slow_database: SlowDatabase, page_server: PageServer) -> None:
    fetching, answer = asyncio.Event(), asyncio.Event()

    async def failing_when_told(_request: web.Request) -> web.StreamResponse:
        fetching.set()
        await answer.wait()
        return web.Response(status=404, text="not found")

    url = page_server.route("/gone", failing_when_told)
    first = asyncio.create_task(service.ingest_url(url, GUILD, OPTIONS))
    await fetching.wait()
    slow_database.lookups_open.clear()  # from now on the database answers late
    second = asyncio.create_task(service.ingest_url(url, GUILD, OPTIONS))
    await asyncio.sleep(0)  # one turn of the loop: the second call begins (no timing)
    answer.set()  # the fetch fails, and the first caller leaves with the error
    with pytest.raises(HttpStatusError):
        await first
    slow_database.lookups_open.set()
    with pytest.raises(HttpStatusError):
        await second
    assert page_server.hits["/gone"] == 1


async def test_a_caller_arriving_while_a_link_is_being_stored_does_not_fetch_it_again(
        service: ArticleService, slow_database: SlowDatabase, page_server: PageServer) -> None:
    url = page_server.page("/new", ARTICLE_HTML.replace("{canonical}", "/new"))
    slow_database.saves_open.clear()  # the fetched article waits at the database's door
    first = asyncio.create_task(service.ingest_url(url, GUILD, OPTIONS))
    async with slow_database.saves_arrived:
        await slow_database.saves_arrived.wait_for(lambda: slow_database.saves_waiting == 1)
    other = ShareContext(scope=GUILD.scope, sharer_id="43")
    second = asyncio.create_task(service.ingest_url(url, other, OPTIONS))
    async with slow_database.saves_arrived:
        await slow_database.saves_arrived.wait_for(lambda: slow_database.saves_waiting == 2)
    slow_database.saves_open.set()
    results: list[IngestResult] = [await first, await second]
    assert sorted(result.status.value for result in results) == ["duplicate", "stored"]
    assert page_server.hits["/new"] == 1


async def test_a_reply_shows_the_stored_summary_or_one_made_again_as_asked(
        runtime: Runtime) -> None:
    context = ShareContext(scope="cli")
    stored = await runtime.articles.ingest_document(Document(ARTICLE_TEXT, "text"), context,
                                                    SummaryOptions(sentences=2), source="a.txt")
    card = await runtime.articles.card(stored, SummaryOptions(sentences=1))
    assert card.summary == stored.article.summary  # just stored: as asked when stored
    again = await runtime.articles.ingest_document(Document(ARTICLE_TEXT, "text"), context,
                                                   SummaryOptions(sentences=1), source="a.txt")
    assert again.status is IngestStatus.DUPLICATE
    shorter = await runtime.articles.card(again, SummaryOptions(sentences=1))
    assert len(shorter.summary) == 1
    assert shorter.words_out < card.words_out
    same = await runtime.articles.card(again, SummaryOptions(sentences=2))
    assert same.summary == stored.article.summary


async def test_listeners_hear_of_new_articles_only_and_cannot_break_a_share(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/told", ARTICLE_HTML.replace("{canonical}", "/told"))
    heard: list[tuple[str, int, int]] = []

    def failing(_article: StoredArticle, _record: NewArticle) -> None:
        raise RuntimeError("a broken listener")

    runtime.articles.on_stored[:] = [
        failing, lambda article, record: heard.append((article.scope, article.id,
                                                       len(record.tags)))]
    first = await runtime.articles.ingest_url(url, GUILD, OPTIONS)
    again = await runtime.articles.ingest_url(url, GUILD, OPTIONS)
    assert first.status is IngestStatus.STORED
    assert again.status is IngestStatus.DUPLICATE
    assert heard == [(guild_scope(1), first.article.id, 2)]


async def test_a_feed_item_stored_after_its_filter_is_heard_like_a_shared_link(
        runtime: Runtime, page_server: PageServer) -> None:
    url = page_server.page("/from-feed", ARTICLE_HTML.replace("{canonical}", "/from-feed"))
    heard: list[int] = []
    runtime.articles.on_stored[:] = [lambda article, _record: heard.append(article.id)]
    prepared = await runtime.articles.prepare_url(url, guild_scope(1), OPTIONS)
    assert heard == []  # nothing is stored, or told, before the feed's filter decides
    stored = await runtime.articles.store_prepared(prepared, GUILD)
    assert stored.status is IngestStatus.STORED
    assert heard == [stored.article.id]  # so follows match feed items as shared links
