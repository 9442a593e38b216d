"""Crash safety: a poller process killed with SIGKILL in the middle of a poll, just before
or just after posting an item, neither loses nor repeats an item once it runs again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.runtime.composition import open_runtime
from bot.runtime.settings import Settings
from storage.feeds import ItemState
from tests.bot.feeds.crash_poller import HANGING
from tests.bot.feeds.feed_texts import ServedFeed, entries, rss, serve_feed, serve_stories
from tests.conftest import REPO, PageServer

STORIES = ["ferry", "bridge", "school", "library", "market"]
STARTUP = 120.0  # bounds a hang only: a worker process starts and loads its models


async def run_poller(database: Path, log: Path, *hang: str) -> asyncio.subprocess.Process:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bot.feeds.crash_poller", str(database), str(log), *hang,
        stdout=asyncio.subprocess.PIPE, env=environment, cwd=REPO)


async def read_until(process: asyncio.subprocess.Process, marker: str) -> None:
    assert process.stdout is not None
    async with asyncio.timeout(STARTUP):
        while True:
            line = await process.stdout.readline()
            if not line:
                pytest.fail(f"the poller ended without saying {marker!r}")
            if line.decode().strip() == marker:
                return


@pytest.mark.parametrize("moment", ["before", "after"])
async def test_a_poller_killed_during_a_poll_neither_loses_nor_repeats_an_item(
        settings: Settings, page_server: PageServer, tmp_path: Path, moment: str) -> None:
    stories = serve_stories(page_server, STORIES)
    url = serve_feed(page_server, "/feed.xml",
                     ServedFeed(rss(entries(list(reversed(STORIES)), stories))))
    async with open_runtime(settings) as runtime:
        await runtime.feeds.add("guild:1", 10, url, backlog=5)
    log = tmp_path / "posts.log"

    first = await run_poller(settings.database_path, log, moment, "3")
    await read_until(first, HANGING)
    first.send_signal(signal.SIGKILL)
    assert await first.wait() == -signal.SIGKILL
    posted_before_restart = log.read_text().splitlines()
    assert len(posted_before_restart) == (2 if moment == "before" else 3)

    second = await run_poller(settings.database_path, log)
    await read_until(second, "done")
    assert await second.wait() == 0

    assert log.read_text().splitlines() == [stories[name] for name in STORIES]
    async with open_runtime(settings) as runtime:
        [feed] = await runtime.feed_repository.in_scope("guild:1")
        items = await runtime.feed_repository.items(feed.id)
        assert [item.state for item in items] == [ItemState.POSTED] * 5
        assert await runtime.repository.count("guild:1") == 5
        shares = await runtime.database.scalar("SELECT count(*) FROM shares")
        assert shares == 5  # the item stored before the crash is not shared twice
