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

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from bot.knowledge.answer_types import (
    COMPATIBLE,
    Span,
    located,
    name_spans,
    pattern_spans,
)
from bot.knowledge.coreference import subject_pronoun, with_referent
from bot.knowledge.notes import SentenceNote, sentence_index
from bot.knowledge.questions import QuestionAnalysis, analyse, is_content_word
from bot.knowledge.sentences import near_duplicate, stem, stems
from bot.knowledge.synonyms import join_initials
from bot.summarizing.filters import strip_dateline
from bot.text.folding import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_WORDS = 4
_MAX_WORDS = 90
# Tuned on the tune part of the NewsQA development set (bench/ask.py).
K1 = 1.2
B = 0.3
SYNONYM_CREDIT = 0.7
NEIGHBOUR_SHARE = 0.2
ARTICLE_SHARE = 1.5
KIND_BONUS = 0.25
KIND_PENALTY = 0.7
LEAD_BONUS = 0.3
PAIR_BONUS = 1.0  # two question words side by side in the sentence, as in the question
RELEVANT_SHARE = 0.2  # of the question's weight a sentence must match to answer at all
ARTICLE_RELEVANT_SHARE = 0.4  # and its article
ROLE_BONUS = 0.5
QUESTION_PENALTY = 0.5
AGREEING_SHARE = 0.75  # another article's sentence this close to the best is shown with it
SECOND_SHARE = 0.2
# Sentences scored in full (typed spans, roles): enough for three answers past near-duplicates.
EXACT_TOP = 12


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
    # In how many of the scope's ``articles`` each folded question word is (capped): the
    # words' weights. Without them, weights come from the candidate sentences alone.
    frequencies: tuple[tuple[str, int], ...] = ()
    articles: int = 0


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


@dataclass(frozen=True)
class _Unit:
    """One sentence of an article, ready to score; its typed spans are found only when a
    question looks at them (most sentences of the candidate articles never match enough)."""

    index: int
    text: str  # as the article writes it
    shown: str  # with a pronoun's referent put in
    sequence: tuple[str, ...]  # content stems in order, the referent's name included
    bag: frozenset[str]  # the same stems as a set
    words: int
    note: SentenceNote | None
    referent_spans: tuple[Span, ...]  # the inserted name, as a span of ``shown``
    inserted_at: int  # where ``shown`` departs from ``text`` (its length when it does not)

    @cached_property
    def spans(self) -> tuple[Span, ...]:
        """Typed spans of ``shown``: the stored entities (or name guesses) and patterns."""
        found = (located(self.text, list(self.note.entities)) if self.note is not None
                 else name_spans(self.text))
        # "ATLANTA, Georgia (CNN) --" names where the story was filed, not where it happened.
        found = [span for span in found + pattern_spans(self.text)
                 if span.start >= self.dateline_end]
        extra = len(self.shown) - len(self.text)
        # Spans of ``text`` as spans of ``shown``, past the inserted name.
        return self.referent_spans + tuple(
            span if span.end <= self.inserted_at else
            Span(span.kind, span.start + extra, span.end + extra, span.text)
            for span in found
            if not span.start < self.inserted_at < span.end)

    @cached_property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Stems of neighbouring content words."""
        return frozenset(pairwise(self.sequence))

    @cached_property
    def folded(self) -> str:
        return fold(self.shown)

    @cached_property
    def dateline_end(self) -> int:
        """Where the text after a dateline glued to the sentence's start begins (0: none)."""
        if self.index != 0:
            return 0
        rest = strip_dateline(self.text)
        return len(self.text) - len(rest) if rest != self.text else 0


@dataclass(frozen=True, slots=True)
class _Article:
    units: tuple[_Unit, ...]
    counts: dict[str, int]  # stem -> occurrences in the whole article
    words: int


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
    weight = _weights(question, terms, units)
    total = sum(weight.values())
    question_words = analysis.words
    sequence = [stem(term) for term in analysis.terms]
    pairs = {pair: (weight.get(pair[0], 0.0) + weight.get(pair[1], 0.0)) / 2
             for pair in pairwise(sequence)}
    roles = [fold(role) for person in question.people for role in person.roles]
    article_scores = [_article_score(article, terms, weight, articles)
                      for _, article in articles]
    best_article = max(article_scores) or 1.0
    candidates: list[tuple[float, float, int, _Unit]] = []  # upper bound, base score, ...
    bonus = (KIND_BONUS * total if analysis.expected else 0.0) + (
        ROLE_BONUS * total if roles else 0.0)
    for (article_id, article), article_score in zip(articles, article_scores, strict=True):
        held = sum(weight[term] for term, alternatives in terms.items()
                   if article.counts.get(term) or any(
                       all(part in article.counts for part in alternative)
                       for alternative in alternatives))
        if held < ARTICLE_RELEVANT_SHARE * total:
            continue  # the article is about something else ("the weather" but not "on Mars")
        coverage = article_score / best_article
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
            score += ARTICLE_SHARE * coverage * total
            score += LEAD_BONUS * total / (1 + unit.index)
            score += PAIR_BONUS * sum(value for pair, value in pairs.items()
                                      if pair in unit.pairs)
            upper = (score + bonus) * (QUESTION_PENALTY if unit.shown.endswith("?") else 1.0)
            candidates.append((upper, score, article_id, unit))
    scored = _finish(candidates, analysis, question_words, roles, total)
    return _choose(scored, analysis, question_words, limit)


