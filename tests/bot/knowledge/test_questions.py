"""The kind of answer a question expects, and the words that carry it."""

from __future__ import annotations

import pytest

from bot.knowledge.answer_types import (
    DATE,
    GROUP,
    MONEY,
    NUMBER,
    ORGANISATION,
    PERCENT,
    PERSON,
    PLACE,
)
from bot.knowledge.questions import analyse


@pytest.mark.parametrize(("question", "kinds"), [
    ("Who founded the bakery in Tartu?", {PERSON, ORGANISATION, GROUP}),
    ("Whose dog won the show?", {PERSON}),
    ("When did the bridge reopen?", {DATE}),
    ("Where was the ferry built?", {PLACE}),
    ("How many passengers were rescued?", {NUMBER}),
    ("How much did the council spend?", {NUMBER, MONEY, PERCENT}),
    ("How old is the mayor?", {NUMBER, DATE}),
    ("Which team won the cup?", {ORGANISATION}),
    ("What city hosts the festival?", {PLACE}),
    ("In what year did the mill close?", {DATE}),
    ("What Estonian striker scored twice?", {PERSON}),
    ("What percentage of voters stayed home?", {NUMBER, PERCENT, MONEY}),
    ("What was the ransom?", set()),  # "was" comes first: a clause answers
    ("What ransom was demanded?", {MONEY}),
    ("What is the 5 1/2 year old's name?", {PERSON, ORGANISATION, PLACE, "name"}),
])
def test_each_question_word_expects_its_kind(question: str, kinds: set[str]) -> None:
    assert analyse(question).expected == kinds


@pytest.mark.parametrize("question", ["What did the minister say about the budget?",
                                      "Why did the talks fail?", "Tell me about the ferry"])
def test_clause_questions_expect_no_particular_kind(question: str) -> None:
    assert analyse(question).expected == frozenset()


def test_terms_are_the_content_words_folded_with_initials_joined() -> None:
    found = analyse("What did U.S. officials say about Zoë's plan?")
    assert found.terms == ("us", "officials", "zoe", "plan")


def test_terms_bring_their_news_synonyms() -> None:
    alternatives = dict(analyse("How many were killed when the governor's car crashed?")
                        .alternatives)
    assert "dead" in alternatives["killed"]
    assert "gov" in alternatives["governor"]
    assert "vehicle" in alternatives["car"]


def test_a_phrase_brings_its_abbreviation() -> None:
    alternatives = dict(analyse("Where did the United States send troops?").alternatives)
    assert "us" in alternatives["united states"]
