"""A memory ceiling for worker processes, so that one page cannot exhaust the machine.

The ceiling is an address-space limit (``RLIMIT_AS``) set inside the worker: what the
worker maps when a task starts (its interpreter, the loaded models, what earlier tasks left
in the allocator) plus a fixed allowance for the task. An allocation past it fails with
``MemoryError`` in that worker alone, which the pipeline reports as a page too complex to
read; the other workers and the bot go on. The ceiling is set again at each task's start,
because memory a failed task used stays mapped in the allocator and would otherwise leave
the worker at its ceiling for every later page.
"""

from __future__ import annotations

import logging
import resource

log = logging.getLogger(__name__)

_MEGABYTE = 1024 * 1024
_allowance_mb = 0  # per worker process; 0: no ceiling


def set_memory_allowance(allowance_mb: int) -> None:
    """Give every task of this process ``allowance_mb`` megabytes (0: unlimited)."""
    global _allowance_mb  # noqa: PLW0603  one allowance per worker process
    _allowance_mb = allowance_mb
    rebase_memory_ceiling()


def rebase_memory_ceiling() -> None:
    """Set the ceiling at what this process maps now plus its allowance."""
    mapped = _mapped_bytes()
    if _allowance_mb <= 0 or mapped is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + _allowance_mb * _MEGABYTE
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError) as error:  # a platform without the limit: run unlimited
        log.warning("could not set the worker memory ceiling: %s", error)


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
