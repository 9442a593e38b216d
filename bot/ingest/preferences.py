"""Summary options for a server: the command's choice, else the server's, else the default."""

from __future__ import annotations

from bot.ingest.processing import SummaryOptions
from bot.runtime.settings import Settings
from bot.scopes import guild_scope
from storage.settings import CHANNEL_MODES, GuildSettings, SettingsRepository

__all__ = ["CHANNEL_MODES", "SummaryPreferences"]


class SummaryPreferences:
    def __init__(self, repository: SettingsRepository, settings: Settings) -> None:
        self._repository = repository
        self._settings = settings

    async def options_for(self, guild_id: int | None, *, sentences: int | None = None,
                          algorithm: str | None = None) -> SummaryOptions:
        stored = GuildSettings(0) if guild_id is None else await self._repository.guild(guild_id)
        return SummaryOptions(
            algorithm=algorithm or stored.summary_algorithm or self._settings.summary_algorithm,
            sentences=sentences or stored.summary_sentences or self._settings.summary_sentences,
        )

    async def guild(self, guild_id: int) -> GuildSettings:
        return await self._repository.guild(guild_id)

    async def update_guild(self, guild_id: int, *, sentences: int | None,
                           algorithm: str | None) -> GuildSettings:
        current = await self._repository.guild(guild_id)
        updated = GuildSettings(
            guild_id,
            summary_sentences=sentences if sentences is not None else current.summary_sentences,
            summary_algorithm=algorithm if algorithm is not None else current.summary_algorithm,
        )
        # Validate before saving, so a bad value never reaches the database.
        SummaryOptions(algorithm=updated.summary_algorithm or self._settings.summary_algorithm,
                       sentences=updated.summary_sentences)
        await self._repository.save_guild(updated)
        return updated

    async def autosummary_enabled(self, channel_id: int) -> bool:
        return await self._repository.autosummary_enabled(channel_id)

    async def set_autosummary(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        await self._repository.set_autosummary(guild_id, channel_id, enabled)

    async def channel_mode(self, channel_id: int) -> str:
        """``auto`` (every link answered), ``reaction`` (a 📰 reaction asks) or ``off``."""
        return await self._repository.channel_mode(channel_id)

    async def set_channel_mode(self, guild_id: int, channel_id: int, mode: str) -> None:
        await self._repository.set_channel_mode(guild_id, channel_id, mode)

    async def opted_out(self, guild_id: int, user_id: int) -> bool:
        """Whether the member asked never to be answered automatically in this server."""
        return await self._repository.opted_out(guild_scope(guild_id), user_id)

    async def set_opted_out(self, guild_id: int, user_id: int, opted_out: bool) -> None:
        await self._repository.set_opted_out(guild_scope(guild_id), user_id, opted_out)

    async def claim_reaction_summary(self, channel_id: int, message_id: int) -> bool:
        return await self._repository.claim_reaction_summary(channel_id, message_id)
