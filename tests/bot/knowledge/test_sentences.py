"""Key phrases and topic summaries: the worker-side text functions."""

from __future__ import annotations

from bot.extraction.plaintext import extract_plaintext
from bot.knowledge.keyphrases import key_phrases
from bot.knowledge.sentences import topic_summary, unique_sentences
from tests.conftest import SEEDS


def seed(name: str) -> str:
    return extract_plaintext((SEEDS / name).read_text(encoding="utf-8")).text


def test_key_phrases_recur_in_the_text_and_skip_names_and_stop_words() -> None:
    text = seed("06_ecb_cuts_interest_rates.txt")
    phrases = key_phrases(text, "ECB cuts interest rates", exclude=["Zoë Lefèvre"])
    assert any("rate" in phrase for phrase in phrases)
    assert 1 <= len(phrases) <= 5
    assert not any("lefevre" in p.casefold() or p.casefold() in {"said", "the"}
                   for p in phrases)


def test_near_duplicate_sentences_are_one() -> None:
    sentences = ["The ECB cut interest rates on Thursday.",
                 "The ECB cuts interest rates on Thursday!",
                 "Inflation fell below the target."]
    assert unique_sentences(sentences) == [sentences[0], sentences[2]]


def test_a_topic_summary_has_no_near_duplicates() -> None:
    summaries = [("The ECB cut interest rates by a quarter point on Thursday.",
                  "Inflation fell to 1.6 percent in October, below the bank's target."),
                 ("The ECB cut its interest rates by a quarter point on Thursday.",
                  "Mortgage holders in Lithuania will see lower payments next year."),
                 ("Economists expect a pause in December after two cuts this autumn.",)]
    summary = topic_summary(summaries, 3)
    assert len(summary) == 3
    assert sum("quarter point" in sentence for sentence in summary) == 1
