"""Summaries that read on their own: leaning sentences, cut quotations, whole reading units."""

from __future__ import annotations

import pytest

from bot.summarizing import ALGORITHMS, build_document, summarize
from bot.summarizing.coherence import (
    choose_readable,
    keep_readable,
    leans_back,
    quote_balance,
    reading_units,
)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("He said the bridge would reopen in May.", "english"),
        ("However, the council disagreed with the plan.", "english"),
        ("In addition, two schools will close for a week.", "english"),
        ('"It will take a year," the mayor said.', "english"),
        ("It's the third delay this spring.", "english"),
        ("Er sagte, die Brücke werde im Mai wieder geöffnet.", "german"),
        ("Darüber hinaus schließen zwei Schulen.", "german"),
        ("Sin embargo, el ayuntamiento rechazó el plan.", "spanish"),
        ("Cependant, le conseil a rejeté le projet.", "french"),
        ("C'est la troisième fois cette année.", "french"),
        ("Tuttavia il consiglio ha respinto il piano.", "italian"),
        ("Além disso, duas escolas vão fechar.", "portuguese"),
        ("但是市议会拒绝了这个计划。", "chinese"),
        ("しかし、市議会はその計画を拒否した。", "japanese"),
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence: str, language: str) -> None:
    assert leans_back(sentence, language)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The council approved the plan on Monday.", "english"),
        ("This year the festival moves to the harbour.", "english"),  # a time expression
        ("Theresa Okafor chairs the council.", "english"),  # "The..." is not "the"/"they"
        ("Das Unternehmen baut eine neue Fabrik.", "german"),  # an article, not a pronoun
        ("El ayuntamiento aprobó el plan el lunes.", "spanish"),
        ("市议会周一批准了这个计划。", "chinese"),
        ("He said so.", "klingon"),  # no word list: only quotations count
    ],
)
def test_sentences_that_stand_alone(sentence: str, language: str) -> None:
    assert not leans_back(sentence, language)


def test_quotation_marks_that_open_or_close_across_sentences() -> None:
    assert quote_balance('The mayor said: "We will rebuild the bridge.') == (False, True)
    assert quote_balance('It will take a year," she said.') == (True, False)
    assert quote_balance('"We will rebuild," the mayor said.') == (False, False)
    assert quote_balance("Der Bürgermeister sagte: „Wir bauen die Brücke.“") == (False, False)
    assert quote_balance("Le maire a dit : « Nous reconstruirons le pont. »") == (False, False)
    assert quote_balance("市长说：「我们会重建这座桥。") == (False, True)


def test_a_pronoun_brings_the_sentence_before_it() -> None:
    sentences = ["Anna Berg chairs the harbour council.", "She was elected in May.",
                 "The ferry runs every hour."]
    assert reading_units(sentences, [0, 1, 2], "english") == [(0,), (0, 1), (2,)]


def test_a_leaning_first_sentence_cannot_be_made_readable() -> None:
    assert reading_units(["But the ferry was late.", "The port is closed."], [0, 1],
                         "english") == [None, (1,)]


def test_a_quotation_travels_whole() -> None:
    sentences = ['The mayor said: "We will rebuild the bridge.', 'It will take a year."',
                 "Work starts in May."]
    assert reading_units(sentences, [0, 0, 1], "english") == [(0, 1), (0, 1), (2,)]


def test_a_quotation_that_goes_on_into_the_next_paragraph() -> None:
    # The usual convention: the paragraph ends without a closing mark, the next one reopens.
    sentences = ['The mayor said: "We will rebuild the bridge.', '"Work takes a year."',
                 "Work starts in May."]
    units = reading_units(sentences, [0, 1, 2], "english")
    assert units == [(0, 1), (1,), (2,)]


def test_a_leaning_sentence_brings_its_context_or_gives_its_place() -> None:
    units = [(0,), (0, 1), (2,), (3,)]
    # Room for both: the best candidate (1) brings 0.
    assert choose_readable([1, 3, 2, 0], 3, units) == [0, 1, 3]
    # Room for one: 1 is passed over for the next candidate.
    assert choose_readable([1, 3, 2, 0], 1, units) == [3]
    # Nothing reads alone: single sentences, so the summary still has the length asked for.
    assert choose_readable([1, 0], 1, [None, None]) == [1]


def test_what_leans_on_a_left_out_sentence_is_left_out() -> None:
    sentences = ["The port reopened on Monday.", "Why?", "Because the storm had passed.",
                 "The ferry runs every hour.", 'The captain said: "We are ready.',
                 "Are you?", 'Come aboard."', "Tickets cost five euros."]
    keep = [True, False, True, True, True, False, True, True]
    # "Because..." leans on nothing left; the quotation holds a left-out question.
    assert keep_readable(sentences, [0, 0, 0, 1, 2, 2, 2, 3], keep, "english") == [
        True, False, True, True, False, False, False, True]
    assert keep_readable(["But it was late.", "The port is shut."], [0, 1], [True, True],
                         "english") == [False, True]


# Original text written for these tests: the most central sentences open with pronouns and
# connectives, and one quotation runs over two sentences.
ARTICLE = "\n\n".join([
    "The harbour council of Lindqvist voted on Monday to build a new ferry terminal for the "
    "island route.",
    "The terminal will replace the old wooden pier, which storms damaged twice last winter.",
    "It will cost the council twelve million euros and take two years to build, the council "
    "said.",
    "Council leader Anna Berg said: \"The ferry terminal is the most important project for "
    "the island in a generation. It will bring the ferry route and the harbour into this "
    "century.\"",
    "However, residents of the harbour said the ferry terminal would block their view of the "
    "sea.",
    "They asked the council to build the terminal further from the houses on the harbour.",
    "The ferry company welcomed the vote and said it would order a second ferry for the route.",
    "But the company also warned that ferry fares on the island route would rise next year.",
    "Work on the ferry terminal is due to start in the spring, once the old pier is removed.",
])


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_no_summary_sentence_dangles(algorithm: str, count: int) -> None:
    content = [str(s) for s in build_document(ARTICLE, "Ferry terminal", "english").sentences]
    summary = summarize(ARTICLE, title="Ferry terminal", algorithm=algorithm, sentences=count,
                        language="english").sentences
    assert len(summary) == count
    chosen = {content.index(s) for s in summary}
    for sentence in summary:
        index = content.index(sentence)
        if leans_back(sentence, "english"):
            assert index - 1 in chosen, (sentence, summary)
        closes, opens = quote_balance(sentence)
        if closes:
            assert index - 1 in chosen
        if opens:
            assert index + 1 in chosen
