"""Key phrases of an article that came without tags: cheap, offline, deterministic.

RAKE-like: the text is cut into candidate phrases at punctuation and stop words; phrases of
one to three words that recur (or appear in the headline) are scored by frequency, longer
phrases weighing more, and the best few that do not overlap become the article's derived
topics. Runs in the worker with the rest of ``process_document``; no model is needed
(spaCy's noun chunks would need the parser, which the people pipeline leaves unloaded).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.topics import topic_key

MAX_PHRASES = 5
_MAX_WORDS = 3
_LENGTH_WEIGHT = {1: 1.0, 2: 1.9, 3: 2.4}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘’«»—–/|]|\s-\s|\n")

_STOP_TEXT = """
a about above according across after afterwards again against ago ahead all almost alone along
already also although always am among an and another any anyone anything are around as at away
back be became because become becomes been before began begin being below beside besides between
beyond both but by can cannot could day days did do does doing done down during each early
earlier either else enough even ever every everyone everything expected far few first following
for former from further get gets given go going got had has have having he her here hers herself
him himself his how however i if in including instead into is it its itself just last late later
latest least less like likely made main make makes many may me meanwhile might mine more most
mostly much must my myself near nearly need never new next no nobody none nor not nothing now of
off often on once one only onto or other others otherwise our ours ourselves out over own part
per perhaps please put rather really said same say saying says second see seem seemed seems set
several she should show shown since so some someone something sometimes still such take taken
than that the their theirs them themselves then there thereby therefore these they third this
those though three through throughout thus to today together told too took toward towards two
under until up upon us use used very via want was way we week weeks well went were what whatever
when where whether which while who whole whom whose why will with within without would year
years yesterday yet you your yours yourself yourselves monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november december
mr mrs ms dr percent per cent time times added told asked called according statement spokesman
spokeswoman spokesperson news reported report reports reporters people thing things lot lots
around able across want wants wanted think thinks thought know known knows come comes came
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def key_phrases(text: str, title: str | None = None, *, exclude: Iterable[str] = (),
                limit: int = MAX_PHRASES) -> tuple[str, ...]:
    """Up to ``limit`` key phrases, best first, as written in the text.

    ``exclude`` holds names (people already recognised) that are not topics.
    """
    excluded = {topic_key(name) for name in exclude}
    excluded |= {word for name in excluded for word in name.split()}
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for phrase in _candidates(text):
        key = topic_key(phrase)
        if key and key not in excluded:
            counts[key] += 1
            forms.setdefault(key, Counter())[phrase] += 1
    in_title = {topic_key(phrase) for phrase in _candidates(title or "")}
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
        bonus = 1.5 if key in in_title else 1.0
        scored.append((count * _LENGTH_WEIGHT[len(words)] * bonus, key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[str] = []
    for _score, key in scored:
        key_words = set(key.split())
        if any(key_words & set(other.split()) for other in chosen):
            continue  # "cyber" after "cyber attack": one topic is enough
        chosen.append(key)
        if len(chosen) == limit:
            break
    return tuple(_surface(forms[key]) for key in chosen)


def _candidates(text: str) -> Iterable[str]:
    """Every 1-3 word n-gram inside the stop-word-free runs of each clause."""
    for clause in _BREAK.split(text):
        run: list[str] = []
        for word in [*_WORD.findall(clause), ""]:
            if word and word.casefold() not in STOP_WORDS and len(word) > 2:
                run.append(word)
                continue
            for size in range(1, _MAX_WORDS + 1):
                for start in range(len(run) - size + 1):
                    yield " ".join(run[start:start + size])
            run = []


def _surface(forms: Counter[str]) -> str:
    """The written form: lowercase when the text uses it mid-sentence, else the commonest."""
    lower = [form for form in forms if form == form.casefold()]
    if lower:
        return max(lower, key=lambda form: forms[form])
    return forms.most_common(1)[0][0]
