"""The PostgreSQL engine: one SQL text for both engines, named failures, shared migrations."""

from __future__ import annotations

import asyncio
import socket

import pytest

from storage.database import Database, latest_version, migrations
from storage.postgresql import (
    PostgresUnavailableError,
    changed_rows,
    dollar_placeholders,
    redacted,
)
from tests.support.postgres import PostgresServer


def test_question_marks_become_numbered_parameters_outside_strings_and_comments() -> None:
    sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y = ? -- why?\nAND z = ?"
    assert dollar_placeholders(sql) == (
        "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = $2 -- why?\nAND z = $3")


@pytest.mark.parametrize(("status", "rows"), [
    ("INSERT 0 1", 1), ("UPDATE 3", 3), ("DELETE 0", 0), ("SELECT 12", 12), ("", 0)])
def test_the_changed_rows_come_from_the_command_tag(status: str, rows: int) -> None:
    assert changed_rows(status) == rows


def test_a_password_is_never_shown() -> None:
    assert redacted("postgresql://bot:s3cret@db.example:5432/news") == (
        "postgresql://bot:***@db.example:5432/news")
    assert redacted("postgresql://bot@db.example/news") == "postgresql://bot@db.example/news"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_server_is_named_without_its_password() -> None:
    url = f"postgresql://bot:s3cret@127.0.0.1:{_closed_port()}/news"
    with pytest.raises(PostgresUnavailableError) as caught:
        await Database.open(url)
    message = str(caught.value)
    assert "cannot be reached" in message
    assert "s3cret" not in message
    assert "***" in message


async def test_a_missing_database_is_named(postgres_server: PostgresServer) -> None:
    with pytest.raises(PostgresUnavailableError, match="no database of that name"):
        await Database.open(postgres_server.url("no_such_database"))


async def test_processes_starting_at_once_migrate_once(postgres_server: PostgresServer) -> None:
    url = await postgres_server.fresh_database()
    await postgres_server.drop(url)  # an empty database: nothing migrated yet
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    await postgres_server.create_empty(name)
    try:
        opened = await asyncio.gather(*(Database.open(url) for _ in range(3)))
        versions = [await database.schema_version() for database in opened]
        applied = await opened[0].fetch_all("SELECT version FROM newsbot_schema")
        for database in opened:
            await database.close()
        assert versions == [latest_version("postgresql")] * 3
        assert [row["version"] for row in applied] == [
            version for version, _name, _sql in migrations("postgresql")]  # each once
    finally:
        await postgres_server.drop(url)


async def test_both_engines_reach_the_same_schema_version() -> None:
    assert latest_version("sqlite") == latest_version("postgresql")
