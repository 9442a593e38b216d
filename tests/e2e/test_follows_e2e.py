"""Follows, the 📰 reaction trigger and the opt-out, through the real bot and the emulator.

The bot's clock (follows and digests) is the real clock plus an offset the test moves, so a
ten-minute batch window passes at once; the delivery loop looks each 0.2 s here (30 s in
production). The test waits for what the bot did (a message, a database row), never for time.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import cogs.follows
from bot.follows.announce import ref_line
from bot.follows.service import PAUSED_NOTE
from storage.database import Database
from storage.follows import FollowRepository
from tests.e2e.conftest import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import DiscordEmulator, Scenario

TIMEOUT = 60.0
WINDOW = timedelta(minutes=10)


class ShiftedClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def pass_window(self) -> None:
        self.offset += WINDOW + timedelta(minutes=1)


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture
async def followbot(emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
                    articles: dict[str, str], clock: ShiftedClock,
                    monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    monkeypatch.setattr(cogs.follows, "DELIVERY_INTERVAL", 0.2)
    settings = bot_settings(emulator, tmp_path / "bot.db", dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings, clock) as running:
        yield running


def rows(bot: RunningBot, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{bot.settings.database_path}?mode=ro",
                                 uri=True)) as connection:
        return list(connection.execute(sql, parameters).fetchall())


async def until(bot: RunningBot, sql: str, *parameters: object) -> None:
    """Wait until ``sql`` finds a row (the bot has done it); bounded only against a hang."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not rows(bot, sql, *parameters):
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"never true: {sql}")
        await asyncio.sleep(0.05)


async def matches_recorded(bot: RunningBot, count: int) -> None:
    await until(bot, "SELECT 1 FROM follow_matches GROUP BY NULL HAVING count(*) >= ?", count)


async def command(emulator: DiscordEmulator, scenario: Scenario, name: str,
                  options: dict[str, Any] | None = None, *, user: Any = None,
                  subcommand: str | None = None, channel: Any = None) -> str:
    inter = await emulator.invoke_slash(name, options or {}, user=user or scenario.user,
                                        channel=channel or scenario.general,
                                        subcommand=subcommand)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    return inter.content or ""


async def share(emulator: DiscordEmulator, channel: Any, user: Any, url: str) -> dict[str, Any]:
    posted = await emulator.send_message(channel, user, url)
    await emulator.wait_for_message(channel, lambda m: replies_to(m, posted), timeout=TIMEOUT)
    return posted


def replies_to(message: dict[str, Any], posted: dict[str, Any]) -> bool:
    return (message.get("message_reference") or {}).get("message_id") == posted["id"]


async def test_follows_arrive_by_dm_once_batched_and_only_from_their_server(
        emulator: DiscordEmulator, scenario: Scenario, followbot: RunningBot,
        articles: dict[str, str], clock: ShiftedClock) -> None:
    said = await command(emulator, scenario, "follow", {"query": "council"},
                         subcommand="search")
    assert "Following the search “council”" in said
    assert "at most once every 10 minutes" in said
    await share(emulator, scenario.general, scenario.admin, articles["ferry"])
    await share(emulator, scenario.general, scenario.admin, articles["bridge"])
    # The same kind of story in the second server never reaches a follow of the first.
    await share(emulator, scenario.other_general, scenario.admin, articles["school"])
    await matches_recorded(followbot, 2)
    dm = emulator.world.dm_channel_for(scenario.user)
    assert emulator.bot_messages_in(dm) == []  # within the window: nothing yet

    clock.pass_window()
    first = await emulator.wait_for_message(dm, timeout=TIMEOUT)
    assert first["content"].startswith(
        "📰 2 new articles in **Newsroom** for your follow: search “council”")
    assert "ferry terminal" in first["content"]
    assert "bridge project" in first["content"]
    assert "school" not in first["content"]

    # Later, one more: a second DM lists it alone, so the first two went out once.
    await share(emulator, scenario.general, scenario.admin, articles["school"])
    await matches_recorded(followbot, 3)
    clock.pass_window()
    second = await emulator.wait_for_message(dm, lambda m: m["id"] != first["id"],
                                             timeout=TIMEOUT)
    assert second["content"].startswith("📰 1 new article in **Newsroom**")
    assert "school project" in second["content"]
    assert "ferry" not in second["content"]
    assert len(emulator.bot_messages_in(dm)) == 2
    listed = await command(emulator, scenario, "following")
    assert "• search “council” — by DM" in listed


