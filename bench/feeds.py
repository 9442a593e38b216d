"""Polling 1,000 feeds: a cold pass, then a pass where every feed answers 304.

Usage (from the repository root):

    python bench/feeds.py [--feeds 1000] [--items 20] [--concurrency 8]

A separate process serves ``--feeds`` RSS feeds of ``--items`` items each on 127.0.0.1
(aiohttp; each feed with an ETag and Last-Modified, a 304 to a matching conditional GET).
This process runs the product's ``FeedScheduler``, ``FeedPoller`` and ``PageFetcher`` (one
aiohttp session, the address guard allowed to reach 127.0.0.1, as in the tests) against a
temporary SQLite file holding the feeds, as newly added (their backlog remembered, nothing
posted). The scheduler's clock is moved past every feed's next poll between the passes.

Reports per pass: wall time, CPU seconds of this process (all threads: parsing runs in
threads, SQLite in aiosqlite's), requests per second, peak memory (max RSS of this
process), and the event loop's lag (a task that asks to wake every 10 ms: how late it
woke; p50, p99, max). Goal: the 304 pass under 30 s wall and 10 s CPU, lag p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aiohttp import web  # noqa: E402

from bot.feeds.delivery import ItemDelivery, ItemPost  # noqa: E402
from bot.feeds.polling import FeedPoller  # noqa: E402
from bot.feeds.schedule import PollTiming  # noqa: E402
from bot.feeds.scheduler import FeedScheduler  # noqa: E402
from bot.ingest.fetching import PageFetcher, create_http_session  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.feeds import Feed, FeedRepository, NewFeed  # noqa: E402

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
LAG_TICK = 0.01


def feed_body(feed: int, items: int, port: int) -> bytes:
    entries = "".join(
        f"<item><title>Story {feed}-{item}: the harbour council meets again</title>"
        f"<link>http://127.0.0.1:{port}/story/{feed}/{item}</link>"
        f'<guid isPermaLink="false">feed{feed}-item{item}</guid>'
        f"<pubDate>{format_datetime(START - timedelta(hours=item))}</pubDate>"
        f"<description>&lt;p&gt;Item {item} of feed {feed}, a short teaser of the story "
        "with a few words more.&lt;/p&gt;</description></item>"
        for item in range(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {feed}</title><link>http://127.0.0.1:{port}/</link>"
            f"<description>bench</description>{entries}</channel></rss>").encode()


def serve(feeds: int, items: int, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The feed server, in its own process."""
    async def run() -> None:
        bodies: dict[str, bytes] = {}
        last_modified = format_datetime(START, usegmt=True)

        async def handle(request: web.Request) -> web.StreamResponse:
            name = request.match_info["name"]
            etag = f'"{name}-v1"'
            headers = {"ETag": etag, "Last-Modified": last_modified}
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers=headers)
            body = bodies.get(name)
            if body is None:
                return web.Response(status=404)
            return web.Response(body=body, headers=headers,
                                content_type="application/rss+xml", charset="utf-8")

        app = web.Application()
        app.router.add_get("/feed/{name}.xml", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        for feed in range(feeds):
            bodies[str(feed)] = feed_body(feed, items, port)
        ready.put(port)
        await asyncio.Event().wait()

    asyncio.run(run())


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class NobodyPosts:
    """Nothing is posted in this bench (a new feed's backlog is not posted)."""

    async def post(self, feed: Feed, item: ItemPost) -> int:
        raise AssertionError("nothing should be posted")

    async def find_posted(self, feed: Feed, url: str, since: datetime) -> int | None:
        return None

    async def send_notice(self, feed: Feed, text: str) -> None:
        raise AssertionError(f"feed {feed.id} failed: {text}")


@dataclass
class PassResult:
    name: str
    wall: float
    cpu: float
    polls: int
    peak_mb: float
    lag_p50_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    not_modified: int
    errors: int


async def measure_lag(lags: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(LAG_TICK)
        lags.append(loop.time() - asked - LAG_TICK)


async def one_pass(name: str, scheduler: FeedScheduler) -> PassResult:
    lags: list[float] = []
    stop = asyncio.Event()
    lagger = asyncio.create_task(measure_lag(lags, stop))
    cpu, wall = time.process_time(), time.perf_counter()
    reports = []
    while True:  # the scheduler's ticks, as its loop runs them, until nothing is due
        batch = await scheduler.run_once()
        if not batch:
            break
        reports += batch
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stop.set()
    await lagger
    lags_ms = sorted(lag * 1000 for lag in lags) or [0.0]
    return PassResult(
        name, wall, cpu, len(reports),
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        statistics.median(lags_ms), lags_ms[int(0.99 * (len(lags_ms) - 1))], lags_ms[-1],
        sum(1 for report in reports if report.not_modified),
        sum(1 for report in reports if report.error))


async def bench(feeds: int, items: int, concurrency: int, port: int,
                folder: Path) -> list[PassResult]:
    settings = replace(Settings(), allow_private_urls=True, feed_concurrency=concurrency)
    database = await Database.open(folder / "bench.db")
    clock = Clock()
    repository = FeedRepository(database)
    for feed in range(feeds):
        await repository.add(NewFeed("guild:1", 10, f"http://127.0.0.1:{port}/feed/{feed}.xml"),
                             clock())
    timing = PollTiming(timedelta(minutes=settings.feed_min_interval_minutes))
    try:
        async with create_http_session(settings) as session:
            fetcher = PageFetcher(session, settings)
            # No article is ever ingested here (nothing new after the first read).
            delivery = ItemDelivery(repository, None, None, clock)  # type: ignore[arg-type]
            poller = FeedPoller(repository, fetcher, delivery, timing, clock)
            scheduler = FeedScheduler(repository, poller, NobodyPosts(),
                                      concurrency=concurrency)
            cold = await one_pass("cold (200, parse, store 20 items each)", scheduler)
            clock.now = START + timedelta(minutes=12)  # past every feed's next poll
            warm = await one_pass("304 (conditional GET)", scheduler)
    finally:
        await database.close()
    return [cold, warm]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=Settings().feed_concurrency)
    arguments = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    server = context.Process(target=serve, args=(arguments.feeds, arguments.items, ready),
                             daemon=True)
    server.start()
    try:
        port = ready.get(timeout=60)
        with tempfile.TemporaryDirectory() as folder:
            results = asyncio.run(bench(arguments.feeds, arguments.items,
                                        arguments.concurrency, port, Path(folder)))
    finally:
        server.terminate()
        server.join()
    print(f"{arguments.feeds} feeds x {arguments.items} items, concurrency "
          f"{arguments.concurrency}")
    print("| pass | wall s | CPU s | polls | requests/s | 304s | errors | peak RSS MB "
          "| loop lag p50 / p99 / max ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for result in results:
        print(f"| {result.name} | {result.wall:.2f} | {result.cpu:.2f} | {result.polls} | "
              f"{result.polls / result.wall:.0f} | {result.not_modified} | {result.errors} | "
              f"{result.peak_mb:.0f} | {result.lag_p50_ms:.1f} / {result.lag_p99_ms:.1f} / "
              f"{result.lag_max_ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
