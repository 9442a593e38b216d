"""The welcome a server gets when it adds the bot: once, ever, whichever process sees the
join first (the claim is a database row, taken before anything is posted)."""

from __future__ import annotations

from storage.settings import SettingsRepository

WELCOME = ("Thanks for adding newsbot! Three things to try:\n"
           "1. Post a news link here: I reply with a short summary.\n"
           "2. `/ask` a question about what was shared, or `/search` it.\n"
           "3. An admin can set a daily digest with `/digest set`.\n"
           "`/help` shows what I do in this server and every command.")


class Welcomes:
    def __init__(self, repository: SettingsRepository) -> None:
        self._repository = repository

    async def claim(self, guild_id: int) -> bool:
        """True the first time a server is to be welcomed; False ever after."""
        return await self._repository.claim_once(f"welcomed:{guild_id}")
