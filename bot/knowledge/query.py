"""Search queries: operators parsed out, the free text kept as words and phrases to match.

``tag:"interest rates" person:geoana site:example.com after:2024-05-01 cyber retaliation``
Any text is safe: the free text keeps only its words (and "quoted phrases"), which storage
quotes for its search engine (``storage.fts``), so ``NEAR``, ``^``, ``-``, ``(``, ``"`` and
``:`` never reach it as syntax. What people type from other search boxes keeps its meaning
where it has an obvious one: ``port*`` is a prefix, ``a OR b`` wants either word, ``NOT b``
leaves ``b`` out, and ``AND``/``NEAR`` (all words are required anyway) and unknown
``field:`` names are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from bot.errors import InvalidOptionError
from bot.people import person_key
from bot.text.folding import fold
from bot.text.topic_keys import topic_key
from storage.fts import PREFIX, TextQuery

OPERATORS = ("tag", "person", "site", "before", "after")
MAX_TERMS = 16
_OPERATOR = re.compile(r'(?<!\S)(?P<op>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S+))')
_TERM = re.compile(r"\w+", re.UNICODE)
# A "phrase" (its closing quote optional), a word with an optional prefix star, or FTS5's
# NEAR/n distance.
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>\w+)(?P<star>\*)?(?:/\d+)?', re.UNICODE)
MIN_PREFIX = 3  # shorter prefixes ("a*") would match most of the index


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()  # free-text words and phrases, as typed; "port*" a prefix
    excluded: tuple[str, ...] = ()  # words and phrases after NOT
    any_term: bool = False  # OR between terms: any of them is enough
    tags: tuple[str, ...] = ()  # topic keys
    people: tuple[str, ...] = ()  # person keys (a full name, a surname or one name)
    sites: tuple[str, ...] = ()
    before: str | None = None
    after: str | None = None

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.people or self.sites or self.before or self.after)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.has_filters

    def text(self) -> TextQuery | None:
        """The free text to match, or None when there is none (storage writes its syntax)."""
        if not self.terms:
            return None
        return TextQuery(self.terms, any_term=self.any_term, excluded=self.excluded)


def parse_query(text: str) -> ParsedQuery:
    tags: list[str] = []
    people: list[str] = []
    sites: list[str] = []
    dates: dict[str, str] = {}
    free: list[str] = []
    position = 0
    for match in _OPERATOR.finditer(text):
        operator = match.group("op").casefold()
        free.append(text[position:match.start()])
        position = match.end()
        value = (match.group("quoted") if match.group("quoted") is not None
                 else match.group("bare")).strip()
        if operator not in OPERATORS:
            # "title:ferry" from another search box: the word is meant, the field cannot be.
            free.append(f'"{value}"' if match.group("quoted") is not None else value)
            continue
        if not value:
            continue
        if operator == "tag":
            _add(tags, topic_key(value))
        elif operator == "person":
            _add(people, person_key(value))
        elif operator == "site":
            _add(sites, _site(value))
        else:
            dates[operator] = _date(operator, value)
    free.append(text[position:])
    words = free_text(" ".join(free))
    return ParsedQuery(terms=words.terms, excluded=words.excluded, any_term=words.any_term,
                       tags=tuple(tags), people=tuple(people), sites=tuple(sites),
                       before=dates.get("before"), after=dates.get("after"))


@dataclass(frozen=True, slots=True)
class FreeText:
    terms: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    any_term: bool = False


def free_text(text: str) -> FreeText:
    """Quoted phrases and words of free text, in order, with FTS5's own operators read."""
    terms: list[str] = []
    excluded: list[str] = []
    any_term = negate = False
    for token in _TOKEN.finditer(text):
        word = token.group("word")
        if word in ("AND", "NEAR"):  # FTS5 keywords are upper case; "and" is a word
            continue
        if word == "OR":
            any_term = True
            continue
        if word == "NOT":
            negate = True
            continue
        if word is not None:
            star = token.group("star") and len(word) >= MIN_PREFIX
            term = word + (PREFIX if star else "")
        else:
            term = " ".join(_TERM.findall(token.group("phrase")))
        if term:
            _add(excluded if negate else terms, term)
        negate = False
    return FreeText(tuple(terms[:MAX_TERMS]), tuple(excluded[:MAX_TERMS]), any_term)


def _add(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


def _site(value: str) -> str:
    value = value.strip().casefold()
    host = urlsplit(value if "://" in value else f"//{value}").hostname or value
    return fold(host.removeprefix("www."))


def _date(operator: str, value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidOptionError(
            f"{operator}: takes a date written YYYY-MM-DD, like {operator}:2024-05-31"
        ) from None
