"""Answer sentences: kinds of answer, synonyms, pronouns, sources (texts written for the
tests, and the seed articles)."""

from __future__ import annotations

import pytest

from bot.extraction.plaintext import extract_plaintext
from bot.knowledge.answering import AnswerSentence, NamedPerson, Passage, Question, best_answers
from bot.knowledge.coreference import resolve
from bot.knowledge.notes import annotate
from bot.people import find_people
from tests.conftest import SEEDS, SHARED_EXAMPLE

FERRY = """Nordvik Ferries ordered two new ships from a yard in Gdansk on Tuesday.

The order is worth 180 million euros, the company said.
Chief executive Liis Tamm signed the contract in Tallinn.

She said the first ship would sail in 2027 and carry 900 passengers.
The yard has built 14 ferries since 1995.

Gov. Peeter Saar welcomed the deal.
Last winter's storm killed three sailors off the coast, and the old ships were retired."""

SECOND = """A ferry operator based in Tallinn, Nordvik Ferries, said its ships would carry
950 passengers each.

The yard in Gdansk confirmed the contract, one of the largest in its history."""


def ask(question: str, *texts: str, people: tuple[NamedPerson, ...] = ()
        ) -> tuple[AnswerSentence, ...]:
    passages = [Passage(number, text, annotate(text, None, find_people(text)))
                for number, text in enumerate(texts, start=1)]
    return best_answers(Question(question, people), passages)


def answered(found: tuple[AnswerSentence, ...]) -> list[str]:
    """The bold words of the first answer."""
    first = found[0]
    return [first.sentence[start:end] for start, end in first.highlights]


def test_a_datelines_place_does_not_answer_where() -> None:
    text = ("TALLINN, Estonia (Reuters) -- Prosecutors will seek a long sentence for "
            "the two men accused of robbing ferry captain Liis Tamm, officials said Tuesday.\n\n"
            "Tamm, 52, was robbed on the quay in Gdansk in July, the police said.")
    found = ask("Where was Tamm robbed?", text)
    assert found[0].sentence.startswith("Tamm, 52, was robbed")
    assert "Gdansk" in answered(found)


def test_who_is_answered_by_a_person() -> None:
    found = ask("Who signed the contract?", FERRY)
    assert "Liis Tamm signed the contract" in found[0].sentence
    assert answered(found) == ["Liis Tamm"]


def test_when_is_answered_by_a_date() -> None:
    found = ask("When did Nordvik Ferries order the ships?", FERRY)
    assert "on Tuesday" in found[0].sentence
    assert "Tuesday" in answered(found)


def test_where_is_answered_by_a_place() -> None:
    found = ask("Where was the contract signed?", FERRY)
    assert found[0].sentence.endswith("signed the contract in Tallinn.")
    assert "Tallinn" in answered(found)


def test_how_much_is_answered_by_an_amount() -> None:
    found = ask("How much is the order worth?", FERRY)
    assert answered(found) == ["180 million euros"]


def test_how_many_is_answered_by_a_number_not_named_in_the_question() -> None:
    found = ask("How many ferries has the yard built?", FERRY)
    assert "14 ferries" in found[0].sentence
    assert "14" in answered(found)


def test_which_noun_names_the_kind() -> None:
    found = ask("Which company ordered ships?", FERRY)
    assert found[0].sentence.startswith("Nordvik Ferries ordered")
    assert "Nordvik Ferries" in answered(found)
    assert "2027" in answered(ask("In what year will the first ship sail?", FERRY))


def test_abbreviations_and_synonyms_find_the_sentence() -> None:
    assert "Gov. Peeter Saar" in ask("Which governor welcomed the deal?", FERRY)[0].sentence
    dead = ask("How many sailors were dead after the storm?", FERRY)
    assert "killed three sailors" in dead[0].sentence
    assert "three" in answered(dead)


def test_a_pronoun_subject_is_answered_with_its_name() -> None:
    found = ask("Who said the first ship would sail in 2027?", FERRY)
    assert found[0].sentence.startswith("She [Liis Tamm] said the first ship")
    assert "Liis Tamm" in answered(found)


def test_pronouns_are_resolved_when_the_article_is_stored() -> None:
    sentences = ["Chief executive Liis Tamm signed the contract in Tallinn.",
                 "She said the first ship would sail in 2027."]
    assert resolve(sentences, [[("person", "Liis Tamm")], []]) == {1: "Liis Tamm"}


def test_another_article_that_differs_is_shown_with_the_answer() -> None:
    found = ask("How many passengers will the ships carry?", FERRY, SECOND)
    assert len(found) >= 2
    articles = {answer.article_id: answer for answer in found}
    assert set(articles) == {1, 2}
    later = found[1]
    assert later.stance == "differs"


def test_nothing_answers_an_unrelated_question() -> None:
    assert ask("What is the weather on Mars?", FERRY) == ()


def seed(name: str) -> str:
    return extract_plaintext((SEEDS / name).read_text(encoding="utf-8")).text


def test_answers_name_the_person_asked_about() -> None:
    text = seed("01_eu_grant_amber_link.txt")
    question = Question("who is Ilona Varga?", (NamedPerson(
        "Ilona Varga", "ilona varga", "varga", ("European Commission Vice-President",)),))
    answers = best_answers(question, [Passage(1, text)])
    assert 1 <= len(answers) <= 3
    assert "European Commission Vice-President Ilona Varga" in answers[0].sentence


def test_articles_stored_without_notes_still_get_typed_answers() -> None:
    text = seed("01_eu_grant_amber_link.txt")
    found = best_answers(Question("how much was the EU grant for Amber Link?"),
                         [Passage(1, text)])
    assert "412 million euro grant" in found[0].sentence


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not available")
def test_the_example_answers_who_is_geoana() -> None:
    text = extract_plaintext(SHARED_EXAMPLE.read_text(encoding="utf-8")).text
    question = Question("who is Mircea Geoana?", (NamedPerson(
        "Mircea Geoană", "mircea geoana", "geoana", ("NATO Deputy Secretary General",)),))
    [best, *_] = best_answers(question, [Passage(7, text)])
    assert "NATO Deputy Secretary General Mircea Geoană" in best.sentence
    assert best.article_id == 7
