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


class ReadOnlyDatabaseError(sqlite3.OperationalError):
    """A write was attempted on a database opened read-only."""


class Database:
    """One long-lived connection per file; writes go through ``transaction()`` under a lock."""

    def __init__(self, connection: aiosqlite.Connection, path: Path,
                 read_only: bool = False) -> None:
        self._connection = connection
        self._write_lock = asyncio.Lock()
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
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        await self._connection.close()

    async def _configure(self) -> None:
        for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL",
                       "busy_timeout = 5000"):
            await self._connection.execute(f"PRAGMA {pragma}")

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
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                await self._connection.rollback()
                raise
            await self._connection.commit()

    async def fetch_all(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
                        ) -> list[aiosqlite.Row]:
        async with self._connection.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
                        ) -> aiosqlite.Row | None:
        async with self._connection.execute(sql, parameters) as cursor:
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
