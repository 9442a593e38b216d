"""CPU work on stored sentences, run in the worker pool: a summary across a topic's
articles, and the stored sentences that best answer a question.

Both are plain functions of picklable arguments; the stemmer and Sumy come from
``bot.summarizing`` and are built once per worker process.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.errors import NotAnArticleError
from bot.knowledge.keyphrases import STOP_WORDS
from bot.people.text import split_sentences
from bot.summarizing import summarize
from bot.summarizing.algorithms import stemmer
from bot.textnorm import fold

NEAR_DUPLICATE = 0.6  # Jaccard similarity of stemmed words at which two sentences are one
_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_WORDS = 6
_MAX_WORDS = 80
QUESTION_WORDS = frozenset({"who", "whom", "whose", "what", "which", "when", "where", "why",
                            "how", "is", "are", "was", "were", "did", "does", "do", "tell",
                            "about", "know", "anything", "much", "many"})
_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tomorrow|last (?:week|month|year))\b", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|at|from|near) [A-Z]")
_NUMBER = re.compile(r"\d")
_REASON = re.compile(r"\b(?:because|due to|as a result|after|since|so that|in order to)\b",
                     re.IGNORECASE)


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    # Snowball stemming dominated answer scoring; news reuses a small vocabulary.
    return str(stemmer("english")(word))


def stems(text: str) -> frozenset[str]:
    return frozenset(_stem(word) for word in _WORD.findall(fold(text))
                     if word not in STOP_WORDS and len(word) > 1)


def near_duplicate(one: frozenset[str], other: frozenset[str]) -> bool:
    if not one or not other:
        return one == other
    return len(one & other) / len(one | other) >= NEAR_DUPLICATE


def unique_sentences(sentences: Iterable[str]) -> list[str]:
    """The sentences without near-duplicates (the first of each group is kept)."""
    kept: list[tuple[str, frozenset[str]]] = []
    for sentence in sentences:
        words = stems(sentence)
        if any(near_duplicate(words, seen) for _, seen in kept):
            continue
        kept.append((sentence, words))
    return [sentence for sentence, _ in kept]


def topic_summary(summaries: Sequence[Sequence[str]], count: int = 3) -> tuple[str, ...]:
    """A few sentences across the articles' summaries: LexRank over the unique sentences."""
    sentences = unique_sentences(s for summary in summaries for s in summary)
    if len(sentences) <= count:
        return tuple(sentences)
    text = "\n\n".join(sentences)
    try:
        picked = summarize(text, algorithm="lexrank", sentences=count).sentences
    except NotAnArticleError:
        return tuple(sentences[:count])
    return tuple(unique_sentences(picked))


# --- answers -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NamedPerson:
    name: str
    key: str
    surname_key: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    people: tuple[NamedPerson, ...] = ()
    topic_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """An article's text, to find answer sentences in."""

    article_id: int
    text: str


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    sentence: str
    article_id: int
    score: float


def content_words(question: str) -> list[str]:
    """The question's words that carry meaning (folded), without question and stop words."""
    return [word for word in _WORD.findall(fold(question))
            if word not in STOP_WORDS and word not in QUESTION_WORDS and len(word) > 1]


def best_answers(question: Question, passages: Sequence[Passage], limit: int = 3
                 ) -> tuple[AnswerSentence, ...]:
    """One to ``limit`` stored sentences that best answer the question, best first."""
    stem = _stem
    wanted = {stem(word) for word in content_words(question.text)}
    name_stems = {stem(part) for person in question.people for part in person.key.split()}
    plain_terms = wanted - name_stems
    candidates: list[tuple[str, int, frozenset[str], str]] = []
    seen: set[str] = set()
    for passage in passages:
        for sentence in split_sentences(passage.text):
            text = sentence.text
            if not _MIN_WORDS <= len(text.split()) <= _MAX_WORDS or text in seen:
                continue
            seen.add(text)
            candidates.append((text, passage.article_id, stems(text), fold(text)))
    if not candidates or not (wanted or question.people or question.topic_keys):
        return ()
    frequency = {term: sum(term in c[2] for c in candidates) for term in wanted}
    weight = {term: math.log(1 + len(candidates) / (1 + frequency[term])) + 0.5
              for term in wanted}
    kind = _question_kind(question.text)
    scored: list[AnswerSentence] = []
    for text, article_id, sentence_stems, folded in candidates:
        matched_terms = plain_terms & sentence_stems
        score = sum(weight[term] for term in matched_terms)
        people_named = [person for person in question.people
                        if _names(folded, person)]
        score += 3.0 * len(people_named)
        topics = [key for key in question.topic_keys if _has_phrase(folded, key)]
        score += 1.5 * len(topics)
        needed = len(plain_terms) + len(question.people)
        found = len(matched_terms) + len(people_named)
        if question.people and not people_named:
            continue  # a question about someone is answered by sentences naming them
        if found < _required(needed) and not (topics and found):
            continue
        score += _kind_bonus(kind, text, folded, people_named)
        # Long sentences match more by chance.
        score /= 1 + 0.015 * max(0, len(text.split()) - 30)
        scored.append(AnswerSentence(text, article_id, round(score, 4)))
    scored.sort(key=lambda answer: -answer.score)
    chosen: list[AnswerSentence] = []
    chosen_words: list[frozenset[str]] = []
    for answer in scored:
        if chosen and answer.score < 0.6 * chosen[0].score:
            break
        answer_stems = stems(answer.sentence)
        if any(near_duplicate(answer_stems, other) for other in chosen_words):
            continue
        chosen.append(answer)
        chosen_words.append(answer_stems)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def _required(needed: int) -> int:
    """How many of the question's terms a sentence must contain: all of one or two, else 60%."""
    return needed if needed <= 2 else math.ceil(needed * 0.6)


def _names(folded: str, person: NamedPerson) -> bool:
    return _has_phrase(folded, person.key) or _has_phrase(folded, person.surname_key)


def _has_phrase(folded: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded) is not None


def _question_kind(question: str) -> str:
    words = _WORD.findall(fold(question))
    first = next((word for word in words if word in QUESTION_WORDS - {"is", "are", "was",
                                                                        "were", "do", "does",
                                                                        "did"}), "")
    if first == "how" and len(words) > words.index("how") + 1 and words[
            words.index("how") + 1] in {"many", "much", "long", "big", "large"}:
        return "quantity"
    return first


def _kind_bonus(kind: str, text: str, folded: str, people: list[NamedPerson]) -> float:
    if kind in {"who", "whom", "whose"}:
        roles = [role for person in people for role in person.roles]
        if any(_has_phrase(folded, fold(role)) for role in roles):
            return 2.0
        return 0.5 if re.search(r"\b(?:is|was|as)\b", folded) else 0.0
    if kind == "when":
        return 1.0 if _DATE.search(text) else 0.0
    if kind == "where":
        return 1.0 if _PLACE.search(text) else 0.0
    if kind == "quantity":
        return 1.0 if _NUMBER.search(text) else 0.0
    if kind == "why":
        return 1.0 if _REASON.search(text) else 0.0
    return 0.0