async def test_closed_dms_pause_dm_follows_and_the_next_command_says_so(
        emulator: DiscordEmulator, scenario: Scenario, followbot: RunningBot,
        articles: dict[str, str], clock: ShiftedClock) -> None:
    dm = emulator.world.dm_channel_for(scenario.user)
    emulator.fail("POST", rf"/channels/{dm.id}/messages", status=403, code=50007,
                  message="Cannot send messages to this user", times=None)
    await command(emulator, scenario, "follow", {"name": "Eastport"}, subcommand="topic")
    await share(emulator, scenario.general, scenario.admin, articles["ferry"])
    await matches_recorded(followbot, 1)
    clock.pass_window()
    await until(followbot, "SELECT 1 FROM follow_dm_pauses")

    inter = await emulator.invoke_slash("following", {}, user=scenario.user,
                                        channel=scenario.general)
    notice = await inter.wait_for_followup(timeout=TIMEOUT)
    assert notice["content"] == PAUSED_NOTE
    assert "topic “Eastport” — by DM" in (inter.content or "")
    # Told once: the next command has no notice (its own answer still says paused).
    again = await emulator.invoke_slash("unfollow", {"follow": "999"}, user=scenario.user,
                                        channel=scenario.general)
    await again.wait_for_response(timeout=TIMEOUT)
    assert "not one of your follows" in (again.content or "")
    assert emulator.bot_messages_in(dm) == []


async def test_an_admin_follow_posts_in_a_channel_with_a_role_mention(
        emulator: DiscordEmulator, scenario: Scenario, followbot: RunningBot,
        articles: dict[str, str], clock: ShiftedClock) -> None:
    role = await emulator.add_role(scenario.guild, "harbour-watch")
    refused = await command(emulator, scenario, "follow",
                            {"name": "Eastport", "channel": scenario.news},
                            subcommand="topic")
    assert "Only server admins" in refused
    said = await command(emulator, scenario, "follow",
                         {"name": "Eastport", "channel": scenario.news, "role": role},
                         subcommand="topic", user=scenario.admin)
    assert f"in <#{scenario.news.id}>, mentioning <@&{role.id}>" in said
    # The refusal stored nothing.
    assert rows(followbot, "SELECT count(*) FROM follows") == [(1,)]
    await share(emulator, scenario.general, scenario.user, articles["ferry"])
    await matches_recorded(followbot, 1)
    clock.pass_window()
    posted = await emulator.wait_for_message(scenario.news, timeout=TIMEOUT)
    assert posted["content"].startswith(f"<@&{role.id}> 📰 1 new article for your follow")
    path = f"/channels/{scenario.news.id}/messages"
    sent = await emulator.wait_for_request(
        lambda r: r.method == "POST" and r.path.endswith(path))
    # The role is pinged; nobody else (the bot mentions nobody by default).
    assert [str(r) for r in sent.json["allowed_mentions"]["roles"]] == [str(role.id)]


