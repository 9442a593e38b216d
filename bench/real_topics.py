"""Topics of real pages: what ``/tags`` shows after ingesting the article-extraction benchmark.

Usage (from the repository root):

    python bench/real_topics.py [--data ../shared/data] [--limit N] [--keep DB]

The 181 pages of the Scrapinghub article-extraction benchmark are served gzip-encoded by an
HTTP server on 127.0.0.1 (read from the shared data folder, never copied) and stored with
``newsbot ingest`` into a fresh temporary database. Then it prints:

- the top 20 topics of ``newsbot tags --days 30`` (the command line's ``/tags``, which shows
  15), read with the same repository query;
- tags per article (mean and max) and the share of pages with any tag, with the page's own
  tags and key phrases found in the text (derived) counted apart;
- the topics of that top 20 that the junk rules of ``bot.extraction.tag_rules`` reject
  (none is the goal; a rule rejecting a stored topic means an older database or a bug).

A development set: the rules were written while looking at these pages; report it as such.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shlex
import shutil
import sqlite3
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.ingest import Server, load_pages  # noqa: E402
from bot.scopes import CLI_SCOPE  # noqa: E402

NEWSBOT = Path(sys.executable).with_name("newsbot")
TOP = 20


async def ingest(pages: dict[str, bytes], database: Path) -> str:
    """Run ``newsbot ingest`` on every page into ``database``; its standard output."""
    server = Server(pages)
    await server.start()
    try:
        env = {**os.environ, "NEWSBOT_DATABASE": str(database),
               "NEWSBOT_ALLOW_PRIVATE_URLS": "1"}
        process = await asyncio.create_subprocess_exec(
            str(NEWSBOT), "ingest", *[server.url(key) for key in pages], env=env,
            cwd=database.parent, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        stdout, _stderr = await process.communicate()
        return stdout.decode()
    finally:
        await server.stop()


async def top_tags(database: Path) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The ranking ``newsbot tags --days 30`` prints (its repository query), ``TOP`` long,
    and the headings of one digest of every stored article with their article counts."""
    from bot.digest.compose import compose_digest  # noqa: PLC0415
    from storage.database import Database  # noqa: PLC0415
    from storage.digests import DigestRepository  # noqa: PLC0415
    from storage.topics import TopicRepository  # noqa: PLC0415

    db = await Database.open(database)
    try:
        now = datetime.now(UTC)
        since = now - timedelta(days=30)
        items = await TopicRepository(db).top(CLI_SCOPE, since, TOP)
        candidates = await DigestRepository(db).candidates(CLI_SCOPE, since, now)
    finally:
        await db.close()
    digest = compose_digest(candidates, period_start=since, period_end=now, timezone="UTC",
                            max_items=len(candidates))
    sections = sorted(((section.topic, len(section.items)) for section in digest.sections),
                      key=lambda pair: -pair[1])
    return [(item.name, item.count) for item in items], sections


def tag_counts(database: Path) -> dict[str, list[int]]:
    """Per article: its tags, its page tags and its derived key phrases (three lists)."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT a.id, count(t.tag_key), coalesce(sum(t.derived = 0), 0), "
            "coalesce(sum(t.derived = 1), 0) FROM articles AS a "
            "LEFT JOIN article_tags AS t ON t.article_id = a.id GROUP BY a.id").fetchall()
    return {"all": [row[1] for row in rows], "page": [row[2] for row in rows],
            "derived": [row[3] for row in rows]}


def junk_in(names: list[str]) -> list[str]:
    try:
        from bot.extraction.tag_rules import readable_tag  # noqa: PLC0415
    except ImportError:  # the code before the rules existed
        return []
    return [name for name in names if readable_tag(name) != name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="shared data folder (default: ../shared/data from the repo root)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy the resulting database to this path")
    args = parser.parse_args(argv)

    folder = args.data / "article_extraction_benchmark"
    if not (folder / "ground-truth.json").is_file():
        print(f"benchmark data not found in {folder}", file=sys.stderr)
        return 2
    pages = load_pages(folder, args.limit)
    with tempfile.TemporaryDirectory() as temporary:
        database = Path(temporary) / "topics.db"
        asyncio.run(ingest(pages, database))
        if not database.exists():
            print("the ingest stored nothing", file=sys.stderr)
            return 1
        ranking, sections = asyncio.run(top_tags(database))
        counts = tag_counts(database)
        if args.keep:
            shutil.copyfile(database, args.keep)

    command = " ".join(shlex.quote(part) for part in ["python", "bench/real_topics.py", *(
        argv if argv is not None else sys.argv[1:])])
    stored = len(counts["all"])
    print(f"\n`{command}` — {len(pages)} pages, {stored} stored (development set)\n")
    print(f"top {TOP} `newsbot tags --days 30`: " + ", ".join(
        f"{name} ({count})" for name, count in ranking))
    print("\n| tags per article | mean | max | pages with any |")
    print("|---|---|---|---|")
    for kind, label in (("all", "all"), ("page", "the page's own"),
                        ("derived", "key phrases (derived)")):
        values = counts[kind] or [0]
        with_any = sum(1 for value in values if value) / max(1, stored)
        print(f"| {label} | {statistics.mean(values):.1f} | {max(values)} | {with_any:.0%} |")
    grouped = [pair for pair in sections if pair[1] > 1]
    print(f"\ndigest of all {stored} articles: {len(sections)} headings, {len(grouped)} with more "
          "than one article; the largest: " + ", ".join(
              f"{name} ({count})" for name, count in sections[:12]))
    junk = junk_in([name for name, _count in ranking])
    print(f"\njunk by the rules in the top {TOP}: " + (", ".join(junk) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
