"""A PostgreSQL server as newsbot's database: an asyncpg pool, migrations, transactions.

Several bot processes share one server. Each process owns one pool; a transaction holds
one pooled connection from ``BEGIN`` to ``COMMIT`` and its reads go through it, so they
see its own writes, while every other read takes any free connection and sees only what
was committed (PostgreSQL's READ COMMITTED). Migrations run under an advisory lock, so two
processes starting at once apply each migration once.

Repositories write ``?`` placeholders (one SQL text for both engines); they become ``$1,
$2, ...`` here. Parameters are bound as SQLite would store them: a number sent to a text
column is its text (Discord ids arrive as ints in some calls and as text in others).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.database import (
    Database,
    DatabaseError,
    Dialect,
    IntegrityError,
    Parameters,
    Row,
    migrations,
)

log = logging.getLogger(__name__)

# Any constant works: processes agree on it to take turns migrating.
_MIGRATION_LOCK = 7_300_451_913
_POOL_SIZE = 10
_CONNECT_TIMEOUT = 10.0
_CLOSE_TIMEOUT = 10.0


class PostgresUnavailableError(DatabaseError):
    """The server cannot be reached, refuses the login, or has no such database."""


class PostgresConnection:
    """One pooled connection inside a transaction (see ``storage.database.Connection``)."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, parameters: Parameters = ()) -> int:
        with _named_errors():
            status = await self._connection.execute(dollar_placeholders(sql), *parameters)
        return changed_rows(status)

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> None:
        rows = list(rows)
        if rows:
            with _named_errors():
                await self._connection.executemany(dollar_placeholders(sql), rows)

    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        with _named_errors():
            return list(await self._connection.fetch(dollar_placeholders(sql), *parameters))

    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None:
        with _named_errors():
            row: Row | None = await self._connection.fetchrow(dollar_placeholders(sql),
                                                              *parameters)
        return row

    async def scalar(self, sql: str, parameters: Parameters = ()) -> Any:
        row = await self.fetch_one(sql, parameters)
        return None if row is None else row[0]


