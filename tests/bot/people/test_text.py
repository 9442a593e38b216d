"""Article cleaning and sentence splitting."""

from __future__ import annotations

from bot.people.text import clean_article, split_sentences


def test_tags_line_and_debris_after_it_are_dropped() -> None:
    text = (
        "Anna Berg spoke on Monday.\n\nShe left early.\n\n"
        "Tags politics Anna Berg Carl Lind\n\nCopyright 2023 Example Media.\n\nLoad more"
    )
    cleaned = clean_article(text)
    assert "Carl Lind" not in cleaned
    assert "Load more" not in cleaned
    assert cleaned.endswith("She left early.")


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. capital. John F. Kennedy was mentioned.\n\nNew one."
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "John F. Kennedy was mentioned.",
        "New one.",
    ]


def test_sentence_offsets_point_into_text() -> None:
    text = "“It works,” she said. Then he left.\n\nAnother paragraph here."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
