"""Crash safety: a process killed with SIGKILL mid-run leaves a sound database.

``newsbot ingest`` killed while storing articles; the digest loop killed between the parts
of a multi-part digest (``digest_worker.py``, a real process on a real SQLite file), then
restarted: every part is posted exactly once and the run ends "sent". The restart tests in
``tests/bot/digest/`` cover the other interruptions in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from tests.conftest import ARTICLE_HTML, PageServer
from tests.support.digest_world import FakeClock, World
from tests.support.digests import NINE_BERLIN, set_up

PAGES = 40
KILL_AFTER = 12  # pages served before the kill


def serve_articles(page_server: PageServer) -> list[str]:
    urls = []
    for number in range(PAGES):
        url = page_server.url(f"/crash/{number}")
        html = ARTICLE_HTML.replace("{canonical}", url).replace(
            "Harbour council", f"Council number {number}")

        async def handler(_request: web.Request, html: str = html) -> web.Response:
            await asyncio.sleep(0.05)
            return web.Response(text=html, content_type="text/html")

        urls.append(page_server.route(f"/crash/{number}", handler))
    return urls


async def start_ingest(database: Path, urls: list[str], cwd: Path
                       ) -> asyncio.subprocess.Process:
    env = {**os.environ, "NEWSBOT_DATABASE": str(database), "NEWSBOT_ALLOW_PRIVATE_URLS": "1",
           "NEWSBOT_WORKERS": "2"}
    # Its own process group, so the kill takes the worker processes down with it, as a
    # power cut or the OOM killer would.
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ingest", *urls, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        start_new_session=True)


def check_consistent(database: Path) -> int:
    """Integrity and no half-stored article; returns the number of articles."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        # Every article came with its share, its tags and its search row, or not at all.
        assert db.execute("SELECT count(*) FROM articles WHERE id NOT IN "
                          "(SELECT article_id FROM shares)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM articles WHERE id NOT IN "
                          "(SELECT article_id FROM article_tags)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == articles
        assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH "
                          "'ferry'").fetchone()[0] == articles
        assert db.execute("SELECT count(*) FROM (SELECT url_key FROM articles GROUP BY "
                          "scope, url_key HAVING count(*) > 1)").fetchone()[0] == 0
        return int(articles)


async def test_an_ingest_killed_mid_run_leaves_nothing_half_stored(
        page_server: PageServer, tmp_path: Path) -> None:
    urls = serve_articles(page_server)
    database = tmp_path / "crash.db"

    process = await start_ingest(database, urls, tmp_path)
    try:
        async with asyncio.timeout(90):
            while sum(page_server.hits.values()) < KILL_AFTER:
                if process.returncode is not None:
                    break
                await asyncio.sleep(0.01)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.communicate()
    assert process.returncode == -signal.SIGKILL
    stored_before = check_consistent(database)
    assert stored_before < PAGES  # it really was cut short

    process = await start_ingest(database, urls, tmp_path)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()[-2000:]
    summary = stdout.decode().strip().splitlines()[-1]
    assert summary.startswith(f"{PAGES - stored_before} stored, {stored_before} duplicate, "
                              "0 failed"), summary
    assert check_consistent(database) == PAGES


# --- digests ---------------------------------------------------------------------------------

DIGEST_ARTICLES = 5  # three parts of two articles (digest_worker.ITEMS_PER_PART)
REPO = Path(__file__).resolve().parents[2]


async def start_digest_worker(database: Path, channel: Path, now: str,
                              *options: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.robustness.digest_worker", str(database), str(channel),
        now, *options, cwd=REPO, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, start_new_session=True)


def channel_lines(channel: Path) -> list[tuple[str, int]]:
    return [(ref, int(part)) for ref, part, _id in
            (line.split() for line in channel.read_text().splitlines())]


def digest_rows(database: Path) -> list[tuple[str, str, list[int]]]:
    """Integrity, then every run: state, ref and the message ids it records."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return [(state, ref, [int(i) for i in json.loads(ids)]) for state, ref, ids in
                db.execute("SELECT state, ref, message_ids FROM digest_runs ORDER BY id")]


async def test_a_digest_killed_between_its_parts_is_finished_once_after_restart(
        tmp_path: Path) -> None:
    database, channel = tmp_path / "digest.db", tmp_path / "channel.txt"
    world = World(database, FakeClock(NINE_BERLIN - timedelta(hours=3)))
    await world.open()
    try:
        await set_up(world.service)
        for number in range(DIGEST_ARTICLES):
            await world.share(1, f"Story number {number}")
    finally:
        await world.close()

    # The first process posts part 1 of 3, and is killed before part 2.
    process = await start_digest_worker(database, channel,
                                        (NINE_BERLIN + timedelta(seconds=5)).isoformat(),
                                        "--hold-after", "1")
    try:
        assert process.stdout is not None
        async with asyncio.timeout(60):
            while (line := await process.stdout.readline()) != b"HELD\n":
                assert line, "the worker ended before posting part 1"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _out, stderr = await process.communicate()
    assert process.returncode == -signal.SIGKILL, stderr.decode()[-2000:]
    ((ref, part),) = channel_lines(channel)
    assert part == 1
    # Nothing half-stored: the run is still claimed ("composing") and records no message.
    assert digest_rows(database) == [("composing", ref, [])]

    # After a restart the run is resumed: parts 2 and 3 only.
    process = await start_digest_worker(database, channel,
                                        (NINE_BERLIN + timedelta(minutes=2)).isoformat())
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert channel_lines(channel) == [(ref, 1), (ref, 2), (ref, 3)]
    assert digest_rows(database) == [("sent", ref, [1, 2, 3])]
    outcome = json.loads(stdout.decode().splitlines()[-1])
    assert [run["state"] for run in outcome["1"]] == ["sent"]

    # And a later start finds nothing left to do: nothing is repeated.
    process = await start_digest_worker(database, channel,
                                        (NINE_BERLIN + timedelta(minutes=3)).isoformat())
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert stdout.decode().splitlines()[-1] == "{}"
    assert len(channel_lines(channel)) == 3
    assert digest_rows(database) == [("sent", ref, [1, 2, 3])]
