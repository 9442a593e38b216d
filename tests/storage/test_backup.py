"""Backups of the SQLite database: consistent while it is written, restored only when safe."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.articles import ArticleRepository
from storage.backup import BackupError, backup, check, in_use, restore
from storage.database import Database, latest_version
from storage.models import NewArticle, NewShare


def story(number: int) -> NewArticle:
    return NewArticle(url_key=f"https://news.example.com/{number}", text=f"Story {number}.",
                      summary=(f"Story {number}.",), summary_algorithm="news", words_in=2,
                      words_out=2, title=f"Story {number}")


async def stored(path: Path, numbers: range) -> None:
    database = await Database.open(path)
    try:
        for number in numbers:
            await ArticleRepository(database).save_share(
                "guild:1", story(number), NewShare(shared_at=datetime(2026, 1, 1, tzinfo=UTC)))
    finally:
        await database.close()


async def test_a_backup_is_a_sound_copy_with_the_same_rows(tmp_path: Path) -> None:
    await stored(tmp_path / "newsbot.db", range(3))
    health = backup(tmp_path / "newsbot.db", tmp_path / "copy.db")
    assert health.sound
    assert health.rows["articles"] == 3
    assert health.schema_version == latest_version("sqlite")
    assert check(tmp_path / "copy.db").rows == check(tmp_path / "newsbot.db").rows


async def test_a_backup_taken_during_writes_holds_every_committed_article(
        tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    await stored(path, range(1))
    writing = threading.Event()
    done = threading.Event()

    def keep_writing() -> None:  # another connection committing article after article
        with sqlite3.connect(path) as connection:
            number = 1000
            while not done.is_set():
                connection.execute(
                    "INSERT INTO articles (scope, url_key, text, summary, summary_algorithm, "
                    "words_in, words_out, created_at) VALUES ('guild:1', ?, 't', '[]', 'news', "
                    "1, 1, '2026-01-01')", (f"k{number}",))
                connection.commit()
                number += 1
                writing.set()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        writing.wait()
        committed_before = check(path).rows["articles"]
        health = backup(path, tmp_path / "copy.db")
    finally:
        done.set()
        writer.join()
    assert health.sound
    assert health.rows["articles"] >= committed_before


async def test_a_restore_replaces_the_database_and_checks_it(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    await stored(path, range(2))
    backup(path, tmp_path / "copy.db")
    await stored(path, range(2, 5))  # written after the backup
    restored = restore(tmp_path / "copy.db", path)
    assert restored.sound
    assert restored.rows["articles"] == 2
    database = await Database.open(path)  # usable again, and searchable
    try:
        assert await ArticleRepository(database).count("guild:1") == 2
    finally:
        await database.close()


def test_a_restore_is_refused_while_another_process_has_the_database_open(
        tmp_path: Path) -> None:
    path = tmp_path / "newsbot.db"
    asyncio.run(stored(path, range(2)))
    backup(path, tmp_path / "copy.db")
    holder = subprocess.Popen(  # a running bot: holds the database open until told to stop
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT 1 FROM articles').fetchall(); print('open', flush=True); "
         "sys.stdin.read()", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        assert in_use(path)
        with pytest.raises(BackupError, match="in use"):
            restore(tmp_path / "copy.db", path)
    finally:
        holder.communicate("")
    assert not in_use(path)
    assert check(path).rows["articles"] == 2  # nothing was changed


def test_a_damaged_backup_is_never_restored(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    target = tmp_path / "newsbot.db"
    target.write_bytes(b"keep me")
    with pytest.raises(BackupError):
        restore(damaged, target)
    assert target.read_bytes() == b"keep me"


def test_bad_paths_are_named(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="does not exist"):
        backup(tmp_path / "missing.db", tmp_path / "copy.db")
    (tmp_path / "exists.db").write_bytes(b"")
    with pytest.raises(BackupError, match="already exists"):
        backup(tmp_path / "missing.db", tmp_path / "exists.db")
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(BackupError, match=r"not a newsbot database|cannot"):
        check(tmp_path / "notes.txt")
