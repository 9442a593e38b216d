"""Storage writes FTS5's syntax: every term quoted, only its own operators between them."""

from __future__ import annotations

from storage.fts import TextQuery, fts_match


def test_terms_are_quoted_and_all_required_unless_any_will_do() -> None:
    assert fts_match(TextQuery(("cyber", "retaliation"))) == '"cyber" "retaliation"'
    assert fts_match(TextQuery.any_of(["cyber", "retaliation"])) == '"cyber" OR "retaliation"'


def test_a_prefix_keeps_its_star_outside_the_quotes_and_quotes_inside_go() -> None:
    assert fts_match(TextQuery(("port*", 'say "hi"'))) == '"port"* "say hi"'


def test_exclusions_need_something_to_exclude_from() -> None:
    assert fts_match(TextQuery(("ferry",), excluded=("bridge",))) == '("ferry") NOT ("bridge")'
    assert fts_match(TextQuery((), excluded=("bridge",))) is None
    assert fts_match(TextQuery(("*", '"'))) is None  # no word to find
