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


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("VW's ID. Buzz is an electric van. It went on sale in 2024.",
         ("VW's ID. Buzz is an electric van.", "It went on sale in 2024.")),
        ("The car uses the ID. 4 platform. Sales rose.",
         ("The car uses the ID. 4 platform.", "Sales rose.")),
        ("Gov. Rod Blagojevich was ousted. He appealed.",
         ("Gov. Rod Blagojevich was ousted.", "He appealed.")),
        ("Il sig. Rossi è arrivato. Ha parlato.", ("Il sig. Rossi è arrivato.", "Ha parlato.")),
        ("Am 3. Oktober ist Feiertag. Die Läden bleiben zu.",
         ("Am 3. Oktober ist Feiertag.", "Die Läden bleiben zu.")),
        # A short upper-case name that really ends a sentence stays the end of it.
        ("The decision was made by the EU. Officials said so.",
         ("The decision was made by the EU.", "Officials said so.")),
        ("He was born in 1990. Then he left.", ("He was born in 1990.", "Then he left.")),
    ],
)
def test_abbreviations_syntok_does_not_know(text: str, sentences: tuple[str, ...]) -> None:
    assert OfflineTokenizer("english").to_sentences(text) == sentences


def test_chinese_and_japanese_sentences_end_at_their_full_stops() -> None:
    chinese = OfflineTokenizer("chinese")
    assert chinese.to_sentences("市议会周一批准了预算。居民表示欢迎！工期两年") == (
        "市议会周一批准了预算。", "居民表示欢迎！", "工期两年")
    assert chinese.to_words("新iPhone预算") == ("iPhone", "新", "预算")
    japanese = OfflineTokenizer("japanese")
    assert japanese.to_sentences("市議会は予算を承認した。「橋を再建する」と市長は述べた。") == (
        "市議会は予算を承認した。", "「橋を再建する」と市長は述べた。")
