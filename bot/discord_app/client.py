"""The Discord client: a commands.Bot that gets its collaborators, loads cogs, syncs with care."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import NewsbotError
from bot.runtime.composition import Runtime

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.summaries", "cogs.admin", "cogs.digest", "cogs.knowledge", "cogs.feeds",
              "cogs.follows", "cogs.privacy", "cogs.help")
COMMAND_HASH_KEY = "global_command_hash"
GENERIC_FAILURE = "Something went wrong on our side; it has been logged."


def intents() -> discord.Intents:
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.guild_reactions = True  # a 📰 reaction asks for a summary ("reaction" channels)
    chosen.dm_messages = True
    chosen.message_content = True  # privileged: enable it in the developer portal
    return chosen


class UserFacingError(app_commands.AppCommandError):
    """A check failure whose message can be shown as is."""


NOTICE_KEY = "newsbot_notice"


class NewsbotTree(app_commands.CommandTree["NewsBot"]):
    """One error mapping: domain errors become short ephemeral replies, the rest is logged.
    Also the one place that tells a member, after their next command, what they must know
    (their follow DMs were paused)."""

    async def interaction_check(self, interaction: discord.Interaction[NewsBot], /) -> bool:
        if interaction.type is discord.InteractionType.application_command:
            try:
                notice = await self.client.runtime.follows.pending_notice(interaction.user.id)
            except Exception:  # a notice must never stop a command
                log.exception("could not look up notices for user %s", interaction.user.id)
                notice = None
            if notice is not None:
                interaction.extras[NOTICE_KEY] = notice
        return True

    async def on_error(self, interaction: discord.Interaction[NewsBot],
                       error: app_commands.AppCommandError, /) -> None:
        original = getattr(error, "original", error)
        if isinstance(original, NewsbotError | UserFacingError):
            message = str(original)
        elif isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
            message = str(error) or "You are not allowed to use this command."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed (guild %s, channel %s, user %s)", command,
                      interaction.guild_id, interaction.channel_id, interaction.user.id,
                      exc_info=original)
            message = GENERIC_FAILURE
        await send_ephemeral(interaction, message)
        await send_notice(interaction)


async def send_notice(interaction: discord.Interaction[Any]) -> None:
    """The note the command tree kept for this member, privately, after the answer."""
    notice = interaction.extras.pop(NOTICE_KEY, None)
    if notice is None:
        return
    try:
        if interaction.response.is_done():
            await interaction.followup.send(notice, ephemeral=True)
        else:
            await interaction.response.send_message(notice, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not give user %s their notice", interaction.user.id, exc_info=True)


async def send_ephemeral(interaction: discord.Interaction[Any], message: str) -> None:
    """Reply privately, whether or not the interaction was already answered or deferred."""
    try:
        if interaction.response.is_done():
            deferred = discord.InteractionResponseType.deferred_channel_message
            if interaction.response.type is deferred and not interaction.extras.get("answered"):
                # The first follow-up would replace the public "thinking…" message: remove
                # it, so the reason goes to this user alone.
                await interaction.delete_original_response()
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell user %s about an error", interaction.user.id, exc_info=True)


class NewsBot(commands.Bot):
    def __init__(self, runtime: Runtime) -> None:
        # newsbot never joins a voice channel: discord.py's warnings that the voice libraries
        # (PyNaCl, davey) are missing would only worry whoever starts it.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(command_prefix=commands.when_mentioned, intents=intents(),
                         tree_cls=NewsbotTree, help_command=None,
                         allowed_mentions=discord.AllowedMentions.none())
        self.runtime = runtime

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync to the development guild, or globally only when the command tree changed."""
        dev_guild = self.runtime.settings.dev_guild_id
        if dev_guild is not None:
            guild = discord.Object(id=dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to development guild %s", len(synced), dev_guild)
            return
        digest = self.command_tree_hash()
        if await self.runtime.server_settings.state(COMMAND_HASH_KEY) == digest:
            log.info("command tree unchanged since the last sync; not syncing")
            return
        synced = await self.tree.sync()
        await self.runtime.server_settings.set_state(COMMAND_HASH_KEY, digest)
        log.info("synced %d global commands (the tree changed)", len(synced))

    def command_tree_hash(self) -> str:
        payload = sorted((command.to_dict(self.tree) for command in self.tree.get_commands()),
                         key=lambda item: (item.get("type", 1), item["name"]))
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    async def close(self) -> None:
        # Closed before READY's guild countdown ended (a quick stop), discord.py would leave
        # that countdown running, to dispatch "ready" into the closed client and log a
        # traceback: stop it first.
        countdown = getattr(self._connection, "_ready_task", None)
        if countdown is not None and countdown is not asyncio.current_task():
            countdown.cancel()
            # Waited for, so that it has ended (not only been asked to) when close returns.
            await asyncio.wait({countdown})
        await super().close()

    async def on_app_command_completion(self, interaction: discord.Interaction[NewsBot],
                                        _command: object) -> None:
        await send_notice(interaction)

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("connected as %s (%s) to %d servers", self.user, self.user.id,
                 len(self.guilds))
