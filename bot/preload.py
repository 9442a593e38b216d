"""Imported only by the worker pool's forkserver process, before it forks any worker.

Building the workers' heavy objects here (trafilatura, the summarizers, the spaCy model)
does it once instead of once per worker: every worker, a replacement for one killed at its
time limit included, starts ready, and the workers share these pages copy-on-write.
Importing this module does that work on purpose; nothing but the forkserver imports it.
"""

from __future__ import annotations

import gc
import logging
import os


def _prepare() -> None:
    # The workers are the parallelism. Set before numpy loads, so that OpenBLAS starts no
    # helper thread: it would busy-wait after every matrix product the summarizers make,
    # taking about a second of CPU per worker per 180 articles from the other worker.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Collections during these imports find next to nothing to free and cost 15% of the
    # time every worker waits for.
    gc.disable()
    try:
        from bot.processing import prepare_worker  # noqa: PLC0415  after the two lines above

        prepare_worker()
    except Exception:  # the forkserver must live on; each worker then loads what it needs
        logging.getLogger(__name__).exception("could not prepare the workers' models")
    finally:
        # Collections in the workers then never write to these objects' headers, so their
        # pages stay shared instead of being copied into every worker.
        gc.freeze()
        gc.enable()


_prepare()
