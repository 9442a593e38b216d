"""Hostile pages, each bounded in time and memory and answered with a clear reason.

``tests/bot/ingest/test_fetching.py`` covers the basic cases (declared large bodies, a bounded
chunked stream, a small gzip bomb, slow and trickling servers, redirect loops, literal private
addresses); these add the sizes and forms the issue names, at the default limits, and follow
the hostile documents through the whole pipeline.
"""

from __future__ import annotations

import asyncio
import socket
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

import bot.ingest.fetching
from bot.errors import (
    BlockedAddressError,
    FetchTimeoutError,
    InvalidInputError,
    NotAnArticleError,
    PageTooComplexError,
    TooLargeError,
    TooManyRedirectsError,
)
from bot.extraction.complexity import MAX_ELEMENTS
from bot.ingest.address_guard import PublicAddressResolver, check_url_host
from bot.ingest.articles import CLI_SCOPE, ArticleService, ShareContext
from bot.ingest.fetching import PageFetcher, create_http_session
from bot.ingest.processing import Document, SummaryOptions, process_document, warm_up
from bot.runtime.settings import Settings
from bot.runtime.workers import WorkerPool
from storage.articles import ArticleRepository
from storage.database import Database
from tests.conftest import ARTICLE_HTML, PageServer

MB = 1024 * 1024


@pytest.fixture
def defaults(tmp_path: Path) -> Settings:
    """The product's default limits (5 MB, 10 s + 20 s), only local pages allowed."""
    return replace(Settings(), database_path=tmp_path / "newsbot.db", allow_private_urls=True)


@pytest.fixture
async def fetcher(defaults: Settings) -> AsyncIterator[PageFetcher]:
    async with create_http_session(defaults) as session:
        yield PageFetcher(session, defaults)


class PeakMemory:
    """Measures the peak of Python memory allocated inside a block (never its duration: the
    machine may be busy; how much was sent before the client hung up is counted instead)."""

    def __enter__(self) -> PeakMemory:
        tracemalloc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


async def test_a_50_mb_body_without_content_length_is_cut_at_the_cap(
        page_server: PageServer, fetcher: PageFetcher) -> None:
    sent = 0

    async def fifty_megabytes(request: web.Request) -> web.StreamResponse:
        nonlocal sent
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()  # no Content-Length to refuse up front
        await response.prepare(request)
        block = b"<p>" + b"x" * (MB - 7) + b"</p>"
        try:
            for _ in range(50):
                await response.write(block)
                sent += len(block)
        except (ConnectionError, RuntimeError):
            pass  # the client hung up, as it should
        return response

    with PeakMemory() as memory, pytest.raises(TooLargeError, match="larger than 5 MB"):
        await fetcher.fetch(page_server.route("/fifty", fifty_megabytes))
    assert memory.peak < 20 * MB
    assert sent < 25 * MB  # the client hung up at the cap, long before the 50th megabyte


async def test_an_endless_chunked_stream_is_cut_at_the_cap(page_server: PageServer,
                                                           fetcher: PageFetcher) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            while True:  # never ends on its own: the client has to hang up
                await response.write(b"<div>" + b"y" * 65_536 + b"</div>")
        except (ConnectionError, RuntimeError):
            return response

    with PeakMemory() as memory, pytest.raises(TooLargeError):
        await fetcher.fetch(page_server.route("/endless", endless))
    assert memory.peak < 20 * MB


async def test_a_server_sending_one_byte_per_second_hits_the_deadline(
        page_server: PageServer, defaults: Settings) -> None:
    # A read timeout alone never fires: a byte comes every second. The overall deadline does.
    quick = replace(defaults, fetch_connect_timeout=1.0, fetch_read_timeout=1.5)

    sent = 0

    async def one_byte_per_second(request: web.Request) -> web.StreamResponse:
        nonlocal sent
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        try:
            for _ in range(60):
                await response.write(b"x")
                sent += 1
                await asyncio.sleep(1.0)
        except (ConnectionError, RuntimeError):
            pass
        return response

    url = page_server.route("/trickle", one_byte_per_second)
    async with create_http_session(quick) as session:
        with pytest.raises(FetchTimeoutError, match="took too long"):
            await PageFetcher(session, quick).fetch(url)
    # Counted in bytes, not on a stopwatch: the 2.5 s deadline cut the minute-long body short.
    assert sent < 30


