"""Server admins' commands: default summary settings and auto-summary per channel."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot
from bot.ingest.preferences import SummaryPreferences
from bot.runtime.settings import Settings
from bot.summarizing import MAX_SENTENCES
from cogs.checks import is_admin
from cogs.summaries import ALGORITHM_CHOICES

log = logging.getLogger(__name__)

class AdminCog(commands.Cog, name="Admin"):
    def __init__(self, preferences: SummaryPreferences, settings: Settings) -> None:
        self._preferences = preferences
        self._settings = settings

    @app_commands.command(name="settings",
                          description="Show or change this server's summary defaults (admins)")
    @app_commands.describe(sentences=f"Default summary length (1-{MAX_SENTENCES} sentences)",
                           algorithm="Default summary algorithm")
    @app_commands.choices(algorithm=ALGORITHM_CHOICES)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(is_admin)
    async def settings(self, interaction: discord.Interaction[NewsBot],
                       sentences: app_commands.Range[int, 1, MAX_SENTENCES] | None = None,
                       algorithm: str | None = None) -> None:
        assert interaction.guild_id is not None  # guild_only
        if sentences is None and algorithm is None:
            current = await self._preferences.guild(interaction.guild_id)
        else:
            current = await self._preferences.update_guild(
                interaction.guild_id, sentences=sentences, algorithm=algorithm)
            log.info("guild %s summary settings changed by %s: sentences=%s algorithm=%s",
                     interaction.guild_id, interaction.user.id, sentences, algorithm)
        length = current.summary_sentences or self._settings.summary_sentences
        chosen = current.summary_algorithm or self._settings.summary_algorithm
        verb = "Summary settings" if sentences is None and algorithm is None else "Saved"
        await interaction.response.send_message(
            f"{verb}: {length} sentences, algorithm `{chosen}`.", ephemeral=True)

    @app_commands.command(name="autosummary",
                          description="Turn automatic link summaries on or off in this channel")
    @app_commands.describe(mode="on or off")
    @app_commands.choices(mode=[app_commands.Choice(name="on", value="on"),
                                app_commands.Choice(name="off", value="off")])
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(is_admin)
    async def autosummary(self, interaction: discord.Interaction[NewsBot], mode: str) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        enabled = mode == "on"
        await self._preferences.set_autosummary(interaction.guild_id, interaction.channel_id,
                                                enabled)
        state = "on" if enabled else "off"
        await interaction.response.send_message(
            f"Automatic summaries are now {state} in <#{interaction.channel_id}>.",
            ephemeral=True)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(AdminCog(bot.runtime.preferences, bot.runtime.settings))
