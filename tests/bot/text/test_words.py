"""One way to count words, in every script."""

from __future__ import annotations

from bot.text.words import word_count


def test_words_keep_inner_apostrophes_and_hyphens() -> None:
    assert word_count("Don't miss the well-known ferry, 3 times a day.") == 9


def test_unspaced_scripts_count_two_characters_a_word() -> None:
    assert word_count("市议会批准了预算。") == 4


def test_punctuation_alone_is_no_word() -> None:
    assert word_count(" — … !") == 0
