"""Ingest throughput: ``newsbot ingest`` end to end against the raw library rate.

Usage (from the repository root):

    /work/venv/bin/python bench/ingest.py [--data ../shared/data] [--limit N] [--workers N]

The 181 pages of the Scrapinghub article-extraction benchmark are served gzip-encoded by an
HTTP server on 127.0.0.1 (read from the shared data folder, never copied). Then:

1. **End to end**: ``newsbot ingest URL…`` runs as a subprocess on every page, into a fresh
   temporary database; the time is measured from process start to exit (imports, worker
   start-up and warm-up included) and, separately, from the first page request to exit.
2. **Raw**: extraction (``bot.extraction.html.extract_html``), summarizing
   (``bot.summarizing.summarize``) and person recognition (``bot.people.find_people``) called
   directly, one after the other, in this one process, on the same pages (after a warm-up).

Prints both rates in articles per second and their ratio (target: end to end >= 1.5 x raw on
a 2-core machine), and, sampled from /proc every 0.1 s during the ingest, the CPU seconds and
peak resident memory of each of its processes (main, forkserver, workers) against the raw
run's CPU seconds: on a machine shared with other work the CPU split is the steadier figure.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.errors import NewsbotError  # noqa: E402
from bot.extraction.html import extract_html  # noqa: E402
from bot.ingest.processing import prepare_worker  # noqa: E402
from bot.people import find_people  # noqa: E402
from bot.scopes import CLI_SCOPE  # noqa: E402
from bot.summarizing import summarize  # noqa: E402
from storage.articles import ArticleRepository  # noqa: E402
from storage.database import Database  # noqa: E402

NEWSBOT = Path(sys.executable).with_name("newsbot")


def load_pages(folder: Path, limit: int | None) -> dict[str, bytes]:
    """Page key -> the gzip-compressed HTML exactly as stored."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    return {key: (folder / "html" / f"{key}.html.gz").read_bytes() for key in keys}


class Server:
    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.first_request: float | None = None
        self.served = 0
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        if self.first_request is None:
            self.first_request = time.perf_counter()
        body = self.pages.get(request.match_info["key"])
        if body is None:
            return web.Response(status=404)
        self.served += 1
        return web.Response(body=body, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "gzip"})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/article/{key}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/article/{key}"


_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class ProcessUse:
    role: str  # main, forkserver, worker or helper
    cpu: float  # seconds, user + system
    peak_rss: int  # bytes, the largest VmRSS sampled


def _sample_tree(root: int, seen: dict[int, ProcessUse]) -> None:
    """Update ``seen`` with the CPU time and resident set of ``root`` and every process below."""

    def visit(pid: int, role: str) -> None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / _TICKS
            rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            children = [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                        for child in (task / "children").read_text().split()]
            command = {child: Path(f"/proc/{child}/cmdline").read_bytes() for child in children}
        except (OSError, ValueError, IndexError):  # the process has just exited
            return
        before = seen.get(pid)
        seen[pid] = ProcessUse(role, cpu, max(rss, before.peak_rss if before else 0))
        for child, line in command.items():
            visit(child, "worker" if role == "forkserver" else "forkserver"
                  if b"forkserver" in line else "helper")

    visit(root, "main")


async def _watch(root: int, seen: dict[int, ProcessUse]) -> None:
    """Sample the ingest's processes every 0.1 s (0.5 ms of CPU each time) until cancelled."""
    while True:
        await asyncio.to_thread(_sample_tree, root, seen)
        await asyncio.sleep(0.1)


def by_role(seen: dict[int, ProcessUse]) -> dict[str, list[ProcessUse]]:
    roles: dict[str, list[ProcessUse]] = {}
    for use in seen.values():
        roles.setdefault(use.role, []).append(use)
    return roles


async def stored_count(database: Path) -> int:
    """How many articles ``newsbot ingest`` stored, read through the article repository."""
    opened = await Database.open_read_only(database)
    try:
        return await ArticleRepository(opened).count(CLI_SCOPE)
    finally:
        await opened.close()


