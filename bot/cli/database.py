"""``newsbot db backup FILE | restore FILE | check``: the SQLite database's safety net."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.errors import InvalidInputError
from storage.backup import BackupError, Health, backup, check, restore


def add_database_commands(commands: Any) -> Any:
    """The ``db`` command and its actions; returns the actions for more to be added."""
    database = commands.add_parser(
        "db", help="back up, restore, check or copy the database",
        description="The SQLite database: a consistent backup while the bot runs, a restore "
                    "(refused while the database is in use), an integrity check; and a copy "
                    "between SQLite and PostgreSQL.")
    actions = database.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    saving = actions.add_parser("backup", help="copy the live database to a new FILE")
    saving.add_argument("file", type=Path, help="the backup to write (must not exist)")
    restoring = actions.add_parser(
        "restore", help="replace the database with a backup (stop the bot first)")
    restoring.add_argument("file", type=Path, help="a backup made by `newsbot db backup`")
    actions.add_parser("check", help="integrity, schema version and row counts")
    return actions


async def run_database_action(arguments: argparse.Namespace, database: Path, *,
                              postgresql: bool = False) -> int:
    if postgresql:
        raise InvalidInputError("backup, restore and check are for a SQLite database; for "
                                "PostgreSQL use pg_dump and pg_restore")
    try:
        if arguments.db_action == "backup":
            health = await asyncio.to_thread(backup, database, arguments.file)
            print(f"backed up {database} to {arguments.file}: {_rows(health)}")
            return 0
        if arguments.db_action == "restore":
            health = await asyncio.to_thread(restore, arguments.file, database)
            print(f"restored {database} from {arguments.file}: {_rows(health)}")
            return 0
        health = await asyncio.to_thread(check, database)
    except BackupError as error:
        raise InvalidInputError(str(error)) from None
    print(f"{database}: integrity {'ok' if health.sound else 'DAMAGED'}, schema version "
          f"{health.schema_version} (latest {health.latest_version})")
    for table, count in health.rows.items():
        print(f"{count}\t{table}")
    for problem in health.problems[:20]:
        print(f"problem: {problem}", file=sys.stderr)
    return 0 if health.sound else 1


def _rows(health: Health) -> str:
    return (f"{health.rows.get('articles', 0)} articles, {health.rows.get('shares', 0)} "
            "shares, integrity ok")
