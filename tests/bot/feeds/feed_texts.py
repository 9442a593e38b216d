"""Feeds written for the tests (RSS 2.0, RSS 1.0, Atom, JSON Feed) and a feed server on
127.0.0.1 that answers conditional GETs the way real servers do."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from aiohttp import web

from tests.conftest import ARTICLE_HTML, PageServer

BASE_DATE = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    guid: str | None
    title: str
    link: str | None
    published: datetime | None = None
    summary: str = ""


def rss(entries: list[Entry], *, title: str = "Eastport Herald", ttl: int | None = None) -> str:
    """RSS 2.0, newest first as feeds list them."""
    items = []
    for entry in entries:
        parts = [f"<title>{escape(entry.title)}</title>"]
        if entry.link:
            parts.append(f"<link>{escape(entry.link)}</link>")
        if entry.guid:
            parts.append(f'<guid isPermaLink="false">{escape(entry.guid)}</guid>')
        if entry.published:
            parts.append(f"<pubDate>{format_datetime(entry.published)}</pubDate>")
        if entry.summary:
            parts.append(f"<description>{escape(entry.summary)}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>http://example.org/</link>"
            f"<description>News</description>{ttl_tag}{''.join(items)}</channel></rss>")


def atom(entries: list[Entry], *, title: str = "Nordhavn Tidende") -> str:
    parts = []
    for entry in entries:
        when = (entry.published or BASE_DATE).isoformat().replace("+00:00", "Z")
        link = f'<link rel="alternate" href="{escape(entry.link)}"/>' if entry.link else ""
        parts.append(f"<entry><id>{escape(entry.guid or entry.title)}</id>"
                     f"<title>{escape(entry.title)}</title>{link}<updated>{when}</updated>"
                     f"<summary>{escape(entry.summary)}</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:test:feed</id>"
            f"<updated>{BASE_DATE.isoformat().replace('+00:00', 'Z')}</updated>"
            f"{''.join(parts)}</feed>")


def rss1(entries: list[Entry]) -> str:
    items = "".join(
        f'<item rdf:about="{escape(e.link or e.title)}"><title>{escape(e.title)}</title>'
        f"<link>{escape(e.link or '')}</link></item>" for e in entries)
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-'
            'ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.org/">'
            "<title>Old Town Gazette</title><link>http://example.org/</link>"
            f"<description>x</description></channel>{items}</rdf:RDF>")


def json_feed(entries: list[Entry]) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Harbour Notes",
        "items": [{"id": e.guid, "title": e.title, "url": e.link,
                   "date_published": (e.published or BASE_DATE).isoformat(),
                   "summary": e.summary} for e in entries]})


def entries(names: list[str], links: dict[str, str] | None = None) -> list[Entry]:
    """Items named ``names``, newest first (the first name is the newest)."""
    found = []
    for index, name in enumerate(names):
        link = (links or {}).get(name, f"http://example.org/{name}")
        found.append(Entry(f"guid-{name}", f"Story {name}", link,
                           BASE_DATE + timedelta(hours=len(names) - index)))
    return found


def story_html(name: str, canonical: str) -> str:
    """A distinct article page per name, from the test article."""
    html = ARTICLE_HTML.replace("{canonical}", canonical)
    if name == "ferry":
        return html
    return html.replace("ferry terminal", f"{name} project").replace(
        "Harbour council", f"{name.title()} council")


def serve_stories(server: PageServer, names: list[str]) -> dict[str, str]:
    urls = {}
    for name in names:
        path = f"/news/{name}"
        urls[name] = server.page(path, story_html(name, server.url(path)))
    return urls


@dataclass
class ServedFeed:
    """A feed whose body the test changes; answers If-None-Match and If-Modified-Since with
    304 while it is unchanged."""

    body: str
    content_type: str = "application/rss+xml"
    version: int = 1
    status: int = 200
    cache_control: str | None = None
    send_etag: bool = True
    conditional_hits: list[str] = field(default_factory=list)

    def update(self, body: str) -> None:
        self.body = body
        self.version += 1

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    @property
    def last_modified(self) -> str:
        return format_datetime(BASE_DATE + timedelta(minutes=self.version), usegmt=True)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.status != 200:
            return web.Response(status=self.status, text="gone")
        headers = {"Last-Modified": self.last_modified,
                   "Content-Type": f"{self.content_type}; charset=utf-8"}
        if self.send_etag:
            headers["ETag"] = self.etag
        if self.cache_control:
            headers["Cache-Control"] = self.cache_control
        if request.headers.get("If-None-Match") == self.etag:
            self.conditional_hits.append("etag")
            return web.Response(status=304, headers=headers)
        if request.headers.get("If-Modified-Since") == self.last_modified:
            self.conditional_hits.append("last-modified")
            return web.Response(status=304, headers=headers)
        return web.Response(body=self.body.encode("utf-8"), headers=headers)


def serve_feed(server: PageServer, path: str, feed: ServedFeed) -> str:
    return server.route(path, feed.handle)
