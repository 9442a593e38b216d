"""Who "she", "he", "they" or "the company" is, for a sentence that opens with one.

A sentence whose subject is a pronoun answers nothing on its own ("She has terminal brain
cancer."); the name is a sentence or two earlier. The rule is the simple one that holds in
news writing: the pronoun refers to the last compatible entity named in the preceding
sentences (a person for he/she, an organisation for "the company" and for "they" right after
one), looking back at most ``LOOK_BACK`` sentences, and a resolved pronoun carries its name
on to the next sentence. Quotations are left alone: their "he" is the speaker's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.answer_types import ORGANISATION, PERSON
from bot.text.folding import fold

LOOK_BACK = 3
_CONNECTIVE = (r"(?:(?:but|and|yet|so|still|however|meanwhile|now|then|later|instead|also)"
               r"\b,?\s+)?")
_PERSON_SUBJECT = re.compile(rf"^{_CONNECTIVE}(?P<word>he|she|his|her)\b", re.IGNORECASE)
_ORGANISATION_SUBJECT = re.compile(
    rf"^{_CONNECTIVE}(?P<word>(?:the|its) (?:company|firm|bank|group|organi[sz]ation|agency|"
    r"airline|network|team|club|retailer|carrier|manufacturer|ministry|party|government|"
    r"department|court|council|board|maker|giant|union|charity|school|university|league)"
    r"|it|its)\b", re.IGNORECASE)
_THEY_SUBJECT = re.compile(rf"^{_CONNECTIVE}(?P<word>they|their)\b", re.IGNORECASE)
_QUOTE_START = re.compile(r"^[\"“‘'«]")


def subject_pronoun(sentence: str) -> tuple[str, str, int] | None:
    """(kind, pronoun as written, its end offset) when the sentence's subject is a pronoun."""
    if _QUOTE_START.match(sentence):
        return None
    for kind, pattern in ((PERSON, _PERSON_SUBJECT), (ORGANISATION, _ORGANISATION_SUBJECT),
                          (ORGANISATION, _THEY_SUBJECT)):
        match = pattern.match(sentence)
        if match:
            return kind, match.group("word"), match.end("word")
    return None


def _look_back(pronoun: str) -> int:
    # "they" and "it" name many things besides an organisation: only right after one.
    return 1 if pronoun.casefold() in {"they", "their", "it", "its"} else LOOK_BACK


def resolve(sentences: Sequence[str], entities: Sequence[Sequence[tuple[str, str]]],
            full_names: dict[str, str] | None = None) -> dict[int, str]:
    """Sentence index -> the name its pronoun subject refers to.

    ``entities`` are each sentence's (kind, text) entities in order of appearance;
    ``full_names`` maps a folded mention ("blagojevich") to the person's fullest name in the
    article ("Rod Blagojevich"), so the name shown is the full one.
    """
    full_names = full_names or {}
    resolved: dict[int, str] = {}
    # Per sentence, its named entities in order, a resolved pronoun first.
    seen: list[list[tuple[str, str]]] = []
    for index, sentence in enumerate(sentences):
        named = list(entities[index]) if index < len(entities) else []
        pronoun = subject_pronoun(sentence)
        if pronoun is not None:
            kind = pronoun[0]
            referent = _last(seen, kind, _look_back(pronoun[1]))
            if referent is not None:
                name = full_names.get(fold(referent), referent) if kind == PERSON else referent
                resolved[index] = name
                named = [(kind, name), *named]
        seen.append(named)
    return resolved


def _last(seen: list[list[tuple[str, str]]], kind: str, look_back: int) -> str | None:
    for named in reversed(seen[-look_back:]):
        for entity_kind, text in reversed(named):
            if entity_kind == kind:
                return text
    return None


def with_referent(sentence: str, name: str) -> tuple[str, tuple[int, int]]:
    """The sentence as shown, its pronoun followed by the name in brackets, and where the
    name is: "She [Ann Lee] has ..."; a possessive gets "'s": "Her [Ann Lee's] son ..."."""
    pronoun = subject_pronoun(sentence)
    if pronoun is None:
        return sentence, (0, 0)
    _, word, end = pronoun
    possessive = word.casefold() in {"his", "her", "its", "their"}
    label = f"{name}’s" if possessive and not name.endswith("s") else name
    shown = f"{sentence[:end]} [{label}]{sentence[end:]}"
    return shown, (end + 2, end + 2 + len(name))
