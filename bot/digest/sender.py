"""The one thing the digest core needs from a chat platform, with no Discord types.

The Discord cog implements :class:`DigestSender`; tests use an in-memory channel.

Every message of a digest carries its run's ``ref`` and its part number ("1/2") in a way the
sender can read back from the channel (the Discord sender puts it in the footer of the
message's last embed and also sends it as the message nonce). That is how a run interrupted
by a crash is finished without posting anything twice: :meth:`DigestSender.find_posted`
reports the parts already in the channel and only the others are sent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Protocol

from bot.digest.compose import Digest
from bot.errors import NewsbotError


class DeliveryError(NewsbotError):
    """A digest could not be posted. ``permanent``: retrying will not help (channel deleted,
    permission missing); otherwise it may (a Discord outage, a network error).
    ``posted`` holds the parts that did reach the channel before the failure."""

    def __init__(self, message: str, *, permanent: bool,
                 posted: Mapping[int, int] | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.posted: dict[int, int] = dict(posted or {})


class DigestSender(Protocol):
    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        """Raise :class:`DeliveryError` (with the reason) unless a digest can be posted there."""

    async def find_posted(self, guild_id: int, channel_id: int, ref: str,
                          since: datetime) -> dict[int, int]:
        """Parts of run ``ref`` already in the channel, posted after ``since``:
        part number (from 1) -> message id. Raise :class:`DeliveryError` if unreadable."""

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        """Post the digest (or its one-line note when it is empty), leaving out the parts in
        ``skip_parts``; return part number -> message id of what was posted now."""

    async def send_notice(self, guild_id: int, channel_id: int, text: str) -> int:
        """Post a one-line notice for the server's admins; return its message id. Raise
        :class:`DeliveryError` like :meth:`send`."""
