"""The stored sentences that best answer a question (CPU work, run in the worker pool).

Every sentence of the candidate articles is scored as its own small document:

* BM25 over sentences: the question's content words, stemmed, weighted by how rare they are
  among the candidate sentences, saturated by sentence length; a synonym or abbreviation
  news uses for a word ("Gov." for governor, "killed" for dead, "U.S." for United States)
  counts for most of it (``bot.knowledge.synonyms``).
* context: part of the best neighbouring sentence's score (the question's other words are
  often in the sentence before), and how much of the question the whole article covers,
  so that the answer comes from the story the question is about.
* the expected kind of answer (``bot.knowledge.questions``): a sentence that holds an
  entity or number of that kind which the question does not already name ranks higher,
  one without lower.
* a pronoun subject counts as the name it refers to (``bot.knowledge.coreference``), and the
  sentence is shown with that name: "She [Ann Lee] has terminal brain cancer."

Articles stored with sentence notes (``bot.knowledge.notes``) bring their recognised
entities; for others, numbers, dates and capitalised names are found by pattern.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.answer_types import (
    COMPATIBLE,
    Span,
    located,
    name_spans,
    pattern_spans,
)
from bot.knowledge.coreference import subject_pronoun, with_referent
from bot.knowledge.keyphrases import STOP_WORDS
from bot.knowledge.notes import SentenceNote, read_notes
from bot.knowledge.questions import QuestionAnalysis, analyse
from bot.knowledge.sentences import near_duplicate, stem, stems
from bot.knowledge.synonyms import join_initials
from bot.people.text import split_sentences
from bot.textnorm import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_WORDS = 4
_MAX_WORDS = 90
# Tuned on the tune part of the NewsQA development set (bench/ask.py).
K1 = 1.2
B = 0.75
SYNONYM_CREDIT = 0.7
NEIGHBOUR_SHARE = 0.2
ARTICLE_SHARE = 0.6
KIND_BONUS = 0.25
KIND_PENALTY = 0.7
LEAD_BONUS = 0.08
RELEVANT_SHARE = 0.2  # of the question's weight a sentence must match to answer at all
ROLE_BONUS = 0.5
AGREEING_SHARE = 0.75  # another article's sentence this close to the best is shown with it
SECOND_SHARE = 0.2


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
    """An article's text and its stored sentence notes, to find answer sentences in."""

    article_id: int
    text: str
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    sentence: str  # as shown: a pronoun subject followed by its referent in brackets
    article_id: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # the answering words, offsets in sentence
    stance: str | None = None  # another article's sentence: "agrees" or "differs"


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sentence of an article, ready to score."""

    index: int
    shown: str
    bag: frozenset[str]  # stems, the referent's name included
    words: int
    spans: tuple[Span, ...]  # typed spans of ``shown``


@dataclass(frozen=True, slots=True)
class _Article:
    units: tuple[_Unit, ...]
    bag: frozenset[str]


def best_answers(question: Question, passages: Sequence[Passage], limit: int = 3
                 ) -> tuple[AnswerSentence, ...]:
    """One to ``limit`` stored sentences that best answer the question, best first."""
    analysis = analyse(question.text)
    articles = [(passage.article_id, _article(passage.text, passage.notes))
                for passage in passages]
    terms = _terms(analysis)
    if not terms or not articles:
        return ()
    units = [unit for _, article in articles for unit in article.units]
    if not units:
        return ()
    average_words = sum(unit.words for unit in units) / len(units)
    weight = {term: _idf(sum(_credit(term, alternatives, unit.bag) > 0 for unit in units),
                         len(units)) for term, alternatives in terms.items()}
    total = sum(weight.values())
    question_words = analysis.words
    roles = [fold(role) for person in question.people for role in person.roles]
    scored: list[tuple[float, int, _Unit]] = []
    for article_id, article in articles:
        coverage = sum(weight[term] for term, alternatives in terms.items()
                       if _credit(term, alternatives, article.bag) > 0) / total
        matched = [sum(weight[term] * _credit(term, alternatives, unit.bag)
                       for term, alternatives in terms.items()) for unit in article.units]
        relevance = [score * (K1 + 1) / (1 + K1 * (1 - B + B * unit.words / average_words))
                     for score, unit in zip(matched, article.units, strict=True)]
        for position, unit in enumerate(article.units):
            if matched[position] < RELEVANT_SHARE * total:
                continue
            neighbours = [relevance[i] for i in (position - 1, position + 1)
                          if 0 <= i < len(relevance)]
            score = relevance[position] + NEIGHBOUR_SHARE * max(neighbours, default=0.0)
            score += ARTICLE_SHARE * coverage * total / len(terms) ** 0.5
            score += LEAD_BONUS * total / (1 + unit.index)
            if analysis.expected:
                if _answer_spans(analysis, unit, question_words):
                    score += KIND_BONUS * total
                else:
                    score *= KIND_PENALTY
            if roles and any(role in fold(unit.shown) for role in roles):
                score += ROLE_BONUS * total
            scored.append((score, article_id, unit))
    scored.sort(key=lambda item: -item[0])
    return _choose(scored, analysis, question_words, limit)


def _choose(scored: list[tuple[float, int, _Unit]], analysis: QuestionAnalysis,
            question_words: frozenset[str], limit: int) -> tuple[AnswerSentence, ...]:
    """The best sentence, then up to ``limit - 1`` more: other articles' sentences that
    answer about as well (they agree or differ), else the next best; no near-duplicates."""
    if not scored:
        return ()
    best_score, best_article, best = scored[0]
    chosen = [(best_score, best_article, best)]
    others = [item for item in scored[1:] if item[1] != best_article
              and item[0] >= AGREEING_SHARE * best_score]
    rest = [item for item in scored[1:] if item[0] >= SECOND_SHARE * best_score]
    seen = [stems(best.shown)]
    for item in [*others, *rest]:
        if len(chosen) == limit:
            break
        words = stems(item[2].shown)
        if any(item is other for other in chosen) or any(
                near_duplicate(words, other) for other in seen):
            continue
        chosen.append(item)
        seen.append(words)
    chosen[1:] = sorted(chosen[1:], key=lambda item: -item[0])
    best_answer = {span.text.casefold() for span in _answer_spans(analysis, best, question_words)}
    answers = []
    for score, article_id, unit in chosen:
        spans = _answer_spans(analysis, unit, question_words)
        stance = None
        if article_id != best_article and best_answer and spans:
            stance = "agrees" if {span.text.casefold() for span in spans} & best_answer \
                else "differs"
        answers.append(AnswerSentence(unit.shown, article_id, round(score, 4),
                                      tuple((span.start, span.end) for span in spans), stance))
    return tuple(answers)


def _answer_spans(analysis: QuestionAnalysis, unit: _Unit,
                  question_words: frozenset[str]) -> list[Span]:
    """The unit's spans of the expected kind that add to the question (not all its words)."""
    if not analysis.expected:
        return []
    wanted = frozenset().union(*(COMPATIBLE.get(kind, {kind}) for kind in analysis.expected))
    found: list[Span] = []
    for span in unit.spans:
        if span.kind not in wanted or any(_overlap(span, other) for other in found):
            continue
        words = set(_WORD.findall(join_initials(fold(span.text))))
        if words and not words <= question_words:
            found.append(span)
    return found


