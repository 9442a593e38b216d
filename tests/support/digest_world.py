"""Fakes for digest tests: a clock the test moves, and an in-memory chat channel."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Collection, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from bot.digest.compose import Digest
from bot.digest.sender import DeliveryError
from bot.digest.service import DigestService
from bot.scopes import guild_scope
from storage.articles import ArticleRepository
from storage.database import Database
from storage.digests import DigestRepository
from storage.models import NewArticle, NewShare, Tag

T = TypeVar("T")


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Posted:
    message_id: int
    channel_id: int
    ref: str
    part: int
    digest: Digest
    at: datetime


class Crash(BaseException):
    """The process dies mid-run: nothing in the service may catch it."""


@dataclass
class FakeSender:
    """A chat with channels; each digest part holds ``items_per_part`` articles."""

    clock: FakeClock
    items_per_part: int = 3
    posted: list[Posted] = field(default_factory=list)
    deleted: set[int] = field(default_factory=set)
    unreadable: set[int] = field(default_factory=set)
    outage: int = 0  # how many send calls fail with a transient error
    crash_after_parts: int | None = None  # die after posting this many parts
    hold: dict[int, asyncio.Event] = field(default_factory=dict)  # channel -> gate to wait on
    sending: asyncio.Event = field(default_factory=asyncio.Event)  # set when a send starts
    notices: list[tuple[int, str]] = field(default_factory=list)  # (channel, text) posted
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        if channel_id in self.deleted:
            raise DeliveryError(f"the channel {channel_id} no longer exists", permanent=True)

    async def find_posted(self, guild_id: int, channel_id: int, ref: str,
                          since: datetime) -> dict[int, int]:
        if channel_id in self.unreadable:
            raise DeliveryError("missing Read Message History", permanent=True)
        return {p.part: p.message_id for p in self.posted
                if p.channel_id == channel_id and p.ref == ref}

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        self.sending.set()
        if channel_id in self.hold:
            await self.hold[channel_id].wait()
        if self.outage:
            self.outage -= 1
            raise DeliveryError("Discord is unavailable (503)", permanent=False)
        items = digest.items
        count = max(1, -(-len(items) // self.items_per_part))
        sent: dict[int, int] = {}
        for part in range(1, count + 1):
            if part in skip_parts:
                continue
            if self.crash_after_parts is not None and self.crash_after_parts <= 0:
                raise Crash
            message_id = next(self._ids)
            self.posted.append(Posted(message_id, channel_id, ref, part, digest, self.clock()))
            sent[part] = message_id
            if self.crash_after_parts is not None:
                self.crash_after_parts -= 1
        return sent

    async def send_notice(self, guild_id: int, channel_id: int, text: str) -> int:
        if channel_id in self.deleted:
            raise DeliveryError(f"the channel {channel_id} no longer exists", permanent=True)
        if self.outage:
            self.outage -= 1
            raise DeliveryError("Discord is unavailable (503)", permanent=False)
        message_id = next(self._ids)
        self.notices.append((channel_id, text))
        return message_id

    def in_channel(self, channel_id: int) -> list[Posted]:
        return [p for p in self.posted if p.channel_id == channel_id]

    def digests_in(self, channel_id: int) -> list[str]:
        """The refs of the digests in a channel, one per digest, in posting order."""
        return list(dict.fromkeys(p.ref for p in self.in_channel(channel_id)))


class World:
    """A database file, its repositories and a service, reopenable like a restarted bot."""

    def __init__(self, path: Path, clock: FakeClock) -> None:
        self.path = path
        self.clock = clock
        self.database: Database | None = None
        self._keys = itertools.count(1)

    async def open(self, **options: object) -> DigestService:
        self.database = await Database.open(self.path)
        self.repository = DigestRepository(self.database)
        self.articles = ArticleRepository(self.database)
        self.service = DigestService(self.repository, clock=self.clock, **options)  # type: ignore[arg-type]
        return self.service

    async def restart(self, **options: object) -> DigestService:
        await self.close()
        return await self.open(**options)

    async def close(self) -> None:
        if self.database is not None:
            await self.database.close()
            self.database = None

    async def share(self, guild_id: int, title: str, at: datetime | None = None, *,
                    sharer: str = "u1", tags: tuple[str, ...] = (),
                    summary: tuple[str, ...] = ("First sentence.", "Second sentence.")
                    ) -> int:
        """Someone shares a new article in a server (by default a minute ago); returns its id."""
        key = f"https://news.example/{next(self._keys)}"
        saved = await self.articles.save_share(
            guild_scope(guild_id),
            NewArticle(url_key=key, text="body", summary=summary, summary_algorithm="news",
                       words_in=100, words_out=10, canonical_url=key, title=title,
                       tags=tuple(Tag(t, t.casefold()) for t in tags)),
            NewShare(shared_at=at or self.clock() - timedelta(minutes=1), sharer_id=sharer,
                     url=key, url_key=key))
        return saved.article.id

    async def reshare(self, guild_id: int, article_id: int, at: datetime | None = None, *,
                      sharer: str = "u2") -> None:
        await self.articles.add_share(guild_scope(guild_id), article_id,
                                      NewShare(shared_at=at or self.clock(), sharer_id=sharer))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 6, 2, 6, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
def sender(clock: FakeClock) -> FakeSender:
    return FakeSender(clock)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    w = World(tmp_path / "digest.db", clock)
    await w.open()
    try:
        yield w
    finally:
        await w.close()


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps to the next timer instead of waiting for it.

    ``loop.time()`` starts at 0 and moves only when every task is waiting for a timer (then
    to that timer; by a nanosecond when the only timer is due already), so a
    test of pacing can count what happens in each second exactly, however slow the machine.
    Real I/O (aiosqlite's threads waking the loop) still works: the loop blocks for it only
    when no timer is pending.
    """

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        selector = self._selector  # type: ignore[attr-defined]
        real_select = selector.select

        def select(timeout: float | None = None) -> object:
            if timeout is None:
                return real_select(None)
            events = real_select(0)
            if not events:
                if timeout > 0:
                    self._now += timeout
                elif not self._ready:  # type: ignore[attr-defined]
                    # Only a timer that is due "now" again: let a nanosecond pass, as the
                    # real clock would (aiolimiter re-arms for float-rounding leftovers).
                    self._now += 1e-9
            return events

        selector.select = select

    def time(self) -> float:
        return self._now


def run_in_virtual_time(main: Callable[[], Coroutine[object, object, T]]) -> T:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(main())
