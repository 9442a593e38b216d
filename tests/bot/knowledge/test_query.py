"""Search query parsing: operators out, the free text as words and phrases that storage turns
into a safe FTS5 query."""

from __future__ import annotations

import re

import pytest

from bot.errors import InvalidOptionError
from bot.knowledge.query import ParsedQuery, parse_query
from storage.fts import TextQuery, fts_match


def fts(parsed: ParsedQuery) -> str | None:
    """The FTS5 query storage makes of the parsed free text."""
    text = parsed.text()
    return fts_match(text) if text is not None else None


def test_operators_are_parsed_out_of_the_free_text() -> None:
    parsed = parse_query('cyber tag:"Interest Rates" person:Geoană site:https://www.Example.com/a '
                         "after:2024-05-01 before:2024-06-01 retaliation")
    assert parsed.terms == ("cyber", "retaliation")
    assert parsed.tags == ("interest rate",)
    assert parsed.people == ("geoana",)
    assert parsed.sites == ("example.com",)
    assert (parsed.after, parsed.before) == ("2024-05-01", "2024-06-01")
    assert fts(parsed) == '"cyber" "retaliation"'


def test_operators_only_and_unknown_operators() -> None:
    parsed = parse_query("tag:NATO")
    assert parsed.terms == ()
    assert parsed.tags == ("nato",)
    assert not parsed.is_empty
    assert parse_query("foo:bar").terms == ("bar",)  # the word is meant, not the field
    assert parse_query('title:"ferry terminal" x').terms == ("ferry terminal", "x")
    assert parse_query("   ").is_empty


@pytest.mark.parametrize("text", [
    'NEAR(a b) AND OR NOT * ^ - "unclosed', "title:x", '"" "a""b"', "()", "a*", ":::",
    "col:umn {x} [y]", "'; DROP TABLE articles; --",
])
def test_any_text_becomes_quoted_terms_only(text: str) -> None:
    query = fts(parse_query(text))
    if query is not None:
        # Only our own syntax is left between quoted terms: OR, NOT, grouping and prefixes.
        outside = re.sub(r'"[^"]*"\*?|\bOR\b|\bNOT\b', " ", query)
        assert set(outside) <= set(" ()")


def test_phrases_stay_phrases_and_any_term_uses_or() -> None:
    assert fts(parse_query('"cyber attack" port')) == '"cyber attack" "port"'
    assert fts_match(TextQuery.any_of(["a", "b"])) == '"a" OR "b"'
    assert fts_match(TextQuery(())) is None


def test_a_bad_date_is_explained() -> None:
    with pytest.raises(InvalidOptionError, match="YYYY-MM-DD"):
        parse_query("before:yesterday")


@pytest.mark.parametrize(("text", "match"), [
    ("port*", '"port"*'),  # a prefix
    ("po*", '"po"'),  # too short to be a useful prefix: the word itself
    ("NEAR(ferry terminal)", '"ferry" "terminal"'),  # all words are required anyway
    ("ferry NEAR/2 terminal", '"ferry" "terminal"'),
    ("ferry AND terminal", '"ferry" "terminal"'),
    ("ferry and terminal", '"ferry" "and" "terminal"'),  # lower case: a word
    ("ferry OR submarine", '"ferry" OR "submarine"'),
    ("ferry NOT bridge", '("ferry") NOT ("bridge")'),
    ('ferry NOT "new bridge" tunnel', '("ferry" "tunnel") NOT ("new bridge")'),
    ("ferry NOT", '"ferry"'),  # nothing to leave out
    ('"ferry terminal', '"ferry terminal"'),  # an unclosed phrase runs to the end
])
def test_what_people_type_from_other_search_boxes_keeps_its_meaning(text: str,
                                                                    match: str) -> None:
    assert fts(parse_query(text)) == match


@pytest.mark.parametrize("text", ['"', "*", "OR " * 100, "NOT ferry", "AND NEAR"])
def test_text_without_a_word_to_find_is_empty(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.is_empty
    assert fts(parsed) is None
