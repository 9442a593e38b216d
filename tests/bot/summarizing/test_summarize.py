"""summarize(): algorithms, length options, order, non-content filtering, errors, counts."""

from __future__ import annotations

import pytest

from bot.errors import InvalidOptionError, NotAnArticleError
from bot.summarizing import ALGORITHMS, DEFAULT_ALGORITHM, Summary, summarize
from bot.summarizing.filters import rejection_reason, strip_dateline

TITLE = "Harbour town opens new flood barrier"

# Original, invented news-style text (no copyrighted material).
ARTICLE = "\n\n".join(
    [
        'By Jane Marlow, Coastal Affairs Reporter',
        (
            'HARBOURTON (Reuters) - The harbour town of Harbourton opened its new flood barrier on '
            'Friday after six years of construction and repeated delays.'
        ),
        'Harbour town opens new flood barrier',
        (
            "The barrier, which cost 240 million pounds, is designed to protect more than "
            "9,000 homes from storm surges along the estuary."
        ),
        'Scroll down for video',
        (
            'Engineers said the steel gates can close in under twelve minutes when sea levels rise '
            'above a set warning mark.'
        ),
        'Photo: The barrier gates seen from the northern quay at dawn.',
        (
            'Local residents had campaigned for a flood barrier since the winter storms of 2013 '
            'flooded the old market square.'
        ),
        'Have you been affected by flooding in your area?',
        (
            "The town council said the project was finished within its revised budget, "
            "although the original estimate had been far lower."
        ),
        (
            'Critics argued that the money could have been spent on moving the most exposed homes '
            'further inland instead.'
        ),
        (
            'The national environment agency will run the barrier and test the gates every month '
            'during the storm season.'
        ),
        (
            "Officials expect the structure to last for at least a century with regular "
            "maintenance of its hydraulic systems."
        ),
        'Click here to share this article with your friends.',
        'Copyright 2024 Example News Ltd. All rights reserved.',
        'Tags: flooding, Harbourton, infrastructure',
    ]
)

JUNK_MARKERS = ("Jane Marlow", "Scroll down", "Photo:", "Have you", "Click here", "Copyright",
                "Tags:")


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_works_and_never_picks_junk(algorithm: str) -> None:
    summary = summarize(ARTICLE, title=TITLE, algorithm=algorithm, sentences=4)
    assert isinstance(summary, Summary)
    assert summary.algorithm == algorithm
    assert len(summary.sentences) == 4
    for sentence in summary.sentences:
        assert not any(marker in sentence for marker in JUNK_MARKERS), sentence
        assert sentence.strip().lower() != TITLE.lower()
        assert "(Reuters)" not in sentence


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_sentences_keep_article_order(algorithm: str) -> None:
    summary = summarize(ARTICLE, title=TITLE, algorithm=algorithm, sentences=5)
    positions = [ARTICLE.index(sentence) for sentence in summary.sentences]
    assert positions == sorted(positions)


def test_algorithm_names_are_lower_case_and_include_every_stock_one() -> None:
    assert DEFAULT_ALGORITHM == "news"
    assert set(ALGORITHMS) == {
        "news", "lexrank", "lsa", "luhn", "textrank", "sumbasic", "kl", "reduction",
        "edmundson", "random",
    }
    assert summarize(ARTICLE, algorithm="LexRank").algorithm == "lexrank"


def test_default_is_three_sentences_and_leads_with_the_news() -> None:
    summary = summarize(ARTICLE, title=TITLE)
    assert summary.algorithm == "news"
    assert len(summary.sentences) == 3
    # The dateline is stripped and the lead sentence survives.
    assert summary.sentences[0].startswith("The harbour town of Harbourton opened")


def test_sentence_count_and_ratio() -> None:
    assert len(summarize(ARTICLE, sentences=1).sentences) == 1
    assert len(summarize(ARTICLE, sentences=50).sentences) == 8  # all content sentences
    assert len(summarize(ARTICLE, ratio=0.5).sentences) == 4
    assert len(summarize(ARTICLE, ratio=0.01).sentences) == 1
    assert len(summarize(ARTICLE, ratio=1).sentences) == 8


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"sentences": 0}, "between 1 and 50"),
        ({"sentences": 51}, "between 1 and 50"),
        ({"ratio": 0.0}, "ratio"),
        ({"ratio": 1.5}, "ratio"),
        ({"sentences": 2, "ratio": 0.5}, "not both"),
        ({"algorithm": "bogus"}, "lexrank"),
        ({"language": "klingon"}, "klingon"),
    ],
)
def test_invalid_options(options: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidOptionError, match=fragment):
        summarize(ARTICLE, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Click here.\n\nTags: news, weather"])
def test_text_without_usable_sentences(text: str) -> None:
    with pytest.raises(NotAnArticleError):
        summarize(text)


def test_words_and_reduction_are_reported() -> None:
    summary = summarize(ARTICLE, title=TITLE, sentences=2)
    assert summary.words_in > summary.words_out > 0
    expected = round(100 * (1 - summary.words_out / summary.words_in), 1)
    assert summary.reduction_percent == expected
    assert 0 < summary.reduction_percent < 100
    assert Summary((), "news", 0, 0).reduction_percent == 0.0


def test_summary_is_frozen() -> None:
    summary = summarize(ARTICLE, sentences=1)
    with pytest.raises(AttributeError):
        summary.algorithm = "lsa"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("By Tom Reyes | Updated 10:42 GMT", "byline"),
        ("Tags: elections, polling, turnout", "tags"),
        ("Pictured: Firefighters at the scene on Sunday morning.", "caption"),
        ("Firefighters at the scene on Sunday (AP Photo/Sam Lee).", "caption"),
        ("Scroll down for video", "boilerplate"),
        ("Share this article on social media with your followers.", "boilerplate"),
        ("What do you think about the new rules for drivers?", "question"),
        ("He left.", "too short"),
        (" ".join(["word"] * 80) + ".", "too long"),
        ("Related stories and more from our reporters", "fragment"),
    ],
)
def test_non_content_sentences(sentence: str, reason: str) -> None:
    assert rejection_reason(sentence) == reason


def test_content_sentence_passes_and_dateline_is_stripped() -> None:
    lead = "Two ferries collided in thick fog outside the port early on Sunday, officials said."
    assert rejection_reason(lead) is None
    assert strip_dateline("PORTMOUTH (AP) -- " + lead) == lead
    assert strip_dateline("(CNN)" + lead) == lead
    assert strip_dateline(lead) == lead
