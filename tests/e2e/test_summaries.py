"""Summaries through the real discord.py client and the Discord emulator."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.discord_app.runner import DiscordSetupError, run_bot
from bot.ingest.preferences import SummaryPreferences
from bot.runtime.settings import Settings
from tests.conftest import PageServer
from tests.e2e.conftest import RunningBot, bot_settings, reply_recorded, running_bot
from tests.e2e.emulator import EPHEMERAL, DiscordEmulator, Scenario

TIMEOUT = 60.0


def is_summary(message: dict) -> bool:
    return bool(message.get("embeds"))


async def test_a_posted_link_gets_a_summary_reply(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    sent = await emulator.send_message(scenario.news, scenario.user,
                                       f"Look at this: {articles['ferry']}")
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    assert reply["message_reference"]["message_id"] == sent["id"]
    [embed] = reply["embeds"]
    assert embed["title"] == "Harbour council approves new ferry terminal"
    assert embed["url"] == articles["ferry"]
    assert embed["author"]["name"].startswith("Eastport Herald")
    assert "words (−" in embed["footer"]["text"]
    assert "news" in embed["footer"]["text"]
    assert len(embed["description"]) > 50
    await emulator.wait_for_typing(scenario.news)


async def test_two_links_in_one_message_get_one_reply_with_two_embeds(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    await emulator.send_message(scenario.news, scenario.user,
                                f"{articles['ferry']} and {articles['bridge']}")
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    titles = [embed["title"] for embed in reply["embeds"]]
    assert titles == ["Harbour council approves new ferry terminal",
                      "Bridge council approves new bridge project"]


async def test_a_link_already_summarized_gets_a_jump_link_instead(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    shared = await emulator.send_message(scenario.news, scenario.user, articles["ferry"])
    first = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    await reply_recorded(newsbot, shared["id"])  # what the jump link points to
    again = articles["ferry"] + "/?utm_source=newsletter&utm_medium=email"
    await emulator.send_message(scenario.general, scenario.admin, f"seen this? {again}")
    note = await emulator.wait_for_message(scenario.general, lambda m: "already" in m["content"],
                                           timeout=TIMEOUT)
    assert f"/{scenario.guild.id}/{scenario.news.id}/{first['id']}" in note["content"]
    assert note["embeds"] == []


async def test_a_failing_link_gets_a_warning_reaction_and_nothing_more(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        page_server: PageServer) -> None:
    sent = await emulator.send_message(scenario.news, scenario.user,
                                       page_server.url("/missing-page"))
    await emulator.wait_for_reaction(sent, "⚠️", timeout=TIMEOUT)
    assert emulator.bot_messages_in(scenario.news) == []


async def test_messages_from_bots_are_ignored(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    other_bot = await emulator.add_user("feedbot", bot=True)
    await emulator.add_member(scenario.guild, other_bot)
    await emulator.send_message(scenario.news, other_bot, articles["ferry"])
    # A person's message sent afterwards is answered; the bot's never was.
    await emulator.send_message(scenario.general, scenario.user, articles["bridge"])
    await emulator.wait_for_message(scenario.general, is_summary, timeout=TIMEOUT)
    assert emulator.bot_messages_in(scenario.news) == []


async def test_summarize_defers_at_once_then_shows_the_summary(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    inter = await emulator.invoke_slash("summarize", {"url": articles["school"], "sentences": 2,
                                                      "algorithm": "lexrank"},
                                        user=scenario.user, channel=scenario.general)
    first = await inter.wait_for_response(timeout=TIMEOUT)
    assert first.callback_type == 5  # deferred: "newsbot is thinking…"
    final = await inter.wait_for_original(is_summary, timeout=TIMEOUT)
    [embed] = final["embeds"]
    assert embed["title"] == "School council approves new school project"
    assert embed["description"].count("\n") == 1  # two sentences
    assert "lexrank" in embed["footer"]["text"]
    assert not inter.ephemeral


@pytest.mark.parametrize(("path", "reason"), [
    ("/gone", "HTTP 404"),
    ("/slow", "took too long"),
    ("/login", "no article text"),
    ("/huge", "larger than"),
    ("/pdf", "not a web page"),
])
async def test_summarize_failures_are_explained_privately(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
        page_server: PageServer, path: str, reason: str) -> None:
    page_server.stall("/slow")
    page_server.page("/login", "<html><body><form><input name=user></form></body></html>")
    page_server.page("/huge", "<p>" + "word " * 60_000 + "</p>")
    page_server.page("/pdf", b"%PDF-1.7", "application/pdf", charset=None)
    settings = bot_settings(emulator, tmp_path / "bot.db", fetch_read_timeout=1.0,
                            fetch_connect_timeout=1.0, fetch_max_bytes=100_000)
    async with running_bot(emulator, settings):
        inter = await emulator.invoke_slash("summarize", {"url": page_server.url(path)},
                                            user=scenario.user, channel=scenario.general)
        message = await inter.wait_for_followup(lambda m: reason in m["content"],
                                                timeout=TIMEOUT)
    assert message["flags"] & EPHEMERAL
    assert message["content"].startswith("Couldn't summarize that link:")
    assert emulator.bot_messages_in(scenario.general) == [] or all(
        m["flags"] & EPHEMERAL for m in emulator.bot_messages_in(scenario.general))


async def test_summarize_refuses_a_blocked_address(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path) -> None:
    settings = bot_settings(emulator, tmp_path / "bot.db", allow_private_urls=False)
    async with running_bot(emulator, settings):
        inter = await emulator.invoke_slash(
            "summarize", {"url": "http://169.254.169.254/latest/meta-data/"},
            user=scenario.user, channel=scenario.general)
        message = await inter.wait_for_followup(timeout=TIMEOUT)
    assert message["flags"] & EPHEMERAL
    assert "not a public internet address" in message["content"]


async def test_summarize_links_context_menu(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    target = await emulator.send_message(scenario.general, scenario.admin,
                                         f"two reads: {articles['ferry']} {articles['bridge']}")
    # The message itself is auto-summarized; the menu answers the invoking user too.
    inter = await emulator.invoke_message_command("Summarize links", target,
                                                  user=scenario.user)
    final = await inter.wait_for_original(is_summary, timeout=TIMEOUT)
    assert len(final["embeds"]) == 2


async def test_summarize_links_on_a_message_without_links(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot) -> None:
    target = await emulator.send_message(scenario.general, scenario.admin, "no links here")
    inter = await emulator.invoke_message_command("Summarize links", target,
                                                  user=scenario.user)
    message = await inter.wait_for_followup(timeout=TIMEOUT)
    assert message["flags"] & EPHEMERAL
    assert "no http or https links" in message["content"]


async def test_autosummary_off_silences_a_channel(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    inter = await emulator.invoke_slash("autosummary", {"mode": "off"}, user=scenario.admin,
                                        channel=scenario.news, subcommand="channel")
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert "off" in (inter.content or "")
    await emulator.send_message(scenario.news, scenario.user, articles["ferry"])
    await emulator.send_message(scenario.general, scenario.user, articles["bridge"])
    await emulator.wait_for_message(scenario.general, is_summary, timeout=TIMEOUT)
    assert emulator.bot_messages_in(scenario.news) == []


async def test_settings_is_refused_to_a_non_admin(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot) -> None:
    inter = await emulator.invoke_slash("settings", {"sentences": 5}, user=scenario.user,
                                        channel=scenario.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert "Only server admins" in (inter.content or "")


async def test_settings_changes_the_servers_summary_length(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        articles: dict[str, str]) -> None:
    inter = await emulator.invoke_slash("settings", {"sentences": 1}, user=scenario.admin,
                                        channel=scenario.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert "Saved: 1 sentences" in (inter.content or "")
    await emulator.send_message(scenario.news, scenario.user, articles["ferry"])
    reply = await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    assert "\n" not in reply["embeds"][0]["description"]


async def test_a_slow_page_does_not_delay_another_users_command(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
        page_server: PageServer, articles: dict[str, str]) -> None:
    slow_url = page_server.stall("/slow")  # answers only when the test is over
    settings = bot_settings(emulator, tmp_path / "bot.db", fetch_read_timeout=TIMEOUT)
    async with running_bot(emulator, settings):
        await emulator.send_message(scenario.news, scenario.user, slow_url)
        await page_server.wait_for_hit("/slow")  # the slow fetch is under way
        inter = await emulator.invoke_slash("summarize", {"url": articles["ferry"]},
                                            user=scenario.admin, channel=scenario.general)
        first = await inter.wait_for_response(timeout=TIMEOUT)
        assert first.elapsed < 3.0  # Discord's deadline for the first response
        await inter.wait_for_original(is_summary, timeout=TIMEOUT)
        # Answered while the slow page still had not: it waited for nothing of it.
        assert emulator.bot_messages_in(scenario.news) == []


async def test_commands_sync_globally_once_and_not_again_when_unchanged(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path) -> None:
    settings = bot_settings(emulator, tmp_path / "bot.db")
    async with running_bot(emulator, settings):
        pass
    assert emulator.sync_count() == 1
    names = {command["name"] for command in emulator.commands()}
    assert {"summarize", "settings", "autosummary", "Summarize links"} <= names
    async with running_bot(emulator, settings):
        pass
    assert emulator.sync_count() == 1


async def test_a_development_guild_gets_its_commands_at_every_start(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path) -> None:
    settings = bot_settings(emulator, tmp_path / "bot.db", dev_guild_id=scenario.guild.id)
    async with running_bot(emulator, settings):
        pass
    assert emulator.sync_count(scenario.guild) == 1
    assert emulator.sync_count() == 0


async def test_a_rejected_token_is_a_clear_error(
        emulator: DiscordEmulator, tmp_path: Path) -> None:
    settings = bot_settings(emulator, tmp_path / "bot.db", discord_token="wrong-token")
    with emulator.configure_discord(), pytest.raises(DiscordSetupError,
                                                     match="rejected the token"):
        await asyncio.wait_for(run_bot(settings), TIMEOUT)


async def test_a_missing_token_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DiscordSetupError, match="DISCORD_TOKEN is not set"):
        await run_bot(Settings(database_path=tmp_path / "x.db"))



async def test_the_token_never_appears_in_the_logs(
        emulator: DiscordEmulator, scenario: Scenario, tmp_path: Path,
        articles: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(emulator, bot_settings(emulator, tmp_path / "bot.db")):
        await emulator.send_message(scenario.news, scenario.user, articles["ferry"])
        await emulator.wait_for_message(scenario.news, is_summary, timeout=TIMEOUT)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "connected as" in logged or "synced" in logged
    assert emulator.token not in logged


async def test_an_unexpected_error_is_logged_and_answered_briefly(
        emulator: DiscordEmulator, scenario: Scenario, newsbot: RunningBot,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(SummaryPreferences, "update_guild", broken)
    inter = await emulator.invoke_slash("settings", {"sentences": 4}, user=scenario.admin,
                                        channel=scenario.general)
    await inter.wait_for_response(timeout=TIMEOUT)
    assert inter.ephemeral
    assert inter.content == "Something went wrong on our side; it has been logged."
    [record] = [r for r in caplog.records if "command /settings failed" in r.getMessage()]
    assert f"guild {scenario.guild.id}" in record.getMessage()
    assert record.exc_info is not None
    assert "database on fire" in str(record.exc_info[1])
