"""People of real pages: the top of ``newsbot people`` after ingesting the benchmark pages.

Usage (from the repository root):

    python bench/real_pages.py --people [--data ../shared/data] [--top 20] [--limit N]
                               [--database PATH] [--keep]

The 181 pages of the article-extraction benchmark (read from the shared data folder, never
copied into the repository) are written, decompressed, to a temporary folder and stored with
``newsbot ingest FOLDER`` into a fresh temporary database, exactly as a user would; then the
scope's most named people are read back through the people repository (what ``newsbot people``
and ``/people`` print). With ``--database`` an existing database is read instead of ingesting
(``--keep`` leaves the temporary one in place and prints its path, for reruns).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.ingest.articles import CLI_SCOPE  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.models import NameCount  # noqa: E402
from storage.people import PeopleRepository  # noqa: E402

# ../shared/data beside the repository (or beside a folder of worktrees holding it).
DATA = next((parent / "shared" / "data" for parent in ROOT.parents
             if (parent / "shared" / "data").is_dir()), ROOT / ".." / "shared" / "data")
NEWSBOT = Path(sys.executable).with_name("newsbot")


def write_pages(folder: Path, out: Path, limit: int | None = None) -> int:
    """The benchmark's pages as ``<id>.html`` files in ``out``; returns how many."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    for key in keys:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        (out / f"{key}.html").write_bytes(html)
    return len(keys)


def ingest(pages: Path, database: Path) -> float:
    """``newsbot ingest pages`` into ``database``; returns the seconds it took."""
    env = {**os.environ, "NEWSBOT_DATABASE": str(database), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run([str(NEWSBOT), "ingest", str(pages)], env=env, check=False,
                   stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


async def top_people(database: Path, limit: int) -> list[NameCount]:
    db = await Database.open(database)
    try:
        since = datetime.now(UTC) - timedelta(days=30)
        return await PeopleRepository(db).top(CLI_SCOPE, since, limit)
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", action="store_true", help="print the top people")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--database", type=Path, help="read this database, do not ingest")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args(argv)
    folder = args.data / "article_extraction_benchmark"
    if args.database is None and not folder.is_dir():
        print(f"no benchmark pages at {folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsbot-real-") as temp:
        database = args.database
        if database is None:
            pages = Path(temp) / "pages"
            pages.mkdir()
            count = write_pages(folder, pages, args.limit)
            database = (Path(tempfile.mkdtemp(prefix="newsbot-real-db-")) if args.keep
                        else Path(temp)) / "newsbot.db"
            seconds = ingest(pages, database)
            print(f"ingested {count} pages in {seconds:.0f} s into {database}")
        people = asyncio.run(top_people(database, args.top))
    print(f"top {args.top} people:")
    for index, person in enumerate(people, start=1):
        print(f"{index:>3}. {person.name} ({person.count})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
