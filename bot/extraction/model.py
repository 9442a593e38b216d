"""The article as extraction produces it: plain data, no parsing library types."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """An article's text and metadata.

    ``text`` holds the body only (no navigation, captions, share prompts, related lists,
    copyright or cookie notices), with paragraphs separated by a blank line.
    """

    text: str
    title: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when the page states one
    language: str | None = None  # ISO 639-1 code when known
    tags: tuple[str, ...] = field(default_factory=tuple)
    image: str | None = None
