"""Article text and metadata from an HTML page, with trafilatura plus lxml.

``extract_html`` runs inside process-pool workers, so it is a plain module-level function and
imports nothing heavy at module import: trafilatura (and its date, language and URL helpers) is
imported on first use and then cached by Python's module system for the life of the process.
It never fetches anything: it only reads the HTML string it is given.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.errors import NotAnArticleError
from bot.extraction import metadata
from bot.extraction.cleanup import clean_lines
from bot.extraction.complexity import bound_page
from bot.extraction.dates import iso_date
from bot.extraction.model import ExtractedArticle
from bot.extraction.pruning import PreparedPage, prepare_tree
from bot.extraction.titles import site_names_of, strip_site_name
from bot.text.words import word_count

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["extract_html"]

logger = logging.getLogger(__name__)

_NO_ARTICLE = "no article text found in the page"

# Characters XML/lxml refuse (C0 controls, lone surrogates, non-characters): stripped up front
# so that a stray byte never turns into a parser error.
_INVALID_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

_SENTENCE_END_RE = re.compile(r"\w[.!?…]['\"”’»)]*(\s|$)|[。！？]")
# Fewer words than this is a teaser, a login form or an error page, not an article. When the
# precise pass finds less, a second, more lenient pass is tried: precision mode occasionally
# settles on a tiny block (a reprint notice) and misses the article.
_MIN_WORDS = 25
# Extracted text shorter than this share of the prose in the article's wrapper means the
# article itself was discarded; a retry must find this many times more text to be taken.
_LOST_SHARE = 0.3
_RETRY_GAIN = 2

def extract_html(html: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article body and metadata from ``html``.

    ``url`` is the page's address, used to make links absolute; nothing is fetched.
    Raises ``NotAnArticleError`` when the page has no article body (empty, a login or index page,
    unparseable markup).
    """
    if not isinstance(html, str) or not html.strip():
        raise NotAnArticleError(_NO_ARTICLE)
    # Before any parser: refuse the too complex, empty scripts, styles and inline SVG.
    html = bound_page(_INVALID_CHARS_RE.sub("", html))
    try:
        return _extract(html, url)
    except NotAnArticleError:
        raise
    except (RecursionError, MemoryError) as error:
        # Pathological nesting: treat as "no article" rather than crash the worker's task.
        logger.warning("extraction gave up on %s: %s", url, type(error).__name__)
        raise NotAnArticleError(_NO_ARTICLE) from error
    except Exception as error:
        # Trafilatura and its helpers raise many ad-hoc errors on malformed markup; for the
        # pipeline every one of them means the same thing.
        logger.warning("extraction failed for %s: %r", url, error, exc_info=True)
        raise NotAnArticleError(_NO_ARTICLE) from error


@functools.cache
def _trafilatura() -> ModuleType:
    """Trafilatura, imported on first use (it pulls in date and language helpers), once per
    process."""
    return importlib.import_module("trafilatura")


def _extract(html: str, url: str | None) -> ExtractedArticle:
    tree = _trafilatura().load_html(html)
    if tree is None:
        raise NotAnArticleError(_NO_ARTICLE)

    # Read our metadata first: trafilatura works on a copy, but we do not rely on that.
    json_ld = metadata.json_ld_objects(tree)
    canonical = metadata.canonical_url(tree, url)
    page_meta: dict[str, Any] = {
        "canonical_url": canonical,
        "site_name": metadata.site_name(tree),
        "language": metadata.language(tree, json_ld),
        "tags": metadata.tags(tree, json_ld),
        "image": metadata.lead_image(tree, url or canonical),
        "title_tag": _text_of_first(tree, "title"),
        "h1": _text_of_first(tree, "h1"),
        "og_title": metadata.first_meta(tree, "og:title", "twitter:title"),
        "link_texts": _link_texts(tree),
    }

    page = prepare_tree(tree)
    document, text = _best_pass(page, url, page_meta)
    if len(text) < _LOST_SHARE * page.main_prose and page.unname_main_holders():
        # Most of the article's prose is missing: a class name on its own wrapper
        # ("cookie-consent-given") made trafilatura discard it. Try again without those names.
        retried, retried_text = _best_pass(page, url, page_meta)
        if len(retried_text) > _RETRY_GAIN * len(text):
            document, text = retried, retried_text
    if document is None or not _looks_like_article(text, tree):
        raise NotAnArticleError(_NO_ARTICLE)

    title = _clean(document.title) or page_meta["og_title"] or page_meta["title_tag"]
    site_name = page_meta["site_name"] or _clean(document.sitename)
    if title:
        names = site_names_of((page_meta["site_name"], _clean(document.sitename)),
                              url or canonical)
        title = strip_site_name(title, names)
    return ExtractedArticle(
        text=text,
        title=title,
        canonical_url=canonical,
        site_name=site_name,
        author=_clean(document.author),
        published=iso_date(document.date),
        language=page_meta["language"],
        tags=page_meta["tags"],
        image=page_meta["image"] or metadata.absolute_url(document.image, url or canonical),
    )


def _best_pass(page: PreparedPage, url: str | None,
               page_meta: dict[str, Any]) -> tuple[Any, str]:
    """The precise pass, or the lenient one when the precise pass finds next to nothing."""
    document = _run_trafilatura(page.tree, url, favor_precision=True)
    text = _body_text(document, page_meta)
    if word_count(text) < _MIN_WORDS:
        lenient = _run_trafilatura(page.tree, url, favor_precision=False)
        lenient_text = _body_text(lenient, page_meta)
        if len(lenient_text) > len(text):
            document, text = lenient, lenient_text
    return document, text


def _run_trafilatura(tree: HtmlElement, url: str | None, *, favor_precision: bool) -> Any:
    """One trafilatura pass over (a copy of) ``tree``; ``None`` when it finds nothing."""
    return _trafilatura().bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,  # tables in news pages are usually data the article discusses
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=favor_precision,
        deduplicate=False,  # its LRU cache is per process: results would depend on earlier pages
    )


def _body_text(document: Any, page_meta: dict[str, Any]) -> str:
    if document is None or not document.text:
        return ""
    titles = (document.title, page_meta["og_title"], page_meta["title_tag"], page_meta["h1"])
    return "\n\n".join(clean_lines(document.text, titles, document.description,
                                    page_meta["link_texts"]))


def _looks_like_article(text: str, tree: HtmlElement) -> bool:
    """Enough words, and not just a column of links (an index page or a site map).

    A text with a finished sentence is accepted; one without (a fixture list, a calendar) is
    accepted unless most of its lines are the text of links in the page.
    """
    if word_count(text) < _MIN_WORDS:
        return False
    if _SENTENCE_END_RE.search(text):
        return True
    link_texts = {_key(text) for text in _link_texts(tree)}
    lines = [_key(line) for line in text.split("\n\n")]
    return sum(line in link_texts for line in lines) * 2 < len(lines)


def _link_texts(tree: HtmlElement) -> frozenset[str]:
    return frozenset(anchor.text_content() for anchor in tree.iter("a"))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text_of_first(tree: HtmlElement, tag: str) -> str | None:
    for element in tree.iter(tag):
        return _clean(element.text_content())
    return None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
