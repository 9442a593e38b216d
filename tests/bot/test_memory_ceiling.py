"""A worker that reaches its memory ceiling refuses that page and goes on with the next."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from bot.errors import PageTooComplexError
from bot.processing import Document, SummaryOptions, process_document, start_worker
from bot.workers import WorkerPool

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _memory_hungry_page() -> str:
    # Inside the element and size bounds, but its tree and text need far more than 40 MB.
    paragraphs = "".join(f"<p>Paragraph {number} tells how the council met and what the "
                         "mayor said about the harbour plan.</p>" for number in range(19_000))
    return f"<html><body><article>{paragraphs}</article></body></html>"


@pytest.mark.timeout(300)
async def test_a_page_past_the_ceiling_is_refused_and_the_worker_serves_the_next() -> None:
    pool = WorkerPool(1, timeout=240, initializer=partial(start_worker, 40))
    try:
        article = Document((FIXTURES / "eastport_ferry.html").read_text(encoding="utf-8"),
                           "html", "https://news.example/ferry")
        first = await pool.run(process_document, article, SummaryOptions())
        with pytest.raises(PageTooComplexError, match="more memory than a worker may use"):
            await pool.run(process_document,
                           Document(_memory_hungry_page(), "html", "https://news.example/big"),
                           SummaryOptions())
        again = await pool.run(process_document, article, SummaryOptions())
        assert again.summary == first.summary
    finally:
        pool.close()
