"""Plain data that the repositories take and return; no database types leak out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Tag:
    name: str  # as written: "NATO"
    key: str  # normalised, so "NATO", "Nato" and "nato" are one topic
    derived: bool = False  # a key phrase found in the text, not a tag the page gave


@dataclass(frozen=True, slots=True)
class Person:
    """A person named in an article, as recognition found them."""

    name: str  # the fullest form written: "Mircea Geoană"
    key: str  # folded: "mircea geoana"
    surname_key: str  # folded surname: "geoana"
    role: str | None = None
    mention_count: int = 1
    mention_sentences: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewArticle:
    url_key: str
    text: str
    summary: tuple[str, ...]
    summary_algorithm: str
    words_in: int
    words_out: int
    canonical_url: str | None = None
    original_url: str | None = None
    title: str | None = None
    site_name: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    image: str | None = None
    tags: tuple[Tag, ...] = field(default_factory=tuple)
    people: tuple[Person, ...] = field(default_factory=tuple)
    sentence_notes: str | None = None  # JSON from bot.knowledge.notes, for /ask


@dataclass(frozen=True, slots=True)
class NewShare:
    shared_at: datetime
    url: str | None = None
    url_key: str | None = None
    sharer_id: str | None = None
    sharer_name: str | None = None
    channel_id: str | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    scope: str
    url_key: str
    text: str
    summary: tuple[str, ...]
    summary_algorithm: str
    words_in: int
    words_out: int
    created_at: datetime
    canonical_url: str | None
    original_url: str | None
    title: str | None
    site_name: str | None
    author: str | None
    published: str | None
    language: str | None
    image: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoredShare:
    id: int
    article_id: int
    shared_at: datetime
    url: str | None
    sharer_id: str | None
    sharer_name: str | None
    channel_id: str | None
    message_id: str | None
    reply_id: str | None


@dataclass(frozen=True, slots=True)
class SavedShare:
    """The outcome of recording a share: the article, and whether it was new."""

    article: StoredArticle
    share: StoredShare
    created: bool


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """An article as lists show it: enough for a title line, a date and a link."""

    id: int
    title: str | None
    url: str | None
    created_at: datetime
    summary: tuple[str, ...]
    site_name: str | None = None
    published: str | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.url or "Untitled article"


@dataclass(frozen=True, slots=True)
class NameCount:
    """A topic or a person and how many articles name them."""

    key: str
    name: str
    count: int
