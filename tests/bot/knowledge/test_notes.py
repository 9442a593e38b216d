"""Sentence notes: computed with the recognition model when an article is stored."""

from __future__ import annotations

import json

from bot.knowledge.answer_types import DATE, MONEY, NUMBER, PERSON, PLACE
from bot.knowledge.notes import annotate, read_notes
from bot.people import find_people
from bot.people.text import split_sentences

TEXT = """Harbour master Ines Duarte opened the new quay in Porto on Friday.

She said the quay cost 40 million euros.

"It was worth every cent," a fisherman said."""


def test_each_sentence_keeps_its_entities_and_its_pronoun_referent() -> None:
    notes = annotate(TEXT, "Porto opens quay", find_people(TEXT, title="Porto opens quay"))
    found = read_notes(notes, len(split_sentences(TEXT)))
    assert found is not None
    assert len(found) == 3
    first, second, third = found
    assert (PERSON, "Ines Duarte") in first.entities
    assert (PLACE, "Porto") in first.entities
    assert any(kind == DATE for kind, _ in first.entities)
    assert second.referent == "Ines Duarte"
    # An amount: "how much" questions take numbers and sums of money alike.
    assert any(kind in (MONEY, NUMBER) and "40 million" in text
               for kind, text in second.entities)
    assert third.referent is None  # a quotation's pronoun is left alone


def test_notes_that_do_not_fit_the_text_are_ignored() -> None:
    notes = annotate(TEXT, None, find_people(TEXT))
    assert read_notes(notes, 2) is None  # split into another number of sentences
    assert read_notes(None, 3) is None
    assert read_notes("not json", 3) is None
    other_version = json.dumps({**json.loads(notes), "v": 99})
    assert read_notes(other_version, 3) is None
