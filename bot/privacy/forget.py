"""Forgetting on request: a member's shares, one link, a DM history, a server that left."""

from __future__ import annotations

import logging

from bot.errors import InvalidInputError
from bot.ingest.urls import dedup_key
from storage.forgetting import ForgettingRepository, Forgotten

log = logging.getLogger(__name__)


class ForgetService:
    def __init__(self, repository: ForgettingRepository) -> None:
        self._repository = repository

    async def forget_member(self, scope: str, user_id: int) -> Forgotten:
        forgotten = await self._repository.forget_member(scope, str(user_id))
        log.info("forgot member %s in %s: %d shares, %d articles", user_id, scope,
                 forgotten.shares, forgotten.articles)
        return forgotten

    async def forget_link(self, scope: str, url: str) -> Forgotten:
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise InvalidInputError("give the link as it was shared (http:// or https://)")
        forgotten = await self._repository.forget_link(scope, dedup_key(url))
        log.info("forgot link %s in %s: %d shares, %d articles", url, scope,
                 forgotten.shares, forgotten.articles)
        return forgotten

    async def forget_scope(self, scope: str, guild_id: int | None = None) -> int:
        deleted = await self._repository.forget_scope(
            scope, None if guild_id is None else str(guild_id))
        log.info("forgot everything of %s: %d articles", scope, deleted)
        return deleted


def describe(forgotten: Forgotten) -> str:
    """One sentence for the member."""
    if not forgotten.shares and not forgotten.articles:
        return "There was nothing to forget."
    shares = f"{forgotten.shares} share{'s' if forgotten.shares != 1 else ''}"
    articles = (f", and {forgotten.articles} article{'s' if forgotten.articles != 1 else ''} "
                "nobody else had shared" if forgotten.articles else "")
    return f"Forgotten: {shares}{articles}."
