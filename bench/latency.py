"""Latency through the Discord emulator: link -> summary reply, slash commands under a burst.

Usage (from the repository root):

    /work/venv/bin/python bench/latency.py [--data ../shared/data] [--steady 30] [--burst 20]

The real bot (``bot.discord_app.runner.run_bot``, two worker processes) runs in this process's
event loop; the Discord emulator (``tests/e2e/emulator``) and an HTTP server with the pages of
the article-extraction benchmark (read from the shared data folder, never copied) run on
127.0.0.1 in a second thread with their own event loop, so their work is not counted as the
bot's event-loop lag (they still share the interpreter lock, as a real co-hosted proxy would
not). A task in the bot's loop samples every 10 ms how late it wakes up (event-loop lag).

1. **Steady**: one link per second (``--steady`` links), each a different page, each posted
   by a user in #news; latency from MESSAGE_CREATE dispatch to the bot's reply being stored.
2. **Burst**: ``--burst`` links posted at once, then ``--commands`` slash commands
   (``/summarize`` of another page, ``/settings``, ``/digest show``, in turn) issued 150 ms
   apart while the burst is processed; latency to each command's first response (what
   Discord's 3 s deadline is measured against), and the event-loop lag during the burst.

Targets: link -> reply p50 <= 0.5 s and p95 <= 1 s; first response p99 <= 0.5 s; loop lag
p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import shlex
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.discord_app.runner import run_bot  # noqa: E402
from bot.runtime.settings import Settings  # noqa: E402
from tests.e2e.emulator import DiscordEmulator, Scenario  # noqa: E402

T = TypeVar("T")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Side:
    """The emulator and the page server, in their own thread and event loop."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="emulator",
                                       daemon=True)
        self.pages = pages
        self.port = 0
        self.emulator = DiscordEmulator()
        self.scenario: Scenario | None = None
        self._runner: web.AppRunner | None = None

    def call(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    async def start(self) -> None:
        self.thread.start()
        await self.call(self._start())

    async def _start(self) -> None:
        await self.emulator.start()
        self.scenario = await self.emulator.default_scenario()
        app = web.Application()
        app.router.add_get("/article/{key}", self._page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _page(self, request: web.Request) -> web.Response:
        body = self.pages.get(request.match_info["key"])
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "gzip"})

    def url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/article/{key}"

    async def stop(self) -> None:
        async def _stop() -> None:
            await self.emulator.stop()
            if self._runner is not None:
                await self._runner.cleanup()

        await self.call(_stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    # --- measurements, run in the emulator's loop -------------------------------------

    async def post_link(self, url: str, limit: float = 30.0) -> float:
        """Seconds from a user's message with ``url`` to the bot's reply to it."""
        emulator, scenario = self.emulator, self.scenario
        assert scenario is not None
        started = time.monotonic()
        sent = await emulator.send_message(scenario.news, scenario.user, f"Read this {url}")

        def replies(message: dict[str, Any]) -> bool:
            reference = message.get("message_reference") or {}
            return str(reference.get("message_id")) == str(sent["id"])

        await emulator.wait_for_message(scenario.news, replies, timeout=limit)
        return time.monotonic() - started

    async def command(self, index: int, url: str) -> tuple[str, float]:
        emulator, scenario = self.emulator, self.scenario
        assert scenario is not None
        kind = ("summarize", "settings", "digest show")[index % 3]
        if kind == "summarize":
            interaction = await emulator.invoke_slash(
                "summarize", {"url": url}, user=scenario.user, channel=scenario.general)
        elif kind == "settings":
            interaction = await emulator.invoke_slash(
                "settings", {}, user=scenario.admin, channel=scenario.general)
        else:
            interaction = await emulator.invoke_slash(
                "digest", {}, subcommand="show", user=scenario.admin, channel=scenario.general)
        response = await interaction.wait_for_response(timeout=30.0)
        return kind, response.elapsed


class LagMonitor:
    """Samples how late a 10 ms sleep wakes up in the loop it runs in."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []  # (time, lag in seconds)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="lag-monitor")

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append((time.monotonic(), loop.time() - before - self.interval))

    def between(self, start: float, end: float) -> list[float]:
        return [lag for moment, lag in self.samples if start <= moment <= end]

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def load_pages(folder: Path) -> dict[str, bytes]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: (folder / "html" / f"{key}.html.gz").read_bytes() for key in sorted(truth)}


async def measure(args: argparse.Namespace) -> dict[str, Any]:  # noqa: PLR0915
    pages = load_pages(args.data / "article_extraction_benchmark")
    keys = list(pages)
    needed = args.steady + args.burst + args.commands + 1
    if len(keys) < needed:
        raise SystemExit(f"need {needed} pages, have {len(keys)}")
    side = Side(pages)
    await side.start()
    emulator = side.emulator
    stop = asyncio.Event()
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_path=Path(folder) / "latency.db", discord_token=emulator.token,
            discord_api_base_url=emulator.api_base_url, discord_gateway_url=emulator.gateway_url,
            allow_private_urls=True, workers=args.workers)
        patch = emulator.configure_discord()
        bot = asyncio.create_task(run_bot(settings, stop), name="newsbot")
        try:
            deadline = time.monotonic() + 120
            while not emulator.identifies:
                if bot.done():
                    bot.result()
                    raise SystemExit("the bot stopped before connecting")
                if time.monotonic() > deadline:
                    raise SystemExit("the bot did not connect in time")
                await asyncio.sleep(0.05)
            await asyncio.sleep(2.0)  # READY, GUILD_CREATEs and the command sync settle
            monitor = LagMonitor()
            monitor.start()
            pool = iter(keys)
            # A first link warms the pipeline (HTTP session, both workers' first task).
            await side.call(side.post_link(side.url(next(pool))))

            steady_start = time.monotonic()
            steady: list[asyncio.Future[float]] = []
            for _ in range(args.steady):
                steady.append(side.call(side.post_link(side.url(next(pool)))))
                await asyncio.sleep(1.0)
            result["steady"] = list(await asyncio.gather(*steady))
            result["steady_lag"] = monitor.between(steady_start, time.monotonic())
            await asyncio.sleep(1.0)

            burst_start = time.monotonic()
            links = [side.call(side.post_link(side.url(next(pool)), limit=120.0))
                     for _ in range(args.burst)]
            commands = []
            for index in range(args.commands):
                await asyncio.sleep(args.command_interval)
                commands.append(side.call(side.command(index, side.url(next(pool)))))
            result["commands"] = list(await asyncio.gather(*commands))
            result["burst"] = list(await asyncio.gather(*links))
            result["burst_lag"] = monitor.between(burst_start, time.monotonic())
            await monitor.stop()
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bot, 60)
            patch.restore()
            await side.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="shared data folder (default: ../shared/data from the repo root)")
    parser.add_argument("--steady", type=int, default=30, help="links at one per second")
    parser.add_argument("--burst", type=int, default=20, help="links posted at once")
    parser.add_argument("--commands", type=int, default=30,
                        help="slash commands issued during the burst")
    parser.add_argument("--command-interval", type=float, default=0.15,
                        help="seconds between the slash commands (default 0.15)")
    parser.add_argument("--workers", type=int, default=0, help="NEWSBOT_WORKERS (0: per core)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(measure(args))

    steady, burst = result["steady"], result["burst"]
    first = [elapsed for _kind, elapsed in result["commands"]]
    ms = 1000.0
    command = " ".join(shlex.quote(part) for part in ["python", "bench/latency.py", *(
        argv if argv is not None else sys.argv[1:])])
    print(f"\n`{command}`\n")
    print("| measurement | n | p50 | p95 | p99 | max | target |")
    print("|---|---|---|---|---|---|---|")

    def row(name: str, values: list[float], target: str) -> None:
        print(f"| {name} | {len(values)} | {percentile(values, 0.5) * ms:.0f} ms | "
              f"{percentile(values, 0.95) * ms:.0f} ms | {percentile(values, 0.99) * ms:.0f} ms "
              f"| {max(values) * ms:.0f} ms | {target} |")

    row("link -> reply, 1 link/s", steady, "p50 <= 500 ms, p95 <= 1000 ms")
    row(f"link -> reply, burst of {args.burst}", burst, "-")
    row("slash command first response during the burst", first, "p99 <= 500 ms")
    row("event-loop lag, steady", result["steady_lag"], "p99 < 50 ms")
    row("event-loop lag, burst", result["burst_lag"], "p99 < 50 ms")
    kinds: dict[str, list[float]] = {}
    for kind, elapsed in result["commands"]:
        kinds.setdefault(kind, []).append(elapsed)
    print("\nfirst response by command: " + ", ".join(
        f"/{kind} p50 {statistics.median(v) * ms:.0f} ms max {max(v) * ms:.0f} ms"
        for kind, v in kinds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
