"""Per-feed filters in the search syntax (``bot.knowledge.query``): words and "phrases" to
include, ``NOT``/``-`` to exclude, ``tag:``, ``person:``, ``site:``; case and accent
insensitive; tested on the processed article's title, summary, tags and people."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import InvalidOptionError
from bot.knowledge.query import ParsedQuery, parse_query
from bot.text.folding import fold

MAX_FILTER_LENGTH = 300
_WORD = re.compile(r"\w+", re.UNICODE)
_DASHED = re.compile(r'(?<!\S)-(?=["\w])')  # "-word" means NOT word, as in search boxes


@dataclass(frozen=True, slots=True)
class FilterSubject:
    """What a filter looks at in one article."""

    title: str | None
    summary: tuple[str, ...]
    tags: tuple[str, ...]  # topic keys
    tag_names: tuple[str, ...]
    people: tuple[str, ...]  # person keys and surname keys
    people_names: tuple[str, ...]
    url: str | None
    site_name: str | None = None


@dataclass(frozen=True, slots=True)
class FeedFilter:
    text: str
    query: ParsedQuery

    def keeps(self, subject: FilterSubject) -> bool:
        query = self.query
        words = " " + " ".join(_words(_haystack(subject))) + " "
        if query.terms:
            found = [_contains(words, term) for term in query.terms]
            if not (any(found) if query.any_term else all(found)):
                return False
        if any(_contains(words, term) for term in query.excluded):
            return False
        if any(tag not in subject.tags for tag in query.tags):
            return False
        if any(person not in subject.people for person in query.people):
            return False
        return all(_on_site(subject, site) for site in query.sites)


def parse_filter(text: str | None) -> FeedFilter | None:
    """None for no filter; a clear error for one that cannot work as a feed filter."""
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidOptionError(f"a filter may be at most {MAX_FILTER_LENGTH} characters")
    query = parse_query(_DASHED.sub("NOT ", text))
    if query.before or query.after:
        raise InvalidOptionError("before: and after: do not apply to a feed's filter (every "
                                 "item is new): use words, tag:, person: or site:")
    if query.is_empty and not query.excluded:
        raise InvalidOptionError(f"the filter {text!r} has no word, phrase, tag:, person: "
                                 "or site: to match")
    return FeedFilter(text, query)


def _haystack(subject: FilterSubject) -> Iterable[str]:
    yield subject.title or ""
    yield from subject.summary
    yield from subject.tag_names
    yield from subject.people_names


def _words(texts: Iterable[str]) -> list[str]:
    return [word for text in texts for word in _WORD.findall(fold(text))]


def _contains(words: str, term: str) -> bool:
    if term.endswith("*"):
        return f" {fold(term[:-1])}" in words
    phrase = " ".join(_WORD.findall(fold(term)))
    return bool(phrase) and f" {phrase} " in words


def _on_site(subject: FilterSubject, site: str) -> bool:
    host = fold((urlsplit(subject.url or "").hostname or "").removeprefix("www."))
    if host == site or host.endswith("." + site):
        return True
    return subject.site_name is not None and fold(subject.site_name) == site
