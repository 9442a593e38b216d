"""``newsbot feeds list|import FILE|export FILE``: a server's feeds from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import InvalidInputError
from bot.scopes import guild_scope

if TYPE_CHECKING:  # the composition (HTTP, database) is imported only when a command runs
    from bot.runtime.composition import Runtime

RuntimeOpener = Callable[[], AbstractAsyncContextManager["Runtime"]]


def add_feed_commands(commands: Any) -> None:
    feeds = commands.add_parser(
        "feeds", help="list, import or export a server's feeds (OPML)",
        description="A server's feeds: list them with their status, import an OPML file "
                    "(each feed is checked, then polled by the running bot) or export them.")
    actions = feeds.add_subparsers(dest="feeds_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the server's feeds and their status")
    importing = actions.add_parser("import", help="follow the feeds of an OPML file")
    importing.add_argument("file", type=Path, help="an OPML file")
    importing.add_argument("--channel", type=int, required=True,
                           help="the channel id the feeds post in")
    exporting = actions.add_parser("export", help="write the server's feeds as OPML")
    exporting.add_argument("file", help="where to write (- for standard output)")
    for action in (listing, importing, exporting):
        action.add_argument("--guild", type=int, required=True, help="the server's id")


async def run_feeds(arguments: argparse.Namespace, open_runtime: RuntimeOpener) -> int:
    scope = guild_scope(arguments.guild)
    async with open_runtime() as runtime:
        if arguments.feeds_action == "import":
            data = _read(arguments.file)
            report = await runtime.feeds.import_opml(scope, arguments.channel, data,
                                                     created_by="cli")
            for url in report.added:
                print(f"added\t{url}")
            for url, reason in report.skipped:
                print(f"skipped\t{url}\t{reason}")
            return 0 if report.added or not report.skipped else 1
        if arguments.feeds_action == "export":
            data = await runtime.feeds.export_opml(scope)
            if arguments.file == "-":
                sys.stdout.buffer.write(data)
            else:
                await asyncio.to_thread(Path(arguments.file).write_bytes, data)
            return 0
        feeds = await runtime.feeds.in_scope(scope)
        if not feeds:
            print(f"no feeds are followed in server {arguments.guild}", file=sys.stderr)
        for feed in feeds:
            status = feed.state.value + (f": {feed.paused_reason}" if feed.paused_reason
                                         else f" ({feed.error})" if feed.error else "")
            print(f"{feed.id}\t{feed.url}\t<#{feed.channel_id}>\t{status}")
        return 0 if feeds else 1


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInputError(f"cannot read {path}: {error.strerror}") from None
