"""Time and peak memory of the worst pages a worker can be handed.

Usage (from the repository root):

    .venv/bin/python bench/hostile_pages.py [--memory-mb 768] [--timeout 30]

Each page below is built here, then processed the way the bot processes a fetched page:
``process_document`` (with people and key phrases) in a worker of the bot's pool, forked
from the preloaded forkserver, under the worker memory ceiling. A fresh worker serves each
page, so the peak resident memory (VmHWM) printed is that page's own. Goal: every page
refused or done within 5 s and 400 MB per worker.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.errors import NewsbotError
from bot.extraction.complexity import MAX_ELEMENTS, MAX_MARKUP_CHARACTERS
from bot.ingest.processing import (
    Document,
    ProcessedArticle,
    SummaryOptions,
    process_document,
    start_worker,
)
from bot.runtime.workers import BOT_PRELOAD, WorkerPool

SENTENCE = "The council met on Monday and the mayor said the harbour plan would go ahead. "


def _page(body: str) -> str:
    return f"<html><head><title>Hostile page</title></head><body>{body}</body></html>"


PAGES: dict[str, Callable[[], str]] = {
    "1,000,000 <p>": lambda: _page("<p>word</p>" * 1_000_000),
    f"{MAX_ELEMENTS - 100:,} <p> of a sentence (the most elements let through)":
        lambda: _page("".join(f"<p>{number}. {SENTENCE}</p>"
                              for number in range(MAX_ELEMENTS - 100))),
    f"one paragraph of {MAX_MARKUP_CHARACTERS * 0.95 / 1e6:.2g} million characters":
        lambda: _page("<p>" + SENTENCE * (int(MAX_MARKUP_CHARACTERS * 0.95) // len(SENTENCE))
                      + "</p>"),
    "100,000 nested <div>": lambda: _page("<div>" * 100_000 + f"<p>{SENTENCE * 5}</p>"
                                          + "</div>" * 100_000),
    "20,000 nested <div> around 2,000 paragraphs":
        lambda: _page("<div>" * 20_000 + "".join(f"<p>{n}. {SENTENCE}</p>" for n in range(2000))
                      + "</div>" * 20_000),
    "600,000 unclosed <script>": lambda: _page("<script>" * 600_000),
    "4 MB of inline SVG and 500 paragraphs":
        lambda: _page("<svg>" + "<path d='M0 0L1 1'/>" * 200_000 + "</svg>"
                      + "".join(f"<p>{n}. {SENTENCE}</p>" for n in range(500))),
}


def measured(document: Document) -> tuple[str, float, float, int]:
    """Runs in the worker: the outcome, wall and CPU seconds, and the worker's peak RSS."""
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        result: ProcessedArticle | None = process_document(document, SummaryOptions(),
                                                           understand=True)
        outcome = f"done ({len(result.article.text):,} characters)"
    except NewsbotError as error:
        outcome = f"refused: {error}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return outcome, seconds, cpu, peak_kb // 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=768)
    parser.add_argument("--timeout", type=float, default=30.0)
    options = parser.parse_args()
    print(f"worker memory allowance {options.memory_mb} MB, time limit {options.timeout:g} s\n")
    print("| page | HTML MB | outcome | wall s | CPU s | worker peak RSS MB |")
    print("|---|---|---|---|---|---|")
    times: list[float] = []
    for name, build in PAGES.items():
        html = build()
        pool = WorkerPool(1, options.timeout, initializer=partial(start_worker, options.memory_mb),
                          preload=BOT_PRELOAD)
        try:
            outcome, seconds, cpu, peak = await pool.run(
                measured, Document(html, "html", "https://news.example/hostile"))
        except NewsbotError as error:
            outcome, seconds, cpu, peak = f"worker: {error}", options.timeout, 0.0, 0
        finally:
            pool.close()
        times.append(seconds)
        print(f"| {name} | {len(html) / 1e6:.1f} | {outcome[:90]} | {seconds:.2f} | {cpu:.2f} "
              f"| {peak} |")
    print(f"\nmedian {statistics.median(times):.2f} s, worst {max(times):.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
