"""Algorithm registry: one Sumy summarizer per (algorithm, language), built once per process."""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from typing import Any

from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.random import RandomSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bot.errors import InvalidOptionError
from bot.summarizing.news import NewsSummarizer
from bot.summarizing.tokenizer import OfflineTokenizer

log = logging.getLogger(__name__)

DEFAULT_ALGORITHM = "news"

_STOCK: dict[str, Callable[..., Any]] = {
    "lexrank": LexRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "textrank": TextRankSummarizer,
    "sumbasic": SumBasicSummarizer,
    "kl": KLSummarizer,
    "reduction": ReductionSummarizer,
    "edmundson": EdmundsonSummarizer,
    "random": RandomSummarizer,
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
            f"unknown algorithm {name!r}; choose one of: {', '.join(ALGORITHMS)}"
        )
    return key


@functools.cache
def tokenizer(language: str) -> OfflineTokenizer:
    return OfflineTokenizer(language)


@functools.cache
def stemmer(language: str) -> Stemmer:
    try:
        return Stemmer(language)
    except LookupError as error:
        raise InvalidOptionError(f"language {language!r} is not supported") from error


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    try:
        return frozenset(get_stop_words(language))
    except LookupError as error:
        raise InvalidOptionError(f"language {language!r} is not supported") from error


@functools.cache
def _summarizer(name: str, language: str) -> Any:
    words = stop_words(language)
    if name == DEFAULT_ALGORITHM:
        return NewsSummarizer(stemmer(language), words)
    summarizer = _STOCK[name](stemmer(language))
    if isinstance(summarizer, EdmundsonSummarizer):
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
    if isinstance(summarizer, EdmundsonSummarizer) and title:
        # Copy so concurrent calls never see another article's headline.
        summarizer = copy.copy(summarizer)
        title_words = [w for w in tokenizer(language).to_words(title)
                       if w.lower() not in stop_words(language)]
        summarizer.bonus_words = (*_EDMUNDSON_BONUS, *title_words)
    return summarizer
