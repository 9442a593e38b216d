"""Fetching against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator
from dataclasses import replace
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

import bot.ingest.fetching
from bot.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    InvalidInputError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
    UnsupportedUrlError,
)
from bot.ingest.address_guard import check_url_host
from bot.ingest.fetching import PageFetcher, create_http_session
from bot.runtime.settings import Settings
from tests.conftest import ARTICLE_HTML, PageServer


@pytest.fixture
async def fetcher(settings: Settings) -> AsyncIterator[PageFetcher]:
    async with create_http_session(settings) as session:
        yield PageFetcher(session, settings)


async def test_an_html_page_is_fetched_and_decoded(page_server: PageServer,
                                                   fetcher: PageFetcher) -> None:
    url = page_server.page("/story", ARTICLE_HTML)
    page = await fetcher.fetch(url)
    assert page.is_html
    assert page.url == url
    assert "Harbour council approves" in page.text


async def test_plain_text_is_accepted(page_server: PageServer, fetcher: PageFetcher) -> None:
    page = await fetcher.fetch(page_server.page("/t", "Title\n\nBody.", "text/plain"))
    assert not page.is_html
    assert page.text.startswith("Title")


async def test_the_user_agent_is_a_real_one(page_server: PageServer, fetcher: PageFetcher) -> None:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers.get("User-Agent", ""))
        return web.Response(text="<p>x</p>", content_type="text/html")

    await fetcher.fetch(page_server.route("/ua", handler))
    assert seen[0].startswith("Mozilla/5.0")
    assert "newsbot" in seen[0]


async def test_redirects_are_followed_to_the_final_url(page_server: PageServer,
                                                       fetcher: PageFetcher) -> None:
    final = page_server.page("/final", ARTICLE_HTML)
    page_server.redirect("/b", "/final", status=301)
    start = page_server.redirect("/a", page_server.url("/b"))
    page = await fetcher.fetch(start)
    assert page.url == final
    assert page.requested_url == start


async def test_more_than_five_redirects_are_refused(page_server: PageServer,
                                                    fetcher: PageFetcher) -> None:
    for hop in range(7):
        page_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    page_server.page("/r7", ARTICLE_HTML)
    with pytest.raises(TooManyRedirectsError, match="more than 5"):
        await fetcher.fetch(page_server.url("/r0"))


async def test_a_redirect_loop_is_refused(page_server: PageServer, fetcher: PageFetcher) -> None:
    page_server.redirect("/x", "/y")
    page_server.redirect("/y", "/x")
    with pytest.raises(TooManyRedirectsError, match="loop"):
        await fetcher.fetch(page_server.url("/x"))


async def test_a_redirect_to_another_scheme_is_refused(page_server: PageServer,
                                                       fetcher: PageFetcher) -> None:
    page_server.redirect("/ftp", "ftp://example.com/file")
    with pytest.raises(UnsupportedUrlError, match="only http and https"):
        await fetcher.fetch(page_server.url("/ftp"))


@pytest.mark.parametrize("status", [404, 410, 500, 503])
async def test_http_errors_carry_their_status(page_server: PageServer, fetcher: PageFetcher,
                                              status: int) -> None:
    url = page_server.page("/err", "nope", status=status)
    with pytest.raises(HttpStatusError, match=str(status)) as caught:
        await fetcher.fetch(url)
    assert caught.value.status == status


async def test_a_missing_page_is_a_404(page_server: PageServer, fetcher: PageFetcher) -> None:
    with pytest.raises(HttpStatusError, match="404"):
        await fetcher.fetch(page_server.url("/does-not-exist"))


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json"])
async def test_content_that_is_not_a_page_is_refused(page_server: PageServer,
                                                     fetcher: PageFetcher,
                                                     content_type: str) -> None:
    url = page_server.page("/file", b"%PDF-1.7 binary", content_type, charset=None)
    with pytest.raises(UnsupportedContentError, match=content_type):
        await fetcher.fetch(url)


async def test_a_declared_large_body_is_refused_before_download(
        page_server: PageServer, settings: Settings) -> None:
    small = replace(settings, fetch_max_bytes=10_000)
    url = page_server.page("/big", "<p>" + "x" * 20_000 + "</p>")
    async with create_http_session(small) as session:
        with pytest.raises(TooLargeError, match="larger than"):
            await PageFetcher(session, small).fetch(url)


async def test_a_streamed_body_is_cut_at_the_cap(page_server: PageServer,
                                                 settings: Settings) -> None:
    small = replace(settings, fetch_max_bytes=100_000)

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(1000):  # bounded, but far beyond the cap
            await response.write(b"<p>" + b"y" * 8192 + b"</p>")
        return response

    url = page_server.route("/endless", endless)
    async with create_http_session(small) as session:
        with pytest.raises(TooLargeError):
            await PageFetcher(session, small).fetch(url)


async def test_a_gzip_bomb_is_cut_at_the_cap_after_decompression(
        page_server: PageServer, settings: Settings) -> None:
    small = replace(settings, fetch_max_bytes=1_000_000)
    bomb = gzip.compress(b"<p>" + b"0" * 20_000_000 + b"</p>")

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=bomb, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "gzip"})

    url = page_server.route("/bomb", handler)
    async with create_http_session(small) as session:
        with pytest.raises(TooLargeError):
            await PageFetcher(session, small).fetch(url)


async def test_a_slow_server_times_out(page_server: PageServer, settings: Settings) -> None:
    quick = replace(settings, fetch_connect_timeout=0.5, fetch_read_timeout=0.5)

    url = page_server.stall("/slow")  # answers only when the test is over
    async with create_http_session(quick) as session:
        with pytest.raises(FetchTimeoutError, match="too long"):
            await PageFetcher(session, quick).fetch(url)


async def test_a_trickling_server_hits_the_overall_deadline(page_server: PageServer,
                                                            settings: Settings) -> None:
    quick = replace(settings, fetch_connect_timeout=0.5, fetch_read_timeout=0.5)

    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(20):  # one byte every 0.2 s never trips the read timeout alone
            await response.write(b"x")
            await asyncio.sleep(0.2)
        return response

    url = page_server.route("/trickle", trickle)
    async with create_http_session(quick) as session:
        with pytest.raises(FetchTimeoutError):
            await PageFetcher(session, quick).fetch(url)


async def test_the_charset_comes_from_the_header(page_server: PageServer,
                                                 fetcher: PageFetcher) -> None:
    url = page_server.page("/latin", "<p>Café crème à Zürich</p>", charset="iso-8859-1")
    assert "Café crème à Zürich" in (await fetcher.fetch(url)).text


async def test_the_charset_comes_from_meta_when_the_header_has_none(
        page_server: PageServer, fetcher: PageFetcher) -> None:
    body = '<meta charset="windows-1252"><p>Café “quoted”</p>'.encode("cp1252")
    url = page_server.page("/meta", body, charset=None)
    assert "Café “quoted”" in (await fetcher.fetch(url)).text


async def test_an_empty_page_is_refused(page_server: PageServer, fetcher: PageFetcher) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        await fetcher.fetch(page_server.page("/empty", ""))


async def test_a_refused_connection_is_reported(fetcher: PageFetcher) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        await fetcher.fetch(f"http://127.0.0.1:{port}/")


class _NoSuchHost(AbstractResolver):
    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        raise OSError(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        pass


async def test_a_dns_failure_is_reported(settings: Settings) -> None:
    connector = aiohttp.TCPConnector(resolver=_NoSuchHost())
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(FetchError, match=r"could not resolve the host name news\.invalid"):
            await PageFetcher(session, settings).fetch("http://news.invalid/story")


# --- the address guard, on by default ---------------------------------------------------

@pytest.fixture
async def guarded() -> AsyncIterator[PageFetcher]:
    settings = Settings()  # allow_private_urls is off by default
    async with create_http_session(settings) as session:
        yield PageFetcher(session, settings)


@pytest.mark.parametrize("host", [
    "127.0.0.1", "localhost", "[::1]", "0.0.0.0", "169.254.169.254", "10.0.0.8",
    "2130706433", "0177.0.0.1", "[::ffff:127.0.0.1]", "sub.localhost",
])
async def test_private_addresses_are_refused_by_default(guarded: PageFetcher, host: str) -> None:
    with pytest.raises(BlockedAddressError):
        await guarded.fetch(f"http://{host}/")


async def test_localhost_spelled_with_a_trailing_dot_is_refused(page_server: PageServer,
                                                            guarded: PageFetcher) -> None:
    page_server.page("/p", ARTICLE_HTML)
    with pytest.raises(BlockedAddressError):
        await guarded.fetch(f"http://localhost.:{page_server.port}/p")
    assert page_server.hits.get("/p") is None


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/",
    "http://2130706433/", "http://0x7f.1/", "http://10.1.1.1/admin",
])
async def test_every_redirect_hop_is_checked(page_server: PageServer, settings: Settings,
                                             monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    # The first hop is our local server (let through); where it redirects to is not.
    def allow_only_the_test_server(url: str) -> str:
        return "127.0.0.1" if urlsplit(url).hostname == "127.0.0.1" else check_url_host(url)

    monkeypatch.setattr(bot.ingest.fetching, "check_url_host", allow_only_the_test_server)
    guarded_settings = replace(settings, allow_private_urls=False)
    url = page_server.redirect("/go", target)
    async with create_http_session(settings) as session:
        with pytest.raises(BlockedAddressError):
            await PageFetcher(session, guarded_settings).fetch(url)


# --- The address guard against hosts that only mean 127.0.0.1 once normalised -------------

# Spellings of 127.0.0.1 that the HTTP client normalises (IDNA/UTS-46) to the listener's IP.
LOOPBACK_LOOKALIKES = ["①②⑦.⓪.⓪.①", "127。0。0。1", "127｡0｡0｡1", "127．0．0．1", "127.0.0.１",
                       "𝟏𝟐𝟕.𝟎.𝟎.𝟏", "¹²⁷.⁰.⁰.¹"]
HIDDEN_ADDRESSES = ["[::127.0.0.1]", "[::ffff:0:127.0.0.1]", "[64:ff9b::a9fe:a9fe]",
                    "[fec0::1]", "sub.localhost.", "[64:ff9b:1::7f00:1]"]


@pytest.mark.parametrize("host", LOOPBACK_LOOKALIKES + HIDDEN_ADDRESSES)
async def test_lookalike_and_hidden_addresses_never_reach_the_listener(
        page_server: PageServer, guarded: PageFetcher, host: str) -> None:
    page_server.page("/secret", ARTICLE_HTML)
    with pytest.raises(BlockedAddressError):
        await guarded.fetch(f"http://{host}:{page_server.port}/secret")
    assert page_server.hits.get("/secret") is None


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("host", LOOPBACK_LOOKALIKES + HIDDEN_ADDRESSES)
async def test_lookalike_and_hidden_addresses_are_refused_as_redirect_targets(
        page_server: PageServer, settings: Settings, monkeypatch: pytest.MonkeyPatch,
        host: str, status: int) -> None:
    def allow_only_the_first_hop(url: str) -> str:
        return "127.0.0.1" if urlsplit(url).hostname == "127.0.0.1" else check_url_host(url)

    monkeypatch.setattr(bot.ingest.fetching, "check_url_host", allow_only_the_first_hop)
    page_server.page("/secret", ARTICLE_HTML)
    url = page_server.redirect("/go", f"http://{host}:{page_server.port}/secret", status)
    async with create_http_session(settings) as session:
        with pytest.raises(BlockedAddressError):
            await PageFetcher(session, replace(settings, allow_private_urls=False)).fetch(url)
    assert page_server.hits["/go"] == 1
    assert page_server.hits.get("/secret") is None


@pytest.mark.parametrize("host", ["127.0.0.1", *LOOPBACK_LOOKALIKES])
async def test_the_connection_layer_refuses_a_private_ip_literal_the_url_check_missed(
        page_server: PageServer, monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    # As if the URL check and the HTTP client's URL library disagreed about the host: the
    # connector is handed an IP literal, which no resolver sees, and refuses it itself.
    monkeypatch.setattr(bot.ingest.fetching, "check_url_host", lambda url: url)
    page_server.page("/secret", ARTICLE_HTML)
    settings = Settings()
    async with create_http_session(settings) as session:
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1 is not a public"):
            await PageFetcher(session, settings).fetch(
                f"http://{host}:{page_server.port}/secret")
        with pytest.raises(aiohttp.ClientConnectorError):
            await session.get(page_server.url("/secret"))
    assert page_server.hits.get("/secret") is None


# --- Hostile redirects and URLs get one-line reasons, never a crash -----------------------

@pytest.mark.parametrize("location", ["http://[", "http://[::①]/", "http://[::1/x",
                                      "http://exa\x00mple.com/"])
async def test_a_malformed_redirect_target_is_refused_with_a_reason(
        page_server: PageServer, fetcher: PageFetcher, location: str) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=302)
        response.headers["Location"] = location.replace("\x00", "%00")
        return response

    page_server.route("/go", handler)
    if "\x00" in location:
        # aiohttp will not send a NUL in a header; check the URL check itself.
        with pytest.raises(UnsupportedUrlError, match="control"):
            await fetcher.fetch(location)
        return
    with pytest.raises(UnsupportedUrlError, match="malformed"):
        await fetcher.fetch(page_server.url("/go"))


@pytest.mark.parametrize("url", ["http://exa\x00mple.com/", "http://exa\x07mple.com/",
                                 "http://example.com\u200b/", "http://exam\x7fple.com/"])
async def test_control_characters_in_a_url_are_refused_with_a_reason(
        fetcher: PageFetcher, url: str) -> None:
    with pytest.raises(UnsupportedUrlError, match="control or invisible"):
        await fetcher.fetch(url)


async def test_a_dns_failure_on_a_redirect_names_the_hop_that_failed(
        page_server: PageServer, settings: Settings) -> None:
    url = page_server.redirect("/go", "http://gone.example/story")
    connector = aiohttp.TCPConnector(resolver=_NoSuchHost())
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(FetchError, match=r"could not resolve the host name gone\.example"):
            await PageFetcher(session, settings).fetch(url)


@pytest.mark.parametrize("charset", ["zlib", "rot13", "base64", "undefined"])
async def test_a_page_declaring_a_non_text_charset_is_still_read(
        page_server: PageServer, fetcher: PageFetcher, charset: str) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=ARTICLE_HTML.encode(),
                            headers={"Content-Type": f"text/html; charset={charset}"})

    page = await fetcher.fetch(page_server.route("/p", handler))
    assert "Harbour council approves" in page.text


# --- Feeds: the same fetcher, their own content types and conditional GETs -----------------

async def test_a_feed_is_fetched_conditionally_with_its_caching_headers(
        fetcher: PageFetcher, page_server: PageServer) -> None:
    async def feed(request: web.Request) -> web.StreamResponse:
        headers = {"ETag": '"v1"', "Last-Modified": "Tue, 03 Nov 2026 08:00:00 GMT",
                   "Cache-Control": "public, max-age=900"}
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers=headers)
        return web.Response(body=b"<rss/>", headers=headers, content_type="application/rss+xml")

    url = page_server.route("/feed", feed)
    first = await fetcher.fetch_feed(url)
    assert (first.body, first.content_type, first.not_modified) == (
        b"<rss/>", "application/rss+xml", False)
    assert (first.etag, first.last_modified, first.max_age) == (
        '"v1"', "Tue, 03 Nov 2026 08:00:00 GMT", 900)
    again = await fetcher.fetch_feed(url, etag=first.etag, last_modified=first.last_modified)
    assert (again.not_modified, again.body, again.etag) == (True, b"", '"v1"')


async def test_a_feed_url_that_is_an_image_or_private_is_refused(
        fetcher: PageFetcher, page_server: PageServer, settings: Settings) -> None:
    image = page_server.page("/logo.png", b"\x89PNG", content_type="image/png", charset=None)
    with pytest.raises(UnsupportedContentError, match="not a feed or a web page"):
        await fetcher.fetch_feed(image)
    feed = page_server.page("/feed.xml", "<rss/>", content_type="application/rss+xml")
    guarded = replace(settings, allow_private_urls=False)
    async with create_http_session(guarded) as session:
        with pytest.raises(BlockedAddressError):
            await PageFetcher(session, guarded).fetch_feed(feed)
