"""Turning links and documents into stored, summarized articles: the pipeline's one entry."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from urllib.parse import urlsplit

from bot.errors import UnsupportedUrlError
from bot.ingest.cards import ArticleCard
from bot.ingest.fetching import FetchedPage, PageFetcher
from bot.ingest.processing import (
    Document,
    ProcessedArticle,
    SummaryOptions,
    process_document,
    summarize_text,
)
from bot.ingest.urls import check_fetchable, dedup_key
from bot.people import person_key, surname_of
from bot.runtime.workers import WorkerPool
from bot.scopes import CLI_SCOPE, dm_scope, guild_scope
from bot.summarizing import Summary
from bot.text.folding import fold
from bot.text.topic_keys import topic_key
from storage.articles import ArticleRepository
from storage.models import (
    NewArticle,
    NewShare,
    Person,
    SavedShare,
    StoredArticle,
    StoredShare,
    Tag,
)

log = logging.getLogger(__name__)

__all__ = ["CLI_SCOPE", "ArticleService", "IngestResult", "IngestStatus", "ShareContext",
           "StoredShare", "dm_scope", "guild_scope"]

class IngestStatus(Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class ShareContext:
    """Who shared what, where: everything about a share except the article."""

    scope: str
    sharer_id: str | None = None
    sharer_name: str | None = None
    channel_id: str | None = None
    message_id: str | None = None
    # In chat every re-share counts (digests rank by shares); re-running the command line
    # on the same files is not a new share.
    record_reshares: bool = True


@dataclass(frozen=True, slots=True)
class IngestResult:
    status: IngestStatus
    article: StoredArticle
    share: StoredShare
    # For a duplicate: the first share that got a summary reply, to link back to it.
    earlier_share: StoredShare | None = None


@dataclass(frozen=True, slots=True)
class _Fetched:
    page_url: str
    processed: ProcessedArticle


@dataclass(frozen=True, slots=True)
class PreparedLink:
    """A link looked up (``known``: stored in the scope before) or fetched and processed."""

    url: str
    shared_key: str
    known: StoredArticle | None = None
    fetched: _Fetched | None = None

    @property
    def processed(self) -> ProcessedArticle | None:
        return None if self.fetched is None else self.fetched.processed


@dataclass(slots=True)
class _Flight:
    """One link's lookup-or-fetch job and how many callers are still waiting on or using it."""

    key: tuple[str, str]
    task: asyncio.Task[StoredArticle | _Fetched]
    passengers: int = 0


