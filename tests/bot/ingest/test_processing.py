import threading

import pytest

from bot.errors import InvalidOptionError
from bot.ingest.processing import Document, SummaryOptions, prepare_worker, process_document
from bot.people.model import load_pipeline
from bot.text.words import word_count
from tests.conftest import ARTICLE_HTML, ARTICLE_TEXT, SHARED_EXAMPLE
from tests.support.texts import CHINESE_PAGE, RESULTS_TEXT

DEBRIS = ("Tags", "Copyright", "All rights reserved", "See all", "Most Popular", "Load more")


def test_a_plain_text_article_is_extracted_and_summarized() -> None:
    processed = process_document(Document(ARTICLE_TEXT, "text"), SummaryOptions(sentences=2))
    assert (processed.article.title or "").startswith("Harbour council")
    assert len(processed.summary.sentences) == 2
    for sentence in processed.summary.sentences:
        assert sentence in processed.article.text


def test_an_html_page_is_extracted_and_summarized() -> None:
    html = ARTICLE_HTML.replace("{canonical}", "https://example.com/ferry")
    processed = process_document(Document(html, "html", "https://example.com/ferry"),
                                 SummaryOptions(ratio=0.4, algorithm="lexrank"))
    assert processed.article.canonical_url == "https://example.com/ferry"
    assert processed.summary.algorithm == "lexrank"
    assert 1 <= len(processed.summary.sentences) <= 3


@pytest.mark.parametrize(("options", "reason"), [
    ({"algorithm": "magic"}, "unknown summary algorithm"),
    ({"sentences": 0}, "between 1 and 50"),
    ({"sentences": 51}, "between 1 and 50"),
    ({"ratio": 0.0}, "ratio"),
    ({"ratio": 1.5}, "ratio"),
    ({"sentences": 2, "ratio": 0.5}, "not both"),
])
def test_bad_options_are_refused_before_any_work(options: dict[str, object],
                                                  reason: str) -> None:
    with pytest.raises(InvalidOptionError, match=reason):
        SummaryOptions(**options)  # type: ignore[arg-type]


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not available")
@pytest.mark.parametrize("algorithm", ["news", "lexrank", "textrank", "luhn", "lsa"])
def test_the_example_articles_summary_has_no_debris_tags_or_title(algorithm: str) -> None:
    text = SHARED_EXAMPLE.read_text(encoding="utf-8")
    processed = process_document(Document(text, "text"),
                                 SummaryOptions(algorithm=algorithm, sentences=4))
    title = processed.article.title
    assert title is not None
    assert len(processed.summary.sentences) == 4
    for sentence in processed.summary.sentences:
        assert sentence != title
        assert not any(debris in sentence for debris in DEBRIS)
    assert processed.summary.words_in > processed.summary.words_out


def test_preparing_a_worker_builds_the_recognition_model_without_starting_threads() -> None:
    # It runs in the forkserver, which must hold no thread but its own when it forks.
    threads = threading.active_count()
    prepare_worker()
    assert load_pipeline.cache_info().currsize == 1
    assert threading.active_count() == threads


def test_options_name_the_algorithm_as_the_summarizer_does() -> None:
    assert SummaryOptions(algorithm=" LexRank ").algorithm == "lexrank"
    with pytest.raises(InvalidOptionError, match="choose one of: news, lexrank"):
        SummaryOptions(algorithm="magic")


def test_a_chinese_page_keeps_its_text_whether_or_not_it_gets_a_summary() -> None:
    processed = process_document(Document(CHINESE_PAGE, "html", "https://example.com/zh"),
                                 SummaryOptions())
    assert processed.article.language == "zh"
    assert "港口议会星期一开会" in processed.article.text
    assert "一些居民担心交通会更加拥挤" in processed.article.text
    if not processed.summary.sentences:
        assert processed.summary.words_out == 0
        assert processed.summary.words_in > 0


def test_text_without_sentences_is_kept_with_no_summary() -> None:
    processed = process_document(Document(RESULTS_TEXT, "text"), SummaryOptions(sentences=2))
    assert "Eastport Rovers 5, Westmere Town 0" in processed.article.text
    assert processed.summary.sentences == ()
    assert processed.summary.words_out == 0
    assert processed.summary.words_in == word_count(processed.article.text)