async def test_a_gigabyte_gzip_bomb_stops_at_the_cap_without_inflating(
        page_server: PageServer, fetcher: PageFetcher) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    zeros = b"0" * MB
    bomb = b"".join([compressor.compress(b"<html><body><p>"),
                     *(compressor.compress(zeros) for _ in range(256)), compressor.flush()])
    assert len(bomb) < MB // 2  # a quarter of a gigabyte once inflated

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=bomb, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "gzip"})

    with PeakMemory() as memory, pytest.raises(TooLargeError, match="larger than 5 MB"):
        await fetcher.fetch(page_server.route("/bomb", handler))
    assert memory.peak < 20 * MB  # never inflated beyond the cap


async def test_invalid_utf8_is_refused_with_a_reason(page_server: PageServer,
                                                     fetcher: PageFetcher) -> None:
    garbage = bytes(range(0x80, 0x100)) * 200  # no valid UTF-8 sequence anywhere
    url = page_server.page("/garbage", b"<html><body><p>" + garbage + b"</p></body></html>")
    with pytest.raises(InvalidInputError, match="could not be decoded"):
        await fetcher.fetch(url)


async def test_a_few_invalid_utf8_bytes_are_not_fatal(page_server: PageServer,
                                                      fetcher: PageFetcher) -> None:
    # Not UTF-8 after all: the encoding is detected, and the rest of the page reads as written.
    body = ARTICLE_HTML.encode().replace(b"ferry terminal", b"ferry \xff\xfe terminal", 1)
    page = await fetcher.fetch(page_server.page("/mostly-fine", body))
    assert "Harbour council approves new ferry" in page.text
    assert "Eastport Herald. All rights reserved." in page.text


async def test_utf8_text_with_a_few_broken_bytes_keeps_its_characters(
        page_server: PageServer, fetcher: PageFetcher) -> None:
    body = ARTICLE_HTML.replace("ferry terminal", "Zoë’s café — ferry terminal").encode()
    body = body.replace(b"Harbour", b"Harb\xffour", 1)
    page = await fetcher.fetch(page_server.page("/damaged", body))
    assert "Zoë’s café — ferry terminal" in page.text
    assert "Harb\ufffdour" in page.text


async def test_a_redirect_loop_through_many_urls_is_refused(page_server: PageServer,
                                                            fetcher: PageFetcher) -> None:
    # A loop that changes its query each hop never repeats a URL: the hop limit ends it.
    async def spiral(request: web.Request) -> web.Response:
        hop = int(request.query.get("hop", "0"))
        return web.Response(status=302, headers={"Location": f"/spiral?hop={hop + 1}"})

    url = page_server.route("/spiral", spiral)
    with pytest.raises(TooManyRedirectsError, match="more than 5"):
        await fetcher.fetch(url)
    assert page_server.hits["/spiral"] == 6


@pytest.mark.parametrize("target", [
    "http://127.1/", "http://0177.0.0.1/", "http://017700000001/", "http://0x7f000001/",
    "http://2130706433/", "http://[::1]/", "http://[::ffff:7f00:1]/", "http://[::]/",
    "http://0.0.0.0/", "http://0/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/", "http://100.64.0.1/", "http://192.168.1.1/", "http://localhost/",
    "http://LOCALHOST./admin",
])
async def test_redirects_to_private_addresses_are_refused(
        page_server: PageServer, defaults: Settings, monkeypatch: pytest.MonkeyPatch,
        target: str) -> None:
    # 127.0.0.1 itself is the test server, so the first hop is let through by its exact
    # spelling; every other spelling of a private address must still be caught at the hop.
    def only_the_test_server_is_let_through(url: str) -> str:
        return "127.0.0.1" if urlsplit(url).hostname == "127.0.0.1" else check_url_host(url)

    monkeypatch.setattr(bot.ingest.fetching, "check_url_host", only_the_test_server_is_let_through)
    guarded = replace(defaults, allow_private_urls=False)
    url = page_server.redirect("/go", target)
    async with create_http_session(defaults) as session:
        with pytest.raises(BlockedAddressError, match="not a public"):
            await PageFetcher(session, guarded).fetch(url)
    assert page_server.hits["/go"] == 1


