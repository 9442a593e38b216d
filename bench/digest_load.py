"""Digests at scale: many servers due at the same minute, under Discord's global rate limit.

Usage (from the repository root):

    /work/venv/bin/python bench/digest_load.py [--guilds 1000] [--articles 3] [--latency 0.08]
        [--rate 40]

A temporary database gets ``--guilds`` servers whose digest is due at 09:00 UTC, each with
``--articles`` articles shared in the hour before. The product's ``DigestService``,
``DigestScheduler`` (with the concurrency the Discord cog uses) and the cog's own
``DiscordDigestSender`` with its ``RequestPacer`` (``--rate`` requests per second, by
default the bot's) then run against a simulated Discord: the channels' ``send`` and
``history`` calls, where discord.py would make its HTTP request, are each one request that
takes ``--latency`` seconds, and Discord's global limit of 50 requests per
second is enforced like Discord does it: a request over the limit gets a 429 and, as
discord.py does, is retried after the ``retry_after`` it was given. The clock runs in real
time from 09:00:00.

Reports the time from 09:00 until every digest is recorded as sent, the requests per
second (maximum over any one-second window), and the number of 429s (target: all posted
within 60 s, never over 50 requests per second).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import shlex
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import discord
from discord.ext import commands

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.digest.pacing import RequestPacer  # noqa: E402
from bot.digest.scheduler import DigestScheduler  # noqa: E402
from bot.digest.service import DigestService  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from bot.scopes import guild_scope  # noqa: E402
from cogs.digest import DiscordDigestSender  # noqa: E402
from cogs.digest_embeds import parse_marker  # noqa: E402
from storage.articles import ArticleRepository  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.digests import DigestRepository, RunState  # noqa: E402
from storage.models import NewArticle, NewShare, Tag  # noqa: E402

NINE = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # a Monday
GLOBAL_LIMIT = 50  # requests per second, all routes together
BOT_ID = 42


class Clock:
    """Fixed while the world is built; then real time from 09:00:00."""

    def __init__(self, moment: datetime) -> None:
        self.fixed: datetime | None = moment
        self.origin = 0.0

    def start(self, moment: datetime) -> None:
        self.fixed = None
        self.base = moment
        self.origin = time.monotonic()

    def __call__(self) -> datetime:
        if self.fixed is not None:
            return self.fixed
        return self.base + timedelta(seconds=time.monotonic() - self.origin)


class SimulatedDiscord:
    """Discord's global limit as a one-second sliding window; 429 over it."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.accepted: list[float] = []
        self.rejected = 0

    async def request(self) -> None:
        while True:
            now = time.monotonic()
            window = [t for t in self.accepted[-GLOBAL_LIMIT:] if t > now - 1.0]
            if len(window) < GLOBAL_LIMIT:
                self.accepted.append(now)
                await asyncio.sleep(self.latency)
                return
            self.rejected += 1  # 429, global: discord.py sleeps retry_after, then retries
            await asyncio.sleep(self.latency + (window[0] + 1.0 - now))

    def max_per_second(self) -> int:
        times = sorted(self.accepted)
        best, start = 0, 0
        for end, moment in enumerate(times):
            while times[start] <= moment - 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


class BenchChannel(discord.TextChannel):
    """A text channel whose REST calls go to the simulated Discord instead of discord.py's
    HTTP client, so the bench runs the cog's own ``DiscordDigestSender`` (its rendering, its
    pacing, its error handling) unchanged."""

    def __init__(self, world: BenchWorld, guild: BenchGuild, channel_id: int) -> None:
        # Deliberately not TextChannel.__init__: there is no gateway state to build from.
        self.id = channel_id
        self.guild = guild  # type: ignore[assignment]
        self._world = world

    def permissions_for(self, obj: object, /) -> discord.Permissions:  # type: ignore[override]
        return discord.Permissions.all()

    async def send(self, content: str | None = None, *,  # type: ignore[override]
                   embeds: list[discord.Embed] | None = None, nonce: str | None = None,
                   **_options: object) -> BenchMessage:
        await self._world.discord.request()  # POST /channels/{id}/messages
        message = BenchMessage(next(self._world.ids), self._world.user, embeds or [])
        self._world.posted[self.id].append(message)
        return message

    async def history(self, *, limit: int | None = 100,  # type: ignore[override]
                      after: discord.abc.Snowflake | None = None,
                      **_options: object) -> AsyncIterator[BenchMessage]:
        await self._world.discord.request()  # GET /channels/{id}/messages, one page
        newer = [m for m in self._world.posted[self.id] if after is None or m.id > after.id]
        for message in newer[:limit]:
            yield message


@dataclass
class BenchMessage:
    id: int
    author: SimpleNamespace
    embeds: list[discord.Embed]


@dataclass
class BenchGuild:
    id: int
    world: BenchWorld
    unavailable: bool = False
    me: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(id=BOT_ID))

    def get_channel(self, channel_id: int) -> BenchChannel:
        return BenchChannel(self.world, self, channel_id)


