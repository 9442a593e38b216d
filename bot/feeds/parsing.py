"""A feed's bytes become plain dataclasses (feedparser reads RSS 0.9x/1.0/2.0, Atom and CDF;
JSON Feed is read here, it is a few keys).

Parsing is CPU work: callers run :func:`parse_feed` off the event loop (``parse_in_thread``).
A malformed feed is read as far as feedparser can ("bozo"): its items are kept when there
are any, with the problem as ``problem``; a document with no feed in it is an error.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.errors import InvalidInputError

MAX_ITEMS = 200  # a feed of more keeps its first (usually newest) items
SUMMARY_CHARS = 2000
_TAG = re.compile(r"<[^>]*>")


class NotAFeedError(InvalidInputError):
    """The document holds no RSS, Atom or JSON feed."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    identity: str  # guid, else link, else a hash of title and date
    link: str | None
    title: str | None
    published: datetime | None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None  # the site the feed belongs to
    items: tuple[FeedItem, ...]
    ttl_minutes: int | None = None  # RSS <ttl>
    problem: str | None = None  # malformed but readable: what feedparser found wrong


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    stripped = body.lstrip()
    if "json" in content_type or stripped.startswith(b"{"):
        return _parse_json_feed(stripped, url)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers)
    problem = None
    # A declared encoding corrected by the parser or an unusual content type is no problem.
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), harmless):
        problem = _bozo_reason(parsed.get("bozo_exception"))
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        raise NotAFeedError(f"this is not an RSS, Atom or JSON feed ({problem or 'no feed'})")
    feed = parsed.get("feed") or {}
    items = tuple(_item(entry, url) for entry in entries[:MAX_ITEMS])
    return ParsedFeed(title=_clean(feed.get("title")), link=_clean(feed.get("link")),
                      items=items, ttl_minutes=_ttl(feed.get("ttl")), problem=problem)


async def parse_in_thread(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Off the event loop: a large feed takes a while to parse."""
    return await asyncio.to_thread(parse_feed, body, url, content_type)


def _item(entry: Any, base: str) -> FeedItem:
    link = _clean(entry.get("link"))
    if link:
        link = urljoin(base, link)
    title = _clean(entry.get("title"))
    published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
    summary = _plain(entry.get("summary"))
    guid = _clean(entry.get("id"))
    return FeedItem(identity=item_identity(guid, link, title, published), link=link,
                    title=title, published=published,
                    summary=summary[:SUMMARY_CHARS] if summary else None)


def item_identity(guid: str | None, link: str | None, title: str | None,
                  published: datetime | None) -> str:
    """What makes an item itself across polls: its guid, else its link, else title + date."""
    if guid:
        return f"id:{guid}"
    if link:
        return f"link:{link}"
    seed = f"{title or ''}\x00{published.isoformat() if published else ''}"
    return "hash:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def _when(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _ttl(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if minutes > 0 else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _plain(value: Any) -> str | None:
    """Feed summaries are HTML: the text alone, for filters and previews."""
    text = _clean(value)
    if text is None:
        return None
    return _clean(" ".join(html.unescape(_TAG.sub(" ", text)).split()))


def _bozo_reason(error: Any) -> str:
    text = str(error or "").strip().splitlines()
    return f"the feed is malformed ({text[0][:200] if text else 'unreadable XML'})"


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NotAFeedError("this is not an RSS, Atom or JSON feed (unreadable JSON)") from None
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version")):
        raise NotAFeedError("this is JSON, but not a JSON Feed")
    items = []
    for entry in (document.get("items") or [])[:MAX_ITEMS]:
        if not isinstance(entry, dict):
            continue
        link = _clean(entry.get("url")) or _clean(entry.get("external_url"))
        link = urljoin(url, link) if link else None
        title = _clean(entry.get("title"))
        published = _iso(entry.get("date_published") or entry.get("date_modified"))
        summary = _clean(entry.get("summary")) or _clean(entry.get("content_text"))
        guid = entry.get("id")
        items.append(FeedItem(item_identity(str(guid) if guid is not None else None, link,
                                            title, published),
                              link, title, published,
                              summary[:SUMMARY_CHARS] if summary else None))
    return ParsedFeed(title=_clean(document.get("title")),
                      link=_clean(document.get("home_page_url")), items=tuple(items))


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
