"""Feed filters use the search syntax, ignore case and accents, and look at the title,
summary, tags and people of the processed article."""

from __future__ import annotations

import pytest

from bot.errors import InvalidOptionError
from bot.feeds.filters import FilterSubject, parse_filter
from bot.people import person_key

SUBJECT = FilterSubject(
    title="Harbour council approves new ferry terminal",
    summary=("The council of Eastport voted on Tuesday.", "Mircea Geoană welcomed it."),
    tags=("ferry terminal", "eastport"), tag_names=("Ferry terminal", "Eastport"),
    people=(person_key("Mircea Geoană"), person_key("Geoană")),
    people_names=("Mircea Geoană",), url="https://www.eastport-herald.example/news/1",
    site_name="Eastport Herald")
GERMAN = FilterSubject(
    title="Stadtrat beschließt neue Fähre", summary=("Die Fähre fährt ab März.",), tags=(),
    tag_names=(), people=(), people_names=(), url="https://zeitung.example.de/a")


def keeps(text: str, subject: FilterSubject = SUBJECT) -> bool:
    feed_filter = parse_filter(text)
    assert feed_filter is not None
    return feed_filter.keeps(subject)


@pytest.mark.parametrize(("text", "kept"), [
    ("ferry", True), ("FERRY Terminal", True), ('"new ferry terminal"', True),
    ('"terminal ferry"', False), ("ferry bridge", False), ("ferry OR bridge", True),
    ("termin*", True), ("geoana", True), ("-ferry", False), ("NOT ferry", False),
    ("council -bridge", True), ("tag:eastport", True), ('tag:"Ferry terminals"', True),
    ("tag:sport", False), ("person:geoana", True), ('person:"Mircea Geoana"', True),
    ("person:olsen", False), ("site:eastport-herald.example", True),
    ("site:example", True), ("site:other.example", False), ('site:"Eastport Herald"', True),
])
def test_what_an_english_filter_keeps(text: str, kept: bool) -> None:
    assert keeps(text) is kept


def test_accents_do_not_matter_either_way() -> None:
    assert keeps("fahre", GERMAN)
    assert keeps("FÄHRE beschliesst", GERMAN)  # ß and ss are one letter pair
    assert keeps("beschließt", GERMAN)
    assert not keeps("-fähre", GERMAN)


def test_no_filter_and_bad_filters() -> None:
    assert parse_filter(None) is None
    assert parse_filter("   ") is None
    with pytest.raises(InvalidOptionError, match="before: and after:"):
        parse_filter("ferry after:2024-01-01")
    with pytest.raises(InvalidOptionError, match="no word"):
        parse_filter('"" ,,')
    with pytest.raises(InvalidOptionError, match="at most"):
        parse_filter("word " * 100)