def _finish(candidates: list[tuple[float, float, int, _Unit]], analysis: QuestionAnalysis,
            question_words: frozenset[str], roles: list[str], total: float
            ) -> list[tuple[float, int, _Unit]]:
    """Final scores, best first, of the candidates that can still be among the best
    ``EXACT_TOP``: a sentence's typed spans are the costly part, and a sentence whose score
    with every bonus would stay below the ``EXACT_TOP``-th final score needs none."""
    candidates.sort(key=lambda item: -item[0])
    best: list[float] = []  # a min-heap of the best final scores so far
    scored: list[tuple[float, int, _Unit]] = []
    for upper, base, article_id, unit in candidates:
        if len(best) == EXACT_TOP and upper < best[0]:
            break
        score = base
        if analysis.expected:
            if _answer_spans(analysis, unit, question_words):
                score += KIND_BONUS * total
            else:
                score *= KIND_PENALTY
        if roles and any(role in unit.folded for role in roles):
            score += ROLE_BONUS * total
        if unit.shown.endswith("?"):
            score *= QUESTION_PENALTY  # a question to the reader answers nothing
        scored.append((score, article_id, unit))
        if len(best) < EXACT_TOP:
            heapq.heappush(best, score)
        else:
            heapq.heappushpop(best, score)
    scored.sort(key=lambda item: -item[0])
    return scored


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
    # The longest span wins where two overlap ("180 million euros" over "180 million").
    for span in sorted(unit.spans, key=lambda span: span.start - span.end):
        if span.kind not in wanted or any(_overlap(span, other) for other in found):
            continue
        words = set(_WORD.findall(join_initials(fold(span.text))))
        if words and not words <= question_words:
            found.append(span)
    return sorted(found, key=lambda span: span.start)


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
    return frozenset(stem(word) for word in form.split() if is_content_word(word))


def _credit(term: str, alternatives: tuple[frozenset[str], ...], bag: frozenset[str]) -> float:
    if term in bag:
        return 1.0
    return SYNONYM_CREDIT if any(alternative <= bag for alternative in alternatives) else 0.0


def _article_score(article: _Article, terms: dict[str, tuple[frozenset[str], ...]],
                   weight: dict[str, float], articles: list[tuple[int, _Article]]) -> float:
    """BM25 of the whole article for the question (its terms' counts, length-normalised)."""
    average = sum(other.words for _, other in articles) / len(articles) or 1.0
    norm = K1 * (1 - B + B * article.words / average)
    score = 0.0
    for term, alternatives in terms.items():
        count = article.counts.get(term, 0)
        if not count and any(all(part in article.counts for part in alternative)
                             for alternative in alternatives):
            count = 1
        score += weight[term] * count * (K1 + 1) / (count + norm)
    return score


def _weights(question: Question, terms: dict[str, tuple[frozenset[str], ...]],
             units: list[_Unit]) -> dict[str, float]:
    """Each stemmed term's weight: BM25's idf over the scope's articles when their counts
    came with the question, else over the candidate sentences."""
    counted: dict[str, int] = {}
    for word, frequency in question.frequencies:
        key = stem(word)
        counted[key] = min(frequency, counted.get(key, frequency))
    if question.articles and counted:
        return {term: _idf(counted.get(term, 1), max(question.articles, counted.get(term, 1)))
                for term in terms}
    return {term: _idf(sum(_credit(term, alternatives, unit.bag) > 0 for unit in units),
                       len(units)) for term, alternatives in terms.items()}


def _idf(frequency: int, count: int) -> float:
    return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))


@lru_cache(maxsize=4096)
def _article(text: str, notes: str | None) -> _Article:
    """An article's sentences as scoring units (cached: the same articles answer many
    questions)."""
    units = []
    counts: dict[str, int] = {}
    total_words = 0
    for index, sentence in enumerate(sentence_index(text, notes)):
        total_words += sentence.words
        for key in sentence.stems:
            counts[key] = counts.get(key, 0) + 1
        if _MIN_WORDS <= sentence.tokens <= _MAX_WORDS:
            units.append(_unit(index, sentence.text, sentence.tokens, sentence.note,
                               sentence.stems))
    return _Article(tuple(units), counts, total_words)


def _unit(index: int, text: str, words: int, note: SentenceNote | None,
          sequence: tuple[str, ...]) -> _Unit:
    """``sequence``: the content stems of ``text``, in order."""
    shown, inserted_at = text, len(text)
    referent: tuple[Span, ...] = ()
    pronoun = subject_pronoun(text) if note is not None and note.referent else None
    if note is not None and note.referent and pronoun is not None:
        shown, (start, end) = with_referent(text, note.referent)
        inserted_at = pronoun[2]
        referent = (Span(pronoun[0], start, end, note.referent),)
        sequence = _stem_sequence(shown)
    return _Unit(index, text, shown, sequence, frozenset(sequence), words, note, referent,
                 inserted_at)


def _stem_sequence(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _WORD.findall(join_initials(fold(text)))
                 if is_content_word(word))
