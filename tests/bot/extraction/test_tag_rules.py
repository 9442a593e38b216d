"""readable_tag: one tag as a reader should see it, or None when it is not a topic.
Tags written for these tests, in several languages."""

from __future__ import annotations

import pytest

from bot.extraction.tag_rules import invert_catalogue_names, readable_tag


@pytest.mark.parametrize("tag", [
    "@harbour-desk", "@post-id:48213", "story-id:99", "source:tagname:Harbour Wire Source",
    "channel_misc", "type_story", "_no-feed", "AdNode:local/ferries", "/article",
    "Ports / Shipping", "harbourtimes.com", "Eastport.news", "48213 Lifestyles",
])
def test_identifiers_paths_and_addresses_are_not_topics(tag: str) -> None:
    assert readable_tag(tag) is None


@pytest.mark.parametrize("tag", ["4821.TO", "NRD.FR", "BRK.B"])
def test_tickers_with_an_exchange_are_not_topics(tag: str) -> None:
    assert readable_tag(tag) is None


@pytest.mark.parametrize(("tag", "expected"), [
    ("&quot", None), ("&amp;quot;", None), ("Ports&amp", None), ("&#8220;", None),
    ("Fish &amp; Chips", "Fish & Chips"), ("AT&amp;T", "AT&T"), ("&quot;Ferries&quot;", "Ferries"),
    ("Caf&eacute; culture", "Café culture"),
])
def test_html_entities_are_decoded_and_debris_dropped(tag: str, expected: str | None) -> None:
    assert readable_tag(tag) == expected


@pytest.mark.parametrize("tag", [
    "Harbour Wire", "A Wire", "Business News", "Asia news", "Strange Stories", "AP", "Reuters",
    "The Associated Press", "NewsBrief", "Top News", "Articles", "Front Page", "video",
    "Uncategorized", "Latest", "Premium Content", "Noticias", "Últimas notícias",
    "Nachrichten", "Accueil", "Новости",
])
def test_wire_desk_section_and_format_labels_are_not_topics(tag: str) -> None:
    assert readable_tag(tag) is None


@pytest.mark.parametrize("tag", ["Harbour Desk - State & Region", "Ferries | Eastport Times",
                                 "Home > Local > Ferries", "Ports -- latest"])
def test_paths_and_page_titles_are_not_topics(tag: str) -> None:
    assert readable_tag(tag) is None


@pytest.mark.parametrize(("tag", "language"), [
    ("que", "pt"), ("para", "pt"), ("aqui", "pt"), ("und", "de"), ("über", "de"),
    ("perché", "it"), ("donde", "es"), ("dans", "fr"), ("что", "ru"), ("the", None),
    ("which", "fr"),  # English stop words count on every page
])
def test_stop_words_of_the_page_language_are_not_topics(tag: str, language: str | None
                                                        ) -> None:
    assert readable_tag(tag, language) is None


def test_a_word_that_is_a_stop_word_elsewhere_stays_a_topic_here() -> None:
    assert readable_tag("Die Hard", "en") == "Die Hard"
    assert readable_tag("Gift", "en") == "Gift"


@pytest.mark.parametrize(("tag", "expected"), [
    ("Category: Ferries", "Ferries"), ("topic: Harbour Council", "Harbour Council"),
    ("Section: News:Local", None), ("#Ferries", "Ferries"),
    ("  Ferry   terminal ", "Ferry terminal"),
])
def test_facet_names_and_marks_are_taken_off(tag: str, expected: str | None) -> None:
    assert readable_tag(tag) == expected


def test_sentences_stuffed_into_keywords_are_not_topics() -> None:
    assert readable_tag("why the harbour council says the ferry terminal will open late") is None
    assert readable_tag("x" * 61) is None


@pytest.mark.parametrize("tag", ["Eastport", "ferry terminal", "NATO", "AT&T", "AC/DC",
                                 "Anna Berg", "Zoë Lefèvre", "Energie & Klima", "Café culture",
                                 "stock car 2018", "São Paulo"])
def test_readable_topics_pass_unchanged(tag: str) -> None:
    assert readable_tag(tag) == tag


@pytest.mark.parametrize(("value", "expected"), [
    ("Berg, Anna K (1971- )", "Anna K. Berg"),
    ("Berg, Anna K", "Anna K. Berg"),
    ("Lindqvist, Per Olof (1950-2019)", "Per Olof Lindqvist"),
    ("van der Berg, Anna M", "Anna M. van der Berg"),
    ("Ferries, Berg, Anna K, Ports", "Ferries, Anna K. Berg, Ports"),
    ("Elections, Governors", "Elections, Governors"),  # no dates, no initial: not a name
    ("Berg, Anna", "Berg, Anna"),  # left for the article to decide (tag_choice)
])
def test_catalogue_names_are_turned_round(value: str, expected: str) -> None:
    assert invert_catalogue_names(value) == expected
