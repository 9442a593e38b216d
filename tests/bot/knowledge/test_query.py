"""Search query parsing: operators out, free text into a safe FTS5 query."""

from __future__ import annotations

import pytest

from bot.errors import InvalidOptionError
from bot.knowledge.query import fts_query, parse_query


def test_operators_are_parsed_out_of_the_free_text() -> None:
    parsed = parse_query('cyber tag:"Interest Rates" person:Geoană site:https://www.Example.com/a '
                         "after:2024-05-01 before:2024-06-01 retaliation")
    assert parsed.terms == ("cyber", "retaliation")
    assert parsed.tags == ("interest rate",)
    assert parsed.people == ("geoana",)
    assert parsed.sites == ("example.com",)
    assert (parsed.after, parsed.before) == ("2024-05-01", "2024-06-01")
    assert fts_query(parsed.terms) == '"cyber" "retaliation"'


def test_operators_only_and_unknown_operators() -> None:
    parsed = parse_query("tag:NATO")
    assert parsed.terms == () and parsed.tags == ("nato",) and not parsed.is_empty
    assert parse_query("foo:bar").terms == ("foo", "bar")
    assert parse_query("   ").is_empty


@pytest.mark.parametrize("text", [
    'NEAR(a b) AND OR NOT * ^ - "unclosed', "title:x", '"" "a""b"', "()", "a*", ":::",
    "col:umn {x} [y]", "'; DROP TABLE articles; --",
])
def test_any_text_becomes_quoted_terms_only(text: str) -> None:
    query = fts_query(parse_query(text).terms)
    if query is not None:
        for part in query.split(" "):
            assert part.startswith('"') and part.endswith('"') and part.count('"') == 2


def test_phrases_stay_phrases_and_any_term_uses_or() -> None:
    assert fts_query(parse_query('"cyber attack" port').terms) == '"cyber attack" "port"'
    assert fts_query(["a", "b"], any_term=True) == '"a" OR "b"'
    assert fts_query([]) is None


def test_a_bad_date_is_explained() -> None:
    with pytest.raises(InvalidOptionError, match="YYYY-MM-DD"):
        parse_query("before:yesterday")
