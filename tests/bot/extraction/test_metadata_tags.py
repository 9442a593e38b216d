"""Reading a page's tags: catalogue names ("Berg, Anna K (1971- )") are one tag, a person,
while other comma lists are split. Pages written for these tests."""

from __future__ import annotations

from lxml import html as lxml_html

from bot.extraction.metadata import json_ld_objects, tags


def page_tags(head: str) -> tuple[str, ...]:
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")
    return tags(tree, json_ld_objects(tree))


def test_catalogue_names_with_dates_or_an_initial_become_names() -> None:
    assert page_tags(
        '<meta property="article:tag" content="Berg, Anna K (1971- )">'
        '<meta property="article:tag" content="Lindqvist, Per Olof (1950-2019)">'
        '<meta property="article:tag" content="Holm, Erik J">'
    ) == ("Anna K. Berg", "Per Olof Lindqvist", "Erik J. Holm")


def test_a_name_inside_a_keyword_list_is_turned_round_and_the_rest_split() -> None:
    assert page_tags('<meta name="keywords" content="Ferries, Berg, Anna K, Ports">') == (
        "Ferries", "Anna K. Berg", "Ports")


def test_a_bare_pair_is_kept_whole_for_the_article_to_decide() -> None:
    assert page_tags('<meta property="article:tag" content="Berg, Anna">') == ("Berg, Anna",)
    assert page_tags('<meta name="keywords" content="ferries, ports, trains">') == (
        "ferries", "ports", "trains")
