"""``/forget``: a member removes their shares (in a server, or their DM history); an admin
removes one link with every share of it. And servers that remove the bot: their data goes
after a grace period."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot
from bot.privacy.departures import Departures, DepartureScheduler
from bot.privacy.forget import ForgetService, describe
from bot.privacy.retention import RetentionScheduler
from bot.scopes import dm_scope, guild_scope
from cogs.checks import is_admin


class ForgetCog(commands.GroupCog, group_name="forget",
                group_description="Have the bot forget what you shared"):
    def __init__(self, forget: ForgetService) -> None:
        self._forget = forget
        super().__init__()

    @app_commands.command(name="me", description="Forget every link you shared here (in a "
                                                 "DM: everything you sent the bot)")
    async def me(self, interaction: discord.Interaction[NewsBot]) -> None:
        scope = (guild_scope(interaction.guild_id) if interaction.guild_id is not None
                 else dm_scope(interaction.user.id))
        forgotten = await self._forget.forget_member(scope, interaction.user.id)
        await interaction.response.send_message(describe(forgotten), ephemeral=True)

    @app_commands.command(name="link", description="Forget one link and every share of it "
                                                   "(admins)")
    @app_commands.describe(url="The link, as it was shared")
    @app_commands.guild_only()
    @app_commands.check(is_admin)
    async def link(self, interaction: discord.Interaction[NewsBot], url: str) -> None:
        assert interaction.guild_id is not None
        forgotten = await self._forget.forget_link(guild_scope(interaction.guild_id), url)
        await interaction.response.send_message(describe(forgotten), ephemeral=True)


class DeparturesCog(commands.Cog, name="Departures"):
    """Servers that remove the bot: recorded, and their data deleted after the grace
    period (bot.privacy.departures)."""

    def __init__(self, bot: NewsBot, departures: Departures, scheduler: DepartureScheduler
                 ) -> None:
        self._bot = bot
        self._departures = departures
        self.scheduler = scheduler

    async def cog_load(self) -> None:
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        await self._departures.reconcile((guild.id for guild in self._bot.guilds),
                                         ours=self._on_our_shards)
        self.scheduler.wake()

    def _on_our_shards(self, guild_id: int) -> bool:
        """Discord's routing: a server belongs to shard (id >> 22) % shard count."""
        count = self._bot.shard_count or 1
        shards = getattr(self._bot, "shard_ids", None) or range(count)
        return (guild_id >> 22) % count in shards

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self._departures.left(guild.id)
        self.scheduler.wake()

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._departures.joined(guild.id)


class RetentionCog(commands.Cog, name="Retention"):
    """Runs the hourly expiry of servers that keep articles for a limited time."""

    def __init__(self, scheduler: RetentionScheduler) -> None:
        self.scheduler = scheduler

    async def cog_load(self) -> None:
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()


async def setup(bot: NewsBot) -> None:
    runtime = bot.runtime
    await bot.add_cog(ForgetCog(runtime.forget))
    scheduler = DepartureScheduler(runtime.departures, before_start=bot.wait_until_ready)
    await bot.add_cog(DeparturesCog(bot, runtime.departures, scheduler))
    await bot.add_cog(RetentionCog(RetentionScheduler(runtime.retention,
                                                      before_start=bot.wait_until_ready)))
