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


def test_a_role_set_off_before_the_name_at_a_sentence_start() -> None:
    found = find_people("The bank's chief executive, Mads Holm, said profits would fall.")
    assert [(p.name, p.role) for p in found] == [("Mads Holm", "chief executive")]


def test_an_unlisted_occupation_in_ist_is_a_role_and_an_age_is_skipped() -> None:
    found = find_people("Olga Petrenko, 54, a volcanologist at the institute, said the crater "
                        "was calm.")
    assert [(p.name, p.role) for p in found] == [
        ("Olga Petrenko", "volcanologist at the institute")]


def test_an_honorific_alone_is_no_role() -> None:
    found = find_people("Mr Tomas Brennan spoke on Monday. Brennan said the rules were broken.")
    assert [(p.name, p.role) for p in found] == [("Tomas Brennan", None)]
