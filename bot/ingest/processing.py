"""The CPU-bound part of handling one article, run in a worker process.

``process_document`` is a plain module-level function of picklable arguments, so it can run
in a process pool; heavy objects (parsers, tokenizers, stemmers) are cached per process.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from bot.errors import PageTooComplexError
from bot.extraction.model import ExtractedArticle
from bot.extraction.tag_choice import choose_tags
from bot.knowledge.keyphrases import key_phrases
from bot.knowledge.notes import annotate
from bot.people import PersonFound, find_people
from bot.runtime.memory_ceiling import memory_ceiling, set_memory_allowance
from bot.summarizing import (
    DEFAULT_ALGORITHM,
    NoSummaryError,
    Summary,
    check_algorithm,
    check_length,
    code_of,
    language_of,
    summarize,
    unavailable_summary,
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
    with memory_ceiling():
        try:
            return _process(document, options, understand)
        except MemoryError:
            # The worker's memory ceiling (bot.runtime.memory_ceiling) was reached: this page, not
            # the bot.
            raise PageTooComplexError(
                "the page is too complex to read (it needs more memory than a worker may use)"
            ) from None


def _process(document: Document, options: SummaryOptions, understand: bool) -> ProcessedArticle:
    # Imported here, in the worker (bot.runtime.preload has imported them before it forked):
    # the main process only builds documents and reads results, and needs neither lxml nor
    # these rules.
    from bot.extraction.complexity import MAX_TEXT_CHARACTERS  # noqa: PLC0415
    from bot.extraction.html import extract_html  # noqa: PLC0415
    from bot.extraction.plaintext import extract_plaintext  # noqa: PLC0415

    if document.kind == "html":
        article = extract_html(document.content, document.url)
    else:
        article = extract_plaintext(document.content)
    # The whole text is stored; summaries and recognition read a bounded part of it.
    text = article.text[:MAX_TEXT_CHARACTERS]
    # One language for everything read from the text: the summary's words and the topics.
    language = language_of(text, article.language)
    code = code_of(language)
    article = replace(article, tags=choose_tags(
        article.tags, text=text, title=article.title, language=code,
        site_name=article.site_name, url=article.canonical_url or document.url))
    summary = summarize_text(text, article.title, options, language)
    if not understand:
        return ProcessedArticle(article=article, summary=summary)
    people = find_people(text, title=article.title)
    phrases = () if article.tags else key_phrases(
        text, article.title, exclude=[person.name for person in people], language=code)
    return ProcessedArticle(article=article, summary=summary, people=people,
                            key_phrases=phrases,
                            sentence_notes=annotate(text, article.title, people))


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


# One builder per job kind (``bot.runtime.preload`` runs the ones a pool needs in its forkserver).
def prepare_summaries() -> None:
    """Build the summarizers and plain-text extraction."""
    process_document(Document(_WARM_UP_TEXT, "text"), SummaryOptions())


def prepare_pages() -> None:
    """Build trafilatura and the HTML extraction (the summary of a page comes with it)."""
    process_document(Document(_WARM_UP_PAGE, "html", "https://example.com/warm-up"),
                     SummaryOptions())


def prepare_people() -> None:
    """Build the NER model and the key-phrase rules."""
    people = find_people(_WARM_UP_PAGE_TEXT, title="Council backs ferry plan")
    key_phrases(_WARM_UP_PAGE_TEXT, "Council backs ferry plan",
                exclude=[person.name for person in people])


_WARM_UP_PAGE_TEXT = ("The harbour council met on Monday to agree a plan for the new ferry "
                      "terminal. Anna Berg, who chairs the council, said work on the terminal "
                      "would start in spring.")


def prepare_worker() -> None:
    """Build everything a worker may use: summarizers, extraction and the NER model."""
    prepare_summaries()
    prepare_pages()
    prepare_people()


def start_worker(memory_allowance_mb: int) -> None:
    """The pool's initializer: the warm-up, then the memory ceiling for every task after it."""
    warm_up()
    set_memory_allowance(memory_allowance_mb)


def warm_up() -> None:
    """Build a worker's summarizers before its first article (its initializer).

    Workers forked from a forkserver that preloaded them have them already; this then takes a
    few ms. The person model is not loaded here: a worker loads it when people are first
    asked for, so commands that never recognize people never pay for it.
    """
    prepare_summaries()


def summarize_text(text: str, title: str | None, options: SummaryOptions,
                   language: str | None = None) -> Summary:
    """Summarize an extracted article (again, with other options); a summary without
    sentences, saying why, when none can be made: the text is still the article, stored and
    searchable."""
    try:
        return summarize(text, title=title, algorithm=options.algorithm,
                         sentences=options.sentences, ratio=options.ratio,
                         language=language_of(text, language))
    except NoSummaryError as error:
        return unavailable_summary(text, options.algorithm, str(error))
