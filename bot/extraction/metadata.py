"""Page metadata that trafilatura does not return the way newsbot needs it.

Reads ``<meta>``/``<link>`` tags, the ``<html lang>`` attribute and JSON-LD blocks from an lxml
tree. Every helper is iterative and tolerant: a malformed page yields ``None`` or an empty tuple,
never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from bot.extraction.tag_rules import invert_catalogue_names

logger = logging.getLogger(__name__)

# JSON-LD nesting deeper than this is ignored: it is never meaningful and keeps the walk cheap.
_MAX_JSON_DEPTH = 12
# Scripts larger than this are not parsed: real JSON-LD is a few kilobytes.
_MAX_JSON_LD_CHARS = 500_000
_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_WS_RE = re.compile(r"\s+")
_NAME_PAIR = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?, [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?$")


def meta_contents(tree: HtmlElement, *names: str) -> list[str]:
    """Non-empty ``content`` of ``<meta>`` tags whose name/property/itemprop is one of ``names``."""
    wanted = {name.lower() for name in names}
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.strip().lower() not in wanted:
            continue
        content = _clean(meta.get("content"))
        if content:
            found.append(content)
    return found


def first_meta(tree: HtmlElement, *names: str) -> str | None:
    """The first non-empty ``<meta>`` content among ``names``, in the order of ``names``."""
    for name in names:
        values = meta_contents(tree, name)
        if values:
            return values[0]
    return None


def absolute_url(href: str | None, base: str | None) -> str | None:
    """``href`` made absolute against ``base``; ``None`` unless the result is http(s)."""
    href = _clean(href)
    if not href:
        return None
    try:
        joined = urljoin(base, href) if base else href
        parts = urlsplit(joined)
    except ValueError:  # malformed IPv6 literals and the like
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return joined


def canonical_url(tree: HtmlElement, base: str | None) -> str | None:
    """``<link rel=canonical>`` first, then ``og:url``, made absolute against ``base``."""
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = absolute_url(link.get("href"), base)
            if found:
                return found
    return absolute_url(first_meta(tree, "og:url"), base)


def lead_image(tree: HtmlElement, base: str | None) -> str | None:
    """``og:image`` (or its Twitter equivalent), made absolute against ``base``."""
    for name in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                 "twitter:image:src"):
        for value in meta_contents(tree, name):
            found = absolute_url(value, base)
            if found:
                return found
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower().strip() == "image_src":
            found = absolute_url(link.get("href"), base)
            if found:
                return found
    return None


def site_name(tree: HtmlElement) -> str | None:
    """The publication's own name as the page declares it."""
    return first_meta(tree, "og:site_name", "application-name")


def language(tree: HtmlElement, json_ld: list[Any]) -> str | None:
    """ISO 639-1 code from ``<html lang>``, then meta tags, then JSON-LD ``inLanguage``."""
    candidates: list[str | None] = [tree.get("lang"), tree.get("xml:lang")]
    candidates.append(first_meta(tree, "og:locale", "language", "content-language", "dc.language"))
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language":
            candidates.append(meta.get("content"))
    candidates.extend(
        value for value in _json_values(json_ld, "inLanguage") if isinstance(value, str)
    )
    for candidate in candidates:
        code = _language_code(candidate)
        if code:
            return code
    return None


def tags(tree: HtmlElement, json_ld: list[Any]) -> tuple[str, ...]:
    """Tags from ``article:tag``, ``news_keywords``/``keywords`` meta and JSON-LD ``keywords``.

    Comma-separated lists are split (catalogue names such as "Trump, Donald J" are first
    turned into "Donald J. Trump"); entries are stripped and de-duplicated case-insensitively,
    keeping the first spelling seen.
    """
    raw: list[str] = []
    raw.extend(meta_contents(tree, "article:tag"))
    raw.extend(meta_contents(tree, "news_keywords"))
    raw.extend(meta_contents(tree, "keywords"))
    for value in _json_values(json_ld, "keywords"):
        if isinstance(value, str):
            raw.append(value)
        elif isinstance(value, list):
            raw.extend(item for item in value if isinstance(item, str))
    return dedupe_tags(invert_catalogue_names(value) for value in raw)


def dedupe_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Split comma lists, strip, drop empties and case-insensitive duplicates (first spelling)."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        # "Bevin, Matthew" alone may be a catalogue name: choosing tags decides with the text.
        for part in [value] if _NAME_PAIR.match(value.strip()) else value.split(","):
            tag = _clean(part)
            if not tag or len(tag) > 100:  # a sentence stuffed into keywords is not a tag
                continue
            key = tag.casefold()
            if key not in seen:
                seen.add(key)
                result.append(tag)
    return tuple(result)


def json_ld_objects(tree: HtmlElement) -> list[Any]:
    """The decoded JSON-LD blocks of the page; undecodable blocks are skipped."""
    blocks: list[Any] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = script.text or ""
        if not source.strip() or len(source) > _MAX_JSON_LD_CHARS:
            continue
        try:
            blocks.append(json.loads(source))
        except (ValueError, RecursionError):
            logger.debug("skipping undecodable JSON-LD block")
    return blocks


def _json_values(blocks: list[Any], key: str) -> Iterator[Any]:
    """Every value stored under ``key`` anywhere in the JSON-LD blocks (breadth-first)."""
    queue: list[tuple[Any, int]] = [(block, 0) for block in blocks]
    index = 0
    while index < len(queue):
        node, depth = queue[index]
        index += 1
        if depth > _MAX_JSON_DEPTH:
            continue
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            queue.extend((value, depth + 1) for value in node.values()
                         if isinstance(value, dict | list))
        elif isinstance(node, list):
            queue.extend((value, depth + 1) for value in node if isinstance(value, dict | list))


def _language_code(value: str | None) -> str | None:
    value = _clean(value)
    if not value:
        return None
    match = _LANG_RE.match(value)
    if not match:
        return None
    code = match.group(1).lower()
    return code if len(code) == 2 else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = _WS_RE.sub(" ", value).strip()
    return cleaned or None
