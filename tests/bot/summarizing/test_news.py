"""The default ``news`` summarizer: its graphs, its ranking and its one-sentence pick."""

from __future__ import annotations

from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel

from bot.summarizing import build_document, summarize
from bot.summarizing.algorithms import stemmer, stop_words
from bot.summarizing.news import (
    DIGEST_WEIGHTS,
    NewsSummarizer,
    _count_matrix,
    _pagerank,
    _row_cosine,
)

TITLE = "Harbour town opens new flood barrier"

# Original, invented news-style text (no copyrighted material).
ARTICLE = "\n\n".join(
    [
        "The harbour town of Harbourton opened its new flood barrier on Friday.",
        "The barrier, which cost 240 million pounds, is designed to protect more than 9,000 "
        "homes in Harbourton from storm surges along the estuary, the town council said.",
        "Engineers said the barrier's steel gates can close in under twelve minutes when sea "
        "levels rise above a set warning mark.",
        "A local bakery has started selling biscuits shaped like seagulls to tourists.",
        "Residents of Harbourton had campaigned for a flood barrier since storm surges flooded "
        "the old market square and hundreds of homes along the estuary in 2013.",
        "The council said the barrier was finished within its revised budget.",
        "Critics said the money could have moved the most exposed homes further inland.",
        "The environment agency will test the barrier's gates every month in the storm season.",
        "Officials expect the barrier to last a century with regular maintenance.",
        "The town's football club lost its third match in a row on Saturday afternoon.",
    ]
)


def _summarizer(**options: Any) -> NewsSummarizer:
    return NewsSummarizer(stemmer("english"), stop_words("english"), **options)


def _document() -> ObjectDocumentModel:
    return build_document(ARTICLE, TITLE, "english")


def test_a_one_sentence_summary_is_the_longest_of_the_most_central_sentences() -> None:
    document = _document()
    summarizer = _summarizer()
    centrality, _ = summarizer.rate(document, DIGEST_WEIGHTS)
    central = set(np.argsort(-centrality)[:4])  # the top 40% of ten sentences

    (chosen,) = summarizer(document, 1)
    index = document.sentences.index(chosen)

    assert index in central
    assert len(chosen.words) == max(len(document.sentences[i].words) for i in central)
    assert str(chosen).startswith("The barrier, which cost 240 million pounds")


def test_without_the_one_sentence_rule_a_single_sentence_is_a_brief_the_lead() -> None:
    (chosen,) = _summarizer(single_share=0)(_document(), 1)
    assert str(chosen).startswith("The harbour town of Harbourton opened")


def test_a_long_summary_covers_the_story_and_leaves_out_the_asides() -> None:
    summary = summarize(ARTICLE, title=TITLE, ratio=0.4)
    text = " ".join(summary.sentences)
    assert len(summary.sentences) == 4
    assert "barrier" in text
    assert "biscuits" not in text
    assert "football" not in text


def test_the_digest_graph_links_sentences_by_reporting_verbs_and_numbers() -> None:
    # Only "said" and "two" are shared: Sumy's stop words drop both, function words do not.
    words = [["Ministers", "said", "two", "ports"], ["Unions", "said", "two", "strikes"]]
    summarizer = _summarizer()
    content = _count_matrix([summarizer._terms(w) for w in words])
    everything = _count_matrix([summarizer._terms(w, frozenset()) for w in words])
    assert _row_cosine(content)[0, 1] == 0.0
    assert _row_cosine(everything)[0, 1] > 0.0


def test_pagerank_is_a_distribution_that_favours_the_best_connected_sentence() -> None:
    similarity = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.1], [1.0, 0.1, 0.0]])
    rank = _pagerank(similarity, damping=0.85)
    assert abs(rank.sum() - 1.0) < 1e-9
    assert rank.argmax() == 0
    assert rank[1] == rank[2]


def test_pagerank_of_isolated_sentences_is_uniform() -> None:
    rank = _pagerank(np.zeros((4, 4)), damping=0.85)
    assert np.allclose(rank, rank[0])
