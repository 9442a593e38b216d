"""Latency of search's date filters (before:/after:) on the scale database.

Usage (from the repository root; build the database first with bench/scale.py):

    python bench/date_filters.py [--db /tmp/newsbot-scale-100000.db] [--rounds 2]

Runs, through ``SearchRepository`` (the storage layer only, no worker pool), over articles
sampled from every server:

- ``after:DAY`` and ``before:DAY`` alone (a listing, latest shared first), DAY the sampled
  article's share day;
- ``after:2020-01-01`` and ``before:2025-11-05`` alone: ranges holding nearly all or nearly
  none of a server's articles;
- ``"topic" after:DAY``: bench/scale.py's own dated query kind (words ranked in the index).

Prints p50/p95/max in milliseconds per kind. Uses only names that exist before and after the
change to publication dates, so the same script measures both revisions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.knowledge.query import parse_query  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.search import SearchFilter, SearchRepository  # noqa: E402


async def measure(path: Path, rounds: int) -> dict[str, list[float]]:
    database = await Database.open(path)
    try:
        rows = await database.fetch_all(
            "SELECT a.scope, a.created_at, max(t.tag) AS tag FROM articles AS a "
            "JOIN article_tags AS t ON t.article_id = a.id WHERE a.id % 89 = 0 "
            "GROUP BY a.id LIMIT 300")
        cases: list[tuple[str, str, SearchFilter]] = []
        for row in rows:
            day = str(row["created_at"])[:10]
            for kind, text in (("after:DAY", f"after:{day}"), ("before:DAY", f"before:{day}"),
                               ("after:2020-01-01", "after:2020-01-01"),
                               ("before:2025-11-05", "before:2025-11-05"),
                               ('"topic" after:DAY', f'"{row["tag"]}" after:{day}')):
                parsed = parse_query(text)
                cases.append((kind, str(row["scope"]), SearchFilter(
                    text=parsed.text(), before=parsed.before, after=parsed.after)))
        repository = SearchRepository(database)
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for kind, scope, search in cases:
                start = time.perf_counter()
                await repository.search(scope, search, 5)
                times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        return times
    finally:
        await database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsbot-scale-100000.db"))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"no database at {args.db}: build it with bench/scale.py", file=sys.stderr)
        return 1
    times = asyncio.run(measure(args.db, args.rounds))
    print("| query | n | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for kind, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(f"| {kind} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | "
              f"{values[-1]:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
