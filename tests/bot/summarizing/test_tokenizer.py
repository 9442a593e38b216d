"""The offline tokenizer: no NLTK data, abbreviations, decimals and quotes handled."""

from __future__ import annotations

import nltk
import pytest

from bot.summarizing import summarize
from bot.summarizing.tokenizer import OfflineTokenizer


def test_abbreviations_do_not_end_sentences() -> None:
    tok = OfflineTokenizer("english")
    text = "Mr. Okafor met Dr. Lindqvist in the U.S. capital on Monday. They spoke for an hour."
    assert tok.to_sentences(text) == (
        "Mr. Okafor met Dr. Lindqvist in the U.S. capital on Monday.",
        "They spoke for an hour.",
    )


def test_decimals_and_money_stay_in_one_sentence() -> None:
    tok = OfflineTokenizer("english")
    text = "Output grew 2.5% to $4.75bn in the quarter. Analysts had expected less."
    assert tok.to_sentences(text) == (
        "Output grew 2.5% to $4.75bn in the quarter.",
        "Analysts had expected less.",
    )


def test_quotes_stay_with_their_sentence() -> None:
    tok = OfflineTokenizer("english")
    text = '"We will rebuild the bridge," the mayor said. "It will take a year." Work starts soon.'
    assert tok.to_sentences(text) == (
        '"We will rebuild the bridge," the mayor said.',
        '"It will take a year."',
        "Work starts soon.",
    )


def test_words_are_letters_only() -> None:
    tok = OfflineTokenizer("english")
    assert tok.to_words("The well-known firm's 3 plants didn't close.") == (
        "The",
        "well-known",
        "firm's",
        "plants",
        "didn't",
        "close",
    )
    assert tok.language == "english"


def test_needs_no_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("NLTK data must not be needed")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    summary = summarize(
        "The council approved the new budget on Tuesday evening after a long debate. "
        "Spending on schools will rise by four percent next year under the plan.",
        algorithm="lexrank",
        sentences=1,
    )
    assert len(summary.sentences) == 1
