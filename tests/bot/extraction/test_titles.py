"""strip_site_name: a headline loses its site's name, and nothing else.

The titles are written for these tests in the shapes real pages use.
"""

from __future__ import annotations

import pytest

from bot.extraction.titles import site_names_of, strip_site_name


@pytest.mark.parametrize(("title", "names", "expected"), [
    # Suffixes after a bar, a hyphen, an en dash, an em dash, a bullet.
    ("Gravel bike bag test | MoreBikes", ["MoreBikes"], "Gravel bike bag test"),
    ("Winter sale on handheld consoles - IGN", ["IGN"], "Winter sale on handheld consoles"),
    ("Ferry startup raises $4m – TechCrunch", ["TechCrunch"], "Ferry startup raises $4m"),
    ("Quiet streets after the storm — Harbour Gazette", ["Harbour Gazette"],
     "Quiet streets after the storm"),
    ("Council meets on Monday • Eastmere Times", ["Eastmere Times"], "Council meets on Monday"),
    # Prefixes: "Site: Title" and "Site | Title".
    ("Eastmere Times: Council backs the ferry plan", ["Eastmere Times"],
     "Council backs the ferry plan"),
    ("Harbour Gazette | Lamps replaced on the quay", ["Harbour Gazette"],
     "Lamps replaced on the quay"),
    # The name differs in case, accents, a leading "The" or a ".com".
    ("Lamps replaced on the quay | HARBOUR GAZETTE", ["Harbour Gazette"],
     "Lamps replaced on the quay"),
    ("Lamps replaced on the quay - Harbour Gazette", ["The Harbour Gazette"],
     "Lamps replaced on the quay"),
    ("Lamps replaced on the quay - The Harbour Gazette", ["harbourgazette.com"],
     "Lamps replaced on the quay"),
    ("Lamps replaced on the quay - SpaceWire.com", ["SpaceWire"], "Lamps replaced on the quay"),
    ("Nouveau port de plaisance | Le Journal du Littoral", ["le journal du littoral"],
     "Nouveau port de plaisance"),
    ("Neuer Hafen eröffnet – Küstenbote", ["Kustenbote"], "Neuer Hafen eröffnet"),
    ("港の新しい灯台 | 海辺新聞", ["海辺新聞"], "港の新しい灯台"),
    # A site name with a separator inside is removed whole.
    ("Retro toys are back - Remember 90s - Toys and Games", ["Remember 90s - Toys and Games"],
     "Retro toys are back"),
    ("Coastnet | Your island news: Ferry fares rise in May", ["Coastnet | Your island news"],
     "Ferry fares rise in May"),
    # Separators inside the headline stay.
    ("Review: the e-bike that folds - a verdict - IGN", ["IGN"],
     "Review: the e-bike that folds - a verdict"),
])
def test_the_site_name_is_removed(title: str, names: list[str], expected: str) -> None:
    assert strip_site_name(title, names) == expected


@pytest.mark.parametrize(("title", "names"), [
    # Labels that are not the site's name: a section, a column, a tagline.
    ("Opinion | Why the ferry plan will fail", ["Eastmere Times"]),
    ("Why the ferry plan will fail | Editorial", ["Eastmere Times"]),
    ("Lamps replaced - Auto News", ["Autoworld.com"]),
    # The site's name inside the headline, not around it.
    ("Harbour Gazette wins regional press award", ["Harbour Gazette"]),
    ("The Guardian view on the harbour: a quiet success", ["the Guardian"]),
    ("IGN staff pick their games of the year", ["IGN"]),
    # "Title: Site" is not a form sites use; a colon there belongs to the headline.
    ("Interview: MoreBikes", ["MoreBikes"]),
    # Hyphens without spaces are words, not separators.
    ("Eastmere-Times-style reporting", ["Eastmere Times"]),
])
def test_other_titles_are_left_alone(title: str, names: list[str]) -> None:
    assert strip_site_name(title, names) == title


def test_nothing_is_stripped_when_the_site_name_is_unknown() -> None:
    assert strip_site_name("Lamps replaced on the quay | MoreBikes", []) == (
        "Lamps replaced on the quay | MoreBikes")
    assert strip_site_name("Lamps replaced on the quay | MoreBikes", [None, ""]) == (
        "Lamps replaced on the quay | MoreBikes")


@pytest.mark.parametrize("title", ["MoreBikes", "MoreBikes | MoreBikes", " | MoreBikes",
                                   "MoreBikes: ...", "— | MoreBikes"])
def test_the_title_is_never_left_empty(title: str) -> None:
    result = strip_site_name(title, ["MoreBikes"])
    assert any(char.isalnum() for char in result)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.morebikes.co.uk/7908/review/", "morebikes"),
    ("https://techcrunch.com/2019/11/18/story/", "techcrunch"),
    ("https://news.sky.com/story/x", "sky"),
    ("http://127.0.0.1:8080/page.html", None),
    (None, None),
])
def test_the_host_gives_its_registered_name(url: str | None, expected: str | None) -> None:
    names = site_names_of(["Declared Name"], url)
    assert names[0] == "Declared Name"
    assert names[1:] == ([expected] if expected else [])


def test_the_host_name_alone_is_enough() -> None:
    names = site_names_of([None], "https://www.morebikes.co.uk/7908/review/")
    assert strip_site_name("Clymer manual review | MoreBikes", names) == "Clymer manual review"
    names = site_names_of([], "https://theharbourgazette.com/2024/lamps")
    assert strip_site_name("Lamps replaced | Harbour Gazette", names) == "Lamps replaced"