class ArticleService:
    def __init__(self, repository: ArticleRepository, fetcher: PageFetcher, pool: WorkerPool,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._repository = repository
        self._fetcher = fetcher
        self._pool = pool
        self._clock = clock
        # One lookup, fetch and worker job per link and scope, however many post it at once.
        self._in_flight: dict[tuple[str, str], _Flight] = {}
        # Told of every newly stored article (follows); they must only queue, never wait.
        self.on_stored: list[Callable[[StoredArticle, NewArticle], None]] = []

    async def summarize_url(self, url: str, options: SummaryOptions) -> ProcessedArticle:
        """Fetch and summarize without storing anything."""
        page = await self._fetcher.fetch(url)
        return await self.process(_document(page), options)

    async def process(self, document: Document, options: SummaryOptions) -> ProcessedArticle:
        return await self._pool.run(process_document, document, options)

    async def understand(self, document: Document, options: SummaryOptions
                         ) -> ProcessedArticle:
        """Process an article that will be stored: also its people and derived topics."""
        return await self._pool.run(process_document, document, options, True)

    async def ingest_url(self, url: str, context: ShareContext,
                         options: SummaryOptions) -> IngestResult:
        url = check_fetchable(url)
        shared_key = dedup_key(url)
        # Board the link's flight before any await: whoever arrives while it is under way
        # shares its lookup, fetch and result, however fast it fails or succeeds.
        flight = self._board(context.scope, shared_key, url, options)
        try:
            # Shielded: one impatient caller must not cancel the job for the others.
            landed = await asyncio.shield(flight.task)
            if isinstance(landed, StoredArticle):
                return await self._duplicate(landed, context, url, shared_key)
            return await self._store_fetched(landed, context, url, shared_key)
        finally:
            self._leave(flight)

    async def _store_fetched(self, fetched: _Fetched, context: ShareContext, url: str,
                             shared_key: str) -> IngestResult:
        processed = fetched.processed
        canonical = _trusted_canonical(processed.article.canonical_url, fetched.page_url)
        return await self._store(processed, context, key=dedup_key(canonical),
                                 canonical=canonical, source=url, shared_key=shared_key)

    def _board(self, scope: str, key: str, url: str, options: SummaryOptions) -> _Flight:
        """Join the flight under way for a link and scope, or start one: never awaits.

        A flight stays on the board until its job is done and every passenger has stored its
        share, so nobody arriving in between fetches the link again. Everyone aboard gets
        the same result or the same error; the stored article goes to the first to store it
        and the others become duplicates of it.
        """
        flight = self._in_flight.get((scope, key))
        if flight is None:
            task = asyncio.create_task(self._look_up_or_fetch(scope, key, url, options),
                                       name=f"fetch {url[:200]}")
            flight = _Flight((scope, key), task)
            self._in_flight[flight.key] = flight
            task.add_done_callback(lambda _done: self._landed(flight))
        flight.passengers += 1
        return flight

    def _leave(self, flight: _Flight) -> None:
        flight.passengers -= 1
        if flight.task.done():
            self._retire(flight)

    def _landed(self, flight: _Flight) -> None:
        if not flight.task.cancelled():
            flight.task.exception()  # retrieved here too, in case every passenger left
        self._retire(flight)

    def _retire(self, flight: _Flight) -> None:
        if flight.passengers == 0 and self._in_flight.get(flight.key) is flight:
            del self._in_flight[flight.key]

    async def _look_up_or_fetch(self, scope: str, key: str, url: str,
                                options: SummaryOptions) -> StoredArticle | _Fetched:
        known = await self._repository.find_by_url_key(scope, key)
        if known is not None:
            return known
        page = await self._fetcher.fetch(url)
        return _Fetched(page.url, await self.understand(_document(page), options))

    async def prepare_url(self, url: str, scope: str, options: SummaryOptions
                          ) -> PreparedLink:
        """Look a link up in the scope, or fetch and understand it, storing nothing yet: a
        caller that decides on the processed article (a feed's filter) then calls
        :meth:`store_prepared`, or drops it and nothing was stored."""
        url = check_fetchable(url)
        shared_key = dedup_key(url)
        landed = await self._look_up_or_fetch(scope, shared_key, url, options)
        if isinstance(landed, StoredArticle):
            return PreparedLink(url, shared_key, known=landed)
        return PreparedLink(url, shared_key, fetched=landed)

    async def store_prepared(self, prepared: PreparedLink, context: ShareContext
                             ) -> IngestResult:
        if prepared.known is not None:
            return await self._duplicate(prepared.known, context, prepared.url,
                                         prepared.shared_key)
        assert prepared.fetched is not None
        return await self._store_fetched(prepared.fetched, context, prepared.url,
                                         prepared.shared_key)

    async def ingest_document(self, document: Document, context: ShareContext,
                              options: SummaryOptions, source: str | None = None
                              ) -> IngestResult:
        """Store a file's or a message's article; its key is its canonical URL or its text."""
        processed = await self.understand(document, options)
        canonical = processed.article.canonical_url
        key = dedup_key(canonical) if canonical else content_key(processed.article.text)
        return await self._store(processed, context, key=key, canonical=canonical,
                                 source=source, shared_key=None)

    async def _store(self, processed: ProcessedArticle, context: ShareContext, *, key: str,
                     canonical: str | None, source: str | None,
                     shared_key: str | None) -> IngestResult:
        """A share of the article stored under ``key``, or a new article with this share."""
        known = await self._repository.find_by_url_key(context.scope, key)
        if known is not None:
            return await self._duplicate(known, context, source, shared_key)
        record = _new_article(processed, key, canonical_url=canonical, original_url=source)
        saved = await self._repository.save_share(
            context.scope, record, self._share(context, source, shared_key))
        if saved.created:
            self._tell_stored(saved.article, record)
        return await self._result(saved)

    def _tell_stored(self, article: StoredArticle, record: NewArticle) -> None:
        for listener in self.on_stored:
            try:
                listener(article, record)
            except Exception:  # a listener's failure must never break a link reply
                log.exception("a listener failed on stored article %s", article.id)

    async def card(self, result: IngestResult, options: SummaryOptions) -> ArticleCard:
        """What a reply shows for ``result``: the stored summary, or, for a link stored
        before with another length or algorithm than asked for now, a summary made again."""
        card = ArticleCard.from_stored(result.article)
        asked_for_other = (options.algorithm != result.article.summary_algorithm
                           or options.sentences != len(result.article.summary))
        if result.status is IngestStatus.DUPLICATE and asked_for_other:
            summary = await self.resummarize(result.article, options)
            card = replace(card, summary=summary.sentences, algorithm=summary.algorithm,
                           words_out=summary.words_out)
        return card

    async def resummarize(self, article: StoredArticle, options: SummaryOptions) -> Summary:
        return await self._pool.run(summarize_text, article.text, article.title, options,
                                    article.language)

    async def record_reply(self, share: StoredShare, reply_id: int) -> None:
        await self._repository.set_reply(share.id, str(reply_id))

    async def _duplicate(self, article: StoredArticle, context: ShareContext,
                         url: str | None, url_key: str | None) -> IngestResult:
        earlier = await self._repository.first_share(article.id)
        if not context.record_reshares and earlier is not None:
            return IngestResult(IngestStatus.DUPLICATE, article, earlier, earlier)
        saved = await self._repository.add_share(
            context.scope, article.id, self._share(context, url, url_key))
        return IngestResult(IngestStatus.DUPLICATE, saved.article, saved.share, earlier)

    async def _result(self, saved: SavedShare) -> IngestResult:
        if saved.created:
            return IngestResult(IngestStatus.STORED, saved.article, saved.share)
        # Another task stored the same article a moment earlier.
        earlier = await self._repository.first_share(saved.article.id)
        return IngestResult(IngestStatus.DUPLICATE, saved.article, saved.share, earlier)

    def _share(self, context: ShareContext, url: str | None, url_key: str | None) -> NewShare:
        return NewShare(shared_at=self._clock(), url=url, url_key=url_key,
                        sharer_id=context.sharer_id, sharer_name=context.sharer_name,
                        channel_id=context.channel_id, message_id=context.message_id)


def _document(page: FetchedPage) -> Document:
    return Document(page.text, "html" if page.is_html else "text", page.url)


def content_key(text: str) -> str:
    """Key for an article without a URL: the same text (up to case and spacing) is one article."""
    return "sha256:" + hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def _trusted_canonical(declared: str | None, page_url: str) -> str:
    """A page may only name a canonical URL on its own host (so it cannot claim another's)."""
    if not declared:
        return page_url
    declared_host = (urlsplit(declared).hostname or "").removeprefix("www.")
    page_host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    try:
        check_fetchable(declared)
    except UnsupportedUrlError:  # an unusable canonical link is simply ignored
        return page_url
    return declared if declared_host == page_host else page_url


def _new_article(processed: ProcessedArticle, key: str, *, canonical_url: str | None,
                 original_url: str | None) -> NewArticle:
    article, summary = processed.article, processed.summary
    tags = tuple(Tag(name=name, key=topic_key(name)) for name in article.tags if topic_key(name))
    if not tags:
        tags = tuple(Tag(name=name, key=topic_key(name), derived=True)
                     for name in processed.key_phrases if topic_key(name))
    people = tuple(
        Person(name=found.name, key=found.key, surname_key=person_key(surname_of(found.name)),
               role=found.role, mention_count=found.mention_count,
               mention_sentences=found.mention_sentences, quotes=found.quotes)
        for found in processed.people if found.key)
    return NewArticle(
        url_key=key, text=article.text, summary=summary.sentences,
        summary_algorithm=summary.algorithm, words_in=summary.words_in,
        words_out=summary.words_out, canonical_url=canonical_url, original_url=original_url,
        title=article.title, site_name=article.site_name, author=article.author,
        published=article.published, language=article.language, image=article.image,
        tags=tags, people=people, sentence_notes=processed.sentence_notes,
    )
