"""The /digest command group: its shape, and how settings and results read to admins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.digest.scheduler import DigestScheduler
from bot.digest.service import DigestService, DigestStatus
from cogs.digest import (
    DigestCog,
    DiscordDigestSender,
    describe_manual_run,
    describe_status,
    missing_permissions,
)
from storage.database import Database
from storage.digests import DigestRepository, DigestRun, DigestSettings, RunKind, RunState

NINE = datetime(2025, 6, 2, 7, tzinfo=UTC)


@pytest.fixture
async def cog(tmp_path: Path) -> AsyncIterator[DigestCog]:
    database = await Database.open(tmp_path / "cog.db")
    service = DigestService(DigestRepository(database))
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    sender = DiscordDigestSender(bot)
    yield DigestCog(service, sender, DigestScheduler(service, sender))
    await database.close()


def test_one_guild_only_group_with_five_subcommands(cog: DigestCog) -> None:
    group = cog.app_command
    assert isinstance(group, app_commands.Group)
    assert group.name == "digest"
    assert group.guild_only
    assert sorted(c.name for c in group.commands) == ["now", "off", "preview", "set", "show"]
    set_command = group.get_command("set")
    assert isinstance(set_command, app_commands.Command)
    options = {p.name: p for p in set_command.parameters}
    assert list(options) == ["channel", "time", "timezone", "days", "max_items", "empty_note"]
    assert options["timezone"].autocomplete
    assert (options["max_items"].min_value, options["max_items"].max_value) == (1, 25)
    assert [p.required for p in options.values()] == [True, True, True, False, False, False]


async def test_timezone_autocomplete_suggests_iana_names(cog: DigestCog) -> None:
    autocomplete = cast(Any, cog).timezone_autocomplete
    choices = await autocomplete(None, "berl")
    assert choices[0].value == "Europe/Berlin"


def test_the_bot_needs_to_send_embed_and_read_history() -> None:
    assert missing_permissions(discord.Permissions(view_channel=True, send_messages=True)) == [
        "Embed Links", "Read Message History"]
    assert missing_permissions(discord.Permissions.text() | discord.Permissions(
        view_channel=True)) == []


def run(state: RunState, **fields: object) -> DigestRun:
    values: dict[str, object] = dict(
        id=1, guild_id=1, kind=RunKind.SCHEDULED, scheduled_for=NINE, channel_id=10,
        state=state, ref="r", claimed_by=None, period_start=None, period_end=None,
        article_count=None, message_ids=(), error=None, retryable=False, attempts=1,
        created_at=NINE, updated_at=NINE)
    values.update(fields)
    return DigestRun(**values)  # type: ignore[arg-type]


def test_show_reads_settings_next_run_and_last_error_in_local_time() -> None:
    settings = DigestSettings(1, 10, "09:00", "Europe/Berlin", NINE,
                              weekdays=frozenset(range(5)), max_items=8)
    failed = run(RunState.FAILED, error="the channel <#10> no longer exists")
    text = describe_status(DigestStatus(settings, NINE + timedelta(days=1), failed))
    assert text.splitlines() == [
        "Digest: **on**, in <#10> at 09:00 Europe/Berlin, Mon–Fri, up to 8 articles.",
        "Next digest: Tue 03 Jun 2025, 09:00 CEST.",
        "Last digest: Mon 02 Jun 2025, 09:00 CEST: **failed**: the channel <#10> no longer "
        "exists.",
    ]
    assert describe_status(DigestStatus(None, None, None)).startswith("No digest is set up")


def test_manual_run_outcomes() -> None:
    assert describe_manual_run(run(RunState.SENT, article_count=3)) == "Posted 3 articles in <#10>."
    assert "nothing was posted" in describe_manual_run(run(RunState.SKIPPED))
    assert describe_manual_run(run(RunState.FAILED, error="boom")) == \
        "Couldn't post the digest: boom."


def test_show_says_why_a_digest_with_unusable_settings_is_paused() -> None:
    # Saved with a zone that a later tzdata dropped: times are shown in UTC instead.
    settings = DigestSettings(1, 10, "09:00", "US/Pacific-New", NINE)
    sent = run(RunState.SENT, article_count=2)
    problem = "'US/Pacific-New' is not a known time zone"
    text = describe_status(DigestStatus(settings, None, sent, problem))
    assert text.splitlines() == [
        "Digest: **paused**, in <#10> at 09:00 US/Pacific-New, daily, up to 10 articles.",
        f"**The saved settings no longer work**: {problem}. No digest is posted until an "
        "admin saves new ones with `/digest set`.",
        "Last digest: Mon 02 Jun 2025, 07:00 UTC: posted 2 articles in <#10>.",
    ]


async def test_show_reads_unusable_stored_settings_without_failing(
        cog: DigestCog, tmp_path: Path) -> None:
    service = cast(Any, cog)._service
    await service.configure(1, 10, local_time="09:00", timezone="Europe/Berlin")
    settings = await service.settings(1)
    repository = cast(Any, service)._repository
    await repository.save_settings(replace(settings, timezone="US/Pacific-New"), NINE)
    status = await service.status(1)
    assert "not a known time zone" in (status.problem or "")
    assert "**paused**" in describe_status(status)
