"""JSON-lines batch jobs: one result line per input line, in input order, one bad line never
stops the batch."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import IO, Any, TextIO

from bot.errors import InvalidInputError, NewsbotError

log = logging.getLogger(__name__)

JsonObject = dict[str, Any]
LineHandler = Callable[[JsonObject], Awaitable[JsonObject]]


def standard_input() -> IO[bytes] | IO[str]:
    """Standard input as bytes where it has them, so that each line is decoded on its own."""
    return getattr(sys.stdin, "buffer", sys.stdin)


async def run_jsonl(lines: Iterable[str | bytes], handle: LineHandler, output: TextIO,
                    concurrency: int) -> int:
    """Run ``handle`` on each line with bounded concurrency; return the number of errors."""
    errors = 0
    pending: deque[asyncio.Task[JsonObject]] = deque()

    async def flush_one() -> None:
        nonlocal errors
        result = await pending.popleft()
        errors += "error" in result
        output.write(json.dumps(result, ensure_ascii=False) + "\n")
        output.flush()

    async for number, line in _numbered(lines):
        pending.append(asyncio.create_task(_safe(handle, number, line)))
        if len(pending) >= concurrency:
            await flush_one()
    while pending:
        await flush_one()
    return errors


async def _numbered(lines: Iterable[str | bytes]) -> AsyncIterator[tuple[int, str | bytes]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


async def _safe(handle: LineHandler, number: int, line: str | bytes) -> JsonObject:
    if isinstance(line, bytes):
        # Read as bytes, a line that is not UTF-8 is that line's error, not the batch's end.
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            return {"id": None, "line": number,
                    "error": f"line {number} is not UTF-8 text (JSON lines must be UTF-8)"}
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "line": number,
                "error": f"line {number} is not valid JSON ({error.msg})"}
    if not isinstance(item, dict):
        return {"id": None, "line": number, "error": f"line {number} is not a JSON object"}
    item_id = item.get("id")
    try:
        return {"id": item_id, **await handle(item)}
    except NewsbotError as error:
        return {"id": item_id, "error": str(error)}
    except Exception as error:
        log.exception("unexpected error on batch line %d (id %r)", number, item_id)
        return {"id": item_id, "error": f"unexpected error ({type(error).__name__})"}


def require_text(item: JsonObject, key: str) -> str | None:
    """``item[key]`` if it is a string; raise a clear error if it is there but not a string."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f'"{key}" must be a string')
    return value
