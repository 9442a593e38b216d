"""A worker that reaches its memory ceiling refuses that page and goes on with the next."""

from __future__ import annotations

import resource
from functools import partial
from pathlib import Path

import pytest

from bot.errors import PageTooComplexError
from bot.ingest.processing import Document, SummaryOptions, process_document, start_worker
from bot.runtime.memory_ceiling import memory_ceiling, set_memory_allowance
from bot.runtime.workers import BOT_PRELOAD, WorkerPool

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _memory_hungry_article() -> str:
    # A long plain-text article (no markup bound applies to text): reading it takes tens of
    # megabytes more than the worker maps, an ordinary article about one.
    lines = "\n\n".join(f"Paragraph {number} tells how the council met and what the mayor "
                          "said about the harbour plan, the ferry and the new school."
                          for number in range(60_000))
    return f"Council meets\n\n{lines}"


@pytest.mark.timeout(300)
async def test_a_page_past_the_ceiling_is_refused_and_the_worker_serves_the_next() -> None:
    pool = WorkerPool(1, timeout=240, initializer=partial(start_worker, 100),
                      preload=BOT_PRELOAD)
    try:
        article = Document((FIXTURES / "eastport_ferry.html").read_text(encoding="utf-8"),
                           "html", "https://news.example/ferry")
        first = await pool.run(process_document, article, SummaryOptions())
        await pool.run(set_memory_allowance, 2)  # the one worker: a tight ceiling for its tasks
        with pytest.raises(PageTooComplexError, match="more memory than a worker may use"):
            await pool.run(process_document,
                           Document(_memory_hungry_article(), "text"),
                           SummaryOptions())
        await pool.run(set_memory_allowance, 100)
        again = await pool.run(process_document, article, SummaryOptions())
        assert again.summary == first.summary
    finally:
        pool.close()


def test_the_ceiling_holds_for_the_task_only() -> None:
    # Receiving the next task and sending a result happen outside it, under no ceiling.
    before = resource.getrlimit(resource.RLIMIT_AS)
    set_memory_allowance(64)
    try:
        with memory_ceiling():
            during = resource.getrlimit(resource.RLIMIT_AS)
        assert during[0] != resource.RLIM_INFINITY
        assert during[1] == before[1]
        assert resource.getrlimit(resource.RLIMIT_AS) == before
    finally:
        set_memory_allowance(0)


def test_no_allowance_sets_no_ceiling() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_ceiling():
        assert resource.getrlimit(resource.RLIMIT_AS) == before
