"""Name normalisation and matching: keys for people across articles, lookups, autocomplete."""

from __future__ import annotations

import re

from bot.text.folding import PUNCTUATION_FOLDS, fold

_TOKEN_SPLIT = re.compile(r"[\s\-]+")
_KEY_STRIP = re.compile(r"[^\w' \-]")

# Lower-case name particles: "Ursula von der Leyen", "Mohammed bin Salman".
PARTICLES = frozenset(
    {
        "al",
        "bin",
        "bint",
        "ibn",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "lo",
        "ten",
        "ter",
        "van",
        "von",
        "y",
        "zu",
    }
)


def fold_name(text: str) -> str:
    """Accent- and case-folded text ("Geoană" -> "geoana"), with apostrophes unified."""
    return fold(text.translate(PUNCTUATION_FOLDS))


def person_key(name: str) -> str:
    """Key to match one person across articles: "Mircea Geoană" -> "mircea geoana"."""
    return " ".join(_KEY_STRIP.sub(" ", fold_name(name)).split())


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name, hyphens split: "Jean-Luc Mélenchon" -> jean, luc, melenchon."""
    return tuple(t for t in _TOKEN_SPLIT.split(person_key(name)) if t)


def surname_of(name: str) -> str:
    """The surname as written: last word, or from the first particle on ("von der Leyen")."""
    words = name.split()
    if len(words) < 2:
        return name
    for index in range(1, len(words) - 1):
        if words[index].casefold() in PARTICLES:
            return " ".join(words[index:])
    return words[-1]


def matches(query: str, canonical_name: str, *, prefix: bool = False) -> bool:
    """Whether a user's query names this person, case- and accent-insensitively.

    The query's words must appear as consecutive words of the name, so "geoana",
    "Mircea Geoană" and "von der leyen" work, but "mircea andersson" does not.
    With ``prefix`` the last query word may be unfinished, for autocomplete ("geo").
    """
    wanted = name_tokens(query)
    have = name_tokens(canonical_name)
    if not wanted or len(wanted) > len(have):
        return False
    for start in range(len(have) - len(wanted) + 1):
        window = have[start : start + len(wanted)]
        if window[:-1] != wanted[:-1]:
            continue
        last_have, last_wanted = window[-1], wanted[-1]
        if last_have == last_wanted or (prefix and last_have.startswith(last_wanted)):
            return True
    return False
