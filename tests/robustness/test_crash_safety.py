"""Crash safety: ``newsbot ingest`` killed with SIGKILL mid-run leaves a sound database.

The digest side (killed between the claim and the last part) is covered by the restart tests
in ``tests/bot/digest/``, which stop the service with an exception nothing may catch.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
from pathlib import Path

from aiohttp import web

from tests.conftest import ARTICLE_HTML, PageServer

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
