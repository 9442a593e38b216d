"""A pool of worker processes for CPU-bound work, each task under a time limit.

pebble's pool kills a worker whose task runs past its timeout, so a pathological page
cannot hold a core forever; a plain ProcessPoolExecutor can only stop waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from multiprocessing import forkserver
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from bot.errors import NewsbotError, ProcessingTimeoutError

log = logging.getLogger(__name__)

T = TypeVar("T")

# What a forkserver imports for its workers, per job kind (bot/runtime/preload/): the bot and an
# ingest need everything; summarizing alone needs neither trafilatura (for a text file) nor
# the person model. ``__main__`` first: workers then need not import the main script again.
SUMMARY_PRELOAD = ("__main__", "bot.runtime.preload.summaries")
BATCH_PRELOAD = ("__main__", "bot.runtime.preload.summaries", "bot.runtime.preload.pages")
PEOPLE_PRELOAD = ("__main__", "bot.runtime.preload.people")
BOT_PRELOAD = ("__main__", "bot.runtime.preload.summaries", "bot.runtime.preload.pages",
               "bot.runtime.preload.people")


def start_forkserver(preload: Sequence[str]) -> None:
    """Start the forkserver now, so that it imports ``preload`` while this process goes on
    with its own start-up; a pool started later forks its workers from it.

    Only the first start counts: there is one forkserver per process.
    """
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    forkserver.ensure_running()


class _OrderlyProcessPool(ProcessPool):
    """pebble's process pool, stopped in the safe order: its workers first, then their channel.

    pebble (5.2) closes the channel, unlinking its named semaphores, before it stops the
    workers. A worker that is forked but still starting (importing the main module, not yet
    unpickling its arguments) then cannot open those semaphores and prints a
    ``FileNotFoundError`` traceback from the forkserver: what a short command that exits
    while its workers start used to show. Stopped first, such a worker dies quietly.
    """

    def _stop_pool(self) -> None:
        if self._pool_manager_loop is not None:
            self._pool_manager_loop.join()  # it starts replacement workers: let it end first
        # pebble has no type hints.
        self._pool_manager.worker_manager.force_stop_workers()  # type: ignore[no-untyped-call]
        super()._stop_pool()  # type: ignore[no-untyped-call]


class WorkerPool:
    """``preload`` names modules the forkserver imports before it forks the first worker.

    Workers are forked from that one process, so what it has imported and built is there in
    every worker, a replacement for a killed one included, and shared between them. The
    forkserver is one per process: the first pool to start decides what it preloads.
    """

    def __init__(self, workers: int, timeout: float,
                 initializer: Callable[[], None] | None = None,
                 preload: Sequence[str] = ()) -> None:
        self.size = workers or os.cpu_count() or 1
        self._timeout = timeout
        # forkserver: never fork a process that runs an event loop and database threads.
        context = multiprocessing.get_context("forkserver")
        if preload:
            context.set_forkserver_preload(list(preload))
        # Nothing starts here: the workers start at the first ``run`` (or ``start``), so a
        # command that never needs them never pays for them.
        self._pool = _OrderlyProcessPool(max_workers=self.size, initializer=initializer,
                                 context=context)
        self._started: Future[None] | None = None
        self._start_lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether the workers were ever asked to start (by ``start`` or a first ``run``)."""
        return self._started is not None

    def start(self) -> None:
        """Start the workers in the background now, ahead of the first ``run``, which waits
        for them; for a caller that knows it will need them (the bot, an ingest).

        Starting waits for the forkserver to import its preload (a second or two with the NER
        model), so it runs in a thread: the event loop is never blocked, and the main process
        goes on with its own start-up meanwhile.
        """
        self._starting()

    def _starting(self) -> Future[None]:
        with self._start_lock:
            if self._started is None:
                self._started = Future()
                threading.Thread(target=self._start_workers, args=(self._started,),
                                 name="worker-pool-start", daemon=True).start()
            return self._started

    def _start_workers(self, started: Future[None]) -> None:
        try:
            # Reading ``active`` starts a pool that has not started yet and launches its workers.
            if not self._pool.active:
                raise RuntimeError("the worker pool was closed before it started")
        except BaseException as error:  # noqa: BLE001  handed to whoever awaits the start
            started.set_exception(error)
        else:
            started.set_result(None)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        started = self._starting()
        if not started.done():
            await asyncio.wrap_future(started)
        started.result()  # raises if the workers could not start
        future = self._pool.schedule(function, args=args, timeout=self._timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeoutError:
            raise ProcessingTimeoutError(
                f"processing the article took longer than {self._timeout:g} s") from None
        except ProcessExpired as error:
            log.error("worker process died while running %s: %s", function.__name__, error)
            raise NewsbotError("processing the article crashed its worker") from None

    def close(self) -> None:
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()
