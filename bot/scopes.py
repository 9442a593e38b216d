"""Where an article is visible: one server, one user's direct messages, or the command line."""

from __future__ import annotations

CLI_SCOPE = "cli"


def guild_scope(guild_id: int) -> str:
    return f"guild:{guild_id}"


def dm_scope(user_id: int) -> str:
    return f"dm:{user_id}"
