"""A memory ceiling for worker processes, so that one page cannot exhaust the machine.

The ceiling is an address-space limit (``RLIMIT_AS``) set inside the worker for the length
of one task: what the worker maps when the task starts (its interpreter, the loaded models,
what earlier tasks left in the allocator) plus a fixed allowance. An allocation past it fails
with ``MemoryError`` in that worker alone, which the pipeline reports as a page too complex to
read; the other workers and the bot go on. The ceiling is measured again at each task's start
(memory a failed task used stays mapped in the allocator) and lifted when the task ends, so
that receiving the next task or sending a result never meets the last task's ceiling.
"""

from __future__ import annotations

import logging
import resource
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

_MEGABYTE = 1024 * 1024
_allowance_mb = 0  # per worker process; 0: no ceiling


def set_memory_allowance(allowance_mb: int) -> None:
    """Give every later task of this process ``allowance_mb`` megabytes (0: unlimited)."""
    global _allowance_mb  # noqa: PLW0603  one allowance per worker process
    _allowance_mb = allowance_mb


@contextmanager
def memory_ceiling() -> Iterator[None]:
    """Within the block, this process may map its allowance beyond what it maps now."""
    mapped = _mapped_bytes()
    if _allowance_mb <= 0 or mapped is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + _allowance_mb * _MEGABYTE
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError) as error:  # a platform without the limit: run unlimited
        log.warning("could not set the worker memory ceiling: %s", error)
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _mapped_bytes() -> int | None:
    """This process's virtual size (VmSize), from /proc; None where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
