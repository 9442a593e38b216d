"""``newsbot db copy SOURCE TARGET``: move a database between SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from contextlib import AsyncExitStack
from typing import Any

from tqdm import tqdm

from bot.errors import InvalidInputError
from storage.copying import (
    CopyRefusedError,
    CopyReport,
    check_source,
    copy_database,
    same_database,
    source_rows,
)


def add_copy_action(actions: Any) -> None:
    """``db copy``, beside the actions of bot.cli.database."""
    copy = actions.add_parser(
        "copy", help="copy every row of SOURCE into TARGET",
        description="Copy every table of SOURCE into TARGET (a SQLite file, sqlite:///path "
                    "or postgresql://user:password@host/database, either way round). TARGET "
                    "is created or migrated first; rows it already has are skipped, so "
                    "running it again copies nothing. Ids are kept. The row counts of both "
                    "are compared at the end: exit 1 if any table differs.")
    copy.add_argument("source", metavar="SOURCE", help="the database to read")
    copy.add_argument("target", metavar="TARGET", help="the database to write")


async def run_db(arguments: argparse.Namespace) -> int:
    return await copy_command(arguments.source, arguments.target)


async def copy_command(source: str, target: str) -> int:
    from bot.runtime.composition import open_database  # noqa: PLC0415  when it runs
    from storage.postgresql import redacted  # noqa: PLC0415

    if same_database(source, target):
        raise InvalidInputError(f"the target {redacted(target)} is the source: name another")
    try:
        await check_source(source)
    except CopyRefusedError as error:
        raise InvalidInputError(str(error)) from None
    async with AsyncExitStack() as stack:
        reading = await open_database(source)
        stack.push_async_callback(reading.close)
        writing = await open_database(target)
        stack.push_async_callback(writing.close)
        total = await source_rows(reading)
        with tqdm(total=total, unit="row", file=sys.stderr, leave=False,
                  desc="copying") as bar:
            def advance(table: str, rows: int) -> None:
                bar.set_postfix_str(table, refresh=False)
                bar.update(rows)

            try:
                report = await copy_database(reading, writing, progress=advance)
            except CopyRefusedError as error:
                raise InvalidInputError(str(error)) from None
        for line in describe(report):
            print(line)
        differing = report.differing
        if differing:
            print(f"error: after the copy the row counts differ in {', '.join(differing)}",
                  file=sys.stderr)
            return 1
        print(f"{report.copied} rows copied from {reading.location} to {writing.location}; "
              "every table's count agrees")
    return 0


def describe(report: CopyReport) -> list[str]:
    """One line per table: rows in the source, in the target, and copied now."""
    width = max((len(count.name) for count in report.counts), default=5)
    lines = [f"{'table':<{width}}  {'source':>8}  {'target':>8}  {'copied':>8}"]
    for count in report.counts:
        copied = "derived" if count.derived else str(count.copied)
        mark = "" if count.source == count.target else "  differs"
        lines.append(f"{count.name:<{width}}  {count.source:>8}  {count.target:>8}  "
                     f"{copied:>8}{mark}")
    return lines
