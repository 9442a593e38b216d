"""Extractive summaries of article text with Sumy: the ``news`` default and every stock algorithm.

Runs inside process-pool workers: everything heavy (tokenizer, stemmer, stop words, summarizers)
is built lazily, once per process.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.errors import InvalidOptionError, NotAnArticleError
from bot.summarizing.algorithms import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    check_algorithm,
    summarizer_for,
    tokenizer,
)
from bot.summarizing.coherence import ReadableCount, keep_readable, reading_units
from bot.summarizing.filters import is_content, strip_dateline
from bot.summarizing.languages import check_language, code_of, is_supported, language_of
from bot.text.words import word_count

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

__all__ = ["ALGORITHMS", "DEFAULT_ALGORITHM", "MAX_SENTENCES", "NoSummaryError", "Summary",
           "build_document", "check_algorithm", "check_language", "check_length", "code_of",
           "language_of", "summarize", "unavailable_summary"]

log = logging.getLogger(__name__)

_BLANK_LINE = re.compile(r"\n\s*\n")
DEFAULT_SENTENCES = 3
MAX_SENTENCES = 50


class NoSummaryError(NotAnArticleError):
    """The article has text, but none of its sentences can make a summary (a language the
    splitter cannot read, only captions or lists): the article is still worth keeping."""


@dataclass(frozen=True)
class Summary:
    sentences: tuple[str, ...]
    algorithm: str
    words_in: int
    words_out: int
    # Why there are no sentences, for a reader ("summaries are not available for ..."); None
    # when the summary was made.
    unavailable: str | None = None

    @property
    def reduction_percent(self) -> float:
        """How much shorter the summary is than the article, 0-100, one decimal."""
        if self.words_in <= 0:
            return 0.0
        return round(max(0.0, min(100.0, 100.0 * (1 - self.words_out / self.words_in))), 1)


def build_document(text: str, title: str | None, language: str) -> ObjectDocumentModel:
    """Sumy document of the content sentences only; the headline is the document's heading.

    Non-content sentences (datelines stripped, bylines, captions, boilerplate, questions, too
    short or too long) are left out here so that no algorithm can ever pick them, and with them
    what cannot be read without them (the rest of a quotation, a following "But ...").
    """
    # Imported here, in the worker: see bot.summarizing.algorithms.
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence  # noqa: PLC0415

    tok = tokenizer(language)
    paragraphs = []
    if title and title.strip():
        paragraphs.append(Paragraph([Sentence(title.strip(), tok, is_heading=True)]))
    candidates: list[str] = []
    numbers: list[int] = []
    for number, raw_block in enumerate(_BLANK_LINE.split(text)):
        block = " ".join(raw_block.split())
        for raw in tok.to_sentences(block) if block else ():
            candidates.append(strip_dateline(raw))
            numbers.append(number)
    keep = keep_readable(candidates, numbers,
                         [is_content(s, title, language) for s in candidates], language)
    rows = zip(numbers, candidates, keep, strict=True)
    for _, group in itertools.groupby(rows, key=lambda row: row[0]):
        kept = [Sentence(sentence, tok) for _, sentence, keep_it in group if keep_it]
        if kept:
            paragraphs.append(Paragraph(kept))
    return ObjectDocumentModel(paragraphs)


def _units(document: ObjectDocumentModel, language: str) -> list[tuple[int, ...] | None]:
    sentences, paragraphs = [], []
    for number, paragraph in enumerate(document.paragraphs):
        for sentence in paragraph.sentences:
            sentences.append(str(sentence))
            paragraphs.append(number)
    return reading_units(sentences, paragraphs, language)


def _no_sentences(text: str, language: str) -> str:
    if word_count(text) >= 50 and not is_supported(language):
        # Plenty of text, yet not one sentence: the splitter cannot read this language.
        return f"summaries are not available for this language ({language})"
    return "the text has no sentences that could make a summary"


def unavailable_summary(text: str, algorithm: str, reason: str) -> Summary:
    """The summary of an article that has text but no summary: no sentences, and why."""
    return Summary(sentences=(), algorithm=check_algorithm(algorithm), words_in=word_count(text),
                   words_out=0, unavailable=reason)


def check_length(sentences: int | None, ratio: float | None) -> None:
    """Raise ``InvalidOptionError`` unless the summary length options are usable."""
    _sentence_count(1, sentences, ratio)


def _sentence_count(total: int, sentences: int | None, ratio: float | None) -> int:
    if sentences is not None and ratio is not None:
        raise InvalidOptionError("give either a sentence count or a ratio, not both")
    if sentences is not None:
        if isinstance(sentences, bool) or not isinstance(sentences, int):
            raise InvalidOptionError("the sentence count must be a whole number")
        if not 1 <= sentences <= MAX_SENTENCES:
            raise InvalidOptionError(
                f"the sentence count must be between 1 and {MAX_SENTENCES}, not {sentences}"
            )
        return sentences
    if ratio is not None:
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or math.isnan(ratio):
            raise InvalidOptionError("the ratio must be a number")
        if not 0 < ratio <= 1:
            raise InvalidOptionError(f"the ratio must be above 0 and at most 1, not {ratio}")
        return max(1, round(ratio * total))
    return DEFAULT_SENTENCES


def summarize(
    text: str,
    *,
    title: str | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    sentences: int | None = None,
    ratio: float | None = None,
    language: str | None = None,
) -> Summary:
    """Summarize an article body (paragraphs separated by blank lines), sentences in text order.

    ``sentences`` (1..50) or ``ratio`` (0 < r <= 1 of the content sentences, at least one) sets
    the length; neither means three sentences. ``language`` is a name ("german") or an ISO
    639-1 code ("de"); without it the language is detected from the text (``language_of``
    also weighs a page's declared language). Raises ``InvalidOptionError`` for bad options,
    ``NotAnArticleError`` when there is no text and ``NoSummaryError`` when the text has no
    sentence that could make a summary.
    """
    name = check_algorithm(algorithm)
    # Validate the options before any work, so a bad request fails the same way on any text.
    check_length(sentences, ratio)
    if language is not None:
        language = check_language(language)
    if not text or not text.strip():
        raise NotAnArticleError("there is no text to summarize")
    if language is None:
        language = language_of(text)

    document = build_document(text, title, language)
    content: tuple[Any, ...] = document.sentences
    if not content:
        raise NoSummaryError(_no_sentences(text, language))
    count = min(_sentence_count(len(content), sentences, ratio), len(content))

    summarizer = summarizer_for(name, language, title)
    if name == DEFAULT_ALGORITHM:
        chosen = summarizer(document, count)  # picks whole reading units itself
    else:
        # Every stock Sumy summarizer accepts a callable count: whole reading units there too.
        chosen = summarizer(document, ReadableCount(count, _units(document, language)))
    order = {id(s): i for i, s in enumerate(content)}
    # Sumy returns sentences in document order already; sort anyway for algorithms that do not.
    picked = sorted(chosen, key=lambda s: order.get(id(s), len(order)))
    out = tuple(str(s) for s in picked)
    log.debug("summarized %d of %d sentences with %s", len(out), len(content), name)
    return Summary(
        sentences=out,
        algorithm=name,
        words_in=word_count(text),
        words_out=sum(word_count(s) for s in out),
    )
