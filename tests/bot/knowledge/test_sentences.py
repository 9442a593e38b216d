"""Key phrases, topic summaries and answer sentences: the worker-side text functions."""

from __future__ import annotations

import pytest

from bot.extraction.plaintext import extract_plaintext
from bot.knowledge.keyphrases import key_phrases
from bot.knowledge.sentences import (
    NamedPerson,
    Passage,
    Question,
    best_answers,
    topic_summary,
    unique_sentences,
)
from tests.conftest import SEEDS, SHARED_EXAMPLE


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


def test_answers_name_the_person_asked_about() -> None:
    text = seed("01_eu_grant_amber_link.txt")
    question = Question("who is Ilona Varga?", (NamedPerson(
        "Ilona Varga", "ilona varga", "varga", ("European Commission Vice-President",)),))
    answers = best_answers(question, [Passage(1, text)])
    assert 1 <= len(answers) <= 3
    assert "European Commission Vice-President Ilona Varga" in answers[0].sentence
    assert all("Varga" in answer.sentence for answer in answers)


def test_nothing_answers_an_unrelated_question() -> None:
    text = seed("01_eu_grant_amber_link.txt")
    assert best_answers(Question("what is the weather on Mars?"), [Passage(1, text)]) == ()


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not available")
def test_the_example_answers_who_is_geoana() -> None:
    text = extract_plaintext(SHARED_EXAMPLE.read_text(encoding="utf-8")).text
    question = Question("who is Mircea Geoana?", (NamedPerson(
        "Mircea Geoană", "mircea geoana", "geoana", ("NATO Deputy Secretary General",)),))
    [best, *_] = best_answers(question, [Passage(7, text)])
    assert "NATO Deputy Secretary General Mircea Geoană" in best.sentence
    assert best.article_id == 7
