"""``newsbot digest``: the digest as plain text on the command line."""

from __future__ import annotations

from datetime import timedelta

from bot.digest.compose import Digest
from bot.digest.service import DEFAULT_MAX_ITEMS, DigestService, shown_timezone
from bot.errors import InvalidOptionError
from bot.scopes import CLI_SCOPE, guild_scope


async def build_cli_digest(service: DigestService, guild_id: int | None,
                           since: timedelta) -> Digest:
    if since <= timedelta(0):
        raise InvalidOptionError("--since must be a positive duration, such as 24h or 7d")
    settings = None if guild_id is None else await service.settings(guild_id)
    end = service.clock()
    return await service.compose(
        CLI_SCOPE if guild_id is None else guild_scope(guild_id), end - since, end,
        max_items=settings.max_items if settings else DEFAULT_MAX_ITEMS,
        timezone=shown_timezone(settings))


def parse_since(text: str) -> timedelta:
    """``30m``, ``24h``, ``7d`` or ``2w`` (for argparse's ``type=``)."""
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    value, unit = text.strip()[:-1], text.strip()[-1:].lower()
    if unit not in units or not value.isdigit() or int(value) == 0:
        raise InvalidOptionError(f"'{text}' is not a duration: use e.g. 30m, 24h, 7d or 2w")
    return timedelta(**{units[unit]: int(value)})
