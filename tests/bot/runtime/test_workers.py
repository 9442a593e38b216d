import asyncio
import json
import math
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ProcessingTimeoutError
from bot.runtime.workers import WorkerPool
from tests.conftest import REPO


async def test_work_runs_in_another_process() -> None:
    pool = WorkerPool(workers=1, timeout=30)
    try:
        assert await pool.run(os.getpid) != os.getpid()
        assert await pool.run(math.factorial, 10) == 3_628_800
    finally:
        pool.close()


async def test_a_task_over_its_time_limit_is_stopped_and_the_pool_goes_on() -> None:
    # A limit the quick task after it cannot miss on a busy machine (it must succeed too).
    pool = WorkerPool(workers=1, timeout=2)
    try:
        with pytest.raises(ProcessingTimeoutError, match=r"longer than 2 s"):
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


async def test_a_pool_started_in_the_background_runs_what_is_given_to_it() -> None:
    pool = WorkerPool(workers=2, timeout=30)
    try:
        pool.start()
        pool.start()  # starting twice is starting once
        assert await asyncio.gather(*(pool.run(math.factorial, n) for n in (3, 4, 5))) == [
            6, 24, 120]
    finally:
        pool.close()


def test_a_pool_closed_before_it_ever_started_closes_cleanly() -> None:
    WorkerPool(workers=1, timeout=30).close()


# What the forkserver preloads can only be seen in a process whose forkserver has not started
# yet, so these run in a fresh interpreter, from a script file as the ``newsbot`` command is.

_PRELOADED = '''
import os
LOADED_IN = os.getpid()  # the process that imported this module
'''

_PROBE = '''
import asyncio, json, os, sys, time
from bot.errors import ProcessingTimeoutError
from bot.runtime.workers import WorkerPool, start_forkserver

def loaded_in():
    import preloaded
    return {"worker": os.getpid(), "loaded_in": preloaded.LOADED_IN}

async def main():
    if sys.argv[1] == "before the pool":
        start_forkserver(["preloaded"])
        pool = WorkerPool(1, timeout=2)
    else:
        pool = WorkerPool(1, timeout=2, preload=["preloaded"])
    pool.start()
    try:
        first = await pool.run(loaded_in)
        try:
            await pool.run(time.sleep, 60)
        except ProcessingTimeoutError:
            pass
        after = await pool.run(loaded_in)  # in the worker that replaced the killed one
    finally:
        pool.close()
    print(json.dumps({"main": os.getpid(), "first": first, "after": after}))

if __name__ == "__main__":
    asyncio.run(main())
'''


def _run_probe(folder: Path, script: str, *arguments: str) -> dict[str, Any]:
    (folder / "probe.py").write_text(script, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(folder)])}
    finished = subprocess.run([sys.executable, str(folder / "probe.py"), *arguments],
                              cwd=folder, env=environment, capture_output=True, text=True,
                              timeout=100, check=False)
    assert finished.returncode == 0, finished.stderr
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("started", ["with the pool", "before the pool"])
def test_preloaded_modules_are_imported_once_before_workers_fork_replacements_too(
        tmp_path: Path, started: str) -> None:
    (tmp_path / "preloaded.py").write_text(_PRELOADED, encoding="utf-8")
    result = _run_probe(tmp_path, _PROBE, started)
    first, after = result["first"], result["after"]
    # The worker killed at its time limit was replaced...
    assert after["worker"] != first["worker"]
    # ...and both found the module imported by one process, neither the main one nor theirs.
    assert after["loaded_in"] == first["loaded_in"]
    assert first["loaded_in"] not in {result["main"], first["worker"], after["worker"]}


_MODEL_PROBE = '''
import asyncio, json, os, sys

def model_state():
    import numpy
    from bot.people.model import load_pipeline
    numpy.ones((400, 400)) @ numpy.ones((400, 400))  # a product as the summarizers make
    return {"model_loaded": load_pipeline.cache_info().currsize == 1,
            "trafilatura": "trafilatura" in sys.modules,
            "threads": len(os.listdir("/proc/self/task"))}

async def main():
    from bot.runtime.workers import BOT_PRELOAD, WorkerPool
    pool = WorkerPool(1, timeout=60, preload=BOT_PRELOAD)
    try:
        state = await pool.run(model_state)
    finally:
        pool.close()
    print(json.dumps({**state, "main_has_model": "spacy" in sys.modules}))

if __name__ == "__main__":
    asyncio.run(main())
'''


def test_workers_of_the_bots_preload_start_with_the_model_and_extractor_loaded(
        tmp_path: Path) -> None:
    # No initializer: whatever the worker has at its first task came from the forkserver.
    result = _run_probe(tmp_path, _MODEL_PROBE)
    # One thread: no BLAS helper thread busy-waits beside the work of a worker.
    assert result == {"model_loaded": True, "trafilatura": True, "threads": 1,
                      "main_has_model": False}


# A worker that is told to stop while it is still starting: forked, but still importing the
# main module, not yet unpickling its arguments (a short command that exits while its
# workers start). Here the worker holds the stop signal and goes on starting only once it
# has been sent, so that moment is certain. The forkserver holds the signal (its preload
# blocks it), so every worker it forks starts holding it.
_HOLD_STOP = '''
import signal
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
'''
_STARTING_PROBE = '''
import asyncio, json, os, signal, time

if __name__ == "__mp_main__":  # the worker, importing this script as its main module
    while signal.SIGTERM not in signal.sigpending():
        time.sleep(0.01)

def unblock():  # the worker's initializer: the pending stop signal now ends it
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

async def main():
    from bot.runtime.workers import WorkerPool
    pool = WorkerPool(2, timeout=30, initializer=unblock, preload=["hold_stop"])
    pool.start()
    pool._starting().result(timeout=60)  # the workers are forked: close while they start
    pool.close()
    print(json.dumps({"closed": True}))

if __name__ == "__main__":
    asyncio.run(main())
'''


def test_closing_while_a_worker_is_still_starting_prints_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "probe.py").write_text(_STARTING_PROBE, encoding="utf-8")
    (tmp_path / "hold_stop.py").write_text(_HOLD_STOP, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(tmp_path)])}
    finished = subprocess.run([sys.executable, str(tmp_path / "probe.py")], cwd=tmp_path,
                              env=environment, capture_output=True, text=True, timeout=100,
                              check=False)
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout) == {"closed": True}
    assert "Traceback" not in finished.stderr
    assert "FileNotFoundError" not in finished.stderr


def test_a_pool_starts_no_process_until_it_is_given_work() -> None:
    pool = WorkerPool(workers=1, timeout=30)
    try:
        assert not pool.started
        assert not [child for child in multiprocessing.active_children()
                    if child.name == "pebble_pool_worker"]
    finally:
        pool.close()
