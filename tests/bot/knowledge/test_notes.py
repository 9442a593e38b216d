"""Sentence notes: computed with the recognition model when an article is stored."""

from __future__ import annotations

import json

from bot.knowledge.answer_types import DATE, MONEY, NUMBER, PERSON, PLACE
from bot.knowledge.notes import (
    annotate,
    content_stems,
    index_notes,
    index_sentences,
    sentence_index,
)
from bot.people import find_people
from bot.text.sentences import split_sentences

TEXT = """Harbour master Ines Duarte opened the new quay in Porto on Friday.

She said the quay cost 40 million euros.

"It was worth every cent," a fisherman said."""


def test_each_sentence_keeps_its_entities_and_its_pronoun_referent() -> None:
    notes = annotate(TEXT, "Porto opens quay", find_people(TEXT, title="Porto opens quay"))
    found = [sentence.note for sentence in sentence_index(TEXT, notes)]
    assert len(found) == 3
    first, second, third = found
    assert first is not None
    assert second is not None
    assert third is not None
    assert (PERSON, "Ines Duarte") in first.entities
    assert (PLACE, "Porto") in first.entities
    assert any(kind == DATE for kind, _ in first.entities)
    assert second.referent == "Ines Duarte"
    # An amount: "how much" questions take numbers and sums of money alike.
    assert any(kind in (MONEY, NUMBER) and "40 million" in text
               for kind, text in second.entities)
    assert third.referent is None  # a quotation's pronoun is left alone


def test_stored_index_reads_back_as_the_text_would_be_indexed() -> None:
    notes = annotate(TEXT, None, find_people(TEXT))
    stored = sentence_index(TEXT, notes)
    fresh = index_sentences(TEXT)
    assert [(s.text, s.stems, s.words) for s in stored] == [
        (s.text, s.stems, s.words) for s in fresh]
    assert [s.text for s in stored] == [s.text for s in split_sentences(TEXT)]


def test_content_stems_fold_stem_and_drop_function_words() -> None:
    stems, words = content_stems("The Mayors were opening new quays in Évora")
    assert words == 8
    assert "the" not in stems
    assert "evora" in stems
    assert stems.index("mayor") < stems.index("quay")


def test_index_only_notes_have_no_entities_so_names_are_guessed() -> None:
    indexed = sentence_index(TEXT, index_notes(TEXT))
    assert len(indexed) == 3
    assert all(sentence.note is None for sentence in indexed)


def test_notes_that_do_not_fit_the_text_are_recomputed_from_it() -> None:
    notes = annotate(TEXT, None, find_people(TEXT))
    fresh = [s.text for s in index_sentences(TEXT)]
    shorter = "Harbour master Ines Duarte opened the new quay."
    assert [s.text for s in sentence_index(shorter, notes)] == [shorter]
    assert [s.text for s in sentence_index(TEXT, None)] == fresh
    assert [s.text for s in sentence_index(TEXT, "not json")] == fresh
    assert [s.text for s in sentence_index(TEXT, "[1, 2]")] == fresh
    other_version = json.dumps({**json.loads(notes), "v": 99})
    assert [s.note for s in sentence_index(TEXT, other_version)] == [None, None, None]


def test_first_version_notes_lend_their_entities_when_the_split_fits() -> None:
    first = json.dumps({"v": 1, "n": 3, "e": {"0": [[PERSON, "Ines Duarte"]]},
                        "r": {"1": "Ines Duarte"}})
    notes = [s.note for s in sentence_index(TEXT, first)]
    assert notes[0] is not None
    assert notes[0].entities == ((PERSON, "Ines Duarte"),)
    assert notes[1] is not None
    assert notes[1].referent == "Ines Duarte"
    misfit = json.dumps({"v": 1, "n": 5, "e": {}, "r": {}})
    assert [s.note for s in sentence_index(TEXT, misfit)] == [None, None, None]
