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

from bot.knowledge.keyphrases import STOP_WORDS
from bot.people.text import split_sentences
from bot.summarizing import build_document
from bot.summarizing.algorithms import stemmer, stop_words, tokenizer
from bot.summarizing.coherence import keep_readable
from bot.summarizing.filters import is_content, strip_dateline
from bot.textnorm import fold

_LANGUAGE = "english"
_BLANK_LINE = re.compile(r"\n\s*\n")  # summarize's paragraph break
# syntok's sentence terminals (single characters; "..." is three of them), and with them the
# opening brackets around which it may also end a sentence (syntok/_segmentation_states.py).
_SYNTOK_TERMINALS = frozenset(".!?;\u203c\u203d\u2047\u2048\u2049\u3002\ufe52\ufe57\uff01"
                              "\uff0e\uff1f\uff61")
_SYNTOK_BREAKS = _SYNTOK_TERMINALS | frozenset("([{\uff5f\uff5b\uff3b\uff08\ufe5d\ufe5b\ufe59"
                                               "\ufd3e\u301a\u3018\u2985\u2983\u2329")
_CLOSING_QUOTES = "'\"\u00b4\u2019\u201d\u232a\u27e9\u27eb\u2e29\u3009\u300b\u301e"
NEAR_DUPLICATE = 0.6  # Jaccard similarity of stemmed words at which two sentences are one
_WORD = re.compile(r"\w+", re.UNICODE)
_DEFINING = re.compile(r"\b(?:is|was|as)\b")
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
    return str(stemmer(_LANGUAGE)(word))


def stems(text: str) -> frozenset[str]:
    return _folded_stems(fold(text))


def _folded_stems(folded: str) -> frozenset[str]:
    return frozenset(map(_stem, [word for word in _WORD.findall(folded)
                                 if word not in STOP_WORDS and len(word) > 1]))


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
    """A few sentences across the articles' summaries: LexRank over the unique sentences
    that can be read alone (each is one paragraph, as ``build_document`` reads it).

    The same sentences as Sumy's LexRank picks from those sentences joined as paragraphs,
    computed by ``lexrank`` with numpy and the sentence splitting cached.
    """
    # numpy, in the worker only (as bot.summarizing.algorithms keeps Sumy's out of the bot).
    from bot.knowledge.lexrank import best_sentences, lexrank_scores  # noqa: PLC0415

    sentences = unique_sentences(s for summary in summaries for s in summary)
    if len(sentences) <= count:
        return tuple(sentences)
    content = [sentence for block in _BLANK_LINE.split("\n\n".join(sentences))
               for sentence in _content_sentences(block)]
    if not content:
        return tuple(sentences[:count])
    texts = [text for text, _ in content]
    scores = lexrank_scores([terms for _, terms in content])
    return tuple(unique_sentences(best_sentences(texts, scores, min(count, len(content)))))


