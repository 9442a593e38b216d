"""The ``newsbot`` command's entry point: for a command that will need worker processes, their
forkserver starts loading its models first, while this process imports the command line.

The models take longer to load than the command line takes to import, and they load in
another process: started first, they are ready about when the command needs them. The
command is guessed from the arguments before they are parsed; a wrong guess only starts a
forkserver early or late, and ``bot.cli.main`` parses and checks everything as always.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

_OPTIONS_WITH_VALUES = {"--database", "--env-file"}


def main() -> int:
    preload = early_preload(sys.argv[1:])
    if preload:
        from bot.runtime.workers import start_forkserver  # noqa: PLC0415  only when needed

        start_forkserver(preload)
    from bot.cli.main import main as run_command_line  # noqa: PLC0415  after the forkserver

    return run_command_line()


def early_preload(arguments: Sequence[str]) -> tuple[str, ...]:
    """What the command's workers will preload, if it will surely need workers at once."""
    from bot.runtime import workers  # noqa: PLC0415  light: multiprocessing and pebble

    words = _positional(arguments)
    if not words or "--help" in arguments or "-h" in arguments:
        return ()
    command, rest = words[0], words[1:]
    if command == "summarize":
        if "--jsonl" in arguments:
            return workers.BATCH_PRELOAD
        # A file to read (not a URL, which is fetched or refused first, nor a missing file).
        if rest and (rest[0] == "-" or os.path.isfile(rest[0])):
            return workers.SUMMARY_PRELOAD
        return ()
    if command == "extract":
        return workers.BATCH_PRELOAD
    if command == "people" and "--jsonl" in arguments:
        return workers.PEOPLE_PRELOAD
    if command in {"ingest", "demo", "run"}:
        return workers.BOT_PRELOAD
    return ()


def _positional(arguments: Sequence[str]) -> list[str]:
    words: list[str] = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in _OPTIONS_WITH_VALUES:
            skip = True
        elif not argument.startswith("-") or argument == "-":
            words.append(argument)
    return words
