"""Splitting a tags line whose tags were run together ("cyber attacks Magdalena Andersson NATO").

The words alone do not say where one tag ends, so the split is chosen by dynamic programming
over word spans, preferring spans that also occur in the article (names, phrases) and spans
of one kind (a lowercase topic, a capitalised name, an acronym, a name followed by a noun).
"""

from __future__ import annotations

import re
from functools import cache

from bot.text.folding import fold

_MAX_SPAN = 4
_MAX_NAME_WORDS = 3
_MAX_LOWER_WORDS = 3
_MAX_TAIL_WORDS = 2
_TAIL_WEIGHT = 0.75
_IMPOSSIBLE = float("-inf")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\[\]\"“”‘’—–\n]|\s-\s")


def split_run_together_tags(raw: str, context: str) -> tuple[str, ...]:
    """The tags in ``raw``; comma-separated lines are split on commas as written."""
    if "," in raw or ";" in raw:
        parts = [part.strip() for part in re.split(r"[,;]", raw)]
        return _unique(part for part in parts if part)
    words = raw.split()
    # Phrases are looked for within clauses: "VILNIUS, Lithuania — ECB" holds no "Lithuania ECB".
    clauses = _CLAUSE_BREAK.split(context)
    haystack = " | ".join(_phrase_key(clause) for clause in clauses)
    haystack = f" {haystack} "
    squashed_haystack = " | ".join(_squashed_words(clause) for clause in clauses)
    squashed_haystack = f" {squashed_haystack} "

    @cache
    def best(start: int) -> tuple[float, tuple[tuple[int, int], ...]]:
        if start == len(words):
            return 0.0, ()
        options = []
        for end in range(start + 1, min(len(words), start + _MAX_SPAN) + 1):
            score = _span_score(words[start:end], haystack, squashed_haystack)
            if score == _IMPOSSIBLE:
                continue
            rest_score, rest = best(end)
            options.append((score + rest_score, ((start, end), *rest)))
        if not options:  # cannot happen (single words always score), but stay total
            return _IMPOSSIBLE, ()
        # Ties go to fewer, longer tags.
        return max(options, key=lambda option: (option[0], -len(option[1])))

    spans = best(0)[1]
    return _unique(" ".join(words[start:end]) for start, end in spans)


def _span_score(span: list[str], haystack: str, squashed_haystack: str) -> float:
    kinds = [_kind(word) for word in span]
    in_text = _occurs(span, haystack, squashed_haystack)
    if len(span) == 1:
        return 1.0 if in_text or kinds[0] == "acronym" else 0.25
    if not _coherent(kinds):
        return 2.0 * len(span) if in_text else _IMPOSSIBLE
    # A lowercase tail ("war" in "Russia-Ukraine war") binds more loosely than a name.
    weight = sum(_TAIL_WEIGHT if kind == "lower" and kinds[0] != "lower" else 1.0
                 for kind in kinds)
    return (2.0 if in_text else 1.0) * weight


def _kind(word: str) -> str:
    letters = [char for char in word if char.isalpha()]
    if not letters:
        return "other"
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return "acronym"
    if letters[0].isupper():
        return "name"
    return "lower"


def _coherent(kinds: list[str]) -> bool:
    """One lowercase topic, one name, or one capitalised word and a short lowercase tail.

    "Brexit talks" and "Russia-Ukraine war" are tags; "Joe Biden politics" is two.
    """
    if all(kind == "lower" for kind in kinds):
        return len(kinds) <= _MAX_LOWER_WORDS
    name_words = 0
    while name_words < len(kinds) and kinds[name_words] == "name":
        name_words += 1
    tail = kinds[name_words:]
    if not tail:
        return 0 < name_words <= _MAX_NAME_WORDS
    return name_words == 1 and len(tail) <= _MAX_TAIL_WORDS and all(
        kind == "lower" for kind in tail)


def _occurs(span: list[str], haystack: str, squashed_haystack: str) -> bool:
    phrase = _phrase_key(" ".join(span))
    if f" {phrase} " in haystack:
        return True
    # "cyber attacks" is the article's "cyberattacks".
    return len(span) > 1 and f" {phrase.replace(' ', '')} " in squashed_haystack


def _phrase_key(text: str) -> str:
    return " ".join(re.findall(r"\w+(?:-\w+)*", fold(text)))


def _squashed_words(text: str) -> str:
    return " ".join(word.replace("-", "") for word in _phrase_key(text).split())


def _unique(tags: object) -> tuple[str, ...]:
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:  # type: ignore[attr-defined]
        key = fold(str(tag))
        if key and key not in seen:
            seen.add(key)
            result.append(str(tag))
    return tuple(result)
