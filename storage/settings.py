"""Admins' choices per server and per channel, and the bot's own remembered state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.database import Database


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    summary_sentences: int | None = None  # None: the bot's default
    summary_algorithm: str | None = None


class SettingsRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def guild(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetch_one(
            "SELECT summary_sentences, summary_algorithm FROM guild_settings WHERE guild_id = ?",
            (str(guild_id),))
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row["summary_sentences"], row["summary_algorithm"])

    async def save_guild(self, settings: GuildSettings) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO guild_settings (guild_id, summary_sentences, summary_algorithm, "
                "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "summary_sentences = excluded.summary_sentences, "
                "summary_algorithm = excluded.summary_algorithm, updated_at = excluded.updated_at",
                (str(settings.guild_id), settings.summary_sentences, settings.summary_algorithm,
                 _now()))

    async def autosummary_enabled(self, channel_id: int) -> bool:
        value = await self._db.scalar(
            "SELECT autosummary FROM channel_settings WHERE channel_id = ?", (str(channel_id),))
        return True if value is None else bool(value)

    async def set_autosummary(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO channel_settings (channel_id, guild_id, autosummary, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET "
                "autosummary = excluded.autosummary, updated_at = excluded.updated_at",
                (str(channel_id), str(guild_id), int(enabled), _now()))

    async def state(self, key: str) -> str | None:
        value = await self._db.scalar("SELECT value FROM bot_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def set_state(self, key: str, value: str) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO bot_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
