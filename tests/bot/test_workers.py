import math
import os
import time

import pytest

from bot.errors import ProcessingTimeoutError
from bot.workers import WorkerPool


async def test_work_runs_in_another_process() -> None:
    pool = WorkerPool(workers=1, timeout=30)
    try:
        assert await pool.run(os.getpid) != os.getpid()
        assert await pool.run(math.factorial, 10) == 3_628_800
    finally:
        pool.close()


async def test_a_task_over_its_time_limit_is_stopped_and_the_pool_goes_on() -> None:
    pool = WorkerPool(workers=1, timeout=0.5)
    try:
        with pytest.raises(ProcessingTimeoutError, match=r"longer than 0\.5 s"):
            await pool.run(time.sleep, 30)
        # The stuck worker was replaced: the next task runs at once.
        assert await pool.run(math.factorial, 5) == 120
    finally:
        pool.close()


async def test_errors_raised_in_a_worker_reach_the_caller() -> None:
    pool = WorkerPool(workers=1, timeout=30)
    try:
        with pytest.raises(ValueError, match="math domain error"):
            await pool.run(math.sqrt, -1)
    finally:
        pool.close()
