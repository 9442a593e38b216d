"""``/ask``: an extractive answer from one scope's stored articles, with sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.answering import (
    AnswerSentence,
    NamedPerson,
    Passage,
    Question,
    best_answers,
)
from bot.knowledge.questions import QUESTION_WORDS, analyse
from bot.people import person_key, surname_of
from bot.runtime.workers import WorkerPool
from bot.text.folding import fold
from bot.text.stopwords import ENGLISH_NEWS_STOP_WORDS
from storage.fts import TextQuery
from storage.models import ArticleBrief
from storage.people import PeopleRepository
from storage.search import SearchRepository, TextHit

NO_ANSWER = "Nothing shared here answers that."
MAX_QUESTION = 500
_MAX_GRAM = 4
_MAX_GRAMS = 200
_SEARCH_ARTICLES = 20  # the best full-text matches of any of the question's words
# A word in at most this many of the scope's articles brings all of them: a rare name is
# the question's subject even when common words rank other articles first.
_RARE = 12
# Articles counted per question word, for its weight (rarer words weigh more); past this
# many a word is simply common, and counting on would cost time in a large server.
_FREQUENCY_CAP = 500
# Articles whose sentences are scored: each costs a few ms of CPU the first time; on the
# development set 40 answered no better than 20.
_MAX_ARTICLES = 20
_PERSON_ARTICLES = 10
_CLOSEST = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class AnswerLine:
    sentence: str  # as shown: a pronoun subject is followed by its name in brackets
    article: ArticleBrief
    highlights: tuple[tuple[int, int], ...] = ()  # the answering words, offsets in sentence
    stance: str | None = None  # a line from another article: "agrees" or "differs"


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    lines: tuple[AnswerLine, ...]
    people: tuple[NamedPerson, ...] = ()
    closest: tuple[ArticleBrief, ...] = ()  # with no answer: the articles nearest to it

    @property
    def found(self) -> bool:
        return bool(self.lines)


class AskService:
    def __init__(self, search: SearchRepository, people: PeopleRepository,
                 pool: WorkerPool) -> None:
        self._search = search
        self._people = people
        self._pool = pool

    async def ask(self, scope: str, question: str) -> Answer:
        question = " ".join(question.split())[:MAX_QUESTION]
        grams = _grams(question)
        named = await self._people.named_by(scope, grams)
        roles = await self._people.roles(scope, [person.key for person in named])
        people = tuple(NamedPerson(person.name, person.key, _surname_key(person.name),
                                   roles[person.key]) for person in named)
        ranked, frequencies = await self._candidates(scope, question)
        ranked += await self._people.latest_articles(scope, [p.key for p in people],
                                                     _PERSON_ARTICLES)
        wanted = list(dict.fromkeys(ranked))[:_MAX_ARTICLES]
        hits = {hit.article.id: hit for hit in await self._search.texts_of(scope, wanted)}
        if not hits:
            return Answer(question, (), people)
        passages = [Passage(article_id, hits[article_id].text, hits[article_id].notes)
                    for article_id in wanted if article_id in hits]
        asked = Question(question, people,
                         tuple(frequencies.items()), await self._search.scope_size(scope))
        found: tuple[AnswerSentence, ...] = await self._pool.run(best_answers, asked, passages)
        lines = tuple(AnswerLine(answer.sentence, hits[answer.article_id].article,
                                 answer.highlights, answer.stance) for answer in found)
        closest = () if lines else _closest(hits, wanted)
        return Answer(question, lines, people, closest)

    async def _candidates(self, scope: str, question: str
                          ) -> tuple[list[int], dict[str, int]]:
        """Article ids to look for answers in, best first: the best full-text matches of
        any of the question's words and their synonyms, then every article holding one of
        its rare words; and in how many articles each word is (up to a cap)."""
        analysis = analyse(question)
        words = list(analysis.terms)
        words += [other for _, others in analysis.alternatives for other in others]
        if not words:
            return [], {}
        ranked = [article_id for article_id, _ in await self._search.ranked_ids(
            scope, TextQuery.any_of(list(dict.fromkeys(words))), _SEARCH_ARTICLES)]
        frequencies: dict[str, int] = {}
        for term in analysis.terms:
            found = await self._search.some_matches(scope, TextQuery((term,)), _FREQUENCY_CAP)
            frequencies[term] = len(found)
            if len(found) <= _RARE:
                ranked += found
        return ranked, frequencies


def _closest(hits: dict[int, TextHit], wanted: list[int]) -> tuple[ArticleBrief, ...]:
    return tuple(hits[article_id].article for article_id in wanted
                 if article_id in hits)[:_CLOSEST]


def _grams(question: str) -> list[str]:
    """Folded word n-grams of the question that could name a person or a topic."""
    words = _WORD.findall(fold(question))
    grams: list[str] = []
    for size in range(1, _MAX_GRAM + 1):
        for start in range(len(words) - size + 1):
            window = words[start:start + size]
            if size == 1 and (window[0] in ENGLISH_NEWS_STOP_WORDS or window[0] in QUESTION_WORDS
                              or len(window[0]) < 3):
                continue
            grams.append(" ".join(window))
    return list(dict.fromkeys(grams))[:_MAX_GRAMS]


def _surname_key(name: str) -> str:
    return person_key(surname_of(name))
