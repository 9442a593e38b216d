"""Load: 100 slash commands from 100 users within one second are all answered correctly."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from tests.e2e.conftest import RunningBot
from tests.e2e.emulator import DiscordEmulator, Scenario

TIMEOUT = 90.0
TITLES = {"ferry": "Harbour council approves new ferry terminal",
          "bridge": "Bridge council approves new bridge project",
          "school": "School council approves new school project"}


async def test_a_hundred_users_summarize_within_one_second(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    users = []
    for number in range(100):
        user = await emulator.add_user(f"reader{number}")
        await emulator.add_member(scenario.guild, user)
        users.append(user)
    names = list(TITLES)
    chosen = [names[number % 3] for number in range(len(users))]
    # All at once (how long issuing them takes is the test's own speed, not the bot's).
    issued = await asyncio.gather(*(
        emulator.invoke_slash("summarize", {"url": articles[name]}, user=user,
                              channel=scenario.general)
        for name, user in zip(chosen, users, strict=True)))
    interactions = list(zip(chosen, issued, strict=True))

    firsts = await asyncio.gather(*(inter.wait_for_response(timeout=TIMEOUT)
                                    for _name, inter in interactions))
    assert max(first.elapsed for first in firsts) < 3.0  # Discord's deadline for a response
    finals = await asyncio.gather(*(
        inter.wait_for_original(lambda m: bool(m.get("embeds")), timeout=TIMEOUT)
        for _name, inter in interactions))
    for (name, inter), final in zip(interactions, finals, strict=True):
        assert final["embeds"][0]["title"] == TITLES[name], inter
        assert not inter.ephemeral

    with closing(sqlite3.connect(newsbot.settings.database_path)) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM shares").fetchone()[0] == 100
        assert db.execute("SELECT count(DISTINCT sharer_id) FROM shares").fetchone()[0] == 100
