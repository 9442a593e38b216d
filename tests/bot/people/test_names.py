"""Person keys and the lookup/autocomplete matcher."""

from __future__ import annotations

from bot.people import matches, person_key, surname_of


def test_key_folds_accents_case_and_apostrophes() -> None:
    assert person_key("Mircea Geoană") == "mircea geoana"
    assert person_key("MIRCEA GEOANA") == "mircea geoana"
    assert person_key("Daniel O’Sullivan") == person_key("Daniel O'Sullivan")
    assert person_key("Lech Wałęsa") == "lech walesa"


def test_surname_keeps_particles() -> None:
    assert surname_of("Ursula von der Leyen") == "von der Leyen"
    assert surname_of("Magdalena Andersson") == "Andersson"
    assert surname_of("Pelé") == "Pelé"


def test_matches_is_case_and_accent_insensitive() -> None:
    assert matches("mircea geoana", "Mircea Geoană")
    assert matches("GEOANĂ", "Mircea Geoană")
    assert matches("Geoana", "Mircea Geoană")


def test_matches_surname_alone_but_not_other_people() -> None:
    assert matches("andersson", "Magdalena Andersson")
    assert matches("von der leyen", "Ursula von der Leyen")
    assert matches("Botha-Nkosi", "Pieter Botha-Nkosi")
    assert not matches("mircea andersson", "Magdalena Andersson")
    assert not matches("anders", "Magdalena Andersson")
    assert not matches("", "Magdalena Andersson")


def test_matches_prefix_for_autocomplete() -> None:
    assert matches("geo", "Mircea Geoană", prefix=True)
    assert matches("magdalena and", "Magdalena Andersson", prefix=True)
    assert not matches("geo", "Mircea Geoană")
