"""The Discord emulator works with the real, unmodified discord.py client.

A tiny bot defined here (one message listener, a few slash commands, one
message context menu) connects to the emulator exactly as the product will:
``Route.BASE`` and the default gateway are pointed at 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.e2e.emulator import (
    EPHEMERAL,
    SEND_MESSAGES,
    DiscordEmulator,
    EmulatorTimeoutError,
    Scenario,
)

log = logging.getLogger(__name__)

TOPICS = ["politics", "science", "sports", "space", "software"]


class TinyBot(commands.Bot):
    """Just enough bot to exercise every emulator feature the product needs."""

    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.message_content = True
        # A short guild_ready_timeout only makes on_ready fire sooner.
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.2)
        self.guild_id = guild_id
        self.seen: list[discord.Message] = []

    async def setup_hook(self) -> None:
        guild = discord.Object(id=self.guild_id)

        @app_commands.command(name="summarize", description="Summarize an article")
        @app_commands.describe(url="The article", sentences="How many sentences")
        async def summarize(
            interaction: discord.Interaction,
            url: str,
            sentences: int = 3,
            reader: discord.Member | None = None,
        ) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)  # pretend to fetch and summarize
            who = reader.display_name if reader else interaction.user.display_name
            embed = discord.Embed(title="Summary", description=f"{sentences} sentences of {url}")
            await interaction.edit_original_response(content=f"for {who}", embed=embed)

        @app_commands.command(name="secret", description="Only you can see this")
        async def secret(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("just for you", ephemeral=True)
            await interaction.followup.send("also private", ephemeral=True)

        @app_commands.command(name="later", description="Deferred, then a follow-up")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("done later")

        @app_commands.command(name="topic", description="Pick a topic")
        async def topic(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"topic: {name}")

        @topic.autocomplete("name")
        async def topic_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

        @app_commands.command(name="vote", description="A button")
        async def vote(interaction: discord.Interaction) -> None:
            view = discord.ui.View(timeout=30)
            button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
                label="Up", custom_id="vote:up"
            )

            async def clicked(click: discord.Interaction) -> None:
                await click.response.edit_message(content="voted up", view=None)

            button.callback = clicked  # type: ignore[method-assign,assignment]
            view.add_item(button)
            await interaction.response.send_message("vote?", view=view)

        @app_commands.context_menu(name="Summarize message")
        async def summarize_message(
            interaction: discord.Interaction, message: discord.Message
        ) -> None:
            await interaction.response.send_message(f"summary of: {message.content}")

        commands_: list[app_commands.Command[Any, Any, Any] | app_commands.ContextMenu] = [
            summarize,
            secret,
            later,
            topic,
            vote,
            summarize_message,
        ]
        for cmd in commands_:
            self.tree.add_command(cmd, guild=guild)
        await self.tree.sync(guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message)
        if not message.content.startswith("!news"):
            return
        async with message.channel.typing():
            embed = discord.Embed(title="Noted", description=message.content.removeprefix("!news "))
            await message.reply("saved", embed=embed, mention_author=False)
        await message.add_reaction("📰")


@pytest.fixture
async def emulator() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator() as emu:
        yield emu


@pytest.fixture
async def scenario(emulator: DiscordEmulator) -> Scenario:
    return await emulator.default_scenario()


@pytest.fixture
async def bot(emulator: DiscordEmulator, scenario: Scenario) -> AsyncIterator[TinyBot]:
    """Start the bot like the product does and stop it cleanly, whatever happens."""
    with emulator.configure_discord():
        client = TinyBot(scenario.guild.id)
        runner = asyncio.create_task(client.start(emulator.token), name="tiny-bot")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait(
                {runner, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED
            )
            if runner in done:
                runner.result()  # raises the startup error
                pytest.fail("bot stopped before becoming ready")
            if ready not in done:
                pytest.fail("bot did not become ready within 30 s")
            yield client
        finally:
            ready.cancel()
            await asyncio.wait_for(client.close(), 15)
            if not runner.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(runner, 15)
    assert not emulator.unexpected_requests, emulator.unexpected_requests


async def test_login_identify_ready_and_sync(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    assert bot.user is not None
    assert bot.user.id == emulator.bot_user.id
    assert bot.application_id == emulator.application_id
    identify = await emulator.wait_until_identified()
    assert identify["intents"] == bot.intents.value
    assert emulator.intents & (1 << 15)  # message_content
    # The client negotiated a zlib stream and we really compressed it.
    conn = emulator.gateway.connections[0]
    assert conn.query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    # Guild state arrived through GUILD_CREATE.
    guild = bot.get_guild(scenario.guild.id)
    assert guild is not None
    assert guild.owner_id == scenario.admin.id
    assert guild.me.guild_permissions.send_messages
    admin_role = discord.utils.get(guild.roles, name="Admin")
    assert admin_role is not None
    assert admin_role.permissions.administrator
    # No members intent: like Discord, only the bot's own member is sent.
    assert [m.id for m in guild.members] == [emulator.bot_user.id]
    assert {c.name for c in guild.text_channels} == {"general", "news"}
    # setup_hook synced once, to the guild only.
    assert emulator.sync_count(scenario.guild) == 1
    assert emulator.sync_count() == 0
    names = {(c["name"], c["type"]) for c in emulator.commands(scenario.guild)}
    assert ("summarize", 1) in names
    assert ("Summarize message", 3) in names
    paths = [r.path for r in emulator.requests[:2]]
    assert paths == ["/users/@me", "/oauth2/applications/@me"]


async def test_message_reply_embed_reaction_typing(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    sent = await emulator.send_message(
        scenario.news, scenario.user, "!news https://example.org/a", mentions=[scenario.admin]
    )
    reply = await emulator.wait_for_message(scenario.news, lambda m: m["content"] == "saved")
    assert reply["message_reference"]["message_id"] == sent["id"]
    assert reply["referenced_message"]["id"] == sent["id"]
    assert reply["embeds"][0]["title"] == "Noted"
    assert reply["embeds"][0]["description"] == "https://example.org/a"
    post = await emulator.wait_for_request(
        lambda r: r.matches("POST", "/channels/{channel_id}/messages")
    )
    assert post.json["allowed_mentions"]["replied_user"] is False
    reaction = await emulator.wait_for_reaction(sent, "📰")
    assert reaction.channel_id == scenario.news.id
    typing = await emulator.wait_for_typing(scenario.news)
    assert typing.at <= reaction.at
    # The listener saw the full message, with the member and mentions.
    seen = bot.seen[0]
    assert seen.guild is not None
    assert seen.guild.id == scenario.guild.id
    assert isinstance(seen.author, discord.Member)
    assert [u.id for u in seen.mentions] == [scenario.admin.id]
    # The bot's own message came back through the gateway, too (ignored by the bot).
    assert len(bot.seen) == 1


async def test_slash_command_defer_then_edit(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_slash(
        "summarize",
        {"url": "https://example.org/b", "sentences": 2, "reader": scenario.admin},
        user=scenario.user,
        channel=scenario.general,
    )
    first = await inter.wait_for_response(timeout=10)
    assert first.callback_type == 5
    assert first.elapsed < 3.0  # Discord's deadline; generous on a loaded machine
    final = await inter.wait_for_original(lambda m: m["embeds"], timeout=10)
    assert final["content"] == "for Alice"
    assert final["embeds"][0]["description"] == "2 sentences of https://example.org/b"
    assert [c.kind for c in inter.calls] == ["callback", "edit_original"]
    assert not inter.ephemeral
    assert inter.payload["data"]["id"] == emulator.commands(scenario.guild)[0]["id"]
    # Visible in the channel, like a real deferred reply.
    assert final in emulator.messages_in(scenario.general)


async def test_ephemeral_response_and_followup(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_slash("secret", user=scenario.user, channel=scenario.general)
    await inter.wait_for_response()
    follow = await inter.wait_for_followup()
    assert inter.response_type == 4
    assert inter.content == "just for you"
    assert inter.ephemeral
    assert inter.original is not None
    assert int(inter.original["flags"]) & EPHEMERAL
    assert follow["content"] == "also private"
    assert follow["flags"] & EPHEMERAL
    assert emulator.messages_in(scenario.general) == []


async def test_a_first_response_after_three_seconds_finds_the_interaction_gone(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    emulator.world.interaction_response_window = 0.0  # as if the bot had taken over 3 s
    inter = await emulator.invoke_slash("secret", user=scenario.user, channel=scenario.general)
    await emulator.wait_for_request(
        lambda r: r.route == "/interactions/{interaction_id}/{token}/callback", timeout=10)
    await asyncio.sleep(0.2)
    assert inter.callback is None
    assert emulator.messages_in(scenario.general) == []


async def test_ephemeral_messages_cannot_be_fetched_from_the_channel(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_slash("secret", user=scenario.user, channel=scenario.general)
    await inter.wait_for_followup()
    assert inter.original is not None
    channel = bot.get_channel(scenario.general.id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(int(inter.original["id"]))


async def test_context_menu_message_command(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    target = await emulator.send_message(scenario.general, scenario.admin, "big news today")
    inter = await emulator.invoke_message_command("Summarize message", target, user=scenario.user)
    await inter.wait_for_response()
    assert inter.content == "summary of: big news today"
    assert inter.payload["data"]["type"] == 3


async def test_autocomplete_returns_choices(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_autocomplete(
        "topic", {"name": "s"}, focused="name", user=scenario.user, channel=scenario.general
    )
    await inter.wait_for_response()
    assert inter.response_type == 8
    assert [c["value"] for c in inter.choices or []] == ["science", "sports", "space", "software"]


async def test_button_press_updates_message(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_slash("vote", user=scenario.user, channel=scenario.general)
    await inter.wait_for_response()
    message = inter.original
    assert message is not None
    assert message["components"]
    click = await emulator.press_button(message, "vote:up", user=scenario.admin)
    await click.wait_for_response()
    assert click.response_type == 7
    assert emulator.get_message(message["id"])["content"] == "voted up"
    assert emulator.get_message(message["id"])["components"] == []


async def test_dropped_gateway_is_resumed(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    await emulator.drop_connection()
    # Dispatched while the bot is disconnected: must be replayed on RESUME.
    await emulator.send_message(scenario.general, scenario.user, "!news after the drop")
    resume = await emulator.wait_for_resume(timeout=30)
    assert resume["session_id"] == emulator.gateway.session.id  # type: ignore[union-attr]
    reply = await emulator.wait_for_message(scenario.general, lambda m: m["content"] == "saved")
    assert reply["embeds"][0]["description"] == "after the drop"
    assert len(emulator.identifies) == 1
    assert emulator.gateway.connections[-1].path == "/gateway-resume/"


async def test_429_is_retried(emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot) -> None:
    emulator.rate_limit_once("POST", "/channels/{channel_id}/messages", retry_after=0.3)
    await emulator.send_message(scenario.general, scenario.user, "!news rate limited")
    await emulator.wait_for_message(scenario.general, lambda m: m["content"] == "saved")
    posts = [r for r in emulator.requests if r.matches("POST", "/channels/{channel_id}/messages")]
    assert [r.status for r in posts] == [429, 200]
    assert posts[1].at - posts[0].at >= 0.25


async def test_missing_permissions_and_timeouts(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    await emulator.set_overwrite(scenario.news, emulator.bot_user, deny=SEND_MESSAGES)
    await emulator.send_message(scenario.news, scenario.user, "!news forbidden")
    failed = await emulator.wait_for_request(lambda r: r.status == 403)
    assert failed.route == "/channels/{channel_id}/typing"
    with pytest.raises(EmulatorTimeoutError):
        await emulator.wait_for_message(scenario.news, timeout=0.5)


async def test_followup_after_defer_replaces_thinking_message(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    inter = await emulator.invoke_slash("later", user=scenario.user, channel=scenario.general)
    final = await inter.wait_for_original(timeout=10)
    # Like Discord, the first follow-up after a defer edits the loading message
    # and keeps the defer's ephemerality.
    assert final["content"] == "done later"
    assert inter.ephemeral
    assert not inter.loading
    assert inter.followups[0]["id"] == final["id"]


async def test_injected_403_for_a_channel(
    emulator: DiscordEmulator, scenario: Scenario, bot: TinyBot
) -> None:
    emulator.deny_channel(scenario.general)
    await emulator.send_message(scenario.general, scenario.user, "!news nope")
    failed = await emulator.wait_for_request(lambda r: r.status == 403)
    assert failed.path.startswith(f"/channels/{scenario.general.id}/")
    emulator.clear_faults()
    await emulator.send_message(scenario.general, scenario.user, "!news yes")
    await emulator.wait_for_message(scenario.general, lambda m: m["content"] == "saved")


async def test_wrong_token_is_rejected(emulator: DiscordEmulator) -> None:
    with emulator.configure_discord():
        client = discord.Client(intents=discord.Intents.none())
        try:
            with pytest.raises(discord.LoginFailure):
                await asyncio.wait_for(client.login("not-the-token"), 15)
        finally:
            await client.close()
    assert emulator.requests[0].status == 401
