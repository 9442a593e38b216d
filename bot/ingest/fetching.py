"""Fetching web pages safely: one shared aiohttp session, bounded in time, size and hops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin

import aiohttp

from bot.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HttpStatusError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
    UnsupportedUrlError,
)
from bot.ingest.address_guard import (
    PublicAddressResolver,
    RefusedAddressError,
    check_url_host,
    guarded_socket,
)
from bot.ingest.decoding import decode_text
from bot.ingest.urls import check_fetchable
from bot.runtime.settings import Settings

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# Feeds (bot.feeds) are fetched through this fetcher too, with their own accepted types.
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml",
                        "text/xml", "application/rdf+xml", "application/feed+json",
                        "application/json"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class FetchedFeed:
    """A feed's raw bytes (feed parsers read the encoding themselves) and caching headers."""

    url: str
    content_type: str
    body: bytes
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None
    max_age: int | None = None  # seconds, from Cache-Control
    not_modified: bool = False  # a 304 to a conditional GET

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES

    def text(self) -> str:
        return decode_text(self.body, self.charset, html=self.is_html)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A decoded page: ``url`` is where it was finally found, after redirects."""

    url: str
    requested_url: str
    content_type: str
    text: str

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


def create_http_session(settings: Settings) -> aiohttp.ClientSession:
    """The one HTTP session the process uses for pages (not for Discord)."""
    guarded = not settings.allow_private_urls
    # Two layers: the resolver refuses names that resolve privately, and the socket factory
    # refuses any non-public address a connection is about to reach, IP literals included.
    connector = aiohttp.TCPConnector(
        resolver=PublicAddressResolver() if guarded else None,
        socket_factory=guarded_socket if guarded else None,
        limit=20, limit_per_host=4, ttl_dns_cache=60)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=settings.fetch_connect_timeout,
                                    sock_read=settings.fetch_read_timeout)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Language": "en;q=1.0, *;q=0.5",
        },
        # Cookies from one page must never travel to another site.
        cookie_jar=aiohttp.DummyCookieJar(),
    )


class PageFetcher:
    """Fetches one page at a time through the shared session, following redirects by hand."""

    def __init__(self, session: aiohttp.ClientSession, settings: Settings) -> None:
        self._session = session
        self._max_bytes = settings.fetch_max_bytes
        self._max_redirects = settings.fetch_max_redirects
        self._allow_private = settings.allow_private_urls
        # A server that trickles one byte at a time never trips the read timeout.
        self._deadline = settings.fetch_connect_timeout + settings.fetch_read_timeout

    async def fetch(self, url: str) -> FetchedPage:
        requested = check_fetchable(url)
        return await self._guarded(self._follow(requested))

    async def fetch_feed(self, url: str, *, etag: str | None = None,
                         last_modified: str | None = None) -> FetchedFeed:
        """A feed (or the HTML page that advertises one), with a conditional GET: a 304
        comes back as ``not_modified`` with no body. Same guard, limits and errors as pages."""
        requested = check_fetchable(url)
        headers = {"Accept": "application/rss+xml,application/atom+xml,application/feed+json,"
                             "application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.5,*/*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._guarded(self._follow_feed(requested, headers))

    async def _guarded(self, work: Coroutine[Any, Any, _T]) -> _T:
        try:
            async with asyncio.timeout(self._deadline):
                return await work
        except TimeoutError:
            raise FetchTimeoutError("the page took too long to load") from None
        except aiohttp.ClientConnectorDNSError as error:
            # The host of the hop that failed, which after a redirect is not the first one.
            raise FetchError(f"could not resolve the host name {error.host}") from None
        except aiohttp.ClientConnectorError as error:
            if isinstance(error.os_error, RefusedAddressError):
                raise BlockedAddressError(str(error.os_error.strerror)) from None
            raise FetchError(f"could not connect to {error.host}") from None
        except aiohttp.ClientPayloadError:
            raise FetchError("the server sent a broken or truncated response") from None
        except aiohttp.ClientResponseError as error:
            raise FetchError(f"the server sent an invalid response ({error.message})") from None
        except aiohttp.ClientError as error:
            raise FetchError(f"the page could not be fetched ({type(error).__name__})") from None

    async def _follow(self, requested: str) -> FetchedPage:
        async with self._final_response(requested) as response:
            if response.status >= 400:
                raise HttpStatusError(response.status, response.reason or "")
            content_type = _content_type(response)
            body = await self._read_capped(response)
            text = decode_text(body, response.charset, html=content_type in HTML_TYPES)
            return FetchedPage(url=str(response.url), requested_url=requested,
                               content_type=content_type, text=text)

    async def _follow_feed(self, requested: str, headers: dict[str, str]) -> FetchedFeed:
        async with self._final_response(requested, headers) as response:
            meta = _feed_headers(response)
            if response.status == 304:
                return FetchedFeed(url=str(response.url), content_type="", body=b"",
                                   charset=None, not_modified=True, **meta)
            if response.status >= 400:
                raise HttpStatusError(response.status, response.reason or "")
            content_type = _feed_content_type(response)
            body = await self._read_capped(response)
            return FetchedFeed(url=str(response.url), content_type=content_type,
                               body=body, charset=response.charset, **meta)

    @contextlib.asynccontextmanager
    async def _final_response(self, requested: str, headers: dict[str, str] | None = None
                              ) -> AsyncIterator[aiohttp.ClientResponse]:
        """The response at the end of the redirects, each hop checked before it is fetched."""
        current = requested
        visited: set[str] = set()
        for _hop in range(self._max_redirects + 1):
            self._check_target(current)
            visited.add(current)
            async with self._session.get(current, allow_redirects=False,
                                         headers=headers) as response:
                if response.status not in _REDIRECT_STATUSES:
                    yield response
                    return
                location = response.headers.get("Location")
                if not location:
                    raise FetchError("the server redirected without a location")
                target = check_fetchable(_join(current, location))
                if target in visited:
                    raise TooManyRedirectsError("the page redirects in a loop")
                current = target
        raise TooManyRedirectsError(f"the page redirects more than {self._max_redirects} times")

    def _check_target(self, url: str) -> None:
        if not self._allow_private:
            check_url_host(url)

    async def _read_capped(self, response: aiohttp.ClientResponse) -> bytes:
        limit = self._max_bytes
        declared = response.content_length
        if declared is not None and declared > limit:
            raise TooLargeError(f"the page is larger than {_megabytes(limit)}")
        body = bytearray()
        # Counted after decompression, so a small gzip bomb is stopped too.
        async for chunk in response.content.iter_chunked(_CHUNK):
            body.extend(chunk)
            if len(body) > limit:
                raise TooLargeError(f"the page is larger than {_megabytes(limit)}")
        return bytes(body)


def _join(current: str, location: str) -> str:
    try:
        return urljoin(current, location)
    except ValueError:
        raise UnsupportedUrlError("the page redirected to a malformed address") from None


def _content_type(response: aiohttp.ClientResponse) -> str:
    content_type = response.content_type.lower()
    if content_type in HTML_TYPES or content_type in TEXT_TYPES:
        return content_type
    shown = content_type or "no content type"
    raise UnsupportedContentError(f"the link is not a web page or text ({shown})")


def _feed_content_type(response: aiohttp.ClientResponse) -> str:
    content_type = response.content_type.lower()
    if content_type in FEED_TYPES or content_type in HTML_TYPES or content_type in TEXT_TYPES:
        return content_type
    shown = content_type or "no content type"
    raise UnsupportedContentError(f"the address is not a feed or a web page ({shown})")


def _feed_headers(response: aiohttp.ClientResponse) -> dict[str, Any]:
    return {"etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
            "max_age": _max_age(response.headers.get("Cache-Control", ""))}


def _max_age(cache_control: str) -> int | None:
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "max-age" and value.strip().isdigit():
            return int(value.strip())
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
