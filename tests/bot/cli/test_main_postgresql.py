"""The command line on a PostgreSQL server: NEWSBOT_DATABASE or --database given a URL."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.cli.main import main
from storage.postgresql import redacted
from tests.conftest import ARTICLE_TEXT

pytestmark = pytest.mark.usefixtures("workspace")  # tests/conftest.py: an empty folder


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    host = parts.hostname or "127.0.0.1"
    netloc = f"{user}:{password}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def elsewhere(url: str, *, port: int | None = None, database: str | None = None) -> str:
    parts = urlsplit(url)
    if port is not None:
        netloc = parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc
        parts = parts._replace(netloc=f"{netloc}:{port}")
    if database is not None:
        parts = parts._replace(path=f"/{database}")
    return urlunsplit(parts)


async def stored_titles(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        return [row[0] for row in await connection.fetch("SELECT title FROM articles")]
    finally:
        await connection.close()


def test_ingest_stores_on_a_postgresql_url_and_the_output_hides_the_password(
        workspace: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    monkeypatch.setenv("NEWSBOT_DATABASE", postgres_url)
    assert main(["ingest", "story.txt"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "1 stored" in out
    assert f"({redacted(postgres_url)})" in out
    assert main(["ingest", "story.txt"]) == 0
    assert "0 stored, 1 duplicate" in capsys.readouterr().out  # the same server, read back
    assert asyncio.run(stored_titles(postgres_url)) == [
        "Harbour council approves new ferry terminal after long debate"]
    assert not (workspace / "newsbot.db").exists()  # nothing went to the SQLite default


# Remove the mark once full-text search (and tags' instr) run on PostgreSQL (the lead's port).
def test_search_and_tags_on_a_postgresql_url(
        workspace: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["ingest", "story.txt", "--database", postgres_url]) == 0
    capsys.readouterr()
    assert main(["search", "ferry", "--database", postgres_url]) == 0
    assert "Harbour council" in capsys.readouterr().out
    assert main(["tags", "--database", postgres_url]) == 0
    assert "ferry terminal (1)" in capsys.readouterr().out


def test_the_database_option_takes_a_url_and_postgres_is_the_same_scheme(
        workspace: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    short = "postgres://" + postgres_url.split("://", 1)[1]
    assert main(["ingest", "story.txt", "--database", short]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["--database", postgres_url, "ingest", "story.txt"]) == 0
    assert "1 duplicate" in capsys.readouterr().out


def test_a_sqlite_url_is_a_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "story.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    assert main(["ingest", "story.txt", "--database", "sqlite:///news.db"]) == 0
    capsys.readouterr()
    assert (workspace / "news.db").is_file()
    assert main(["search", "ferry", "--database", str(workspace / "news.db")]) == 0
    assert "Harbour council" in capsys.readouterr().out


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "unexpected" not in err
    return err


def test_a_server_that_does_not_answer_is_one_line_and_exit_1(
        postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    closed = elsewhere(with_password(postgres_url, "hunter2"), port=1)
    assert main(["tags", "--database", closed]) == 1
    err = one_line_error(capsys)
    assert err.startswith("error: cannot use the PostgreSQL database postgresql://")
    assert "cannot be reached" in err
    assert "hunter2" not in err
    assert ":***@" in err


def test_a_missing_database_is_named_in_one_line(
        postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    missing = elsewhere(postgres_url, database="no_such_newsbot")
    assert main(["ingest", "x.txt", "--database", missing]) == 1
    err = one_line_error(capsys)
    assert "no_such_newsbot" in err
    assert "has no database of that name" in err


def test_an_unknown_scheme_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", "--database", "mysql://root@localhost/news"]) == 1
    err = one_line_error(capsys)
    assert "must be a file path, sqlite:///path or postgresql://" in err
