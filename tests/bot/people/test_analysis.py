"""The parsed article every recognition step reads (bot.people.analysis)."""

from __future__ import annotations

from bot.people.analysis import Mention, ParsedArticle, Person, overlaps
from bot.people.model import parse

TEXT = "Harbour master Olga Petrenko spoke on Monday. The storm passed by Wednesday."


def _article(text: str = TEXT) -> ParsedArticle:
    return ParsedArticle(text, parse(text))


def test_every_offset_of_a_sentence_finds_that_sentence() -> None:
    article = _article()
    second = TEXT.index("The storm")
    assert article.sentence_index(0) == 0
    assert article.sentence_index(second - 2) == 0
    assert article.sentence_index(second) == 1
    sentence = article.sentence_at(second)
    assert sentence is not None
    assert sentence.text == "The storm passed by Wednesday."


def test_an_offset_outside_every_sentence_has_none() -> None:
    article = _article()
    assert article.sentence_index(len(TEXT)) is None
    assert article.sentence_at(len(TEXT) + 5) is None


def test_spans_overlap_only_when_they_share_a_character() -> None:
    assert overlaps((3, 6), [(0, 4)])
    assert overlaps((3, 6), [(4, 5)])
    assert not overlaps((3, 6), [(0, 3), (6, 9)])
    assert not overlaps((3, 6), [])


def test_a_person_is_named_by_the_fullest_form_accents_first() -> None:
    short = Mention(0, 8, "Carvalho", ("carvalho",), True)
    plain = Mention(20, 33, "Ines Carvalho", ("ines", "carvalho"), False)
    accented = Mention(40, 53, "Inês Carvalho", ("ines", "carvalho"), True)
    assert Person([short, plain, accented]).full is accented
    assert Person([short, plain]).full is plain
