"""Pages too large or too complex are refused before any parser sees them."""

from __future__ import annotations

import pytest

from bot.errors import PageTooComplexError
from bot.extraction.complexity import MAX_ELEMENTS, MAX_MARKUP_CHARACTERS, bound_page
from bot.ingest.processing import Document, SummaryOptions, process_document


def test_a_million_paragraphs_are_refused_by_their_count() -> None:
    with pytest.raises(PageTooComplexError, match="elements"):
        bound_page("<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>")


def test_markup_beyond_the_size_bound_is_refused() -> None:
    page = "<html><body><p>" + "word " * (MAX_MARKUP_CHARACTERS // 5 + 10) + "</p></body></html>"
    with pytest.raises(PageTooComplexError, match="characters of markup"):
        bound_page(page)


def test_scripts_styles_svg_and_comments_do_not_count() -> None:
    icons = "<svg>" + "<path d='M0 0'/>" * (MAX_ELEMENTS * 2) + "</svg>"
    data = "<script>" + "var x = '<b>';" * 200_000 + "</script>"
    notes = "<!--" + "<i>" * MAX_ELEMENTS + "-->"
    bound_page(f"<html><body>{icons}{data}{notes}<p>Story.</p></body></html>")


def test_an_unclosed_script_hides_the_rest_of_the_page_from_the_count() -> None:
    bound_page("<script>" + "<p>" * (MAX_ELEMENTS * 2))


def test_a_page_at_the_bound_passes() -> None:
    bound_page("<p>x</p>" * (MAX_ELEMENTS - 10))


def test_the_pipeline_refuses_a_complex_page_with_a_clear_reason() -> None:
    page = "<html><body>" + "<div><p>a</p></div>" * MAX_ELEMENTS + "</body></html>"
    with pytest.raises(PageTooComplexError, match="too complex to read"):
        process_document(Document(page, "html", "https://news.example/a"), SummaryOptions())
