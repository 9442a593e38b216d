"""The shape every background scheduler shares (digests, feeds): a loop that wakes when the
next piece of work is due (or every ``idle_wake``, to notice new settings), starts one task per
due key without waiting for it, and keeps a reference to each until it ends.

At most ``concurrency`` tasks work at once; a slow or failing one delays no other. ``stop()``
lets running tasks finish for a grace period before cancelling them: work that is cancelled
was claimed in the database before it started, and the next start finishes it exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

Key = TypeVar("Key")
Result = TypeVar("Result")

IDLE_WAKE = timedelta(minutes=1)
MIN_SLEEP = 0.05  # seconds; never spin when the next piece of work is a hair away


class BackgroundLoop(Generic[Key, Result]):
    """Subclasses say what is due (``tick``) and when next (``next_due``, ``now``)."""

    def __init__(self, name: str, *, concurrency: int, idle_wake: timedelta = IDLE_WAKE,
                 before_start: Callable[[], Awaitable[object]] | None = None) -> None:
        self._name = name
        self._limit = asyncio.Semaphore(concurrency)
        self._idle_wake = idle_wake
        self._before_start = before_start
        self._loop_task: asyncio.Task[None] | None = None
        self._looping = False  # past ``before_start``: tasks may be working
        self._tasks: dict[Key, asyncio.Task[Result]] = {}
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._loop_task is not None and not self._loop_task.done()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._loop_task = asyncio.create_task(self._run(), name=self._name)

    def wake(self) -> None:
        """Look again now (settings changed, or a test moved its clock)."""
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop the loop; give running tasks ``grace`` seconds, then cancel them."""
        self._stopping.set()
        self._wake.set()
        if self._loop_task is not None:
            if not self._looping:
                # Still waiting for the client to be ready (which may never come, or only
                # after discord.py's guild timeout): nothing is working, nothing to wait for.
                self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        tasks = list(self._tasks.values())
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def tick(self) -> list[asyncio.Task[Result]]:
        """Start a task for each due key that has none running; return the new tasks."""
        raise NotImplementedError

    async def next_due(self) -> datetime | None:
        """When the next piece of work is due, if anything is scheduled."""
        raise NotImplementedError

    def now(self) -> datetime:
        raise NotImplementedError

    async def recover(self) -> None:
        """Finish what a crash interrupted, before the first tick (nothing by default)."""

    def _spawn(self, key: Key, work: Awaitable[Result], name: str) -> asyncio.Task[Result]:
        task = asyncio.create_task(self._limited(work), name=name)
        self._tasks[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))
        return task

    def _busy(self, key: Key) -> bool:
        return key in self._tasks

    def _forget(self, key: Key, task: asyncio.Task[Result]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]

    async def _limited(self, work: Awaitable[Result]) -> Result:
        async with self._limit:
            return await work

    async def _run(self) -> None:
        if self._before_start is not None:
            await self._before_start()
        self._looping = True
        log.info("%s started", self._name)
        try:
            await self.recover()
        except Exception:
            log.exception("%s could not finish interrupted work", self._name)
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await self.tick()
                delay = await self._seconds_to_next()
            except Exception:
                log.exception("%s tick failed; trying again shortly", self._name)
                delay = self._idle_wake.total_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
        self._looping = False
        log.info("%s stopped", self._name)

    async def _seconds_to_next(self) -> float:
        delay = self._idle_wake.total_seconds()
        upcoming = await self.next_due()
        if upcoming is not None:
            delay = min(delay, (upcoming - self.now()).total_seconds())
        return max(delay, MIN_SLEEP)
