"""OPML import and export: the format feed readers exchange subscriptions in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from bot.errors import InvalidInputError

MAX_OPML_BYTES = 1024 * 1024
MAX_OUTLINES = 1000


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str | None = None
    filter: str | None = None  # newsbot's own attribute, so an export round-trips


def read_opml(data: bytes) -> list[OpmlFeed]:
    if len(data) > MAX_OPML_BYTES:
        raise InvalidInputError("the OPML file is larger than 1 MB")
    if b"<!DOCTYPE" in data[:2048].upper() or b"<!ENTITY" in data.upper():
        # No document types: entity expansion ("billion laughs") is how XML files attack.
        raise InvalidInputError("the OPML file declares a document type, which is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise InvalidInputError(f"the file is not valid OPML ({error})") from None
    if root.tag.lower() != "opml":
        raise InvalidInputError("the file is not OPML (its root element is not <opml>)")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        if title == url:  # an untitled feed is exported with its address as its text
            title = None
        feeds.append(OpmlFeed(url, title, (outline.get("newsbotFilter") or "").strip() or None))
        if len(feeds) > MAX_OUTLINES:
            raise InvalidInputError(f"the OPML file lists more than {MAX_OUTLINES} feeds")
    if not feeds:
        raise InvalidInputError("the OPML file lists no feeds (no outline with an xmlUrl)")
    return feeds


def write_opml(feeds: list[OpmlFeed], title: str = "newsbot feeds") -> bytes:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attributes = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attributes["title"] = feed.title
        if feed.filter:
            attributes["newsbotFilter"] = feed.filter
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
