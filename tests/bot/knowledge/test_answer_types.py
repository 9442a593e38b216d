"""Typed spans found in sentences by pattern, and stored entities located."""

from __future__ import annotations

from bot.knowledge.answer_types import (
    DATE,
    MONEY,
    NUMBER,
    ORGANISATION,
    PERCENT,
    PERSON,
    PLACE,
    located,
    name_spans,
    pattern_spans,
)


def kinds(sentence: str) -> dict[str, str]:
    return {span.text: span.kind for span in pattern_spans(sentence)}


def test_amounts_percentages_dates_and_numbers() -> None:
    found = kinds("On March 3, 2021 the board approved a 412 million euro grant, "
                  "up 12 percent, and hired 35 staff for $2.5 million.")
    assert found["March 3, 2021"] == DATE
    assert found["412 million euro"] == MONEY
    assert found["12 percent"] == PERCENT
    assert found["35"] == NUMBER
    assert found["$2.5 million"] == MONEY


def test_number_words_and_ages() -> None:
    found = kinds("Three climbers, one of them a 26-year-old, died last week.")
    assert found["Three"] == NUMBER
    assert "last week" in found
    assert found["last week"] == DATE
    assert "one" not in found


def test_capitalised_names_when_no_entities_were_stored() -> None:
    spans = {(span.text, span.kind) for span in name_spans("The talks were held in Riga "
                                                           "by Marta Kask on Friday.")}
    assert ("Riga", PLACE) in spans
    assert ("Marta Kask", PERSON) in spans
    assert ("Marta Kask", ORGANISATION) in spans


def test_stored_entities_are_found_in_their_sentence() -> None:
    sentence = "Marta Kask met Marta Kask's lawyer."
    spans = located(sentence, [(PERSON, "Marta Kask"), (PERSON, "Marta Kask"),
                               (PLACE, "Oslo")])
    assert [(span.start, span.end) for span in spans] == [(0, 10), (15, 25)]
