import pytest

from bot.extraction.tags import split_run_together_tags


@pytest.mark.parametrize(("raw", "context", "expected"), [
    ("cyber attacks Magdalena Andersson Mircea Geoana NATO Russia-Ukraine war",
     "Swedish Prime Minister Magdalena Andersson met Mircea Geoană of NATO on cyberattacks.",
     ("cyber attacks", "Magdalena Andersson", "Mircea Geoana", "NATO", "Russia-Ukraine war")),
    ("interest rates ECB Ilona Varga Baltic-Nordic grid", "Ilona Varga said the ECB",
     ("interest rates", "ECB", "Ilona Varga", "Baltic-Nordic grid")),
    ("Brexit talks Theresa May EU", "Theresa May", ("Brexit talks", "Theresa May", "EU")),
    ("Joe Biden politics", "", ("Joe Biden", "politics")),
    ("climate, energy policy, Anna Berg", "", ("climate", "energy policy", "Anna Berg")),
    ("NATO nato Nato", "", ("NATO",)),
])
def test_run_together_tags_are_split(raw: str, context: str, expected: tuple[str, ...]) -> None:
    assert split_run_together_tags(raw, context) == expected


def test_names_are_paired_by_the_article_text_even_without_accents() -> None:
    context = "Anna-Maria Núñez spoke to Pieter van Dijk."
    assert split_run_together_tags("energy Anna-Maria Nunez Pieter van Dijk", context) == (
        "energy", "Anna-Maria Nunez", "Pieter van Dijk")


def test_a_phrase_split_by_punctuation_in_the_text_does_not_join_tags() -> None:
    context = "VILNIUS, Lithuania — ECB Executive Board member Zoë Lefèvre said on Monday."
    assert split_run_together_tags("mortgages Lithuania ECB", context) == (
        "mortgages", "Lithuania", "ECB")


def test_letters_without_a_decomposition_still_match() -> None:
    context = "Łukasz Wróbel, director of the centre, said."
    assert split_run_together_tags("cyber attacks Lukasz Wrobel ports", context) == (
        "cyber attacks", "Lukasz Wrobel", "ports")
