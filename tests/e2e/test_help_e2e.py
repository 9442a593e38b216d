"""/help and the one-time welcome, through the real bot and the emulator."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario

TIMEOUT = 60.0


async def help_embed(emulator: DiscordEmulator, scenario: Scenario, user: Any) -> dict[str, Any]:
    inter = await emulator.invoke_slash("help", {}, user=user, channel=scenario.news)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert inter.original is not None
    [embed] = inter.original["embeds"]
    return embed


def fields(embed: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed.get("fields", [])}


async def test_help_shows_this_server_s_settings_and_the_commands_one_may_use(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot) -> None:
    member = fields(await help_embed(emulator, scenario, scenario.user))
    assert member["Here"] == "Links in this channel are summarized automatically."
    assert "No digest is set up" in member["Daily digest"]
    assert "/forget me" in member["Your data"] + member["Commands"]
    assert "`/ask`" in member["Commands"]
    assert "/forget link" not in member["Commands"]
    assert "Admin commands" not in member
    admin = fields(await help_embed(emulator, scenario, scenario.admin))
    assert "`/forget link`" in admin["Admin commands"]
    assert "`/settings`" in admin["Admin commands"]
    assert "kept until deleted" in admin["Your data"]
    inter = await emulator.invoke_slash("settings", {"retention": 30}, user=scenario.admin,
                                        channel=scenario.news)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert "articles are deleted 30 days after they were shared" in (inter.content or "")
    after = fields(await help_embed(emulator, scenario, scenario.user))
    assert "deleted 30 days after" in after["Your data"]


@pytest.fixture
async def ready_bot(emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
                    caplog: pytest.LogCaptureFixture) -> AsyncIterator[RunningBot]:
    """A bot past READY: a server added before then is one of its start-up servers, not a
    join (discord.py), so the test waits for the bot's own "connected" line."""
    caplog.set_level(logging.INFO, logger="bot.discord_app.client")
    async with running_bot(emulator, bot_settings(emulator, tmp_path / "bot.db")) as bot:
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while not any("connected as" in record.getMessage() for record in caplog.records):
            assert asyncio.get_running_loop().time() < deadline, "never ready"
            await asyncio.sleep(0.05)
        yield bot


async def welcome_in(emulator: DiscordEmulator, channel: Any) -> dict[str, Any]:
    return await emulator.wait_for_message(channel, lambda _message: True, timeout=TIMEOUT)


async def test_a_new_server_is_welcomed_once_in_its_system_channel(
        emulator: DiscordEmulator, ready_bot: RunningBot) -> None:
    guild, channel = await emulator.invite_bot("Harbour readers")
    assert channel is not None
    assert "Three things to try" in (await welcome_in(emulator, channel))["content"]
    _, quiet = await emulator.invite_bot("No system channel", system_channel=None)
    assert quiet is None
    await emulator.remove_guild(guild)
    await emulator.rejoin(guild)  # added back: never welcomed twice
    # Events are handled in order: once a later server is welcomed, the re-join was handled.
    _, later = await emulator.invite_bot("Later readers")
    await welcome_in(emulator, later)
    assert len(emulator.bot_messages_in(channel)) == 1
