"""The CPU-bound part of handling one article, run in a worker process.

``process_document`` is a plain module-level function of picklable arguments, so it can run
in a process pool; heavy objects (parsers, tokenizers, stemmers) are cached per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from bot.extraction.model import ExtractedArticle
from bot.knowledge.keyphrases import key_phrases
from bot.knowledge.notes import annotate
from bot.people import PersonFound, find_people
from bot.summarizing import (
    DEFAULT_ALGORITHM,
    Summary,
    check_algorithm,
    check_length,
    summarize,
)

DocumentKind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How long a summary is and how it is made; checked before any work is done."""

    algorithm: str = DEFAULT_ALGORITHM
    sentences: int | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        # The summarizer's own checks: one wording, and "LexRank" is "lexrank" everywhere.
        object.__setattr__(self, "algorithm", check_algorithm(self.algorithm))
        check_length(self.sentences, self.ratio)


@dataclass(frozen=True, slots=True)
class Document:
    """Text to process: a page's HTML or a plain-text article."""

    content: str
    kind: DocumentKind
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    article: ExtractedArticle
    summary: Summary
    # Filled only when asked to understand the article (articles that are stored).
    people: tuple[PersonFound, ...] = ()
    # Topics found in the text when the page gave no tags (derived, not the page's own).
    key_phrases: tuple[str, ...] = ()
    # What each sentence holds, for /ask (bot.knowledge.notes; JSON, stored as it is).
    sentence_notes: str | None = None


def process_document(document: Document, options: SummaryOptions,
                     understand: bool = False) -> ProcessedArticle:
    """Extract the article and summarize it; with ``understand`` also find people and topics.

    Summaries and extraction that store nothing (``summarize``, ``extract --jsonl``) skip the
    recognition and keep their output and speed.
    """
    # Imported here, in the worker (bot.preload has imported them before it forked): the main
    # process only builds documents and reads results, and needs neither lxml nor these rules.
    from bot.extraction.html import extract_html  # noqa: PLC0415
    from bot.extraction.plaintext import extract_plaintext  # noqa: PLC0415

    if document.kind == "html":
        article = extract_html(document.content, document.url)
    else:
        article = extract_plaintext(document.content)
    summary = summarize(article.text, title=article.title, algorithm=options.algorithm,
                        sentences=options.sentences, ratio=options.ratio)
    if not understand:
        return ProcessedArticle(article=article, summary=summary)
    _wait_for_people_model()
    people = find_people(article.text, title=article.title)
    phrases = () if article.tags else key_phrases(
        article.text, article.title, exclude=[person.name for person in people])
    return ProcessedArticle(article=article, summary=summary, people=people,
                            key_phrases=phrases,
                            sentence_notes=annotate(article.text, article.title, people))


_people_loader: threading.Thread | None = None
_WARM_UP_TEXT = "Warm up\n\n" + ("Warm-up text for the worker. " * 3 + "\n\n") * 4
# A news page: extraction (trafilatura and the date, language and URL helpers it imports on
# first use), summarizing, people and key phrases all run on it. It is long enough that
# trafilatura skips its justext pass, whose stop-word lists for every language (30 MB) would
# otherwise sit in every worker from the start instead of only once a page needs them.
_WARM_UP_PAGE = (
    "<html lang='en'><head><title>Council backs ferry plan</title></head><body><article>"
    "<h1>Council backs ferry plan</h1>"
    "<p>The harbour council met on Monday to agree a plan for the new ferry terminal.</p>"
    "<p>Anna Berg, who chairs the council, said work on the terminal would start in spring.</p>"
    "<p>Residents will be asked for their views at a meeting in the town hall next month.</p>"
    "<p>The ferry company welcomed the decision and will publish a new timetable soon.</p>"
    "</article></body></html>"
)


def prepare_worker() -> None:
    """Build every heavy object a worker uses, now and in this thread: the extractor, the
    summarizers and the NER model (``bot.preload`` calls it once, before workers are forked)."""
    process_document(Document(_WARM_UP_PAGE, "html", "https://example.com/warm-up"),
                     SummaryOptions(), understand=True)
    process_document(Document(_WARM_UP_TEXT, "text"), SummaryOptions())


def warm_up() -> None:
    """Build each worker's heavy objects before the first real article arrives.

    The summarizer is warmed here; the NER model loads in a background thread, so that
    commands that never recognize people (``summarize``, ``extract``) do not wait for it.
    Workers forked from a preloaded forkserver have both already; this then takes a few ms.
    """
    global _people_loader  # noqa: PLW0603  one loader per worker process
    process_document(Document(_WARM_UP_TEXT, "text"), SummaryOptions())
    _people_loader = threading.Thread(target=_load_people, name="ner-warm-up", daemon=True)
    _people_loader.start()


def _load_people() -> None:
    find_people("Warm-up text for the worker, said Anna Berg.")


def _wait_for_people_model() -> None:
    # The model is cached per process; let the warm-up finish rather than load it twice.
    if _people_loader is not None:
        _people_loader.join()


def summarize_text(text: str, title: str | None, options: SummaryOptions) -> Summary:
    """Summarize an already extracted article again, with other options."""
    return summarize(text, title=title, algorithm=options.algorithm,
                     sentences=options.sentences, ratio=options.ratio)
