"""Algorithm registry: one Sumy summarizer per (algorithm, language), built once per process.

Sumy, NLTK's stemmers and numpy are imported when a summarizer is first built, in a worker:
the main process only needs the algorithms' names, and its start-up delays the workers'.
"""

from __future__ import annotations

import copy
import functools
import importlib
import logging
from collections.abc import Callable
from typing import Any

from bot.errors import InvalidOptionError
from bot.summarizing.languages import ENGLISH, NAMES
from bot.summarizing.tokenizer import OfflineTokenizer
from bot.text.stopwords import ENGLISH_FUNCTION_WORDS, summarizer_stop_words

log = logging.getLogger(__name__)

DEFAULT_ALGORITHM = "news"

# Sumy's stock summarizers: name -> (module, class).
_STOCK: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "random": ("sumy.summarizers.random", "RandomSummarizer"),
}

ALGORITHMS: tuple[str, ...] = (DEFAULT_ALGORITHM, *_STOCK)

# Edmundson's cue method: words that mark a sentence as news (bonus) or as filler (stigma).
# The headline's words are added to the bonus words of each article.
_EDMUNDSON_BONUS = ("said", "announced", "reported", "according", "official", "killed", "police",
                    "government", "percent", "million", "billion", "new", "first")
_EDMUNDSON_STIGMA = ("click", "subscribe", "newsletter", "advertisement", "photo", "video",
                     "copyright", "share", "follow", "comment", "perhaps", "maybe", "hopefully")


def check_algorithm(name: str) -> str:
    key = name.strip().lower()
    if key not in ALGORITHMS:
        raise InvalidOptionError(
            f"unknown summary algorithm {name!r} (choose one of: {', '.join(ALGORITHMS)})"
        )
    return key


@functools.cache
def tokenizer(language: str) -> OfflineTokenizer:
    return OfflineTokenizer(language)


@functools.cache
def stemmer(language: str) -> Callable[[str], str]:
    """Sumy's stemmer for the language; no stemming where Sumy has none."""
    from sumy.nlp.stemmers import Stemmer, null_stemmer  # noqa: PLC0415  (see the docstring)

    none: Callable[[str], str] = null_stemmer
    if language not in NAMES.values():
        return none
    try:
        stem: Callable[[str], str] = Stemmer(language)
    except LookupError:  # Thai: Sumy has stop words but no stemmer
        return none
    return stem


def stop_words(language: str) -> frozenset[str]:
    """What the summarizers are given: ``bot.text.stopwords`` keeps every list."""
    return summarizer_stop_words(language)


@functools.cache
def _summarizer(name: str, language: str) -> Any:
    words = stop_words(language)
    if name == DEFAULT_ALGORITHM:
        from bot.summarizing.news import NewsSummarizer  # noqa: PLC0415

        # The digest profile's graph leaves out grammatical words only: NLTK's short English
        # list where there is one, the language's stop words elsewhere.
        function_words = ENGLISH_FUNCTION_WORDS if language == ENGLISH else words
        return NewsSummarizer(stemmer(language), words, language=language,
                              function_words=function_words)
    module, cls = _STOCK[name]
    summarizer = getattr(importlib.import_module(module), cls)(stemmer(language))
    if name == "edmundson":
        summarizer.null_words = words
        summarizer.stigma_words = _EDMUNDSON_STIGMA
        summarizer.bonus_words = _EDMUNDSON_BONUS
    elif hasattr(summarizer, "stop_words"):
        summarizer.stop_words = words
    log.debug("built %s summarizer for %s", name, language)
    return summarizer


def summarizer_for(name: str, language: str, title: str | None = None) -> Any:
    """The cached summarizer; Edmundson gets a shallow copy with the headline as bonus words."""
    summarizer = _summarizer(name, language)
    if name == "edmundson" and title:
        # Copy so concurrent calls never see another article's headline.
        summarizer = copy.copy(summarizer)
        title_words = [w for w in tokenizer(language).to_words(title)
                       if w.lower() not in stop_words(language)]
        summarizer.bonus_words = (*_EDMUNDSON_BONUS, *title_words)
    return summarizer
