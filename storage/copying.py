"""Copy every row of one newsbot database into another: SQLite to PostgreSQL, and back.

The target is migrated by ``Database.open`` first, so both have the same tables. Tables are
copied parents first (the foreign keys decide the order), in batches read by primary key,
each batch one transaction of ``INSERT ... ON CONFLICT DO NOTHING``: a row already in the
target is skipped, so a second run copies nothing and an interrupted run can be resumed.
Ids are copied as they are; afterwards each PostgreSQL identity sequence starts after the
largest id, so new rows get fresh ids.

What the target derives itself is not copied: the per-scope topic and people tables (kept
by triggers on article_tags and article_people), SQLite's full-text index (triggers on
articles) and PostgreSQL's ``search`` column (generated). Inserting the rows they come from
rebuilds them.

A target that already holds articles of its own is refused: their ids could collide with
the source's, and a tag copied by id would land on another article.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from graphlib import TopologicalSorter
from typing import Any
from urllib.parse import parse_qs, urlsplit

from storage.database import Database, is_postgresql_url, sqlite_path

# Kept by the target's own triggers from article_tags and article_people.
DERIVED_TABLES = frozenset({"topic_stats", "topic_articles", "person_stats", "person_articles"})
# Each engine's own bookkeeping, never rows of newsbot's.
_ENGINE_TABLES = frozenset({"newsbot_schema", "sqlite_sequence", "sqlite_stat1",
                            "sqlite_stat4"})
BATCH_ROWS = 500

Progress = Callable[[str, int], None]  # (table, rows read in this batch)


class CopyRefusedError(Exception):
    """The copy cannot start: the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]  # those written: the generated ones are the target's to compute
    key: tuple[str, ...]  # the primary key, to read in batches
    parents: frozenset[str]


@dataclass(frozen=True, slots=True)
class TableCount:
    name: str
    source: int
    target: int
    copied: int
    derived: bool = False


@dataclass(frozen=True, slots=True)
class CopyReport:
    counts: tuple[TableCount, ...]

    @property
    def differing(self) -> list[str]:
        return [count.name for count in self.counts if count.source != count.target]

    @property
    def copied(self) -> int:
        return sum(count.copied for count in self.counts if not count.derived)


def same_database(first: str, second: str) -> bool:
    """Whether two locations name one database (a file by its real path, a server's
    database by host, port and name)."""
    return _identity(first) == _identity(second)


def _identity(location: str) -> tuple[str, ...]:
    if is_postgresql_url(location):
        parts = urlsplit(location)
        query_host = parse_qs(parts.query).get("host", [""])[0]
        return ("postgresql", parts.hostname or query_host or "localhost",
                str(parts.port or 5432), parts.path.lstrip("/"))
    return ("sqlite", str(sqlite_path(location).resolve()))


async def check_source(location: str) -> None:
    """Refuse a source that does not exist or holds no newsbot schema, before anything
    opens it (opening would create and migrate it)."""
    if is_postgresql_url(location):
        await _check_postgresql_source(location)
        return
    path = sqlite_path(location)
    if not path.is_file():
        raise CopyRefusedError(f"the source {path} does not exist")
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
            found = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles'"
            ).fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        found, version = 0, 0
    if not found or not version:
        raise CopyRefusedError(f"the source {path} is not a newsbot database")


async def _check_postgresql_source(url: str) -> None:
    from storage.postgresql import (  # noqa: PLC0415  asyncpg only when used
        PostgresDatabase,
        PostgresUnavailableError,
        redacted,
    )

    try:
        found = await PostgresDatabase.peek(url, "SELECT to_regclass('newsbot_schema') IS NOT NULL")
    except PostgresUnavailableError as error:
        raise CopyRefusedError(str(error)) from None
    if not found:
        raise CopyRefusedError(f"the source {redacted(url)} is not a newsbot database")


async def copy_database(source: Database, target: Database, *,
                        progress: Progress | None = None,
                        batch_rows: int = BATCH_ROWS) -> CopyReport:
    """Copy every row of ``source`` that ``target`` lacks; the counts of both at the end."""
    target_tables = {table.name: table for table in await _tables(target)}
    source_tables = {table.name: table for table in await _tables(source)}
    copied_names = [name for name in _parents_first(target_tables)
                    if name in source_tables and name not in DERIVED_TABLES]
    await _refuse_foreign_articles(source, target)
    before = {name: await _count(target, name) for name in copied_names}
    for name in copied_names:
        wanted = target_tables[name]
        have = set(source_tables[name].columns)
        columns = tuple(column for column in wanted.columns if column in have)
        await _copy_table(source, target, Table(name, columns, source_tables[name].key,
                                                wanted.parents), progress, batch_rows)
    if target.dialect == "postgresql":
        await _advance_sequences(target)
    counts = []
    for name in copied_names:
        after = await _count(target, name)
        counts.append(TableCount(name, await _count(source, name), after, after - before[name]))
    for name in sorted(DERIVED_TABLES & source_tables.keys() & target_tables.keys()):
        counts.append(TableCount(name, await _count(source, name), await _count(target, name),
                                 0, derived=True))
    return CopyReport(tuple(counts))


async def source_rows(source: Database) -> int:
    """How many rows a copy reads (for a progress bar's total)."""
    return sum([await _count(source, table.name) for table in await _tables(source)
                if table.name not in DERIVED_TABLES])


