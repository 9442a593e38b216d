"""fold() and fold_keep_case(): case- and accent-insensitive text, one table of letters."""

from __future__ import annotations

import pytest

from bot.text.folding import _fold_unicode, fold, fold_keep_case


@pytest.mark.parametrize("text", [
    "Plain ASCII, with CAPITALS and\ttabs\nand newlines  ", "\x1c odd \x1f separators \x0b",
    "Geoană and Šimonytė", "“Curly” quotes — and a dash", "ÆSIR Straße İstanbul", "",
])
def test_the_ascii_shortcut_folds_as_the_unicode_path_does(text: str) -> None:
    assert fold(text) == _fold_unicode(text)


def test_accents_and_case_are_folded() -> None:
    assert fold("Geoană") == fold("GEOANA") == "geoana"
    assert fold("  Łukasz   Wróbel ") == "lukasz wrobel"


def test_one_table_folds_letters_unicode_does_not_decompose_in_both_cases() -> None:
    assert fold("Øresund Þórshöfn Đorđe Æbleskiver") == "oresund thorshofn dorde aebleskiver"
    assert fold_keep_case("Łukasz Øre Æ") == "Lukasz Ore Æ"  # a letter that would grow stays


def test_folding_keeps_offsets() -> None:
    text = "Zoë Lefèvre said “no” – twice"
    folded = fold_keep_case(text)
    assert len(folded) == len(text)
    assert folded == "Zoe Lefevre said “no” - twice"
