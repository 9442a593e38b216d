"""Scheduled news digests: schedule (time zones, DST), composition, the outbox service, the loop.

Nothing here imports Discord; the cog ``cogs.digest`` implements :class:`DigestSender`.
"""

from bot.digest.compose import Digest, DigestItem, DigestSection, PeopleLookup, compose_digest
from bot.digest.schedule import Schedule, parse_weekdays, suggest_timezones
from bot.digest.scheduler import DigestScheduler
from bot.digest.sender import DeliveryError, DigestSender
from bot.digest.service import DigestService, DigestStatus

# A digest run as the service reports it (stored by storage.digests; cogs read it from here).
from storage.digests import DigestRun, RunState

__all__ = [
    "DeliveryError",
    "Digest",
    "DigestItem",
    "DigestRun",
    "DigestScheduler",
    "DigestSection",
    "DigestSender",
    "DigestService",
    "DigestStatus",
    "PeopleLookup",
    "RunState",
    "Schedule",
    "compose_digest",
    "parse_weekdays",
    "suggest_timezones",
]
