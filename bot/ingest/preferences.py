"""Summary options for a server: the command's choice, else the server's, else the default."""

from __future__ import annotations

from bot.ingest.processing import SummaryOptions
from bot.runtime.settings import Settings
from storage.settings import GuildSettings, SettingsRepository


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
