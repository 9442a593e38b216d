"""What the worker pool's forkserver builds before it forks any worker, one module per job kind.

Importing ``bot.runtime.preload.summaries``, ``bot.runtime.preload.pages`` or
``bot.runtime.preload.people`` builds that kind's heavy objects (the summarizers; trafilatura;
the spaCy model) once, in the forkserver: every worker, a replacement for one killed at its
time limit included, starts with them, and the workers share their pages copy-on-write. A pool
preloads only the kinds its command needs (``summarize FILE`` never loads the person model);
whatever else a job needs, its worker loads on first use. Only the forkserver imports these
modules.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable

# The workers are the parallelism. Set before numpy loads, so that OpenBLAS starts no helper
# thread: it would busy-wait after every matrix product the summarizers make, taking about a
# second of CPU per worker per 180 articles from the other worker.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def build(prepare: Callable[[], None]) -> None:
    """Run ``prepare`` for the workers to inherit what it builds."""
    # Collections during these imports find next to nothing to free and cost 15% of the time
    # every worker waits for.
    gc.disable()
    try:
        prepare()
    except Exception:  # the forkserver must live on; each worker then loads what it needs
        logging.getLogger(__name__).exception("could not prepare the workers' models")
    finally:
        # Collections in the workers then never write to these objects' headers, so their
        # pages stay shared instead of being copied into every worker.
        gc.freeze()
        gc.enable()