@lru_cache(maxsize=16_384)
def _content_sentences(block: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The block's sentences that a summary may use, each with its LexRank terms: what
    ``build_document`` (syntok, then the content filter) makes of it, as ``summarize`` runs.

    A stored summary sentence is nearly always one sentence that syntok need not split again
    (see ``_one_sentence``); syntok was most of the time of a topic summary. Blocks are also
    cached, as a topic's summaries overlap from one request to the next.
    """
    text = " ".join(block.split())
    if not _one_sentence(text):
        return tuple((str(sentence), _lexrank_terms(sentence.words))
                     for sentence in build_document(block, None, _LANGUAGE).sentences)
    sentence = strip_dateline(text)
    # Alone, as a summary sentence is here: one that leans on a sentence before it ("She
    # said ...", "But ...") or leaves a quotation open cannot be read in a topic summary.
    if not is_content(sentence) or not keep_readable([sentence], [0], [True], _LANGUAGE)[0]:
        return ()
    return ((sentence, _lexrank_terms(tokenizer(_LANGUAGE).to_words(sentence))),)


def _one_sentence(text: str) -> bool:
    """Whether syntok must keep ``text`` whole: it ends a sentence only at a terminal (. ! ? ;
    and their variants) or around bracketed text, so text with neither before its last
    character (then closing quotes) is one sentence."""
    body = text.rstrip(_CLOSING_QUOTES)
    if body[-1:] in _SYNTOK_TERMINALS:
        body = body[:-1]
    return bool(body) and not any(char in _SYNTOK_BREAKS for char in body)


def _lexrank_terms(words: Iterable[str]) -> tuple[str, ...]:
    """Sumy LexRank's terms of a sentence: lowercased, stop words out, stemmed."""
    stop = _lexrank_stop_words()
    return tuple(_stem(word) for word in (word.lower() for word in words) if word not in stop)


@lru_cache(maxsize=1)
def _lexrank_stop_words() -> frozenset[str]:
    return frozenset(word.lower() for word in stop_words(_LANGUAGE))


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
    candidates = _candidates(passages)
    if not candidates or not (wanted or question.people or question.topic_keys):
        return ()
    frequency = {term: sum(term in c[2] for c in candidates) for term in wanted}
    weight = {term: math.log(1 + len(candidates) / (1 + frequency[term])) + 0.5
              for term in wanted}
    kind = _question_kind(question.text)
    # Phrases are compiled once per question, not once per sentence.
    people = [_Person(person) for person in question.people]
    topic_phrases = [_Phrase(key) for key in question.topic_keys]
    scored: list[AnswerSentence] = []
    for text, article_id, sentence_stems, folded in candidates:
        matched_terms = plain_terms & sentence_stems
        score = sum(weight[term] for term in matched_terms)
        people_named = [person for person in people if person.named_in(folded)]
        score += 3.0 * len(people_named)
        topics = [phrase for phrase in topic_phrases if phrase.found_in(folded)]
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


def _candidates(passages: Sequence[Passage]) -> list[tuple[str, int, frozenset[str], str]]:
    """Each distinct sentence of answer length: (text, article id, stems, folded text)."""
    candidates: list[tuple[str, int, frozenset[str], str]] = []
    seen: set[str] = set()
    for passage in passages:
        for sentence in split_sentences(passage.text):
            text = sentence.text
            if not _MIN_WORDS <= len(text.split()) <= _MAX_WORDS or text in seen:
                continue
            seen.add(text)
            folded = fold(text)  # once: stems and phrase tests both use it
            candidates.append((text, passage.article_id, _folded_stems(folded), folded))
    return candidates


def _required(needed: int) -> int:
    """How many of the question's terms a sentence must contain: all of one or two, else 60%."""
    return needed if needed <= 2 else math.ceil(needed * 0.6)


class _Phrase:
    """A folded phrase as whole words of folded text; a plain substring test rules most
    sentences out before the regular expression runs."""

    __slots__ = ("_pattern", "_phrase")

    def __init__(self, phrase: str) -> None:
        self._phrase = phrase
        self._pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)") if phrase else None

    def found_in(self, folded: str) -> bool:
        return (self._pattern is not None and self._phrase in folded
                and self._pattern.search(folded) is not None)


class _Person:
    """A person asked about, by full name or surname, with the roles the articles give."""

    __slots__ = ("_names", "roles")

    def __init__(self, person: NamedPerson) -> None:
        self._names = (_Phrase(person.key), _Phrase(person.surname_key))
        self.roles = tuple(_Phrase(role) for role in dict.fromkeys(map(fold, person.roles)))

    def named_in(self, folded: str) -> bool:
        return any(name.found_in(folded) for name in self._names)


def _question_kind(question: str) -> str:
    words = _WORD.findall(fold(question))
    first = next((word for word in words if word in QUESTION_WORDS - {"is", "are", "was",
                                                                        "were", "do", "does",
                                                                        "did"}), "")
    if first == "how" and len(words) > words.index("how") + 1 and words[
            words.index("how") + 1] in {"many", "much", "long", "big", "large"}:
        return "quantity"
    return first


def _kind_bonus(kind: str, text: str, folded: str, people: list[_Person]) -> float:
    if kind in {"who", "whom", "whose"}:
        if any(role.found_in(folded) for person in people for role in person.roles):
            return 2.0
        return 0.5 if _DEFINING.search(folded) else 0.0
    if kind == "when":
        return 1.0 if _DATE.search(text) else 0.0
    if kind == "where":
        return 1.0 if _PLACE.search(text) else 0.0
    if kind == "quantity":
        return 1.0 if _NUMBER.search(text) else 0.0
    if kind == "why":
        return 1.0 if _REASON.search(text) else 0.0
    return 0.0