def _overlap(one: Span, other: Span) -> bool:
    return one.start < other.end and other.start < one.end


def _terms(analysis: QuestionAnalysis) -> dict[str, tuple[frozenset[str], ...]]:
    """Stemmed question terms, each with its alternatives' stems (a phrase: all of them)."""
    terms: dict[str, list[frozenset[str]]] = {}
    for term in analysis.terms:
        terms.setdefault(stem(term), [])
    for form, others in analysis.alternatives:
        members = [stem(word) for word in form.split()]
        for member in members:
            if member in terms:
                terms[member] += [_stems_of(other) for other in others]
    return {term: tuple(alternative for alternative in dict.fromkeys(alternatives)
                        if alternative) for term, alternatives in terms.items()}


def _stems_of(form: str) -> frozenset[str]:
    return frozenset(stem(word) for word in form.split() if word not in STOP_WORDS)


def _credit(term: str, alternatives: tuple[frozenset[str], ...], bag: frozenset[str]) -> float:
    if term in bag:
        return 1.0
    return SYNONYM_CREDIT if any(alternative <= bag for alternative in alternatives) else 0.0


def _idf(frequency: int, count: int) -> float:
    return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))


@lru_cache(maxsize=4096)
def _article(text: str, notes: str | None) -> _Article:
    """An article's sentences as scoring units (cached: the same articles answer many
    questions)."""
    sentences = split_sentences(text)
    stored = read_notes(notes, len(sentences))
    units = []
    for index, sentence in enumerate(sentences):
        words = len(sentence.text.split())
        if not _MIN_WORDS <= words <= _MAX_WORDS:
            continue
        note = stored[index] if stored else None
        units.append(_unit(index, sentence.text, words, note))
    bag = frozenset().union(*(unit.bag for unit in units)) if units else frozenset()
    return _Article(tuple(units), bag)


def _unit(index: int, text: str, words: int, note: SentenceNote | None) -> _Unit:
    shown, inserted_at = text, len(text)
    spans: list[Span] = []
    pronoun = subject_pronoun(text) if note is not None and note.referent else None
    if note is not None and note.referent and pronoun is not None:
        shown, (start, end) = with_referent(text, note.referent)
        inserted_at = pronoun[2]
        spans.append(Span(pronoun[0], start, end, note.referent))
    found = located(text, list(note.entities)) if note is not None else name_spans(text)
    extra = len(shown) - len(text)
    # Spans of ``text`` as spans of ``shown``, past the inserted name.
    spans += [span if span.end <= inserted_at else
              Span(span.kind, span.start + extra, span.end + extra, span.text)
              for span in found + pattern_spans(text)
              if not span.start < inserted_at < span.end]
    return _Unit(index, shown, _bag(shown), words, tuple(spans))


def _bag(text: str) -> frozenset[str]:
    return frozenset(stem(word) for word in _WORD.findall(join_initials(fold(text)))
                     if word not in STOP_WORDS and len(word) > 1)
