"""Pronoun subjects resolved to the last compatible entity before them."""

from __future__ import annotations

from bot.knowledge.answer_types import ORGANISATION, PERSON, PLACE
from bot.knowledge.coreference import resolve, subject_pronoun, with_referent


def test_she_is_the_last_person_named_before() -> None:
    sentences = ["Marta Kask, a teacher from Parnu, spoke to reporters on Monday.",
                 "She has terminal brain cancer, her doctors said."]
    entities = [[(PERSON, "Marta Kask"), (PLACE, "Parnu")], []]
    assert resolve(sentences, entities) == {1: "Marta Kask"}


def test_a_surname_is_shown_as_the_full_name() -> None:
    sentences = ["Kask met Olev Tamm in Tallinn.", "Later, he said he would resign."]
    entities = [[(PERSON, "Kask"), (PERSON, "Olev Tamm")], []]
    full = {"kask": "Marta Kask", "tamm": "Olev Tamm", "olev tamm": "Olev Tamm"}
    assert resolve(sentences, entities, full) == {1: "Olev Tamm"}


def test_a_resolved_pronoun_carries_its_name_to_the_next_sentence() -> None:
    sentences = ["Ana Ruiz won the race.", "She trained for six years.",
                 "Her coach said she never missed a day."]
    entities = [[(PERSON, "Ana Ruiz")], [], []]
    assert resolve(sentences, entities) == {1: "Ana Ruiz", 2: "Ana Ruiz"}


def test_the_company_is_the_last_organisation() -> None:
    sentences = ["Nordvik Ferries and the port of Kiel signed a deal with Ana Ruiz.",
                 "The company will add two ships next year."]
    entities = [[(ORGANISATION, "Nordvik Ferries"), (PERSON, "Ana Ruiz")], []]
    assert resolve(sentences, entities) == {1: "Nordvik Ferries"}


def test_nothing_compatible_nearby_leaves_the_pronoun_alone() -> None:
    sentences = ["Ana Ruiz won.", "The weather was fine.", "Crowds gathered.",
                 "Rain fell at noon.", "She left early."]
    entities = [[(PERSON, "Ana Ruiz")], [], [], [], []]
    assert resolve(sentences, entities) == {}
    assert resolve(["They said so."], [[]]) == {}


def test_quotations_keep_their_own_pronouns() -> None:
    assert subject_pronoun('"He was never here," the officer said.') is None
    assert subject_pronoun("But she said no.") == (PERSON, "she", 7)


def test_the_name_is_shown_after_the_pronoun() -> None:
    shown, (start, end) = with_referent("She has terminal brain cancer.", "Marta Kask")
    assert shown == "She [Marta Kask] has terminal brain cancer."
    assert shown[start:end] == "Marta Kask"
    possessive, _ = with_referent("Her son is 12.", "Marta Kask")
    assert possessive == "Her [Marta Kask’s] son is 12."
