"""``/help``: what the bot does in this server, with this server's settings, and the commands
a member (and, for admins, an admin) can use. Read from the command tree, so it never
lists a command that does not exist."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest.service import DigestService
from bot.discord_app.client import NewsBot
from bot.ingest.preferences import SummaryPreferences
from bot.onboarding.welcome import WELCOME, Welcomes
from bot.privacy.retention import Retention
from bot.runtime.settings import Settings
from cogs.admin import MODE_WORDS, retention_text
from cogs.checks import is_admin
from cogs.digest import describe_status
from cogs.embeds import BRAND_COLOUR, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, truncate

log = logging.getLogger(__name__)

WHAT_IT_DOES = (
    "I read the news links people post, reply with a short summary, and remember them: "
    "ask me about what was shared with `/search`, `/topic`, `/person` and `/ask`, or "
    "mention me with a question.")


@dataclass(frozen=True, slots=True)
class CommandLine:
    name: str  # "/forget link"
    description: str
    admin: bool


def command_lines(tree: app_commands.CommandTree[NewsBot]) -> list[CommandLine]:
    """Every slash command and subcommand, marked admin when checked as one in code."""
    found: list[CommandLine] = []

    def visit(command: app_commands.Command[Any, ..., Any] | app_commands.Group,
              prefix: str) -> None:
        name = f"{prefix} {command.name}".strip()
        if isinstance(command, app_commands.Group):
            for child in command.commands:
                visit(child, name)
            return
        permissions = command.default_permissions
        admin = is_admin in command.checks or bool(permissions and permissions.manage_guild)
        found.append(CommandLine(f"/{name}", command.description, admin))

    for command in tree.get_commands(type=discord.AppCommandType.chat_input):
        visit(command, "")
    return sorted(found, key=lambda line: line.name)


def help_embed(*, channel_mode: str, opted_out: bool, digest: str, retention: str,
               lines: list[CommandLine], show_admin: bool) -> discord.Embed:
    """Within Discord's limits: each field is cut to its size."""
    embed = discord.Embed(title="newsbot in this server", colour=BRAND_COLOUR,
                          description=truncate(WHAT_IT_DOES, DESCRIPTION_LIMIT))
    here = f"Links in this channel are {MODE_WORDS[channel_mode]}."
    if opted_out:
        here += " You asked not to be answered automatically (`/autosummary me on` undoes it)."
    embed.add_field(name="Here", value=truncate(here, FIELD_VALUE_LIMIT), inline=False)
    embed.add_field(name="Daily digest", value=truncate(digest, FIELD_VALUE_LIMIT),
                    inline=False)
    embed.add_field(name="Your data", value=truncate(retention, FIELD_VALUE_LIMIT),
                    inline=False)
    for title, admin in (("Commands", False), ("Admin commands", True)):
        if admin and not show_admin:
            continue
        text = "\n".join(f"`{line.name}` {line.description}" for line in lines
                         if line.admin == admin)
        if text:
            embed.add_field(name=title, value=truncate(text, FIELD_VALUE_LIMIT), inline=False)
    return embed


RETENTION_TEXT = ("Here {kept}. `/forget me` removes what you shared; admins can remove a "
                  "link with `/forget link` and set how long articles are kept with "
                  "`/settings retention`. If the bot is removed from the server, its data is "
                  "deleted after {days} days.")


class HelpCog(commands.Cog, name="Help"):
    def __init__(self, bot: NewsBot, preferences: SummaryPreferences, digests: DigestService,
                 settings: Settings, *, welcomes: Welcomes, retention: Retention) -> None:
        self._bot = bot
        self._retention = retention
        self._welcomes = welcomes
        self._preferences = preferences
        self._digests = digests
        self._settings = settings

    @app_commands.command(name="help", description="What the bot does here, and its commands")
    async def help(self, interaction: discord.Interaction[NewsBot]) -> None:
        lines = command_lines(self._bot.tree)
        if interaction.guild_id is None:
            embed = help_embed(channel_mode="auto", opted_out=False,
                               digest="Digests are posted in servers, not in DMs.",
                               retention=RETENTION_TEXT.format(
                                   kept=retention_text(None),
                                   days=self._settings.departed_grace_days),
                               lines=lines, show_admin=False)
        else:
            assert interaction.channel_id is not None
            embed = help_embed(
                channel_mode=await self._preferences.channel_mode(interaction.channel_id),
                opted_out=await self._preferences.opted_out(interaction.guild_id,
                                                            interaction.user.id),
                digest=describe_status(await self._digests.status(interaction.guild_id)),
                retention=RETENTION_TEXT.format(
                    kept=retention_text(await self._retention.days(interaction.guild_id)),
                    days=self._settings.departed_grace_days),
                lines=lines, show_admin=interaction.permissions.manage_guild)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """One short welcome in the system channel, if the bot may post there; never again
        for this server, even if it removes and re-adds the bot."""
        channel = guild.system_channel
        if channel is None or not channel.permissions_for(guild.me).send_messages:
            return
        if not await self._welcomes.claim(guild.id):
            return
        try:
            await channel.send(WELCOME)
        except discord.HTTPException as error:  # claimed already: a lost welcome, not two
            log.warning("could not post the welcome in server %s: %s", guild.id, error)


async def setup(bot: NewsBot) -> None:
    runtime = bot.runtime
    await bot.add_cog(HelpCog(bot, runtime.preferences, runtime.digests, runtime.settings,
                              welcomes=Welcomes(runtime.server_settings),
                              retention=runtime.retention))
