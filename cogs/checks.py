"""Checks the commands of every cog share."""

from __future__ import annotations

import discord

from bot.discord_app.client import NewsBot, UserFacingError

ADMIN_ONLY = "Only server admins (Manage Server permission) can change this."


def is_admin(interaction: discord.Interaction[NewsBot]) -> bool:
    """Checked in code on every call: default permissions can be overridden by a server."""
    if interaction.guild is None:
        raise UserFacingError("This command only works in a server.")
    if not interaction.permissions.manage_guild:
        raise UserFacingError(ADMIN_ONLY)
    return True
