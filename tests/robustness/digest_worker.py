"""A digest process for the crash test: one scheduler tick on a real database, then exit.

    python -m tests.robustness.digest_worker DATABASE CHANNEL_FILE NOW [--hold-after PART]

Runs the product's ``DigestService`` and ``DigestScheduler`` with the clock fixed at ``NOW``
(ISO 8601). The channel is ``CHANNEL_FILE``: each posted message is one appended line
``ref part message_id``, and ``find_posted`` reads the file back the way the Discord sender
reads the channel's history. A digest is posted in parts of ``ITEMS_PER_PART`` articles.

With ``--hold-after PART`` the process prints ``HELD`` once that part is in the channel and
then waits, so the test can SIGKILL it between two parts. Everything it does is bounded by
``TIME_LIMIT``; at the end it prints one JSON line with the outcome of each server's runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from bot.digest.compose import Digest
from bot.digest.scheduler import DigestScheduler
from bot.digest.service import DigestService
from storage.database import Database
from storage.digests import DigestRepository

ITEMS_PER_PART = 2
TIME_LIMIT = 30.0  # seconds for the whole process


class FileChannelSender:
    """A ``DigestSender`` whose channels are lines appended to one file."""

    def __init__(self, path: Path, hold_after: int | None) -> None:
        self.path = path
        self.hold_after = hold_after

    def _lines(self) -> list[tuple[str, int, int]]:
        if not self.path.exists():
            return []
        lines = []
        for line in self.path.read_text().splitlines():
            ref, part, message_id = line.split()
            lines.append((ref, int(part), int(message_id)))
        return lines

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        return None

    async def send_notice(self, guild_id: int, channel_id: int, text: str) -> int:
        return 0  # no notice is due in these runs: their settings are valid

    async def find_posted(self, guild_id: int, channel_id: int, ref: str,
                          since: datetime) -> dict[int, int]:
        return {part: message_id for line_ref, part, message_id in self._lines()
                if line_ref == ref}

    async def send(self, guild_id: int, channel_id: int, digest: Digest, ref: str, *,
                   skip_parts: Collection[int] = ()) -> dict[int, int]:
        parts = max(1, -(-len(digest.items) // ITEMS_PER_PART))
        posted: dict[int, int] = {}
        for part in range(1, parts + 1):
            if part in skip_parts:
                continue
            message_id = len(self._lines()) + 1
            # One write per message, as the message reaching the channel is one event.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, f"{ref} {part} {message_id}\n".encode())
            finally:
                os.close(fd)
            posted[part] = message_id
            if part == self.hold_after:
                print("HELD", flush=True)
                await asyncio.sleep(2 * TIME_LIMIT)  # the kill comes first
        return posted


async def main(database_path: Path, channel: Path, now: datetime,
               hold_after: int | None) -> dict[str, list[dict[str, object]]]:
    async with asyncio.timeout(TIME_LIMIT):
        database = await Database.open(database_path)
        try:
            service = DigestService(DigestRepository(database), clock=lambda: now)
            scheduler = DigestScheduler(service, FileChannelSender(channel, hold_after))
            results = await scheduler.run_once()
            return {str(guild): [{"state": run.state.value, "ref": run.ref,
                                  "message_ids": list(run.message_ids)} for run in runs]
                    for guild, runs in results.items()}
        finally:
            await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("channel", type=Path)
    parser.add_argument("now", type=datetime.fromisoformat)
    parser.add_argument("--hold-after", type=int, default=None)
    args = parser.parse_args()
    outcome = asyncio.run(main(args.database, args.channel, args.now, args.hold_after))
    print(json.dumps(outcome), flush=True)
    sys.exit(0)
