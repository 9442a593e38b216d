"""A page that advertises its feed: ``<link rel="alternate" type="application/rss+xml">``."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
                   "application/json", "application/rdf+xml")


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
            return
        if tag != "link" or "alternate" not in values.get("rel", "").lower().split():
            return
        kind = values.get("type", "").lower().split(";")[0].strip()
        if kind in FEED_LINK_TYPES and values.get("href"):
            self.found.append((FEED_LINK_TYPES.index(kind), values["href"]))


def discover_feeds(html: str, page_url: str) -> list[str]:
    """The feed URLs a page advertises, RSS before Atom before JSON, in page order."""
    parser = _FeedLinks()
    parser.feed(html[:500_000])  # the <head> is near the top; a huge page needs no more
    base = urljoin(page_url, parser.base) if parser.base else page_url
    urls: list[str] = []
    for _rank, href in sorted(parser.found, key=lambda found: found[0]):
        url = urljoin(base, href)
        if url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return urls
