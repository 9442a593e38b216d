"""``/ask``: an extractive answer from one scope's stored articles, with sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.keyphrases import STOP_WORDS
from bot.knowledge.query import fts_query
from bot.knowledge.sentences import (
    QUESTION_WORDS,
    AnswerSentence,
    NamedPerson,
    Passage,
    Question,
    best_answers,
    content_words,
)
from bot.people import person_key, surname_of
from bot.textnorm import fold
from bot.topics import topic_key
from bot.workers import WorkerPool
from storage.models import ArticleBrief
from storage.people import PeopleRepository
from storage.search import SearchRepository, TextHit
from storage.topics import TopicRepository

NO_ANSWER = "Nothing shared here answers that."
MAX_QUESTION = 500
_MAX_GRAM = 4
_MAX_GRAMS = 200
_SEARCH_ARTICLES = 10
_PERSON_ARTICLES = 10
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class AnswerLine:
    sentence: str
    article: ArticleBrief


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    lines: tuple[AnswerLine, ...]
    people: tuple[NamedPerson, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.lines)


class AskService:
    def __init__(self, search: SearchRepository, people: PeopleRepository,
                 topics: TopicRepository, pool: WorkerPool) -> None:
        self._search = search
        self._people = people
        self._topics = topics
        self._pool = pool

    async def ask(self, scope: str, question: str) -> Answer:
        question = " ".join(question.split())[:MAX_QUESTION]
        grams = _grams(question)
        named = await self._people.named_by(scope, grams)
        roles = await self._people.roles(scope, [person.key for person in named])
        people = tuple(NamedPerson(person.name, person.key, _surname_key(person.name),
                                   roles[person.key]) for person in named)
        topics = await self._topics.find(scope, sorted({topic_key(g) for g in grams} - {""}))
        words = content_words(question)
        hits: dict[int, TextHit] = {}
        match = fts_query(words, any_term=True)
        if match:
            for hit in await self._search.texts(scope, match, _SEARCH_ARTICLES):
                hits[hit.article.id] = hit
        if people:
            mentions = await self._people.sentences(scope, [p.key for p in people],
                                                    _PERSON_ARTICLES * 4)
            missing = [m.article.id for m in mentions if m.article.id not in hits]
            for hit in await self._search.texts_of(scope, list(dict.fromkeys(missing))):
                hits[hit.article.id] = hit
        if not hits:
            return Answer(question, (), people)
        passages = [Passage(hit.article.id, hit.text) for hit in hits.values()]
        asked = Question(question, people, tuple(topic.key for topic in topics))
        found: tuple[AnswerSentence, ...] = await self._pool.run(best_answers, asked, passages)
        lines = tuple(AnswerLine(answer.sentence, hits[answer.article_id].article)
                      for answer in found)
        return Answer(question, lines, people)


def _grams(question: str) -> list[str]:
    """Folded word n-grams of the question that could name a person or a topic."""
    words = _WORD.findall(fold(question))
    grams: list[str] = []
    for size in range(1, _MAX_GRAM + 1):
        for start in range(len(words) - size + 1):
            window = words[start:start + size]
            if size == 1 and (window[0] in STOP_WORDS or window[0] in QUESTION_WORDS
                              or len(window[0]) < 3):
                continue
            grams.append(" ".join(window))
    return list(dict.fromkeys(grams))[:_MAX_GRAMS]


def _surname_key(name: str) -> str:
    return person_key(surname_of(name))
