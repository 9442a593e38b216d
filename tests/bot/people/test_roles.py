"""The role the text gives a person (bot.people.roles), checked through ``find_people`` with
the real model package."""

from __future__ import annotations

from bot.people import PersonFound, find_people


def test_roles_before_and_after_the_name(article_people: dict[str, PersonFound]) -> None:
    assert article_people["ines carvalho"].role == "Portuguese Finance Minister"
    assert article_people["thomas brenner"].role == "state secretary for finance"


def test_roles_in_more_sentence_shapes() -> None:
    found = {person.key: person for person in find_people(
        "ECB Executive Board member Zoë Lefèvre said rates would stay high.\n\n"
        "Rafael Ortega, a member of the central bank's council, disagreed.")}
    assert found["zoe lefevre"].role == "ECB Executive Board member"
    assert found["rafael ortega"].role == "member of the central bank's council"
