"""What has been shared in a scope: topics, people, search and answers, with sources.

Every query takes the scope ("guild:<id>", "dm:<user id>" or "cli"), so a server sees only
the articles shared in it. No Discord types here; the cog and the CLI render the results.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.ask import NO_ANSWER, Answer, AnswerLine, AskService
from bot.knowledge.people import PeopleService, PersonCard, PersonNotFoundError
from bot.knowledge.search import SearchResults, SearchService
from bot.knowledge.topics import (
    PAGE_SIZE,
    PERIODS,
    Ranking,
    TopicNotFoundError,
    TopicPage,
    TopicService,
)
from bot.runtime.workers import WorkerPool
from storage.database import Database
from storage.models import ArticleBrief, NameCount
from storage.people import PeopleRepository
from storage.search import SearchRepository
from storage.topics import TopicRepository

__all__ = [
    "NO_ANSWER", "PAGE_SIZE", "PERIODS", "Answer", "AnswerLine", "ArticleBrief", "AskService",
    "Knowledge",
    "NameCount", "PeopleService", "PersonCard", "PersonNotFoundError", "Ranking", "SearchResults",
    "SearchService", "TopicNotFoundError", "TopicPage", "TopicService",
]


@dataclass(frozen=True, slots=True)
class Knowledge:
    topics: TopicService
    people: PeopleService
    search: SearchService
    answers: AskService

    @classmethod
    def build(cls, database: Database, pool: WorkerPool) -> Knowledge:
        topics, people = TopicRepository(database), PeopleRepository(database)
        search = SearchRepository(database)
        return cls(TopicService(topics, pool), PeopleService(people), SearchService(search),
                   AskService(search, people, pool))
