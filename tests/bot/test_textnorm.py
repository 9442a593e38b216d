"""fold(): case- and accent-insensitive text, with a shortcut for ASCII."""

from __future__ import annotations

import pytest

from bot.textnorm import _fold_unicode, fold


@pytest.mark.parametrize("text", [
    "Plain ASCII, with CAPITALS and\ttabs\nand newlines  ", "\x1c odd \x1f separators \x0b",
    "Geoană and Šimonytė", "“Curly” quotes — and a dash", "ÆSIR Straße İstanbul", "",
])
def test_the_ascii_shortcut_folds_as_the_unicode_path_does(text: str) -> None:
    assert fold(text) == _fold_unicode(text)


def test_accents_and_case_are_folded() -> None:
    assert fold("Geoană") == fold("GEOANA") == "geoana"
    assert fold("  Łukasz   Wróbel ") == "lukasz wrobel"
