"""A pool of worker processes for CPU-bound work, each task under a time limit.

pebble's pool kills a worker whose task runs past its timeout, so a pathological page
cannot hold a core forever; a plain ProcessPoolExecutor can only stop waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from bot.errors import NewsbotError, ProcessingTimeoutError

log = logging.getLogger(__name__)

T = TypeVar("T")


class WorkerPool:
    def __init__(self, workers: int, timeout: float,
                 initializer: Callable[[], None] | None = None) -> None:
        self.size = workers or os.cpu_count() or 1
        self._timeout = timeout
        # forkserver: never fork a process that runs an event loop and database threads.
        self._pool = ProcessPool(max_workers=self.size, initializer=initializer,
                                 context=multiprocessing.get_context("forkserver"))

    async def run(self, function: Callable[..., T], *args: Any) -> T:
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
        self._pool.stop()
        self._pool.join()
