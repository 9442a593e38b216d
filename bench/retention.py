"""Retention: how long one expiry batch holds the write lock, and what a reply waits.

Usage (from the repository root):

    .venv/bin/python bench/retention.py [--articles 20000] [--batch 200]

A real SQLite file filled with the bulk loader (articles of ~500 words with 5 topics, 3
people and their sentences, a share each), then half of them expired with the production
call (``ForgettingRepository.expire``, one transaction per batch) while another task stores
an article and reads a page every 20 ms, as replies do. Prints the batch times and how long
those writes waited (medians and p95, one run).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.articles import ArticleRepository  # noqa: E402
from storage.bulk import BulkArticle, BulkPerson, BulkSentence, BulkShare, BulkTag, insert_articles  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.forgetting import ForgettingRepository  # noqa: E402
from storage.models import NewArticle, NewShare  # noqa: E402
from storage.timestamps import to_text  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ["harbour", "ferry", "council", "vote", "budget", "minister", "port", "strike",
         "rail", "grid", "school", "court", "energy", "price", "market", "election"]


def article(number: int) -> BulkArticle:
    when = to_text(START + timedelta(minutes=number))
    text = " ".join(WORDS[(number * 7 + i) % len(WORDS)] for i in range(500))
    people = [BulkPerson(f"person {number % 300 + k}", f"p{number % 300 + k}",
                         f"Person {number % 300 + k}", None, 2, k) for k in range(3)]
    return BulkArticle(
        scope="guild:1", url_key=f"https://news.example.com/{number}",
        canonical_url=f"https://news.example.com/{number}", title=f"Story {number}",
        site_name="Example", author=None, published=None, language="en", text=text,
        summary_json='["A summary."]', summary_algorithm="news", words_in=500, words_out=3,
        created_at=when, tags=[BulkTag(f"topic{(number + k) % 400}", f"Topic {(number + k) % 400}",
                                       k, derived=False) for k in range(5)],
        people=people,
        sentences=[BulkSentence(p.key, "mention", 0, "Person spoke.") for p in people],
        shares=[BulkShare(None, None, "7", "member", "1", str(number), when)])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def main(articles: int, batch: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = await Database.open(Path(folder) / "retention.db")
        for start in range(0, articles, 2000):
            chunk = range(start, min(articles, start + 2000))
            await insert_articles(database, [article(n) for n in chunk])
        forgetting = ForgettingRepository(database)
        repository = ArticleRepository(database)
        cutoff = to_text(START + timedelta(minutes=articles // 2))
        waits: list[float] = []
        done = asyncio.Event()

        async def replies() -> None:
            number = 10**7
            while not done.is_set():
                began = time.perf_counter()
                await repository.save_share("guild:1", NewArticle(
                    url_key=f"https://reply.example.com/{number}", text="A reply.",
                    summary=("A reply.",), summary_algorithm="news", words_in=2, words_out=2),
                    NewShare(shared_at=START + timedelta(days=3650)))
                await repository.recent("guild:1", 10)
                waits.append((time.perf_counter() - began) * 1000)
                number += 1
                await asyncio.sleep(0.02)

        replying = asyncio.create_task(replies())
        batches: list[float] = []
        while True:
            began = time.perf_counter()
            removed = await forgetting.expire("guild:1", cutoff, batch)
            batches.append((time.perf_counter() - began) * 1000)
            if removed < batch:
                break
            await asyncio.sleep(0)
        done.set()
        await replying
        await database.close()
    print(f"`.venv/bin/python bench/retention.py --articles {articles} --batch {batch}`\n")
    print(f"{articles} articles, {articles // 2} expired in {len(batches)} batches of {batch}:")
    print(f"- one batch (one transaction): median {statistics.median(batches):.0f} ms, "
          f"p95 {p95(batches):.0f} ms, max {max(batches):.0f} ms")
    print(f"- a reply meanwhile (store an article + read a page): median "
          f"{statistics.median(waits):.0f} ms, p95 {p95(waits):.0f} ms, max {max(waits):.0f} ms "
          f"({len(waits)} replies)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=200)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.articles, arguments.batch))
