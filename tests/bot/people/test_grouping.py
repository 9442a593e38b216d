"""Which mentions are one person (bot.people.grouping), checked through ``find_people`` with
the real model package."""

from __future__ import annotations

from bot.people import PersonFound, find_people


def test_mentions_merge_across_accents_titles_possessives_and_surname(
    article_people: dict[str, PersonFound],
) -> None:
    assert set(article_people) == {"ines carvalho", "thomas brenner"}
    carvalho = article_people["ines carvalho"]
    assert carvalho.name == "Inês Carvalho"  # the accented full form wins
    assert carvalho.mention_count >= 4
    assert any(s.startswith("Carvalho, who chaired") for s in carvalho.mention_sentences)


def test_lone_first_or_last_name_without_evidence_is_dropped() -> None:
    text = "Visitors to Brussels saw Lisbon and Madrid on the same trip, said the agency."
    assert find_people(text) == ()
