"""What every repository gets: a database, whichever engine holds it.

Two engines keep newsbot's rows: SQLite (an embedded file, the default) and PostgreSQL (a
server that several bot processes share). Repositories write one SQL text with ``?``
placeholders and ask the connection for rows, a count or one value; the engine's adapter
binds the parameters its own way. Where the two dialects truly differ (full-text search,
a few functions), a repository asks ``database.dialect`` and writes each form itself, so
the difference stays inside storage/.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgresql"]
Parameters = Sequence[Any]

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


class DatabaseError(Exception):
    """The engine cannot use what it was given: not a database, damaged, read-only, a server
    that refuses or cannot be reached. Callers name the problem without importing an engine."""


class IntegrityError(Exception):
    """A write broke a constraint (unique key, foreign key, check): its transaction is rolled
    back. Either engine raises it, so callers need not know which one they have."""


class ReadOnlyDatabaseError(DatabaseError):
    """A write was attempted on a database opened read-only."""


class Row(Protocol):
    """One result row: by column name or position (sqlite3.Row and asyncpg.Record both)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What a transaction works with. Reads inside it see its own writes."""

    async def execute(self, sql: str, parameters: Parameters = ()) -> int:
        """Run one statement; the number of rows it changed."""

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> None: ...

    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None: ...

    async def scalar(self, sql: str, parameters: Parameters = ()) -> Any:
        """The first column of the first row, or None (``INSERT ... RETURNING id``)."""


class Database(ABC):
    """One owner per process of a database: transactions, reads, migrations, closing."""

    dialect: Dialect
    read_only: bool = False

    @staticmethod
    async def open(location: str | Path) -> Database:
        """A SQLite file (a path, ``sqlite:///path`` or ``:memory:``) or a PostgreSQL server
        (``postgresql://user:pass@host/db``), migrated to the latest schema."""
        text = str(location)
        if is_postgresql_url(text):
            from storage.postgresql import PostgresDatabase  # noqa: PLC0415  asyncpg only when used
            database: Database = await PostgresDatabase.connect(text)
            return database
        from storage.sqlite import SqliteDatabase  # noqa: PLC0415  symmetric with the above
        return await SqliteDatabase.open(sqlite_path(text))

    @staticmethod
    async def open_read_only(location: str | Path) -> Database:
        """An existing, migrated SQLite file this process may not write to; nothing is
        created, migrated or written."""
        from storage.sqlite import SqliteDatabase  # noqa: PLC0415
        return await SqliteDatabase.open_read_only(sqlite_path(str(location)))

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the rows are, safe to show: a file path, or the server without password."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """All or nothing: commit on success, roll back on any error or cancellation."""

    @abstractmethod
    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        """Committed rows (or this task's own, inside its transaction)."""

    @abstractmethod
    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None: ...

    async def scalar(self, sql: str, parameters: Parameters = ()) -> Any:
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]

    @abstractmethod
    async def maintain(self, sql: str) -> None:
        """A statement that writes but must not run in a transaction (ANALYZE, VACUUM)."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def close(self) -> None: ...

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


def is_postgresql_url(location: str) -> bool:
    return location.startswith(_POSTGRESQL_SCHEMES)


def sqlite_path(location: str) -> Path:
    """``sqlite:///relative.db`` and ``sqlite:////absolute.db`` as SQLAlchemy reads them,
    or a plain path."""
    if location.startswith("sqlite:///"):
        return Path(location.removeprefix("sqlite:///"))
    return Path(location)


def migrations(dialect: Dialect) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of one engine's numbered migrations, in order. Both engines
    reach the same schema at the same version number."""
    folder = resources.files("storage") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version(dialect: Dialect) -> int:
    return max((version for version, _name, _sql in migrations(dialect)), default=0)

