"""A digest posted at its scheduled minute, through the real bot and the Discord emulator.

The bot runs as ``newsbot run`` runs it. Its digest clock is the real clock moved by an offset
the test chooses: a minute before a whole minute while the admin picks that minute (however
slow the machine, the minute is still ahead), then two seconds before it. The scheduler looks
again each second here (a minute in production), so it notices the jump.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cogs.digest
from bot.digest.scheduler import DigestScheduler
from storage.database import Database
from storage.digests import DigestRepository, DigestSettings
from tests.e2e.conftest import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario
from tests.e2e.emulator.state import EMBED_LINKS

TIMEOUT = 60.0
ZONE = "Europe/Berlin"


class ShiftedClock:
    """Real time plus an offset the test chooses."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def a_minute_before_a_minute(self) -> datetime:
        """Shift so that now is a minute before a whole minute; return that minute."""
        real = datetime.now(UTC)
        minute = real.replace(second=0, microsecond=0) + timedelta(minutes=2)
        self.offset = minute - timedelta(minutes=1) - real
        return minute

    def move_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()  # given to the bot: its digests' "now"


@pytest.fixture
async def digestbot(emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
                    articles: dict[str, str], clock: ShiftedClock,
                    monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    monkeypatch.setattr(cogs.digest, "DigestScheduler",
                        functools.partial(DigestScheduler, idle_wake=timedelta(seconds=1)))
    settings = bot_settings(emulator, tmp_path / "bot.db", dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings, clock) as running:
        yield running


def is_digest(message: dict[str, Any]) -> bool:
    return any((e.get("title") or "").startswith("News digest") for e in message["embeds"])


async def test_a_digest_is_posted_at_its_scheduled_minute(
        emulator: DiscordEmulator, scenario: Scenario, digestbot: RunningBot,
        articles: dict[str, str], clock: ShiftedClock) -> None:
    # Someone shares a link; the bot summarizes and stores it.
    await emulator.send_message(scenario.general, scenario.user, articles["ferry"])
    await emulator.wait_for_message(scenario.general, lambda m: bool(m["embeds"]),
                                    timeout=TIMEOUT)

    minute = clock.a_minute_before_a_minute()
    local = minute.astimezone(ZoneInfo(ZONE))
    setup = await emulator.invoke_slash(
        "digest", {"channel": scenario.news, "time": f"{local:%H:%M}", "timezone": ZONE},
        subcommand="set", user=scenario.admin, channel=scenario.general)
    await setup.wait_for_response(timeout=TIMEOUT)
    assert setup.ephemeral
    assert (setup.content or "").startswith("Saved.")
    assert f"Next digest: {local:%a %d %b %Y, %H:%M}" in (setup.content or "")
    assert clock() < minute
    assert not emulator.bot_messages_in(scenario.news)
    clock.move_to(minute - timedelta(seconds=2))

    posted = await emulator.wait_for_message(scenario.news, is_digest, timeout=TIMEOUT)
    assert minute <= clock() < minute + timedelta(minutes=1)
    header, *sections = posted["embeds"]
    assert "1 new article, 1 share by 1 person" in header["description"]
    text = "\n".join(section["description"] for section in sections)
    assert "[Harbour council approves new ferry terminal](" in text
    footer = posted["embeds"][-1]["footer"]["text"]
    assert re.fullmatch(r"newsbot digest · ref [0-9a-f]{16} · part 1/1", footer)
    assert len(emulator.bot_messages_in(scenario.news)) == 1

    # The message arrives before the bot has recorded the run as sent: until then /digest
    # show rightly says "being posted now". Ask again until the run is done.
    content = await digest_show_once_done(emulator, scenario)
    assert f"Last digest: {local:%a %d %b %Y, %H:%M}" in content
    assert f"posted 1 article in <#{scenario.news.id}>" in content


async def digest_show_once_done(emulator: DiscordEmulator, scenario: Scenario) -> str:
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        show = await emulator.invoke_slash("digest", subcommand="show", user=scenario.user,
                                           channel=scenario.general)
        await show.wait_for_response(timeout=TIMEOUT)
        content = show.content or ""
        if "being posted now" not in content or asyncio.get_running_loop().time() > deadline:
            return content
        await asyncio.sleep(0.1)


async def test_set_refuses_a_channel_where_the_bot_cannot_post_embeds(
        emulator: DiscordEmulator, scenario: Scenario, digestbot: RunningBot) -> None:
    await emulator.set_overwrite(scenario.news, emulator.bot_user, deny=EMBED_LINKS)
    refused = await emulator.invoke_slash(
        "digest", {"channel": scenario.news, "time": "09:00", "timezone": ZONE},
        subcommand="set", user=scenario.admin, channel=scenario.general)
    await refused.wait_for_response(timeout=TIMEOUT)
    assert refused.ephemeral
    assert "lacks Embed Links" in (refused.content or "")
    # Regular members cannot change the digest at all.
    denied = await emulator.invoke_slash(
        "digest", {"channel": scenario.general, "time": "09:00", "timezone": ZONE},
        subcommand="set", user=scenario.user, channel=scenario.general)
    await denied.wait_for_response(timeout=TIMEOUT)
    assert "Manage Server" in (denied.content or "")


async def test_timezone_autocomplete(emulator: DiscordEmulator, scenario: Scenario,
                                     digestbot: RunningBot) -> None:
    typing = await emulator.invoke_autocomplete(
        "digest", {"timezone": "new_y"}, focused="timezone", subcommand="set",
        user=scenario.admin, channel=scenario.general)
    await typing.wait_for_response(timeout=TIMEOUT)
    assert (typing.choices or [{}])[0].get("value") == "America/New_York"


async def test_a_server_whose_saved_settings_stopped_working_is_told_once_and_shown_why(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path) -> None:
    # Saved when the zone existed; a tzdata update has dropped it since.
    path = tmp_path / "bot.db"
    database = await Database.open(path)
    try:
        await DigestRepository(database).save_settings(DigestSettings(
            scenario.guild.id, scenario.news.id, "09:00", "US/Pacific-New",
            anchor_at=datetime(2025, 1, 1, tzinfo=UTC)), datetime(2025, 1, 1, tzinfo=UTC))
    finally:
        await database.close()
    settings = bot_settings(emulator, path, dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings):
        notice = await emulator.wait_for_message(
            scenario.news, lambda m: "digest is paused" in (m["content"] or ""),
            timeout=TIMEOUT)
        assert "US/Pacific-New" in notice["content"]
        assert "/digest set" in notice["content"]
        show = await emulator.invoke_slash("digest", subcommand="show", user=scenario.user,
                                           channel=scenario.general)
        await show.wait_for_response(timeout=TIMEOUT)
        assert "**paused**" in (show.content or "")
        assert "no longer work" in (show.content or "")
    assert len(emulator.bot_messages_in(scenario.news)) == 1