class _FakeDns(AbstractResolver):
    """A resolver with a fixed table, standing in for DNS answers an attacker controls."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        self.asked.append(host)
        if host not in self.table:
            raise OSError(socket.EAI_NONAME, "Name or service not known")
        return [ResolveResult(hostname=host, host=address, port=port,
                              family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                              proto=0, flags=socket.AI_NUMERICHOST)
                for address in self.table[host]]

    async def close(self) -> None:
        pass


@pytest.mark.parametrize("addresses", [
    ["127.0.0.1"], ["10.0.0.7"], ["169.254.169.254"], ["::1"], ["::ffff:127.0.0.1"],
    ["0.0.0.0"], ["192.168.0.10", "172.16.5.5"],
])
async def test_host_names_resolving_to_private_addresses_are_refused(
        page_server: PageServer, defaults: Settings, addresses: list[str]) -> None:
    page_server.page("/secret", ARTICLE_HTML)
    dns = _FakeDns({"rebind.example": addresses})
    guarded = replace(defaults, allow_private_urls=False)
    connector = aiohttp.TCPConnector(resolver=PublicAddressResolver(dns))
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(BlockedAddressError, match="not public"):
            await PageFetcher(session, guarded).fetch(
                f"http://rebind.example:{page_server.port}/secret")
    assert dns.asked == ["rebind.example"]
    assert page_server.hits.get("/secret") is None  # no connection was made


async def test_a_mixed_dns_answer_keeps_only_the_public_addresses() -> None:
    dns = _FakeDns({"mixed.example": ["127.0.0.1", "93.184.216.34", "::1",
                                      "2606:4700:4700::1111"]})
    results = await PublicAddressResolver(dns).resolve("mixed.example", 80)
    assert [result["host"] for result in results] == ["93.184.216.34", "2606:4700:4700::1111"]


# --- HTML nested 100,000 levels deep, through the whole pipeline ------------------------

def _deep_html(depth: int = 100_000) -> str:
    paragraph = ("<p>The council approved the new harbour plan on Monday evening. The mayor "
                 "said the decision was good news for the town. Residents will vote on the "
                 "budget next spring.</p>")
    return ("<html><head><title>Deep page</title></head><body>" + "<div>" * depth
            + paragraph * 10 + "</div>" * depth + "</body></html>")


def test_deeply_nested_html_is_processed_quickly_or_refused_clearly() -> None:
    # 100,000 levels are far more elements than a page may have: refused before parsing.
    with pytest.raises(PageTooComplexError, match="too complex to read"):
        process_document(Document(_deep_html(), "html", "http://127.0.0.1/deep"),
                         SummaryOptions(), understand=True)


def test_html_nested_as_deep_as_the_element_bound_allows_is_processed() -> None:
    warm_up()
    # Let through, parsed, and found to hold no article (its text sits 8,000 levels deep):
    # refused with the reason, never a crash or a hang.
    with pytest.raises(NotAnArticleError, match="no article text"):
        process_document(
            Document(_deep_html(MAX_ELEMENTS - 20), "html", "http://127.0.0.1/deep"),
            SummaryOptions(), understand=True)


@pytest.fixture
async def service(tmp_path: Path, defaults: Settings) -> AsyncIterator[ArticleService]:
    database = await Database.open(tmp_path / "hostile.db")
    pool = WorkerPool(1, timeout=10.0, initializer=warm_up)
    try:
        async with create_http_session(defaults) as session:
            yield ArticleService(ArticleRepository(database), PageFetcher(session, defaults),
                                 pool)
    finally:
        pool.close()
        await database.close()


async def test_deeply_nested_html_through_the_service_stores_nothing(
        page_server: PageServer, service: ArticleService, tmp_path: Path) -> None:
    url = page_server.page("/deep", _deep_html())
    context = ShareContext(scope=CLI_SCOPE, sharer_name="test")
    with pytest.raises(PageTooComplexError, match="too complex to read"):
        await service.ingest_url(url, context, SummaryOptions())
    # The pool is still usable afterwards, and the failure left no trace in the database.
    good = page_server.page("/good", ARTICLE_HTML.replace("{canonical}", page_server.url("/good")))
    result = await service.ingest_url(good, context, SummaryOptions())
    assert result.article.title == "Harbour council approves new ferry terminal"
    database = await Database.open(tmp_path / "hostile.db")
    try:
        assert await database.scalar("SELECT count(*) FROM articles") == 1
    finally:
        await database.close()
