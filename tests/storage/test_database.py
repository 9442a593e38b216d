import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage.articles
from storage.articles import ArticleRepository
from storage.database import Database, DatabaseError, IntegrityError
from storage.fts import TextQuery
from storage.models import NewArticle, NewShare, Tag
from storage.search import SearchFilter, SearchRepository


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
    with pytest.raises(IntegrityError):  # noqa: PT012  the whole transaction fails
        async with database.transaction() as connection:
            await connection.execute(
                "INSERT INTO articles (scope, url_key, text, summary, summary_algorithm, "
                "words_in, words_out, created_at) VALUES ('cli', 'k', 't', '[]', 'news', 1, 1, "
                "'2026-01-01T00:00:00+00:00')")
            # The article id does not exist: the foreign key fails, the article goes too.
            await connection.execute(
                "INSERT INTO shares (article_id, shared_at) VALUES (999, '2026-01-01')")
    assert await database.scalar("SELECT count(*) FROM articles") == 0


class Stalled:
    """Holds a transaction open where the test wants it, then lets it fail or finish."""

    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.go_on = asyncio.Event()

    async def hold(self) -> None:
        self.inside.set()
        await self.go_on.wait()


INSERT_ARTICLE = (
    "INSERT INTO articles (scope, url_key, text, summary, summary_algorithm, words_in, "
    "words_out, created_at) VALUES ('cli', ?, 't', '[]', 'news', 1, 1, "
    "'2026-01-01T00:00:00+00:00')")


async def test_a_read_beside_an_open_transaction_sees_only_committed_rows(
        database: Database) -> None:
    stalled = Stalled()

    async def rolled_back() -> None:
        async with database.transaction() as connection:
            await connection.execute(INSERT_ARTICLE, ("uncommitted",))
            await stalled.hold()
            raise RuntimeError("the rest of the article failed")

    writer = asyncio.create_task(rolled_back())
    await stalled.inside.wait()
    seen_meanwhile = await database.scalar("SELECT count(*) FROM articles")
    stalled.go_on.set()
    with pytest.raises(RuntimeError):
        await writer
    assert seen_meanwhile == 0
    assert await database.scalar("SELECT count(*) FROM articles") == 0


async def test_a_transaction_reads_its_own_rows_and_others_see_them_once_committed(
        database: Database) -> None:
    async with database.transaction() as connection:
        await connection.execute(INSERT_ARTICLE, ("mine",))
        assert await database.scalar("SELECT count(*) FROM articles") == 1
    assert await database.scalar("SELECT url_key FROM articles") == "mine"


async def test_every_task_reads_what_it_committed_however_many_read_at_once(
        database: Database) -> None:
    async def write_then_read(number: int) -> object:
        async with database.transaction() as connection:
            await connection.execute(INSERT_ARTICLE, (f"key {number}",))
        # Many reads of the whole table run meanwhile; none may pin an older snapshot.
        await database.fetch_one("SELECT * FROM articles")
        await asyncio.gather(database.fetch_one("SELECT * FROM articles"),
                             database.fetch_all("SELECT * FROM articles"))
        return await database.scalar("SELECT url_key FROM articles WHERE url_key = ?",
                                     (f"key {number}",))

    found = await asyncio.gather(*(write_then_read(number) for number in range(40)))
    assert found == [f"key {number}" for number in range(40)]


async def test_a_search_never_shows_an_article_that_is_then_rolled_back(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    stalled = Stalled()

    async def share_that_fails(*_args: object) -> int:
        await stalled.hold()  # the article and its tags are written, the transaction open
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(storage.articles, "_insert_share", share_that_fails)
    article = NewArticle(url_key="https://news.example.com/ferry", text="The ferry sank.",
                         summary=("The ferry sank.",), summary_algorithm="news", words_in=3,
                         words_out=3, title="Ferry news", tags=(Tag("ferry", "ferry"),))
    saving = asyncio.create_task(ArticleRepository(database).save_share(
        "guild:1", article, NewShare(shared_at=datetime(2026, 1, 1, tzinfo=UTC))))
    await stalled.inside.wait()
    search = SearchRepository(database)
    by_word = await search.search("guild:1", SearchFilter(text=TextQuery(("ferry",))), 10)
    by_date = await search.search("guild:1", SearchFilter(), 10)
    by_tag = await search.search("guild:1", SearchFilter(tag_keys=("ferry",)), 10)
    stalled.go_on.set()
    with pytest.raises(DatabaseError):
        await saving
    assert by_word.total == by_date.total == by_tag.total == 0
    assert (await search.search("guild:1", SearchFilter(), 10)).total == 0


async def test_a_database_in_memory_works_with_reads_waiting_for_writes() -> None:
    database = await Database.open(":memory:")
    try:
        stalled = Stalled()

        async def rolled_back() -> None:
            async with database.transaction() as connection:
                await connection.execute(INSERT_ARTICLE, ("memory",))
                await stalled.hold()
                raise RuntimeError("the rest of the article failed")

        writer = asyncio.create_task(rolled_back())
        await stalled.inside.wait()
        reading = asyncio.create_task(database.scalar("SELECT count(*) FROM articles"))
        stalled.go_on.set()
        with pytest.raises(RuntimeError):
            await writer
        assert await reading == 0  # it waited for the write to end, and never saw it half done
        async with database.transaction() as connection:
            await connection.execute(INSERT_ARTICLE, ("kept",))
        assert await database.scalar("SELECT url_key FROM articles") == "kept"
    finally:
        await database.close()


async def test_reads_cannot_write_and_maintenance_goes_through_the_writer(
        sqlite_database: Database) -> None:
    database = sqlite_database
    with pytest.raises(DatabaseError, match="readonly"):
        await database.fetch_all("ANALYZE")
    await database.maintain("ANALYZE")
    await database.maintain("PRAGMA wal_checkpoint(TRUNCATE)")
    assert await database.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                 ) == 1
