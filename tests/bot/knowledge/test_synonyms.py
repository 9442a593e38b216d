"""News synonyms and abbreviations."""

from __future__ import annotations

from bot.knowledge.synonyms import join_initials, phrases, synonyms_of


def test_titles_and_their_abbreviations_stand_for_each_other() -> None:
    assert "governor" in synonyms_of("gov")
    assert "gov" in synonyms_of("governor")
    assert "senator" in synonyms_of("sen")


def test_killed_and_dead_are_one_event() -> None:
    assert "dead" in synonyms_of("killed")
    assert "killed" in synonyms_of("died")


def test_country_short_forms() -> None:
    assert "united states" in synonyms_of("us")
    assert "us" in synonyms_of("united states")
    assert "united kingdom" in synonyms_of("uk")
    assert "united states" in phrases()


def test_unknown_words_have_no_synonyms() -> None:
    assert synonyms_of("ferry") == ()


def test_dotted_initials_become_one_word() -> None:
    assert join_initials("u.s. officials met u.n. envoys") == "us officials met un envoys"
    assert join_initials("a plain sentence.") == "a plain sentence."
    assert join_initials("gov. lee said") == "gov. lee said"
