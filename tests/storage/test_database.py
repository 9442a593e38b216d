import sqlite3
from pathlib import Path

import pytest

from storage.database import Database


async def test_a_new_file_is_migrated_to_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "sub" / "new.db")
    try:
        assert await db.scalar("PRAGMA user_version") >= 1
        assert await db.scalar("PRAGMA journal_mode") == "wal"
        assert await db.scalar("PRAGMA foreign_keys") == 1
        tables = {row[0] for row in await db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
        assert {"articles", "article_tags", "shares", "articles_fts"} <= tables
    finally:
        await db.close()


async def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    first = await Database.open(path)
    version = await first.scalar("PRAGMA user_version")
    await first.close()
    second = await Database.open(path)
    try:
        assert await second.scalar("PRAGMA user_version") == version
    finally:
        await second.close()


async def test_a_failed_transaction_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with database.transaction() as connection:
            await connection.execute(
                "INSERT INTO articles (scope, url_key, text, summary, summary_algorithm, "
                "words_in, words_out, created_at) VALUES ('cli', 'k', 't', '[]', 'news', 1, 1, "
                "'2026-01-01T00:00:00+00:00')")
            # The article id does not exist: the foreign key fails, the article goes too.
            await connection.execute(
                "INSERT INTO shares (article_id, shared_at) VALUES (999, '2026-01-01')")
    assert await database.scalar("SELECT count(*) FROM articles") == 0
