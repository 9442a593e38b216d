"""Server admins' commands: default summary settings and auto-summary per channel; and a
member's own opt-out from automatic answers."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot
from bot.ingest.preferences import CHANNEL_MODES, SummaryPreferences
from bot.privacy.retention import MAX_DAYS, Retention
from bot.runtime.settings import Settings
from bot.summarizing import MAX_SENTENCES
from cogs.checks import is_admin
from cogs.summaries import ALGORITHM_CHOICES

log = logging.getLogger(__name__)

class AdminCog(commands.Cog, name="Admin"):
    def __init__(self, preferences: SummaryPreferences, settings: Settings,
                 retention: Retention) -> None:
        self._preferences = preferences
        self._settings = settings
        self._retention = retention

    @app_commands.command(name="settings",
                          description="Show or change this server's summary defaults (admins)")
    @app_commands.describe(sentences=f"Default summary length (1-{MAX_SENTENCES} sentences)",
                           algorithm="Default summary algorithm",
                           retention="Delete articles this many days after they were shared "
                                     "(0: keep them)")
    @app_commands.choices(algorithm=ALGORITHM_CHOICES)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(is_admin)
    async def settings(self, interaction: discord.Interaction[NewsBot],
                       sentences: app_commands.Range[int, 1, MAX_SENTENCES] | None = None,
                       algorithm: str | None = None,
                       retention: app_commands.Range[int, 0, MAX_DAYS] | None = None) -> None:
        assert interaction.guild_id is not None  # guild_only
        if retention is not None:
            await self._retention.set_days(interaction.guild_id, retention or None)
        if sentences is None and algorithm is None:
            current = await self._preferences.guild(interaction.guild_id)
        else:
            current = await self._preferences.update_guild(
                interaction.guild_id, sentences=sentences, algorithm=algorithm)
            log.info("guild %s summary settings changed by %s: sentences=%s algorithm=%s",
                     interaction.guild_id, interaction.user.id, sentences, algorithm)
        length = current.summary_sentences or self._settings.summary_sentences
        chosen = current.summary_algorithm or self._settings.summary_algorithm
        unchanged = sentences is None and algorithm is None and retention is None
        verb = "Settings" if unchanged else "Saved"
        await interaction.response.send_message(
            f"{verb}: {length} sentences, algorithm `{chosen}`; "
            f"{retention_text(await self._retention.days(interaction.guild_id))}.",
            ephemeral=True)


def retention_text(days: int | None) -> str:
    if days is None:
        return "articles are kept until deleted"
    return f"articles are deleted {days} day{'s' if days != 1 else ''} after they were shared"


MODE_WORDS = {"auto": "summarized automatically", "reaction": "summarized when someone "
              "reacts with 📰", "off": "not summarized automatically"}


@app_commands.guild_only()
class AutosummaryCog(commands.GroupCog, group_name="autosummary",
                     group_description="Automatic link summaries: per channel, or for you"):
    """``/autosummary channel`` (admins, checked in code: a group's subcommands cannot have
    default permissions of their own) and ``/autosummary me`` (any member)."""

    def __init__(self, preferences: SummaryPreferences) -> None:
        self._preferences = preferences
        super().__init__()

    @app_commands.command(name="channel",
                          description="How links in this channel get summaries (admins)")
    @app_commands.describe(mode="auto: every link; reaction: when someone reacts with 📰; "
                                "off: never")
    @app_commands.choices(mode=[app_commands.Choice(name=name, value=name)
                                for name in CHANNEL_MODES])
    @app_commands.check(is_admin)
    async def channel(self, interaction: discord.Interaction[NewsBot], mode: str) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        await self._preferences.set_channel_mode(interaction.guild_id, interaction.channel_id,
                                                 mode)
        log.info("channel %s summary mode set to %s by %s", interaction.channel_id, mode,
                 interaction.user.id)
        await interaction.response.send_message(
            f"Links in <#{interaction.channel_id}> are now {MODE_WORDS[mode]} "
            f"(mode {mode}).", ephemeral=True)

    @app_commands.command(name="me", description="Whether the bot may answer your links "
                                                 "by itself in this server")
    @app_commands.describe(state="off: your messages are never answered automatically")
    @app_commands.choices(state=[app_commands.Choice(name="on", value="on"),
                                 app_commands.Choice(name="off", value="off")])
    async def me(self, interaction: discord.Interaction[NewsBot], state: str) -> None:
        assert interaction.guild_id is not None
        await self._preferences.set_opted_out(interaction.guild_id, interaction.user.id,
                                              state == "off")
        text = ("The bot will no longer answer your links by itself here (/summarize still "
                "works)." if state == "off" else
                "The bot may answer your links by itself here again.")
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(AdminCog(bot.runtime.preferences, bot.runtime.settings,
                               bot.runtime.retention))
    await bot.add_cog(AutosummaryCog(bot.runtime.preferences))
