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


def test_a_lone_surname_that_speaks_is_a_person() -> None:
    found = find_people("Jenkins said the talks went well on Monday.")
    assert [(p.name, p.mention_count) for p in found] == [("Jenkins", 1)]


def test_a_lone_name_that_speaks_of_itself_as_it_is_no_person() -> None:
    # "Jenkins said it would appeal": a company speaks of itself as "it".
    assert find_people("Jenkins said it would appeal the ruling on Monday.") == ()


def test_a_surname_joins_the_person_of_that_surname_named_last() -> None:
    found = find_people("Anna Jenkins spoke on Monday. Paul Jenkins spoke on Tuesday, and "
                        "Jenkins said the vote would wait.")
    assert [(p.name, p.mention_count) for p in found] == [("Anna Jenkins", 1),
                                                           ("Paul Jenkins", 2)]
