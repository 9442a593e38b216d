"""Search queries: operators parsed out, the free text turned into a safe FTS5 query.

``tag:"interest rates" person:geoana site:example.com after:2024-05-01 cyber retaliation``
Any text is safe: the free text keeps only its words (and "quoted phrases"), each of which
is quoted for FTS5, so ``AND``, ``NEAR``, ``*``, ``-``, ``(``, ``"`` and ``:`` never reach
FTS5 as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from bot.errors import InvalidOptionError
from bot.people import person_key
from bot.textnorm import fold
from bot.topics import topic_key

OPERATORS = ("tag", "person", "site", "before", "after")
MAX_TERMS = 16
_OPERATOR = re.compile(r'(?<!\S)(?P<op>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S+))')
_PHRASE = re.compile(r'"([^"]*)"')
_TERM = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()  # free-text words and phrases, as typed
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


def parse_query(text: str) -> ParsedQuery:
    tags: list[str] = []
    people: list[str] = []
    sites: list[str] = []
    dates: dict[str, str] = {}
    free: list[str] = []
    position = 0
    for match in _OPERATOR.finditer(text):
        operator = match.group("op").casefold()
        if operator not in OPERATORS:
            continue
        free.append(text[position:match.start()])
        position = match.end()
        value = (match.group("quoted") if match.group("quoted") is not None
                 else match.group("bare")).strip()
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
    return ParsedQuery(terms=free_terms(" ".join(free)), tags=tuple(tags), people=tuple(people),
                       sites=tuple(sites), before=dates.get("before"), after=dates.get("after"))


def free_terms(text: str) -> tuple[str, ...]:
    """Quoted phrases and single words of free text, in order, without FTS syntax."""
    terms: list[str] = []
    position = 0
    for match in _PHRASE.finditer(text):
        terms += _TERM.findall(text[position:match.start()])
        phrase = " ".join(_TERM.findall(match.group(1)))
        if phrase:
            terms.append(phrase)
        position = match.end()
    terms += _TERM.findall(text[position:].replace('"', " "))
    unique: list[str] = []
    for term in terms:
        _add(unique, term)
    return tuple(unique[:MAX_TERMS])


def fts_query(terms: tuple[str, ...] | list[str], *, any_term: bool = False) -> str | None:
    """A safe FTS5 query: every term a quoted string; all terms required unless ``any_term``."""
    quoted = [f'"{term.replace(chr(34), "")}"' for term in terms if _TERM.search(term)]
    if not quoted:
        return None
    return (" OR " if any_term else " ").join(quoted)


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
