"""Admins' choices per server and per channel, and the bot's own remembered state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.database import Database

CHANNEL_MODES = ("auto", "reaction", "off")  # how a channel's links get summaries


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

    async def retention_days(self, guild_id: int) -> int | None:
        value = await self._db.scalar(
            "SELECT retention_days FROM guild_settings WHERE guild_id = ?", (str(guild_id),))
        return None if value is None else int(value)

    async def set_retention_days(self, guild_id: int, days: int | None) -> None:
        """``None``: keep articles until they are deleted by hand."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO guild_settings (guild_id, retention_days, updated_at) "
                "VALUES (?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "retention_days = excluded.retention_days, updated_at = excluded.updated_at",
                (str(guild_id), days, _now()))

    async def retentions(self) -> dict[int, int]:
        """Every server that keeps articles for a limited time: guild id -> days."""
        rows = await self._db.fetch_all(
            "SELECT guild_id, retention_days FROM guild_settings "
            "WHERE retention_days IS NOT NULL")
        return {int(row["guild_id"]): int(row["retention_days"]) for row in rows}

    async def autosummary_enabled(self, channel_id: int) -> bool:
        return await self.channel_mode(channel_id) == "auto"

    async def set_autosummary(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        await self.set_channel_mode(guild_id, channel_id, "auto" if enabled else "off")

    async def channel_mode(self, channel_id: int) -> str:
        """``auto``, ``reaction`` or ``off``; rows from before modes existed keep their
        meaning (autosummary 1: auto, 0: off), a channel never set is ``auto``."""
        row = await self._db.fetch_one(
            "SELECT mode, autosummary FROM channel_settings WHERE channel_id = ?",
            (str(channel_id),))
        if row is None:
            return "auto"
        if row["mode"] is not None:
            return str(row["mode"])
        return "auto" if row["autosummary"] else "off"

    async def set_channel_mode(self, guild_id: int, channel_id: int, mode: str) -> None:
        if mode not in CHANNEL_MODES:
            raise ValueError(f"unknown channel mode {mode!r}")
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO channel_settings (channel_id, guild_id, autosummary, mode, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET "
                "autosummary = excluded.autosummary, mode = excluded.mode, "
                "updated_at = excluded.updated_at",
                (str(channel_id), str(guild_id), int(mode == "auto"), mode, _now()))

    async def opted_out(self, scope: str, user_id: int) -> bool:
        return await self._db.scalar(
            "SELECT 1 FROM autosummary_optouts WHERE scope = ? AND user_id = ?",
            (scope, str(user_id))) is not None

    async def set_opted_out(self, scope: str, user_id: int, opted_out: bool) -> None:
        async with self._db.transaction() as connection:
            if opted_out:
                await connection.execute(
                    "INSERT INTO autosummary_optouts (scope, user_id, created_at) "
                    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (scope, str(user_id), _now()))
            else:
                await connection.execute(
                    "DELETE FROM autosummary_optouts WHERE scope = ? AND user_id = ?",
                    (scope, str(user_id)))

    async def claim_reaction_summary(self, channel_id: int, message_id: int) -> bool:
        """True for the first reaction asking to summarize this message, False after."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "INSERT INTO reaction_summaries (message_id, channel_id, created_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (str(message_id), str(channel_id), _now()))
            return changed > 0

    async def state(self, key: str) -> str | None:
        value = await self._db.scalar("SELECT value FROM bot_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def claim_once(self, key: str) -> bool:
        """True the first time ``key`` is claimed, ever; False after (any process)."""
        async with self._db.transaction() as connection:
            return await connection.execute(
                "INSERT INTO bot_state (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, _now())) > 0

    async def set_state(self, key: str, value: str) -> None:
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO bot_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
