"""The one owner of a SQLite file: connection, pragmas, migrations and transactions."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.database import (
    Database,
    DatabaseError,
    Dialect,
    IntegrityError,
    Parameters,
    ReadOnlyDatabaseError,
    Row,
    latest_version,
    migrations,
)

log = logging.getLogger(__name__)


class SqliteConnection:
    """A transaction's view of the writing connection (see ``storage.database.Connection``)."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, parameters: Parameters = ()) -> int:
        with _named_errors():
            async with self._connection.execute(sql, parameters) as cursor:
                return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> None:
        with _named_errors():
            await self._connection.executemany(sql, rows)

    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        with _named_errors():
            async with self._connection.execute(sql, parameters) as cursor:
                return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None:
        with _named_errors():
            async with self._connection.execute(sql, parameters) as cursor:
                row: Row | None = await cursor.fetchone()
                return row

    async def scalar(self, sql: str, parameters: Parameters = ()) -> Any:
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]


class SqliteDatabase(Database):
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

    dialect: Dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: Path,
                 read_only: bool = False) -> None:
        self._connection = connection
        self._writing = SqliteConnection(connection)
        self._reader: SqliteConnection | None = None
        self._reader_connection: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._writer: asyncio.Task[Any] | None = None  # the task whose transaction is open
        self.path = path
        self.read_only = read_only

    @property
    def location(self) -> str:
        return str(self.path)

    @classmethod
    async def open_read_only(cls, path: str | Path) -> SqliteDatabase:
        """Open an existing, migrated file for reading only: a file or folder this process
        may not write to. Nothing is created, migrated or written."""
        path = Path(path)
        # immutable when even the folder is read-only: SQLite could not create the WAL's
        # shared-memory file there, and nobody can be writing the file meanwhile.
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
        with _named_errors():
            connection = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path, read_only=True)
        try:
            with _named_errors():
                await connection.execute("PRAGMA foreign_keys = ON")
                current = await database.schema_version()
            latest = latest_version("sqlite")
            if current < latest:
                raise ReadOnlyDatabaseError(
                    f"schema version {current} is older than {latest} and cannot be upgraded")
        except BaseException:
            await connection.close()
            raise
        return database

    @classmethod
    async def open(cls, path: str | Path) -> SqliteDatabase:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit, never opened behind our back.
        with _named_errors():
            connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path)
        try:
            with _named_errors():
                await database._configure()
                await database._migrate()
                await database._open_reader()
        except BaseException:
            await database.close()
            raise
        return database

    async def close(self) -> None:
        if self._reader_connection is not None:
            await self._reader_connection.close()
        await self._connection.close()

    async def schema_version(self) -> int:
        return int(await self.scalar("PRAGMA user_version") or 0)

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
        self._reader_connection = reader
        self._reader = SqliteConnection(reader)
        for pragma in ("foreign_keys = ON", "busy_timeout = 5000"):
            await reader.execute(f"PRAGMA {pragma}")

    async def _migrate(self) -> None:
        current = await self.schema_version()
        for version, name, sql in migrations("sqlite"):
            if version <= current:
                continue
            log.info("applying database migration %s", name)
            async with self.transaction() as connection:
                # executescript would COMMIT on its own; run statement by statement instead.
                for statement in split_statements(sql):
                    await connection.execute(statement)
                await connection.execute(f"PRAGMA user_version = {version}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteConnection]:
        if self.read_only:
            raise ReadOnlyDatabaseError(f"{self.path} is open read-only")
        async with self._write_lock:
            self._writer = asyncio.current_task()
            try:
                with _named_errors():
                    await self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self._writing
                except BaseException:
                    await self._connection.rollback()
                    raise
                with _named_errors():
                    await self._connection.commit()
            finally:
                self._writer = None

    async def maintain(self, sql: str) -> None:
        async with self._write_lock:
            with _named_errors():
                await self._connection.execute(sql)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[SqliteConnection]:
        """The connection a read goes through: see the class's docstring."""
        if self._writer is not None and self._writer is asyncio.current_task():
            yield self._writing
        elif self._reader is not None:
            async with self._read_lock:
                yield self._reader
        else:
            async with self._write_lock:
                yield self._writing

    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        async with self._reading() as connection:
            return await connection.fetch_all(sql, parameters)

    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None:
        async with self._reading() as connection:
            return await connection.fetch_one(sql, parameters)


@contextmanager
def _named_errors() -> Iterator[None]:
    """sqlite3's errors for a file it cannot use become ``DatabaseError``; constraint and
    programming errors stay what they are (bugs, or handled by the caller)."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise IntegrityError(str(error)) from error
    except sqlite3.ProgrammingError:
        raise
    except sqlite3.DatabaseError as error:
        raise SqliteError(str(error), error) from error


class SqliteError(DatabaseError):
    """A SQLite file newsbot cannot use; ``cause`` is the engine's own error."""

    def __init__(self, message: str, cause: sqlite3.DatabaseError) -> None:
        super().__init__(message)
        self.cause = cause


def split_statements(sql: str) -> list[str]:
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
