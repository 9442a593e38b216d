"""Named people of one article: model PERSON entities, cleaned, merged, with roles and quotes.

``find_people`` runs the steps in order, each in its own module and each reading the same
``ParsedArticle`` (``bot.people.analysis``):

1. ``mentions``: where a name is written (the model's spans, cleaned, and names it missed);
2. ``grouping``: which mentions are one person, and which lone names are no one;
3. ``things``: which "people" are products, works or places named like people;
4. ``quotes`` and ``roles``: the sentences quoting each person, and the role the text gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.people.analysis import ParsedArticle, Person
from bot.people.grouping import add_unrecognised_mentions, group_mentions
from bot.people.mentions import model_mentions, pattern_mentions
from bot.people.model import parse
from bot.people.names import person_key
from bot.people.quotes import quoted_sentences
from bot.people.roles import role_of
from bot.people.text import clean_article
from bot.people.things import is_thing


@dataclass(frozen=True, slots=True)
class PersonFound:
    """One person named in an article, all their mentions merged.

    ``name`` is the fullest form written in the article ("Mircea Geoană"); ``key`` is its
    accent-folded lower-case form for matching across articles ("mircea geoana").
    """

    name: str
    key: str
    role: str | None
    mention_sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    mention_count: int


def find_people(text: str, *, title: str | None = None) -> tuple[PersonFound, ...]:
    """The people named in an article, in order of first mention.

    ``text`` is the article body (paragraphs separated by blank lines); a tags line and
    page debris after it are ignored. ``title``, when given, is read as a first paragraph.
    """
    body = clean_article(text)
    if title and title.strip() and not body.startswith(title.strip()):
        body = f"{title.strip()}\n\n{body}"
    if not body.strip():
        return ()
    return _recognise(ParsedArticle(body, parse(body)))


def people_jsonl_line(obj: dict[str, Any]) -> dict[str, Any]:
    """``{"id", "text"[, "title"]}`` -> ``{"id", "people": [canonical names]}`` for JSONL output."""
    found = find_people(str(obj.get("text") or ""), title=obj.get("title"))
    return {"id": obj.get("id"), "people": [person.name for person in found]}


def _recognise(article: ParsedArticle) -> tuple[PersonFound, ...]:
    mentions = model_mentions(article)
    mentions += pattern_mentions(article, mentions)
    people = group_mentions(article, mentions)
    for person in people:
        add_unrecognised_mentions(article, person, people)
    people = [person for person in people if not is_thing(article, person)]
    people.sort(key=lambda p: min(m.start for m in p.mentions))
    quotes = quoted_sentences(article, people)
    return tuple(_result(article, person, quotes.get(id(person), [])) for person in people)


def _result(article: ParsedArticle, person: Person, quote_indexes: list[int]) -> PersonFound:
    mentions = sorted(person.mentions, key=lambda m: m.start)
    indexes: list[int] = []
    for mention in mentions:
        index = article.sentence_index(mention.start)
        if index is not None and index not in indexes:
            indexes.append(index)
    name = " ".join(person.full.text.split())
    return PersonFound(
        name=name,
        key=person_key(name),
        role=role_of(article, person),
        mention_sentences=tuple(article.sentences[i].text for i in indexes),
        quotes=tuple(article.sentences[i].text for i in quote_indexes),
        mention_count=len(mentions),
    )