async def _copy_table(source: Database, target: Database, table: Table,
                      progress: Progress | None, batch_rows: int) -> None:
    names = ", ".join(_quoted(column) for column in table.columns)
    insert = (f"INSERT INTO {table.name} ({names}) VALUES "
              f"({', '.join('?' * len(table.columns))}) ON CONFLICT DO NOTHING")
    key_at = [table.columns.index(column) for column in table.key
              if column in table.columns]
    keyed = len(key_at) == len(table.key) and bool(table.key)
    key = ", ".join(_quoted(column) for column in table.key)
    order = key if keyed else names
    last: tuple[Any, ...] | None = None
    offset = 0
    while True:
        if keyed and last is not None:
            after = f"({key}) > ({', '.join('?' * len(table.key))})"
            rows = await source.fetch_all(
                f"SELECT {names} FROM {table.name} WHERE {after} "
                f"ORDER BY {order} LIMIT ?", (*last, batch_rows))
        else:
            rows = await source.fetch_all(
                f"SELECT {names} FROM {table.name} ORDER BY {order} "
                "LIMIT ? OFFSET ?", (batch_rows, offset))
        if not rows:
            return
        values = [tuple(row) for row in rows]
        async with target.transaction() as connection:
            await connection.executemany(insert, values)
        if progress is not None:
            progress(table.name, len(values))
        offset += len(values)
        last = tuple(values[-1][index] for index in key_at)
        if len(values) < batch_rows:
            return


async def _refuse_foreign_articles(source: Database, target: Database) -> None:
    sql = "SELECT id, scope, url_key FROM articles"
    theirs = {tuple(row) for row in await target.fetch_all(sql)}
    if theirs and not theirs <= {tuple(row) for row in await source.fetch_all(sql)}:
        raise CopyRefusedError(
            f"the target {target.location} already holds articles that are not the "
            "source's: copy into a new, empty database")


async def _advance_sequences(target: Database) -> None:
    """Each identity column's next value after the largest copied id."""
    rows = await target.fetch_all(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'")
    async with target.transaction() as connection:
        for row in rows:
            table, column = row[0], row[1]
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"coalesce(max({column}), 0) + 1, false) FROM {table}")


def _quoted(identifier: str) -> str:
    """A column name as an identifier in both dialects (``key``, ``position``, ``filter``)."""
    return '"' + identifier.replace('"', '""') + '"'


async def _count(database: Database, table: str) -> int:
    return int(await database.scalar(f"SELECT count(*) FROM {table}") or 0)


async def _tables(database: Database) -> list[Table]:
    if database.dialect == "postgresql":
        return await _postgresql_tables(database)
    return await _sqlite_tables(database)


async def _sqlite_tables(database: Database) -> list[Table]:
    rows = await database.fetch_all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    virtual = [row[0] for row in rows if str(row[1] or "").upper().startswith("CREATE VIRTUAL")]
    tables = []
    for row in rows:
        name = str(row[0])
        # A full-text index and its shadow tables (articles_fts_data, ...) are derived.
        if name in _ENGINE_TABLES or any(name == v or name.startswith(f"{v}_") for v in virtual):
            continue
        info = await database.fetch_all("SELECT name, pk, hidden FROM pragma_table_xinfo(?)",
                                        (name,))
        columns = tuple(str(column[0]) for column in info if not column[2])
        key = tuple(str(column[0]) for column in sorted(
            (c for c in info if c[1]), key=lambda c: c[1]))
        parents = await database.fetch_all(
            'SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)', (name,))
        tables.append(Table(name, columns, key, frozenset(str(p[0]) for p in parents)))
    return tables


async def _postgresql_tables(database: Database) -> list[Table]:
    names = [str(row[0]) for row in await database.fetch_all(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")]
    columns: dict[str, list[str]] = {}
    for row in await database.fetch_all(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_generated = 'NEVER' "
            "ORDER BY table_name, ordinal_position"):
        columns.setdefault(str(row[0]), []).append(str(row[1]))
    keys: dict[str, list[str]] = {}
    for row in await database.fetch_all(
            "SELECT c.relname, a.attname FROM pg_index AS i "
            "JOIN pg_class AS c ON c.oid = i.indrelid "
            "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, place) ON true "
            "JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = k.attnum "
            "WHERE i.indisprimary AND n.nspname = current_schema() "
            "ORDER BY c.relname, k.place"):
        keys.setdefault(str(row[0]), []).append(str(row[1]))
    parents: dict[str, set[str]] = {}
    for row in await database.fetch_all(
            "SELECT c.relname, p.relname FROM pg_constraint AS f "
            "JOIN pg_class AS c ON c.oid = f.conrelid "
            "JOIN pg_class AS p ON p.oid = f.confrelid "
            "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE f.contype = 'f' AND n.nspname = current_schema()"):
        parents.setdefault(str(row[0]), set()).add(str(row[1]))
    return [Table(name, tuple(columns.get(name, ())), tuple(keys.get(name, ())),
                  frozenset(parents.get(name, ())))
            for name in names if name not in _ENGINE_TABLES]


def _parents_first(tables: dict[str, Table]) -> list[str]:
    order: TopologicalSorter[str] = TopologicalSorter()
    for name in sorted(tables):
        order.add(name, *sorted(parent for parent in tables[name].parents
                                if parent in tables and parent != name))
    return list(order.static_order())
