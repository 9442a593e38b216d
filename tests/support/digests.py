"""Digest settings and pacing checks that the digest, pacing and crash-safety tests share."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.digest.service import DigestService

GUILD, CHANNEL = 1, 10
NINE_BERLIN = datetime(2025, 6, 2, 7, 0, tzinfo=UTC)  # Monday 09:00 CEST


async def set_up(service: DigestService, guild: int = GUILD, channel: int = CHANNEL,
                 at: str = "09:00", zone: str = "Europe/Berlin", **options: object) -> None:
    await service.configure(guild, channel, local_time=at, timezone=zone,
                            **options)  # type: ignore[arg-type]


def most_in_any_window(starts: list[float], seconds: float = 1.0) -> int:
    """The largest number of ``starts`` inside any closed window of ``seconds``."""
    ordered = sorted(starts)
    best, first = 0, 0
    for last, moment in enumerate(ordered):
        while ordered[first] < moment - seconds - 1e-9:
            first += 1
        best = max(best, last - first + 1)
    return best
