"""The topic summary's fast path gives what Sumy's LexRank over ``summarize`` gives."""

from __future__ import annotations

import pytest

from bot.extraction.plaintext import extract_plaintext
from bot.knowledge.lexrank import best_sentences, lexrank_scores
from bot.knowledge.sentences import (
    _CLOSING_QUOTES,
    _SYNTOK_BREAKS,
    _SYNTOK_TERMINALS,
    _content_sentences,
    _lexrank_stop_words,
    stem,
    topic_summary,
    unique_sentences,
)
from bot.summarizing import build_document
from bot.summarizing.algorithms import summarizer_for
from tests.conftest import SEEDS

TRICKY = [
    'He said "No." Then he left the room without another word.',
    "LONDON (Reuters) - The bank cut its main rate by a quarter point on Thursday.",
    "The vote (held on Monday) passed easily, officials in the capital said.",
    "Prices rose; wages did not keep up with them for the third year running.",
    "It rose 2.5 percent in the year to March, the statistics office said.",
    "“We will not accept this deal,” said Ana Ruiz, the Foreign Minister.",
    "Is this the end of the road for the ferry line after forty years?",
    "The U.S. envoy met the minister in Vilnius before the summit began.",
    "Wait... the count is not over yet, the election committee said tonight.",
    "  Spaced   out   words  in  a  sentence that is long enough to count.  ",
    "Too short.",
    "",
]


def seed_texts() -> list[str]:
    return [extract_plaintext(path.read_text(encoding="utf-8")).text
            for path in sorted(SEEDS.glob("*.txt"))]


def seed_sentences() -> list[str]:
    return [str(sentence) for text in seed_texts()
            for sentence in build_document(text, None, "english").sentences]


def test_lexrank_picks_the_sentences_sumy_picks() -> None:
    sumy = summarizer_for("lexrank", "english")
    stop = _lexrank_stop_words()
    for text in seed_texts():
        document = build_document(text, None, "english")
        texts = [str(sentence) for sentence in document.sentences]
        scores = lexrank_scores([[stem(word.lower()) for word in sentence.words
                                  if word.lower() not in stop]
                                 for sentence in document.sentences])
        for count in (1, 3, 5):
            assert best_sentences(texts, scores, count) == tuple(
                str(sentence) for sentence in sumy(document, count))


def test_a_topic_summary_is_lexrank_over_the_joined_summaries() -> None:
    sentences = seed_sentences()
    groups = [sentences[start:start + 12] for start in range(0, len(sentences), 7)]
    for summaries in [*groups, sentences[:90], [*TRICKY, *sentences[:20]]]:
        unique = unique_sentences(summaries)
        # Sumy's own LexRank over the sentences that read alone ("She said ..." does not:
        # in a topic summary the sentence before it is another article's).
        readable = [s for s in unique if build_document(s, None, "english").sentences]
        document = build_document("\n\n".join(readable), None, "english")
        expected = tuple(unique) if len(unique) <= 3 else tuple(unique_sentences(
            str(sentence) for sentence in summarizer_for("lexrank", "english")(document, 3)))
        assert topic_summary([summaries], 3) == expected


@pytest.mark.parametrize("block", [*TRICKY, *seed_sentences()[:60]])
def test_a_sentence_is_split_and_filtered_as_build_document_does(block: str) -> None:
    stop = _lexrank_stop_words()
    expected = tuple((str(sentence), tuple(stem(word.lower()) for word in sentence.words
                                           if word.lower() not in stop))
                     for sentence in build_document(block, None, "english").sentences)
    assert _content_sentences(block) == expected


def test_the_shortcut_knows_every_place_where_syntok_may_end_a_sentence() -> None:
    from syntok._segmentation_states import State  # noqa: PLC0415  syntok's own constants

    assert {char for terminal in State.terminals for char in terminal} == _SYNTOK_TERMINALS
    assert State.opening_brackets | _SYNTOK_TERMINALS == _SYNTOK_BREAKS
    assert State.closing_quotes == set(_CLOSING_QUOTES)