async def end_to_end(pages: dict[str, bytes], workers: int | None
                     ) -> tuple[float, float, int, str, dict[int, ProcessUse]]:
    """(total seconds, seconds from first request, stored count, stderr tail, use by pid)."""
    server = Server(pages)
    await server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.db"
            env = {**os.environ, "NEWSBOT_DATABASE": str(database),
                   "NEWSBOT_ALLOW_PRIVATE_URLS": "1"}
            if workers is not None:
                env["NEWSBOT_WORKERS"] = str(workers)
            urls = [server.url(key) for key in pages]
            started = time.perf_counter()
            process = await asyncio.create_subprocess_exec(
                str(NEWSBOT), "ingest", *urls, env=env, cwd=folder,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            seen: dict[int, ProcessUse] = {}
            watcher = asyncio.create_task(_watch(process.pid, seen))
            stdout, stderr = await process.communicate()
            finished = time.perf_counter()
            watcher.cancel()
            stored = await stored_count(database)
            failed = [line for line in stdout.decode().splitlines() if line.startswith("failed")]
            for line in failed:
                print("  " + line, file=sys.stderr)
            first = server.first_request or started
            return finished - started, finished - first, stored, stderr.decode()[-500:], seen
    finally:
        await server.stop()


def raw_rate(pages: dict[str, bytes]) -> tuple[float, int, dict[str, float]]:
    """(seconds, articles processed, seconds per stage and CPU seconds under ``"cpu"``) for
    the library called directly."""
    prepare_worker()  # the model loaded, as in a ready worker
    texts = {key: gzip.decompress(body).decode("utf-8", "replace")
             for key, body in pages.items()}
    stages = {"extract": 0.0, "summarize": 0.0, "people": 0.0}
    done = 0
    started, cpu = time.perf_counter(), time.process_time()
    for key, html in texts.items():
        try:
            t0 = time.perf_counter()
            article = extract_html(html, f"http://127.0.0.1/article/{key}")
            t1 = time.perf_counter()
            summarize(article.text, title=article.title)
            t2 = time.perf_counter()
            find_people(article.text, title=article.title)
            t3 = time.perf_counter()
        except NewsbotError:
            continue
        stages["extract"] += t1 - t0
        stages["summarize"] += t2 - t1
        stages["people"] += t3 - t2
        done += 1
    stages["cpu"] = time.process_time() - cpu
    return time.perf_counter() - started, done, stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="shared data folder (default: ../shared/data from the repo root)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--workers", type=int, default=None,
                        help="NEWSBOT_WORKERS for the ingest (default: one per core)")
    parser.add_argument("--skip-raw", action="store_true", help="only the end-to-end run")
    args = parser.parse_args(argv)

    folder = args.data / "article_extraction_benchmark"
    if not (folder / "ground-truth.json").is_file():
        print(f"benchmark data not found in {folder}", file=sys.stderr)
        return 2
    pages = load_pages(folder, args.limit)
    count = len(pages)

    total, from_first, stored, stderr, cpu = asyncio.run(end_to_end(pages, args.workers))
    if stored == 0:
        print(f"the ingest stored nothing; its standard error ended with:\n{stderr}",
              file=sys.stderr)
        return 1
    raw_seconds, raw_done, stages = (0.0, 0, {}) if args.skip_raw else raw_rate(pages)

    command = " ".join(shlex.quote(part) for part in ["python", "bench/ingest.py", *(
        argv if argv is not None else sys.argv[1:])])
    print(f"\n`{command}` — {count} pages, {os.cpu_count()} cores\n")
    print("| run | articles | seconds | articles/s |")
    print("|---|---|---|---|")
    print(f"| `newsbot ingest`, process start to exit | {stored} | {total:.1f} | "
          f"{stored / total:.2f} |")
    print(f"| `newsbot ingest`, first request to exit | {stored} | {from_first:.1f} | "
          f"{stored / from_first:.2f} |")
    if raw_done:
        raw = raw_done / raw_seconds
        print(f"| raw library, one process (extract {stages['extract']:.1f} s, summarize "
              f"{stages['summarize']:.1f} s, people {stages['people']:.1f} s) | {raw_done} | "
              f"{raw_seconds:.1f} | {raw:.2f} |")
    roles = by_role(cpu)
    print("\nCPU seconds of the ingest, by process: " + ", ".join(
        f"{role} {sum(use.cpu for use in uses):.1f}" + (f" ({len(uses)})" if len(uses) > 1 else "")
        for role, uses in sorted(roles.items())) +
        f"; total {sum(use.cpu for use in cpu.values()):.1f}" +
        (f" (raw, one process: {stages['cpu']:.1f})" if raw_done else ""))
    print("Peak resident memory (VmRSS, MB): " + ", ".join(
        f"{role} " + " + ".join(f"{use.peak_rss / 2**20:.0f}" for use in uses)
        for role, uses in sorted(roles.items())))
    if raw_done:
        print(f"\nratio end to end / raw: **{stored / total / raw:.2f}x** (process start), "
              f"{stored / from_first / raw:.2f}x (from the first request); target >= 1.5x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
