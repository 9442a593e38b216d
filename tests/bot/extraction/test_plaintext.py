import pytest

from bot.errors import InvalidInputError, NotAnArticleError
from bot.extraction.plaintext import extract_plaintext
from tests.conftest import ARTICLE_TEXT, SHARED_EXAMPLE


def test_title_body_and_tags_are_separated_from_page_debris() -> None:
    article = extract_plaintext(ARTICLE_TEXT)
    assert article.title == "Harbour council approves new ferry terminal after long debate"
    assert article.tags == ("ferry terminal", "Marta Olsen", "Eastport", "harbour")
    assert article.text.startswith("The harbour council of Eastport voted on Tuesday")
    assert article.text.endswith("officials said.")
    for debris in ("Tags", "Copyright", "See all", "Most Popular", "Load more"):
        assert debris not in article.text


def test_paragraphs_are_separated_by_blank_lines() -> None:
    article = extract_plaintext(ARTICLE_TEXT)
    assert len(article.text.split("\n\n")) == 5


def test_boilerplate_lines_inside_the_body_are_dropped() -> None:
    text = ARTICLE_TEXT.replace(
        "The plan, which", "Advertisement\n\nPhoto: The harbour at dawn. (Example Media)\n\n"
        "The plan, which")
    article = extract_plaintext(text)
    assert "Advertisement" not in article.text
    assert "Photo:" not in article.text


def test_a_text_that_opens_with_its_lead_sentence_has_no_title() -> None:
    lead = ("EASTPORT (Herald) -- The harbour council voted on Tuesday to build a new ferry "
            "terminal after a debate of many months.")
    article = extract_plaintext(lead + "\n\n" + ARTICLE_TEXT.split("\n", 1)[1])
    assert article.title is None
    assert article.text.startswith(lead)


def test_a_short_headline_with_a_full_stop_is_still_the_title() -> None:
    article = extract_plaintext("Ferry terminal approved.\n\n" + ARTICLE_TEXT.split("\n", 1)[1])
    assert article.title == "Ferry terminal approved"


def test_an_article_without_a_tags_line_has_no_tags() -> None:
    text = ARTICLE_TEXT.split("Tags ")[0]
    article = extract_plaintext(text)
    assert article.tags == ()
    assert article.text.endswith("officials said.")


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01binary"])
def test_empty_or_binary_input_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError):
        extract_plaintext(text)


def test_too_little_text_is_not_an_article() -> None:
    with pytest.raises(NotAnArticleError):
        extract_plaintext("A headline\n\nOne short line.")


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example article not available")
def test_the_shared_example_article() -> None:
    article = extract_plaintext(SHARED_EXAMPLE.read_text(encoding="utf-8"))
    assert article.title == ("NATO cyber coordinators hold first-ever meeting amid Russia’s "
                             "invasion")
    assert article.tags == ("cyber attacks", "Magdalena Andersson", "Mircea Geoana", "NATO",
                            "Russia-Ukraine war")
    assert article.text.startswith("Senior cyber coordinators from NATO")
    for debris in ("Tags", "Copyright", "Nexstar", "See all Hill.TV", "Most Popular",
                   "Load more"):
        assert debris not in article.text


@pytest.mark.parametrize(("line", "expected"), [
    ("Published 20 November 2019", "2019-11-20"),
    ("2019-11-20", "2019-11-20"),
    ("Veröffentlicht am 20. November 2019", "2019-11-20"),
])
def test_a_dateline_under_the_title_is_the_publication_date(line: str, expected: str) -> None:
    title, rest = ARTICLE_TEXT.split("\n", 1)
    article = extract_plaintext(f"{title}\n\n{line}\n{rest}")
    assert article.published == expected
    assert line not in article.text
    assert article.text.startswith("The harbour council of Eastport voted on Tuesday")


def test_a_dateline_above_the_title_is_the_publication_date() -> None:
    article = extract_plaintext("20 November 2019\n" + ARTICLE_TEXT)
    assert article.published == "2019-11-20"
    assert article.title == "Harbour council approves new ferry terminal after long debate"


def test_a_text_without_a_dateline_has_no_publication_date() -> None:
    article = extract_plaintext(ARTICLE_TEXT)
    assert article.published is None


def test_a_date_inside_a_paragraph_is_not_the_publication_date() -> None:
    title, rest = ARTICLE_TEXT.split("\n", 1)
    text = f"{title}\n\nOn 20 November 2019 the council first discussed the plan.\n{rest}"
    article = extract_plaintext(text)
    assert article.published is None
    assert "On 20 November 2019" in article.text
