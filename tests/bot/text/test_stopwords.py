"""Stop words and common words of every language Sumy summarizes, from lists that ship with
the installed packages, and the language of a text guessed from them."""

from __future__ import annotations

import pytest

from bot.text.stopwords import (
    LANGUAGES,
    UNSPACED,
    common_words,
    is_stop_word,
    language_code,
    stop_words,
)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_sumy_language_has_stop_words(code: str) -> None:
    assert len(stop_words(code)) >= 50


@pytest.mark.parametrize(("word", "code"), [
    ("que", "pt"), ("não", "pt"), ("und", "de"), ("perché", "it"), ("donde", "es"),
    ("dans", "fr"), ("что", "ru"), ("og", "da"), ("niet", "nl"), ("että", "fi"),
    ("och", "sv"), ("nie", "pl"), ("the", "en"), ("yesterday", "en"),
])
def test_stop_words_are_found_folded_and_accent_blind(word: str, code: str) -> None:
    assert is_stop_word(word, code)
    assert is_stop_word(word.upper(), code)


def test_sumy_entries_written_as_escapes_are_decoded() -> None:
    assert "nao" in stop_words("pt")  # Sumy's file writes it "n\xe3o"
    assert not any("\\" in word for word in stop_words("pt"))


def test_english_stop_words_count_on_every_page_but_not_the_other_way() -> None:
    assert is_stop_word("which", "de")
    assert not is_stop_word("die", "en")


def test_common_words_are_too_general_to_be_a_topic_alone() -> None:
    assert "anos" in common_words("pt")
    assert "years" in common_words("en")
    assert "ferry" not in common_words("en")


@pytest.mark.parametrize(("declared", "code"), [("pt-BR", "pt"), ("PT", "pt"), ("de_at", "de"),
                                                ("no", "nb"), ("xx", None), (None, None)])
def test_language_codes_are_normalised(declared: str | None, code: str | None) -> None:
    assert language_code(declared) == code


GERMAN = ("Die Digitalisierung ist für viele Unternehmen eine große Aufgabe, und sie wird "
          "auch in den nächsten Jahren nicht kleiner. Wir haben mit Kunden über ihre Pläne "
          "gesprochen, und die meisten wollen mehr in ihre Daten investieren, als sie es "
          "bisher getan haben.")
ENGLISH = ("The harbour council met on Monday to agree a plan for the new ferry terminal, "
           "and the ferry company said it would publish a new timetable soon after the vote "
           "was taken by the members of the council.")


def test_unspaced_languages_are_known() -> None:
    assert {"zh", "ja", "th"} <= UNSPACED
