"""Topics of one scope: suggestions, a topic's latest articles with a summary across them,
and the most frequent topics of a period."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.errors import InvalidOptionError, NewsbotError
from bot.knowledge.sentences import topic_summary
from bot.runtime.workers import WorkerPool
from bot.text.topic_keys import topic_key
from storage.database import ReadOnlyDatabaseError
from storage.models import ArticleBrief, NameCount
from storage.topics import TopicRepository

PAGE_SIZE = 5
MAX_CHOICES = 25
PERIODS = (7, 30)
SUMMARY_SENTENCES = 3
SUMMARY_ARTICLES = 30
SUMMARY_VERSION = 1  # part of every stored summary's basis: bump when topic_summary changes


class TopicNotFoundError(NewsbotError):
    """Nothing shared here is about that topic."""


@dataclass(frozen=True, slots=True)
class TopicPage:
    key: str
    name: str
    total: int
    page: int  # 1-based
    pages: int
    articles: tuple[ArticleBrief, ...]
    summary: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ranking:
    """The most frequent topics or people of the last ``days`` days."""

    days: int
    items: tuple[NameCount, ...]


def summary_basis(summaries: Sequence[Sequence[str]], count: int) -> str:
    """A digest of everything a topic summary depends on: equal digests, equal summaries."""
    payload = json.dumps([SUMMARY_VERSION, count, summaries], ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def pages_for(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / size))


def check_period(days: int) -> int:
    if days not in PERIODS:
        raise InvalidOptionError("the period is 7 or 30 days")
    return days


class TopicService:
    def __init__(self, repository: TopicRepository, pool: WorkerPool,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._repository = repository
        self._pool = pool
        self._clock = clock

    async def suggest(self, scope: str, typed: str) -> list[NameCount]:
        return await self._repository.suggest(scope, topic_key(typed), MAX_CHOICES)

    async def page(self, scope: str, name: str, page: int = 1, *,
                   with_summary: bool = True) -> TopicPage:
        """One page of the topic's articles, latest first; the summary when asked for."""
        key = topic_key(name)
        total = await self._repository.count(scope, key) if key else 0
        if not total:
            raise TopicNotFoundError(f"Nothing shared here is tagged “{name.strip()}”.")
        pages = pages_for(total)
        page = min(max(1, page), pages)
        articles = await self._repository.articles(scope, key, PAGE_SIZE,
                                                   (page - 1) * PAGE_SIZE)
        [found] = await self._repository.find(scope, [key])
        summary = await self._summary(scope, key) if with_summary else ()
        return TopicPage(key, found.name, total, page, pages, tuple(articles), summary)

    async def _summary(self, scope: str, key: str) -> tuple[str, ...]:
        """The summary across the latest articles, computed once per set of articles."""
        summaries = await self._repository.summaries(scope, key, SUMMARY_ARTICLES)
        basis = summary_basis(summaries, SUMMARY_SENTENCES)
        cached = await self._repository.cached_summary(scope, key, basis)
        if cached is not None:
            return cached
        summary: tuple[str, ...] = await self._pool.run(topic_summary, summaries,
                                                         SUMMARY_SENTENCES)
        with contextlib.suppress(ReadOnlyDatabaseError):  # shown, just not kept
            await self._repository.store_summary(scope, key, basis, summary)
        return summary

    async def top(self, scope: str, days: int = 7, limit: int = 15) -> Ranking:
        since = self._clock() - timedelta(days=check_period(days))
        return Ranking(days, tuple(await self._repository.top(scope, since, limit)))