class BenchWorld:
    """What the cog sees of Discord: ``bot.user`` and ``bot.get_guild``."""

    def __init__(self, simulated: SimulatedDiscord) -> None:
        self.discord = simulated
        self.user = SimpleNamespace(id=BOT_ID)
        self.ids = itertools.count(discord.utils.time_snowflake(NINE))  # Discord-like ids
        self.posted: collections.defaultdict[int, list[BenchMessage]] = \
            collections.defaultdict(list)

    def get_guild(self, guild_id: int) -> BenchGuild:
        return BenchGuild(guild_id, self)

    def messages(self) -> int:
        return sum(len(messages) for messages in self.posted.values())

    def repeated(self) -> int:
        """Channels holding more than one digest, or a part of one twice."""
        count = 0
        for messages in self.posted.values():
            markers = [parse_marker(m.embeds[-1].footer.text) for m in messages]
            if len({marker[0] for marker in markers if marker}) > 1 or \
                    len(set(markers)) < len(markers):
                count += 1
        return count


async def build(database: Database, service: DigestService, guilds: int, articles: int) -> None:
    repository = ArticleRepository(database)
    topics = ("Politics", "Science", "Sport", "Economy", "Climate")
    for guild in range(1, guilds + 1):
        await service.configure(guild, 10_000 + guild, local_time="09:00", timezone="UTC")
        for number in range(articles):
            key = f"https://news.example/{guild}/{number}"
            await repository.save_share(
                guild_scope(guild),
                NewArticle(url_key=key, text="Body text of the story.",
                           summary=("A first sentence of the summary.",
                                    "A second sentence with more detail."),
                           summary_algorithm="news", words_in=400, words_out=30,
                           canonical_url=key, title=f"Story {number} for server {guild}",
                           tags=(Tag(topics[number % len(topics)],
                                     topics[number % len(topics)].casefold()),)),
                NewShare(shared_at=NINE - timedelta(minutes=30 + number), sharer_id="u1",
                         url=key, url_key=key))


async def run(guilds: int, articles: int, latency: float, concurrency: int | None,  # noqa: PLR0917
              limit: float, rate: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        database = await Database.open(Path(folder) / "digests.db")
        try:
            clock = Clock(NINE - timedelta(days=1))
            repository = DigestRepository(database)
            service = DigestService(repository, clock=clock)
            started = time.perf_counter()
            await build(database, service, guilds, articles)
            build_seconds = time.perf_counter() - started

            simulated = SimulatedDiscord(latency)
            world = BenchWorld(simulated)
            # The sender and pacer the cog's setup() builds, on a simulated Discord.
            sender = DiscordDigestSender(cast(commands.Bot, world), RequestPacer(rate))
            options = {} if concurrency is None else {"concurrency": concurrency}
            scheduler = DigestScheduler(service, sender, **options)  # type: ignore[arg-type]
            clock.start(NINE)
            began = time.monotonic()
            scheduler.start()
            sent = 0
            while time.monotonic() - began < limit:
                await asyncio.sleep(0.5)
                sent = await repository.count_runs(RunState.SENT)
                if sent >= guilds:
                    break
            elapsed = time.monotonic() - began
            await scheduler.stop(grace=1.0)
            return {"build": build_seconds, "elapsed": elapsed, "sent": sent,
                    "messages": world.messages(), "requests": len(simulated.accepted),
                    "max_rps": simulated.max_per_second(), "rejected": simulated.rejected,
                    "repeated": world.repeated()}
        finally:
            await database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=3, help="articles per server")
    parser.add_argument("--latency", type=float, default=0.08,
                        help="seconds per Discord request (default 0.08)")
    parser.add_argument("--concurrency", type=int, default=None,
                        help="servers posted at once (default: the scheduler's)")
    parser.add_argument("--limit", type=float, default=300.0, help="give up after N seconds")
    parser.add_argument("--rate", type=float, default=Settings().digest_requests_per_second,
                        help="digest requests per second (NEWSBOT_DIGEST_REQUESTS_PER_SECOND; "
                             "default %(default)g)")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.guilds, args.articles, args.latency, args.concurrency,
                             args.limit, args.rate))
    command = " ".join(shlex.quote(part) for part in ["python", "bench/digest_load.py", *(
        argv if argv is not None else sys.argv[1:])])
    print(f"\n`{command}` (set-up of {args.guilds} servers: {result['build']:.1f} s)\n")
    print("| servers due | sent | messages | time to all sent | max requests/s (1 s window) "
          "| 429s | repeated |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {args.guilds} | {result['sent']} | {result['messages']} | "
          f"{result['elapsed']:.1f} s | {result['max_rps']} | {result['rejected']} | "
          f"{result['repeated']} |")
    return 0 if result["sent"] >= args.guilds else 1


if __name__ == "__main__":
    sys.exit(main())
