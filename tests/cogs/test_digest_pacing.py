"""The Discord digest sender paces every REST call with the one pacer all servers share."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import discord
import pytest
from discord.ext import commands

from bot.digest.pacing import RequestPacer
from bot.digest.scheduler import DigestScheduler
from cogs.digest import HISTORY_PAGE, DiscordDigestSender
from cogs.digest_embeds import digest_messages, parse_marker
from storage.digests import RunState
from tests.support.digest_world import FakeClock, World, run_in_virtual_time
from tests.support.digests import NINE_BERLIN, most_in_any_window, set_up

BOT_ID = 42


class CountingPacer(RequestPacer):
    def __init__(self, log: list[str], per_second: float = 1000.0) -> None:
        super().__init__(per_second)
        self.log = log

    async def wait(self) -> None:
        await super().wait()
        self.log.append("wait")


@dataclass
class Message:
    id: int
    embeds: list[discord.Embed]
    author: SimpleNamespace = field(default_factory=lambda: SimpleNamespace(id=BOT_ID))


class FakeDiscord:
    """What the sender sees: ``bot.user``, guilds, text channels; logs each REST call."""

    def __init__(self) -> None:
        self.user = SimpleNamespace(id=BOT_ID)
        self.log: list[str] = []
        self.starts: list[float] = []
        self.channels: defaultdict[int, list[Message]] = defaultdict(list)
        # Snowflakes of the tests' Monday morning, as Discord would give.
        self._ids = itertools.count(discord.utils.time_snowflake(NINE_BERLIN - timedelta(hours=1)))

    def request(self, what: str) -> None:
        self.log.append(what)
        self.starts.append(asyncio.get_running_loop().time())

    def get_guild(self, guild_id: int) -> SimpleNamespace:
        guild = SimpleNamespace(id=guild_id, unavailable=False, me=self.user)
        guild.get_channel = lambda channel_id: FakeChannel(self, guild, channel_id)
        return guild

    def post(self, channel_id: int, embeds: list[discord.Embed]) -> Message:
        message = Message(next(self._ids), embeds)
        self.channels[channel_id].append(message)
        return message


class FakeChannel(discord.TextChannel):
    def __init__(self, fake: FakeDiscord, guild: object, channel_id: int) -> None:
        self.id = channel_id
        self.guild = guild  # type: ignore[assignment]
        self._world = fake

    def permissions_for(self, obj: object, /) -> discord.Permissions:
        return discord.Permissions.all()

    async def send(self, content: str | None = None, *,  # type: ignore[override]
                   embeds: list[discord.Embed] | None = None,
                   **_options: object) -> Message:
        self._world.request("send")
        await asyncio.sleep(0.08)
        return self._world.post(self.id, embeds or [])

    async def history(self, *, limit: int | None = 100,  # type: ignore[override]
                      after: discord.abc.Snowflake | None = None,
                      **_options: object) -> AsyncIterator[Message]:
        self._world.request("history")
        newer = [m for m in self._world.channels[self.id] if after is None or m.id > after.id]
        for message in newer[:limit]:
            yield message


def sender_for(fake: FakeDiscord, pacer: RequestPacer) -> DiscordDigestSender:
    return DiscordDigestSender(cast(commands.Bot, fake), pacer)


async def test_each_message_and_each_history_page_waits_for_the_pacer(tmp_path: Path) -> None:
    clock = FakeClock(NINE_BERLIN)
    world = World(tmp_path / "digest.db", clock)
    await world.open()
    try:
        await set_up(world.service, max_items=25)
        for number in range(25):
            await world.share(1, f"Story {number} " + "word " * 40,
                              summary=("A long sentence of summary. " * 12,))
        digest = await world.service.preview(1)
    finally:
        await world.close()
    ref = "0123456789abcdef"
    parts = len(digest_messages(digest, ref))
    assert parts >= 2

    fake = FakeDiscord()
    sender = sender_for(fake, CountingPacer(fake.log))
    posted = await sender.send(1, 10, digest, ref, skip_parts={1})
    assert sorted(posted) == list(range(2, parts + 1))
    assert fake.log == ["wait", "send"] * (parts - 1)

    # Crash recovery reads the channel page by page, each page paced: 150 other messages
    # after the run started make two pages.
    fake.log.clear()
    for _ in range(150):
        fake.post(10, [discord.Embed(description="chatter")])
    found = await sender.find_posted(1, 10, ref, clock() - timedelta(hours=1))
    assert found == posted
    assert fake.log == ["wait", "history", "wait", "history"]
    assert 150 + parts - 1 > HISTORY_PAGE


def test_servers_posting_at_once_share_one_pace(tmp_path: Path) -> None:
    """Twelve servers due at the same minute, five posted at once, one pacer at 10/s."""

    async def main() -> tuple[FakeDiscord, dict[int, list[RunState]]]:
        clock = FakeClock(NINE_BERLIN - timedelta(hours=3))
        world = World(tmp_path / "paced.db", clock)
        await world.open()
        try:
            for guild in range(1, 13):
                await set_up(world.service, guild=guild, channel=100 + guild)
                await world.share(guild, f"News for server {guild}")
            clock.set(NINE_BERLIN)
            fake = FakeDiscord()
            scheduler = DigestScheduler(world.service, sender_for(fake, RequestPacer(10)),
                                        concurrency=5)
            runs = await scheduler.run_once()
            return fake, {guild: [run.state for run in done] for guild, done in runs.items()}
        finally:
            await world.close()

    fake, states = run_in_virtual_time(main)
    assert states == {guild: [RunState.SENT] for guild in range(1, 13)}
    assert fake.log == ["send"] * 12
    # One pace for all five concurrent servers: 0.1 s apart, so at most 11 in any second.
    starts = sorted(fake.starts)
    assert most_in_any_window(starts) <= 11
    assert all(later - earlier >= 0.1 - 1e-6
               for earlier, later in itertools.pairwise(starts))
    assert starts[-1] == pytest.approx(1.1, abs=1e-6)  # and no slower than that
    for channel, messages in fake.channels.items():
        markers = {parse_marker(m.embeds[-1].footer.text) for m in messages}
        assert len(messages) == len(markers) == 1, channel
