"""Kinds of answer, and where a sentence holds one.

A question expects a kind ("who" a person or an organisation, "when" a date, "how many" a
number); a sentence holds typed spans: the entities recognised when its article was stored
(``bot.knowledge.notes``), plus numbers, amounts and dates found here by pattern, which also
serve articles stored without notes. Pure functions of text; no model runs at question time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place"
DATE = "date"
NUMBER = "number"
MONEY = "money"
PERCENT = "percent"
GROUP = "group"  # nationalities, religious and political groups: "Iraqi", "Democrats"
NAME = "name"  # other proper names: events, works, products, laws

# spaCy's entity labels as answer kinds (what annotation stores).
SPACY_KINDS = {
    "PERSON": PERSON, "ORG": ORGANISATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE,
    "DATE": DATE, "TIME": DATE, "CARDINAL": NUMBER, "QUANTITY": NUMBER, "MONEY": MONEY,
    "PERCENT": PERCENT, "NORP": GROUP, "EVENT": NAME, "WORK_OF_ART": NAME, "PRODUCT": NAME,
    "LAW": NAME, "LANGUAGE": NAME,
}

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
                 "fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
                 "million|millions|billion|billions|dozen|dozens|half|a third|a quarter")
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"
_DIGITS = r"\d[\d,]*(?:\.\d+)?(?:\s+\d/\d)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (MONEY, re.compile(
        rf"(?:[$€£¥]\s?{_DIGITS}{_SCALE}(?:\s?(?:bn|m|k)\b)?|"
        rf"\b{_DIGITS}{_SCALE}\s+(?:dollars|euros?|pounds|yen|yuan|rupees|francs)\b|"
        rf"\b(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*\s+(?:dollars|euros|pounds)\b)",
        re.IGNORECASE)),
    (PERCENT, re.compile(rf"\b{_DIGITS}\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)),
    (DATE, re.compile(
        rf"\b(?:(?:{_DAYS})(?:,?\s+(?:{_MONTHS})\.?\s+\d{{1,2}})?|"
        rf"(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?|"
        r"(?:19|20)\d\d(?:s)?|\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|"
        r"yesterday|today|tomorrow|tonight|last (?:week|month|year|night)|"
        rf"(?:{_DIGITS}|{_NUMBER_WORDS}|a|an)[\s-]+(?:years?|months?|weeks?|days?|hours?|"
        r"decades?|centuries|century)(?:[\s-]+(?:old|ago|later|earlier))?)\b",
        re.IGNORECASE)),
    (NUMBER, re.compile(rf"\b(?:{_DIGITS}{_SCALE}|(?:{_NUMBER_WORDS})(?:[\s-]+(?:"
                        rf"{_NUMBER_WORDS}))*)\b", re.IGNORECASE)),
)
# A date or money span also answers "how many/how much" (an age, a sum); a number alone
# does not answer "when" unless it is a year, which the date pattern already covers.
COMPATIBLE = {
    NUMBER: frozenset({NUMBER, MONEY, PERCENT}),
    MONEY: frozenset({MONEY, NUMBER}),
    PERCENT: frozenset({PERCENT, NUMBER}),
    DATE: frozenset({DATE}),
    PERSON: frozenset({PERSON}),
    ORGANISATION: frozenset({ORGANISATION}),
    PLACE: frozenset({PLACE}),
    GROUP: frozenset({GROUP}),
    NAME: frozenset({NAME}),
}
_CAPITALISED_RUN = re.compile(r"(?<![\w.])(?:[A-Z][\w'’.-]*(?:\s+(?:of|de|la|von|van|al|bin)"
                              r")?\s+)*[A-Z][\w'’-]+")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|to|across|outside|inside)\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class Span:
    """A typed stretch of a sentence: ``text`` is ``sentence[start:end]``."""

    kind: str
    start: int
    end: int
    text: str


def pattern_spans(sentence: str) -> list[Span]:
    """Numbers, amounts, percentages and dates found by pattern, longest first kept."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            if kind == NUMBER and match.group().casefold() in {"one", "half"}:
                continue  # "one of the", "half of": rarely a count
            spans.append(Span(kind, start, end, match.group()))
            taken.append((start, end))
    return spans


def name_spans(sentence: str) -> list[Span]:
    """Proper-name guesses for sentences without stored entities: capitalised runs after
    the first word, a place when a locative preposition comes before it, else a name that
    may be a person or an organisation (both kinds are given)."""
    spans: list[Span] = []
    for match in _CAPITALISED_RUN.finditer(sentence):
        start, end = match.span()
        if start == 0:
            continue
        if _PLACE_BEFORE.search(sentence[max(0, start - 20):start]):
            spans.append(Span(PLACE, start, end, match.group()))
        else:
            spans.append(Span(PERSON, start, end, match.group()))
            spans.append(Span(ORGANISATION, start, end, match.group()))
    return spans


def located(sentence: str, entities: list[tuple[str, str]]) -> list[Span]:
    """Stored (kind, text) entities as spans of the sentence (the first occurrence each)."""
    spans: list[Span] = []
    cursor: dict[str, int] = {}
    for kind, text in entities:
        start = sentence.find(text, cursor.get(text, 0))
        if start < 0:
            continue
        cursor[text] = start + len(text)
        spans.append(Span(kind, start, start + len(text), text))
    return spans
