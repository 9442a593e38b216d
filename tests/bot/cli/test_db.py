"""``newsbot db copy``: the command's output, refusals and exit codes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli.main import main
from storage import copying
from storage.database import Database
from tests.storage.test_copying import fill

pytestmark = pytest.mark.usefixtures("workspace")


async def filled(path: Path) -> None:
    database = await Database.open(path)
    try:
        await fill(database)
    finally:
        await database.close()


def test_copy_to_postgresql_and_back_prints_equal_counts_and_a_rerun_copies_nothing(
        workspace: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(filled(workspace / "news.db"))
    assert main(["db", "copy", "news.db", postgres_url]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "articles" in out
    assert "differs" not in out
    assert "every table's count agrees" in out
    assert "rows copied from news.db to postgresql://" in out
    assert main(["db", "copy", "news.db", postgres_url]) == 0
    assert "0 rows copied" in capsys.readouterr().out
    assert main(["db", "copy", postgres_url, "sqlite:///back.db"]) == 0
    assert "every table's count agrees" in capsys.readouterr().out
    assert (workspace / "back.db").is_file()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_a_target_that_is_the_source_is_refused(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(filled(workspace / "news.db"))
    assert main(["db", "copy", "news.db", f"sqlite:///{workspace}/news.db"]) == 1
    assert "is the source" in one_line_error(capsys)


def test_a_missing_or_foreign_source_is_refused_and_nothing_is_created(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "copy", "missing.db", "copy.db"]) == 1
    assert "the source missing.db does not exist" in one_line_error(capsys)
    (workspace / "notes.db").write_text("shopping list " * 100)
    assert main(["db", "copy", "notes.db", "copy.db"]) == 1
    assert "not a newsbot database" in one_line_error(capsys)
    assert not (workspace / "copy.db").exists()


def test_an_unreachable_target_is_one_line_without_the_password(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(filled(workspace / "news.db"))
    assert main(["db", "copy", "news.db", "postgresql://newsbot:hunter2@127.0.0.1:1/news"]) == 1
    err = one_line_error(capsys)
    assert "cannot be reached" in err
    assert "hunter2" not in err


def test_differing_counts_name_the_tables_and_exit_1(
        workspace: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(filled(workspace / "news.db"))
    real_count = copying._count

    async def short_of_one(database: Database, table: str) -> int:
        counted = await real_count(database, table)
        return counted - 1 if table == "shares" and database.location.endswith("copy.db") \
            else counted

    monkeypatch.setattr("storage.copying._count", short_of_one)
    assert main(["db", "copy", "news.db", "copy.db"]) == 1
    captured = capsys.readouterr()
    assert "error: after the copy the row counts differ in shares" in captured.err
    assert "differs" in captured.out
