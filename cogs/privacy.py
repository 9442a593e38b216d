"""``/forget``: a member removes their shares (in a server, or their DM history); an admin
removes one link with every share of it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.client import NewsBot
from bot.privacy.forget import ForgetService, describe
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


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(ForgetCog(bot.runtime.forget))
