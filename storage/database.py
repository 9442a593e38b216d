"""The one owner of a SQLite file: connection, pragmas, migrations and transactions."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


# The engine's error for a file it cannot use (not a database, damaged, read-only, cannot be
# opened): callers name the problem without importing the engine.
DatabaseError = sqlite3.DatabaseError


class ReadOnlyDatabaseError(sqlite3.OperationalError):
    """A write was attempted on a database opened read-only."""


class Database:
    """One long-lived connection per file for writes, through ``transaction()`` under a lock.

    Reads go through their own read-only connection, so they see only committed rows (WAL
    lets them run beside a write): a search never shows an article whose transaction is open
    and may yet roll back. Inside its own transaction a task reads through the writing
    connection and sees its own rows. A database without a file (":memory:") has no second
    connection: its reads wait for the write lock instead.

    Reads take turns on the read-only connection, each statement run to its end: a cursor
    left open between two awaits would hold its snapshot for every read after it, and those
    would miss writes committed meanwhile.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path,
                 read_only: bool = False) -> None:
        self._connection = connection
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._writer: asyncio.Task[Any] | None = None  # the task whose transaction is open
        self.path = path
        self.read_only = read_only

    @classmethod
    async def open_read_only(cls, path: str | Path) -> Database:
        """Open an existing, migrated file for reading only: a file or folder this process
        may not write to. Nothing is created, migrated or written."""
        path = Path(path)
        # immutable when even the folder is read-only: SQLite could not create the WAL's
        # shared-memory file there, and nobody can be writing the file meanwhile.
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
        connection = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path, read_only=True)
        try:
            await connection.execute("PRAGMA foreign_keys = ON")
            current = int(await database.scalar("PRAGMA user_version") or 0)
            latest = max((version for version, _name, _sql in _migrations()), default=0)
            if current < latest:
                raise ReadOnlyDatabaseError(
                    f"schema version {current} is older than {latest} and cannot be upgraded")
        except BaseException:
            await connection.close()
            raise
        return database

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit, never opened behind our back.
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path)
        try:
            await database._configure()
            await database._migrate()
            await database._open_reader()
        except BaseException:
            await database.close()
            raise
        return database

    async def close(self) -> None:
        if self._reader is not None:
            await self._reader.close()
        await self._connection.close()

    async def _configure(self) -> None:
        for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL",
                       "busy_timeout = 5000"):
            await self._connection.execute(f"PRAGMA {pragma}")

    async def _open_reader(self) -> None:
        if str(self.path) in {":memory:", ""}:
            return
        uri = self.path.resolve().as_uri() + "?mode=ro"
        reader = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        reader.row_factory = aiosqlite.Row
        self._reader = reader
        for pragma in ("foreign_keys = ON", "busy_timeout = 5000"):
            await reader.execute(f"PRAGMA {pragma}")

    async def _migrate(self) -> None:
        current = await self.scalar("PRAGMA user_version")
        for version, name, sql in _migrations():
            if version <= int(current or 0):
                continue
            log.info("applying database migration %s", name)
            async with self.transaction() as connection:
                # executescript would COMMIT on its own; run statement by statement instead.
                for statement in _split_statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {version}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """All or nothing: commit on success, roll back on any error or cancellation."""
        if self.read_only:
            raise ReadOnlyDatabaseError(f"{self.path} is open read-only")
        async with self._write_lock:
            self._writer = asyncio.current_task()
            try:
                await self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self._connection
                except BaseException:
                    await self._connection.rollback()
                    raise
                await self._connection.commit()
            finally:
                self._writer = None

    async def maintain(self, sql: str) -> None:
        """A statement that writes but must not run in a transaction (ANALYZE, a WAL
        checkpoint): on the writing connection, under the write lock."""
        async with self._write_lock:
            await self._connection.execute(sql)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection a read goes through: see the class's docstring."""
        if self._writer is not None and self._writer is asyncio.current_task():
            yield self._connection
        elif self._reader is not None:
            async with self._read_lock:
                yield self._reader
        else:
            async with self._write_lock:
                yield self._connection

    async def fetch_all(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
                        ) -> list[aiosqlite.Row]:
        async with self._reading() as connection, connection.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
                        ) -> aiosqlite.Row | None:
        async with self._reading() as connection, connection.execute(sql, parameters) as cursor:
            return await cursor.fetchone()

    async def scalar(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]


def _migrations() -> Iterable[tuple[int, str, str]]:
    folder = resources.files("storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _split_statements(sql: str) -> list[str]:
    """Split a migration into statements; sqlite3 knows where a trigger body ends."""
    statements: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement in migration: {current.strip()[:80]}")
    return statements
