"""Whether a new article matches a follow: a person, a topic, or a search query.

A person follow matches the article's people as ``/person`` finds them (full name, surname
alone, accents and case aside); a topic follow the article's topic keys (so "NATO", "Nato"
and "nato" are one); a search follow the query language of ``/search`` tested on the title,
summary, topics and people (case and accent insensitive): every word or "phrase" unless
``OR`` joins them, ``port*`` prefixes, ``NOT`` words, ``tag:``, ``person:`` and ``site:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.knowledge.query import ParsedQuery, parse_query
from bot.people import person_key
from bot.people.names import matches as names_match
from bot.text.folding import fold
from bot.text.topic_keys import topic_key
from storage.fts import PREFIX
from storage.models import Person, StoredArticle, Tag

_WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ("person", "topic", "search")


@dataclass(frozen=True, slots=True)
class NamedPerson:
    name: str
    key: str
    surname_key: str


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What matching looks at in one new article."""

    article_id: int
    scope: str
    title: str
    summary: str
    site: str  # folded host or site name
    topic_names: tuple[str, ...]
    topic_keys: frozenset[str]
    people: tuple[NamedPerson, ...]

    created_at: datetime

    @classmethod
    def of(cls, article: StoredArticle, tags: Sequence[Tag], people: Sequence[Person]
           ) -> ArticleFacts:
        url = article.canonical_url or article.original_url or ""
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        return cls(
            article_id=article.id, scope=article.scope, title=article.title or "",
            summary=" ".join(article.summary),
            site=" ".join(part for part in (fold(host), fold(article.site_name or "")) if part),
            topic_names=tuple(tag.name for tag in tags),
            topic_keys=frozenset(tag.key for tag in tags if tag.key),
            people=tuple(NamedPerson(p.name, p.key, p.surname_key) for p in people),
            created_at=article.created_at)

    def words(self) -> list[str]:
        """The folded words matching reads, in order: title, summary, topics, people."""
        parts = [self.title, self.summary, *self.topic_names, *(p.name for p in self.people)]
        return _WORD.findall(fold(" \n ".join(parts)))


def follow_key(kind: str, text: str) -> str:
    """The normalised form of what a member follows: one follow per distinct key."""
    if kind == "person":
        return person_key(text)
    if kind == "topic":
        return topic_key(text)
    return " ".join(fold(text).split())


def names_person(facts: ArticleFacts, name: str) -> bool:
    key = person_key(name)
    return bool(key) and any(
        key in (person.key, person.surname_key) or names_match(name, person.name)
        for person in facts.people)


def matches(kind: str, query: str, facts: ArticleFacts) -> bool:
    if kind == "person":
        return names_person(facts, query)
    if kind == "topic":
        return topic_key(query) in facts.topic_keys
    return matches_search(parse_query(query), facts)


def matches_search(query: ParsedQuery, facts: ArticleFacts) -> bool:
    if query.is_empty:
        return False
    if any(tag not in facts.topic_keys for tag in query.tags):
        return False
    if any(not names_person(facts, name) for name in query.people):
        return False
    if any(site not in facts.site for site in query.sites):
        return False
    words = facts.words()
    if any(_has_term(words, term) for term in query.excluded):
        return False
    if not query.terms:
        return True
    found = (_has_term(words, term) for term in query.terms)
    return any(found) if query.any_term else all(found)


def _has_term(words: list[str], term: str) -> bool:
    """A word, a ``prefix*`` or a phrase (consecutive words) among ``words``."""
    prefix = term.endswith(PREFIX)
    wanted = _WORD.findall(fold(term))
    if not wanted:
        return False
    if len(wanted) == 1:
        return any(_word_matches(word, wanted[0], prefix) for word in words)
    size = len(wanted)
    return any(_phrase_at(words, start, wanted, prefix) for start in range(len(words) - size + 1))


def _phrase_at(words: list[str], start: int, wanted: list[str], prefix: bool) -> bool:
    last = len(wanted) - 1
    return all(_word_matches(words[start + i], w, prefix and i == last)
               for i, w in enumerate(wanted))


def _word_matches(word: str, wanted: str, prefix: bool) -> bool:
    return word.startswith(wanted) if prefix else word == wanted


def matching_follows(follows: Iterable[tuple[int, str, str]], facts: ArticleFacts
                     ) -> list[int]:
    """The ids of the ``(id, kind, query)`` follows the article matches."""
    return [follow_id for follow_id, kind, query in follows if matches(kind, query, facts)]