class PostgresDatabase(Database):
    dialect: Dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self._url = url
        # The task whose transaction holds each connection: its reads go through it.
        self._transactions: dict[asyncio.Task[Any], PostgresConnection] = {}

    @property
    def location(self) -> str:
        return redacted(self._url)

    @classmethod
    async def connect(cls, url: str, *, pool_size: int = _POOL_SIZE) -> PostgresDatabase:
        """A pool on the server at ``url``, the schema migrated to the latest version."""
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=pool_size, init=_prepare_connection,
                timeout=_CONNECT_TIMEOUT, command_timeout=None)
        except (OSError, TimeoutError, asyncpg.PostgresError,
                asyncpg.InterfaceError) as error:
            raise PostgresUnavailableError(
                f"cannot use the PostgreSQL database {redacted(url)}: {_reason(error)}"
            ) from None
        database = cls(pool, url)
        try:
            await database._migrate()
        except BaseException:
            await pool.close()
            raise
        return database

    @staticmethod
    async def peek(url: str, sql: str) -> Any:
        """One value from the server, without a pool or migrations (to look before opening)."""
        try:
            connection = await asyncpg.connect(url, timeout=_CONNECT_TIMEOUT)
        except (OSError, TimeoutError, asyncpg.PostgresError,
                asyncpg.InterfaceError) as error:
            raise PostgresUnavailableError(
                f"cannot use the PostgreSQL database {redacted(url)}: {_reason(error)}"
            ) from None
        try:
            return await connection.fetchval(sql)
        finally:
            await connection.close()

    async def close(self) -> None:
        try:  # a task still inside a transaction would hold its connection forever
            await asyncio.wait_for(self._pool.close(), _CLOSE_TIMEOUT)
        except TimeoutError:
            log.warning("closing the PostgreSQL pool: a transaction was still open; ended it")
            self._pool.terminate()

    async def schema_version(self) -> int:
        exists = await self._pool.fetchval("SELECT to_regclass('newsbot_schema') IS NOT NULL")
        if not exists:
            return 0
        return int(await self._pool.fetchval("SELECT coalesce(max(version), 0) "
                                             "FROM newsbot_schema") or 0)

    async def _migrate(self) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS newsbot_schema "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ "
                "NOT NULL DEFAULT now())")
            current = int(await connection.fetchval(
                "SELECT coalesce(max(version), 0) FROM newsbot_schema") or 0)
            for version, name, sql in migrations("postgresql"):
                if version <= current:
                    continue
                log.info("applying database migration %s (PostgreSQL)", name)
                await connection.execute(sql)  # no arguments: the whole file, one round trip
                await connection.execute(
                    "INSERT INTO newsbot_schema (version, name) VALUES ($1, $2)", version, name)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresConnection]:
        task = asyncio.current_task()
        assert task is not None
        if task in self._transactions:  # nested: SQLite's lock would deadlock; say so here
            raise RuntimeError("a transaction is already open in this task")
        async with self._pool.acquire() as connection, connection.transaction():
            wrapped = PostgresConnection(connection)
            self._transactions[task] = wrapped
            try:
                yield wrapped
            finally:
                del self._transactions[task]

    async def maintain(self, sql: str) -> None:
        await self._pool.execute(sql)

    async def fetch_all(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        inside = self._inside()
        if inside is not None:
            return await inside.fetch_all(sql, parameters)
        return list(await self._pool.fetch(dollar_placeholders(sql), *parameters))

    async def fetch_one(self, sql: str, parameters: Parameters = ()) -> Row | None:
        inside = self._inside()
        if inside is not None:
            return await inside.fetch_one(sql, parameters)
        row: Row | None = await self._pool.fetchrow(dollar_placeholders(sql), *parameters)
        return row

    def _inside(self) -> PostgresConnection | None:
        task = asyncio.current_task()
        return None if task is None else self._transactions.get(task)


@contextmanager
def _named_errors() -> Iterator[None]:
    """A broken constraint is the engine-neutral ``IntegrityError``."""
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as error:
        raise IntegrityError(str(error)) from error


async def _prepare_connection(connection: asyncpg.Connection) -> None:
    """Bind parameters the way SQLite's column affinity stores them."""
    await connection.set_type_codec("text", schema="pg_catalog", encoder=_text,
                                    decoder=_same, format="text")
    for integer in ("int4", "int8"):
        await connection.set_type_codec(integer, schema="pg_catalog", encoder=_integer,
                                        decoder=int, format="text")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"cannot store a {type(value).__name__} in a text column")


def _same(value: str) -> str:
    return value


def _integer(value: Any) -> str:
    return str(int(value))  # True -> "1", "42" -> "42"


@lru_cache(maxsize=2048)
def dollar_placeholders(sql: str) -> str:
    """``?`` -> ``$1, $2, ...`` outside quoted strings, identifiers and comments."""
    out: list[str] = []
    number = 0
    index = 0
    while index < len(sql):
        char = sql[index]
        if char in "'\"":
            end = sql.find(char, index + 1)
            end = len(sql) - 1 if end < 0 else end
            out.append(sql[index:end + 1])
            index = end + 1
            continue
        if sql.startswith("--", index):
            end = sql.find("\n", index)
            end = len(sql) if end < 0 else end
            out.append(sql[index:end])
            index = end
            continue
        if char == "?":
            number += 1
            out.append(f"${number}")
        else:
            out.append(char)
        index += 1
    return "".join(out)


_STATUS_COUNT = re.compile(r"(\d+)\s*$")


def changed_rows(status: str) -> int:
    """The row count in a command tag: "INSERT 0 1", "UPDATE 3", "DELETE 0"."""
    match = _STATUS_COUNT.search(status or "")
    return int(match.group(1)) if match else 0


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "no answer within 10 seconds"
    if isinstance(error, asyncpg.InvalidPasswordError):
        return "the server refused the user name or password"
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return "the server has no database of that name (create it first)"
    if isinstance(error, OSError):
        return f"the server cannot be reached ({error.strerror or error})"
    return str(error) or type(error).__name__
