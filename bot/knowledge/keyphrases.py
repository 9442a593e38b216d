"""Key phrases of an article that came without tags: cheap, offline, deterministic.

RAKE-like: the text is cut into candidate phrases at punctuation and stop words; phrases of
one to three words that recur (or appear in the headline) are scored by frequency, longer
phrases weighing more, and the best few that do not overlap become the article's derived
topics. Runs in the worker with the rest of ``process_document``; no model is needed
(spaCy's noun chunks would need the parser, which the people pipeline leaves unloaded).

Every language Sumy summarizes gets its own stop words (``bot.text.stopwords``; English ones are
always added, news mixes them in), and a phrase of one word must not be one of the
language's most common words ("anos", "years"). Languages written without spaces (Chinese,
Japanese, Thai) get no key phrases: cutting them into words needs a segmenter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.extraction.tag_rules import readable_tag
from bot.text.folding import fold
from bot.text.stopwords import (
    UNSPACED,
    common_words,
    language_code,
    stop_words,
)
from bot.text.topic_keys import topic_key

MAX_PHRASES = 5
_MAX_WORDS = 3
_LENGTH_WEIGHT = {1: 1.0, 2: 1.9, 3: 2.4}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’«»—–/|]|\s-\s|\n")



def key_phrases(text: str, title: str | None = None, *, exclude: Iterable[str] = (),
                limit: int = MAX_PHRASES, language: str | None = None) -> tuple[str, ...]:
    """Up to ``limit`` key phrases, best first, as written in the text.

    ``exclude`` holds names (people already recognised) that are not topics; ``language``
    is the text's (an ISO 639-1 code; English when unknown).
    """
    if language_code(language) in UNSPACED:
        return ()
    stops = stop_words(language) | stop_words("en")
    common = common_words(language or "en")
    excluded = {topic_key(name) for name in exclude}
    excluded |= {word for name in excluded for word in name.split()}
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for phrase in _candidates(text, stops):
        key = topic_key(phrase)
        if key and key not in excluded:
            counts[key] += 1
            forms.setdefault(key, Counter())[phrase] += 1
    in_title = {topic_key(phrase) for phrase in _candidates(title or "", stops)}
    # A word that mostly recurs inside a longer phrase ("rates" in "interest rates") is
    # that phrase's part, not a topic of its own.
    in_phrases: Counter[str] = Counter()
    for key, count in counts.items():
        if " " in key and count >= 2:
            for word in set(key.split()):
                in_phrases[word] = max(in_phrases[word], count)
    scored = []
    for key, total in counts.items():
        words = key.split()
        count = total - in_phrases[key] // 2 if len(words) == 1 else total
        if count < 2 or any(word in excluded for word in words):
            continue
        if len(words) == 1 and fold(key) in common:
            continue  # "years", "anos": too common to be what the article is about
        bonus = 1.5 if key in in_title else 1.0
        scored.append((count * _LENGTH_WEIGHT[len(words)] * bonus, key))
    phrases = (_surface(forms[key]) for key in _distinct(scored, limit))
    return tuple(phrase for phrase in phrases if readable_tag(phrase, language) == phrase)


def _distinct(scored: list[tuple[float, str]], limit: int) -> list[str]:
    """The best ``limit`` keys that share no word with a better one."""
    chosen: list[str] = []
    for _score, key in sorted(scored, key=lambda item: (-item[0], item[1])):
        key_words = set(key.split())
        if any(key_words & set(other.split()) for other in chosen):
            continue  # "cyber" after "cyber attack": one topic is enough
        chosen.append(key)
        if len(chosen) == limit:
            break
    return chosen


def _candidates(text: str, stops: frozenset[str]) -> Iterable[str]:
    """Every 1-3 word n-gram inside the stop-word-free runs of each clause."""
    for clause in _BREAK.split(text):
        run: list[str] = []
        for written in [*_WORD.findall(clause), ""]:
            word = _without_clitics(written, stops)
            if word and fold(word) not in stops and len(word) > 2:
                run.append(word)
                continue
            for size in range(1, _MAX_WORDS + 1):
                for start in range(len(run) - size + 1):
                    yield " ".join(run[start:start + size])
            run = []


def _without_clitics(word: str, stops: frozenset[str]) -> str:
    """"Google's" is "Google"; "it's" and "we're" are nothing; "l'économie" is "économie"."""
    word = _POSSESSIVE.sub("", word)
    parts = re.split(r"['’]", word, maxsplit=1)
    if len(parts) == 2 and fold(parts[0]) in stops:
        return parts[1] if len(parts[1]) > 2 else ""
    return word


def _surface(forms: Counter[str]) -> str:
    """The written form: lowercase when the text uses it mid-sentence, else the commonest."""
    lower = [form for form in forms if form == form.casefold()]
    if lower:
        return max(lower, key=lambda form: forms[form])
    return forms.most_common(1)[0][0]
