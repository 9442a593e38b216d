"""Stored articles are understood in the worker: people, and key phrases when untagged."""

from __future__ import annotations

from bot.ingest.processing import Document, SummaryOptions, process_document
from tests.conftest import SEEDS

UNTAGGED = """ECB cuts interest rates again

The European Central Bank cut interest rates by a quarter point on Thursday, its second cut
this autumn, as inflation fell below target across the euro area.

"Inflation is now where we want it," ECB Executive Board member Zoë Lefèvre said in Vilnius.

Economists said lower interest rates would help households with variable-rate mortgages,
while banks warned that lower interest rates squeeze their margins on deposits and loans.
"""


def test_understanding_finds_people_and_keeps_the_page_tags() -> None:
    text = (SEEDS / "01_eu_grant_amber_link.txt").read_text(encoding="utf-8")
    processed = process_document(Document(text, "text"), SummaryOptions(), understand=True)
    varga = next(p for p in processed.people if p.key == "ilona varga")
    assert varga.role == "European Commission Vice-President"
    assert varga.quotes
    assert processed.key_phrases == ()  # the page has tags: nothing is derived
    assert "Ilona Varga" in processed.article.tags


def test_key_phrases_only_when_the_article_has_no_tags() -> None:
    processed = process_document(Document(UNTAGGED, "text"), SummaryOptions(), understand=True)
    assert processed.article.tags == ()
    assert "interest rates" in processed.key_phrases
    assert not any("lefèvre" in phrase.casefold() for phrase in processed.key_phrases)
    assert [p.name for p in processed.people] == ["Zoë Lefèvre"]


def test_summaries_alone_skip_recognition() -> None:
    processed = process_document(Document(UNTAGGED, "text"), SummaryOptions())
    assert processed.people == ()
    assert processed.key_phrases == ()
