"""Recognition of people in article text as a whole (bot.people.recognize), with the real model
package: what ``find_people`` and ``people_jsonl_line`` give for whole articles and edge cases.
Each step has its own tests (test_mentions, test_grouping, test_things, test_roles,
test_quotes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.people import PersonFound, find_people, people_jsonl_line

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_486d2b0c7be4f50e.txt"


def _by_key(people: tuple[PersonFound, ...]) -> dict[str, PersonFound]:
    return {person.key: person for person in people}


def test_empty_and_blank_text_give_no_people() -> None:
    assert find_people("") == ()
    assert find_people("  \n\n ") == ()
    assert find_people("Tags politics Anna Berg") == ()


def test_title_is_read_as_text() -> None:
    people = find_people("The vote is on Friday.", title="Anna Lindqvist wins party vote")
    assert [p.key for p in people] == ["anna lindqvist"]


def test_jsonl_line_maps_id_and_text_to_names(finance_article: str) -> None:
    line = people_jsonl_line({"id": "a1", "text": finance_article})
    assert line["id"] == "a1"
    assert line["people"] == ["Inês Carvalho", "Thomas Brenner"]


def test_seed_article_people_roles_and_quotes() -> None:
    if not SEED.exists():
        pytest.skip("shared example article not present")
    text = SEED.read_text("utf-8")
    text = text[: text.index("\nTags ")] if "\nTags " in text else text
    people = _by_key(find_people(text))
    assert set(people) == {"mircea geoana", "magdalena andersson"}
    geoana = people["mircea geoana"]
    assert geoana.name == "Mircea Geoană"
    assert geoana.role == "NATO Deputy Secretary General"
    assert len(geoana.quotes) >= 2
    assert any("he added" in q for q in geoana.quotes)
    andersson = people["magdalena andersson"]
    assert andersson.role == "Swedish Prime Minister"
    assert andersson.mention_count >= 2


def test_seed_article_with_tags_and_debris_left_in() -> None:
    if not SEED.exists():
        pytest.skip("shared example article not present")
    people = find_people(SEED.read_text("utf-8"))
    assert {p.key for p in people} == {"mircea geoana", "magdalena andersson"}