async def test_in_reaction_mode_a_newspaper_reaction_summarizes_a_message_once(
        emulator: DiscordEmulator, scenario: Scenario, followbot: RunningBot,
        articles: dict[str, str]) -> None:
    said = await command(emulator, scenario, "autosummary", {"mode": "reaction"},
                         subcommand="channel", user=scenario.admin)
    assert "when someone reacts with 📰" in said
    posted = await emulator.send_message(scenario.general, scenario.user, articles["ferry"])
    await emulator.add_reaction(posted, scenario.user, "📰")
    await emulator.add_reaction(posted, scenario.admin, "📰")
    reply = await emulator.wait_for_message(scenario.general, lambda m: replies_to(m, posted),
                                            timeout=TIMEOUT)
    assert "ferry terminal" in reply["embeds"][0]["title"]
    # A later message, reacted to later, answered in turn: the first got one reply only.
    later = await emulator.send_message(scenario.general, scenario.admin, articles["bridge"])
    await emulator.add_reaction(later, scenario.user, "📰")
    await emulator.wait_for_message(scenario.general, lambda m: replies_to(m, later),
                                    timeout=TIMEOUT)
    answers = [m for m in emulator.bot_messages_in(scenario.general) if replies_to(m, posted)]
    assert len(answers) == 1


async def test_a_member_who_opted_out_is_never_answered_automatically(
        emulator: DiscordEmulator, scenario: Scenario, followbot: RunningBot,
        articles: dict[str, str]) -> None:
    said = await command(emulator, scenario, "autosummary", {"state": "off"}, subcommand="me")
    assert "no longer answer your links" in said
    await command(emulator, scenario, "autosummary", {"mode": "reaction"},
                  subcommand="channel", user=scenario.admin, channel=scenario.news)
    auto = await emulator.send_message(scenario.general, scenario.user, articles["ferry"])
    reacted = await emulator.send_message(scenario.news, scenario.user, articles["bridge"])
    await emulator.add_reaction(reacted, scenario.admin, "📰")
    # The admin, who did not opt out, is answered in both channels: the bot has read them.
    await share(emulator, scenario.general, scenario.admin, articles["school"])
    theirs = await emulator.send_message(scenario.news, scenario.admin, articles["school"])
    await emulator.add_reaction(theirs, scenario.user, "📰")
    await emulator.wait_for_message(scenario.news, lambda m: replies_to(m, theirs),
                                    timeout=TIMEOUT)
    everything = (emulator.bot_messages_in(scenario.general)
                  + emulator.bot_messages_in(scenario.news))
    assert not [m for m in everything if replies_to(m, auto) or replies_to(m, reacted)]
    # /summarize still works for them, on demand.
    inter = await emulator.invoke_slash("summarize", {"url": articles["ferry"]},
                                        user=scenario.user, channel=scenario.general)
    await inter.wait_for_followup(timeout=TIMEOUT)


async def test_after_a_stop_mid_announcement_each_is_sent_exactly_once(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
        articles: dict[str, str], clock: ShiftedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cogs.follows, "DELIVERY_INTERVAL", 0.2)
    settings = bot_settings(emulator, tmp_path / "bot.db", dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings, clock) as first_run:
        await command(emulator, scenario, "follow", {"query": "council"}, subcommand="search")
        await command(emulator, scenario, "follow", {"name": "Eastport"}, subcommand="topic")
        await share(emulator, scenario.general, scenario.admin, articles["ferry"])
        await matches_recorded(first_run, 2)
    # As if the bot had been killed after claiming both announcements, one of them already
    # posted (its message carries its ref), the other not.
    database = await Database.open(settings.database_path)
    try:
        posted, lost = await FollowRepository(database).claim_due(
            clock() + WINDOW + timedelta(minutes=1), WINDOW, 10)
    finally:
        await database.close()
    dm = emulator.world.dm_channel_for(scenario.user)
    await emulator.send_message(dm, emulator.bot_user, f"📰 …\n{ref_line(posted.ref)}")

    async with running_bot(emulator, settings, clock) as second_run:
        resent = await emulator.wait_for_message(dm, lambda m: lost.ref in m["content"],
                                                 timeout=TIMEOUT)
        await until(second_run, "SELECT 1 FROM follow_batches WHERE state = 'sent' "
                                "GROUP BY NULL HAVING count(*) = 2")
    assert "topic “Eastport”" in resent["content"]
    in_dm = emulator.bot_messages_in(dm)
    assert len(in_dm) == 2
    assert sum(posted.ref in m["content"] for m in in_dm) == 1  # found, not sent again
    assert sum(lost.ref in m["content"] for m in in_dm) == 1
