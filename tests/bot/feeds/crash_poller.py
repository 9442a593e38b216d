"""A poller process for the crash test: polls the one feed of a database file, "posting" to
a log file (one line per post, flushed to disk), and can hang just before or just after a
given post so that the test kills it there with SIGKILL.

    python -m tests.bot.feeds.crash_poller DATABASE LOG [before|after N]
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime
from pathlib import Path

from bot.feeds.delivery import ItemPost
from bot.runtime.composition import open_runtime
from bot.runtime.settings import Settings
from storage.feeds import Feed

HANGING = "hanging"


class LogChannel:
    def __init__(self, log: Path, hang: str | None, at: int) -> None:
        self._log = log
        self._hang = hang
        self._at = at

    def _lines(self) -> list[str]:
        return self._log.read_text().splitlines() if self._log.exists() else []

    async def _hang_here(self) -> None:
        print(HANGING, flush=True)
        await asyncio.Event().wait()  # until killed

    async def post(self, feed: Feed, item: ItemPost) -> int:
        number = len(self._lines()) + 1
        if self._hang == "before" and number == self._at:
            await self._hang_here()
        with self._log.open("a") as log:
            log.write(f"{item.url}\n")
            log.flush()
            os.fsync(log.fileno())
        if self._hang == "after" and number == self._at:
            await self._hang_here()
        return number

    async def find_posted(self, feed: Feed, url: str, since: datetime) -> int | None:
        lines = self._lines()
        return lines.index(url) + 1 if url in lines else None

    async def send_notice(self, feed: Feed, text: str) -> None:
        raise AssertionError("no notice expected")


async def main(database: Path, log: Path, hang: str | None, at: int) -> None:
    settings = Settings(database_path=database, allow_private_urls=True, workers=1,
                        feed_max_posts_per_poll=10)
    async with open_runtime(settings) as runtime:
        channel = LogChannel(log, hang, at)
        [feed] = await runtime.feed_repository.in_scope("guild:1")
        # As the scheduler does on start: first what a crash interrupted, then the poll.
        await runtime.feed_poller.finish_open_work(feed, channel)
        polled = await runtime.feed_repository.get("guild:1", feed.id)
        assert polled is not None
        await runtime.feed_poller.poll(polled, channel)
    print("done", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    asyncio.run(main(Path(arguments[0]), Path(arguments[1]),
                     arguments[2] if len(arguments) > 2 else None,
                     int(arguments[3]) if len(arguments) > 3 else 0))
