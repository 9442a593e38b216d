"""Signs that a capitalised name is a thing's: headings, determiners, common words."""

from __future__ import annotations

import pytest

from bot.people.evidence import (
    common_words_only,
    is_headline,
    looks_like_thing_use,
    name_stop_word,
    starts_with_pronoun,
)


@pytest.mark.parametrize("sentence", [
    "How to Build a Better Morning Routine Planner",
    "NASA Just Confirmed There Are Water Plumes Above The Surface",
    "WHY THE HARBOUR FERRY NEVER CAME BACK",
])
def test_title_case_and_capital_lines_are_headings(sentence: str) -> None:
    assert is_headline(sentence)


@pytest.mark.parametrize("sentence", [
    "Tove Lindqvist said the harbour would reopen in May.",
    "Billy Marsh, Duffy Olander, Jens Tarvo (Sweden)",  # a list, not a heading
    "284 Carlo Ventura (Italy) 71 73 72 69",  # a result line
    "Man of the Match: Aravind Perera",  # too short to tell
])
def test_prose_lists_and_results_are_not_headings(sentence: str) -> None:
    assert not is_headline(sentence)


@pytest.mark.parametrize(("before", "after"), [
    ("The new 16-inch", " is a laptop"),
    ("We are using our", " lander"),
    ("Apple's redesigned", " keyboard"),
    ("a telescope atop", " found water"),
])
def test_determiners_and_place_prepositions_use_a_name_as_a_thing(before: str,
                                                                  after: str) -> None:
    assert looks_like_thing_use(before, after)


@pytest.mark.parametrize(("before", "after"), [
    ("The actor", " arrived"),  # a role between: a person
    ("Apple's chief executive", " said"),
    ("BBC's", " asked"),  # a possessive right before: "BBC's Emily Maitlis"
    ("shortly after the break when", " was sent off"),  # a function word between
    ("The film, starring", " and"),  # a clause boundary between
    ("linked to the", " case"),  # "the Dutroux case": a person's case
    ("the late", " was buried"),
])
def test_roles_people_words_and_clause_breaks_keep_a_person(before: str, after: str) -> None:
    assert not looks_like_thing_use(before, after)


def test_function_words_but_not_initials_or_given_names_are_stop_words() -> None:
    assert name_stop_word("Once")
    assert name_stop_word("Would")
    assert name_stop_word("Yet")
    assert not name_stop_word("A.")
    assert not name_stop_word("Will")


def test_a_next_sentence_starting_with_he_or_she_points_back_to_a_person() -> None:
    assert starts_with_pronoun("She had run the agency since 2019.")
    assert starts_with_pronoun("“It matters,” He said.") is False
    assert not starts_with_pronoun("Shell shares fell.")


def test_a_phrase_of_common_words_is_not_a_name() -> None:
    text = "Your “success mindset” matters, says the Success Mindset course."
    assert common_words_only("Success Mindset", text)
    assert not common_words_only("Jeffrey Hodgson", "Jeffrey Hodgson, jeffrey.hodgson@x.com")
    assert not common_words_only("Okafor", "okafor")  # one word proves nothing
