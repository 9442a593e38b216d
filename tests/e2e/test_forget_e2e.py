"""/forget through the real bot and the emulator: a member's shares, and one link (admins)."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from cogs.checks import ADMIN_ONLY
from tests.e2e.conftest import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario
from tests.e2e.test_follows_e2e import command, share


def stored_urls(bot: RunningBot) -> list[str]:
    with closing(sqlite3.connect(f"file:{bot.settings.database_path}?mode=ro",
                                 uri=True)) as connection:
        return sorted(row[0] for row in connection.execute(
            "SELECT canonical_url FROM articles").fetchall())


async def forget(emulator: DiscordEmulator, scenario: Scenario, subcommand: str, *,
                 user: Any, options: dict[str, Any] | None = None) -> str:
    return await command(emulator, scenario, "forget", options, user=user,
                         subcommand=subcommand, channel=scenario.news)


async def test_a_member_forgets_their_shares_and_an_admin_a_link(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    await share(emulator, scenario.news, scenario.user, articles["ferry"])
    await share(emulator, scenario.news, scenario.user, articles["bridge"])
    await share(emulator, scenario.news, scenario.admin, articles["bridge"])
    answer = await forget(emulator, scenario, "me", user=scenario.user)
    assert answer == "Forgotten: 2 shares, and 1 article nobody else had shared."
    assert stored_urls(newsbot) == [articles["bridge"]]  # the admin shared it too
    assert await forget(emulator, scenario, "me", user=scenario.user) == (
        "There was nothing to forget.")

    refused = await forget(emulator, scenario, "link", user=scenario.user,
                           options={"url": articles["bridge"]})
    assert refused == ADMIN_ONLY
    assert stored_urls(newsbot) == [articles["bridge"]]
    done = await forget(emulator, scenario, "link", user=scenario.admin,
                        options={"url": articles["bridge"]})
    assert done == "Forgotten: 1 share, and 1 article nobody else had shared."
    assert stored_urls(newsbot) == []
    bad = await forget(emulator, scenario, "link", user=scenario.admin,
                       options={"url": "not a link"})
    assert "http" in bad


async def test_a_server_that_removes_the_bot_is_forgotten_and_others_are_not(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
        articles: dict[str, str]) -> None:
    settings = bot_settings(emulator, tmp_path / "bot.db", departed_grace_days=0)
    async with running_bot(emulator, settings) as bot:
        await share(emulator, scenario.news, scenario.user, articles["ferry"])
        await share(emulator, scenario.other_general, scenario.user, articles["bridge"])
        assert len(stored_urls(bot)) == 2
        await emulator.remove_guild(scenario.other_guild)
        deadline = asyncio.get_running_loop().time() + 60
        while len(stored_urls(bot)) != 1:  # the cleanup runs as soon as it is due
            assert asyncio.get_running_loop().time() < deadline, "never deleted"
            await asyncio.sleep(0.05)
        assert stored_urls(bot) == [articles["ferry"]]
