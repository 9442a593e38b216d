"""The page as trafilatura gets it: class names never remove the article, source line breaks
inside a paragraph are not paragraph breaks, and an article's own header keeps its lead.

Pages written for these tests, run through ``extract_html`` (the behaviour that matters) and
through ``prepare_tree`` where the rule is about the tree itself.
"""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree

from bot.extraction.html import extract_html
from bot.extraction.pruning import main_text_holders, prepare_tree

URL = "https://news.example.org/2024/05/ferry"

LINES = [
    "The harbour council met on Monday evening and agreed to build the new ferry terminal.",
    "Anna Berg, who chairs the council, said that work on the quay would begin in the spring.",
    "Residents will be asked for their views at a public meeting in the town hall next month.",
    "The ferry company welcomed the decision and promised a new timetable before the summer.",
    "Two local firms have said they will bid for the contract to build the waiting rooms.",
]
NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"


def page(body: str) -> str:
    return (f"<html lang='en'><head><title>Council backs ferry plan</title></head><body>{NAV}"
            f"{body}<footer><p>© 2024 Eastmere Gazette</p></footer></body></html>")


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


@pytest.mark.parametrize("wrapper", [
    "<div class='cookie-consent-given'>{}</div>",
    "<div id='cookie-banner-wrapper'>{}</div>",
    "<div class='related-content'>{}</div>",
    "<section class='newsletter-page'>{}</section>",
])
@pytest.mark.parametrize("content", [
    paragraphs(LINES[:3]),
    "<div>" + "<br>".join(LINES) + "</div>",
])
def test_a_class_name_never_removes_the_element_that_holds_the_article(
        wrapper: str, content: str) -> None:
    article = extract_html(page(wrapper.format("<h1>Council backs ferry plan</h1>" + content)),
                           URL)
    for line in LINES[:3]:
        assert line in article.text


def test_a_cookie_banner_beside_the_article_still_goes() -> None:
    banner = ("<div class='cookie-notice'><p>This site uses cookies.</p>"
              "<p>Cookies help us to show you the news that matters to you.</p>"
              "<p>You can change your choice at any time in the settings.</p>"
              "<p>Read our policy to learn more about what we store.</p></div>")
    article = extract_html(page(f"<article><h1>Council backs ferry plan</h1>"
                                f"{paragraphs(LINES)}{banner}</article>"), URL)
    assert LINES[0] in article.text
    assert "cookies" not in article.text.lower()


def test_the_lead_paragraph_in_the_articles_own_header_is_kept() -> None:
    lead = ("Eastmere will get a ferry terminal after all, the council decided on Monday, "
            "ending a dispute that had lasted nine years.")
    body = (f"<article><header class='article-header'><h1>Council backs ferry plan</h1>"
            f"<p class='article-header__lead'>{lead}</p></header>{paragraphs(LINES)}</article>")
    article = extract_html(page(body), URL)
    assert article.text.startswith(lead)


def test_the_sites_own_header_still_goes() -> None:
    body = (f"<header class='site-header'><a href='/'>Eastmere Gazette</a> "
            f"<a href='/login'>Log in</a></header>"
            f"<article><h1>Council backs ferry plan</h1>{paragraphs(LINES)}</article>")
    article = extract_html(page(body), URL)
    assert "Log in" not in article.text
    assert article.text.startswith(LINES[0])


def test_a_hard_wrapped_br_page_keeps_every_first_word() -> None:
    # The source wraps each paragraph over several lines and ends it with <br>: the words
    # before the first source line break ("Photos") are part of the paragraph.
    wrapped = [
        "Photos\n which were released on Monday show the new\n terminal from the water.",
        "Visitors\n will be able to walk along the quay from the\n station to the ferry.",
        "Builders\n expect the first ships to dock at the new\n terminal in two years.",
    ]
    body = ("<div class='post-body'>"
            + "".join(f"<span>{text} <br></span><br>" for text in wrapped)
            + "</div>")
    article = extract_html(page(f"<h1>Council backs ferry plan</h1>{body}"), URL)
    lines = article.text.split("\n\n")
    assert lines[0].startswith("Photos which were released")
    assert [line.split()[0] for line in lines] == ["Photos", "Visitors", "Builders"]


def test_preformatted_text_keeps_its_line_breaks() -> None:
    tree = trafilatura.load_html(page("<pre>line one\nline two</pre>" + paragraphs(LINES)))
    prepared = prepare_tree(tree).tree
    [pre] = prepared.iter("pre")
    assert pre.text == "line one\nline two"


def test_preparing_leaves_the_original_tree_as_it_was() -> None:
    html = page("<div class='cookie-consent-given'><p>Short\n text.</p></div>")
    tree = trafilatura.load_html(html)
    before = etree.tostring(tree)
    prepare_tree(tree)
    assert etree.tostring(tree) == before


def test_the_main_text_holders_are_the_articles_wrappers_not_the_navigation() -> None:
    tree = trafilatura.load_html(page(f"<main><article>{paragraphs(LINES)}</article></main>"))
    holders = {element.tag for element in main_text_holders(tree)}
    assert {"main", "article", "body"} <= holders
    assert "nav" not in holders
    assert "footer" not in holders


def test_trafilaturas_own_name_rules_do_not_remove_the_article_either() -> None:
    # Enough other prose on the page that trafilatura's safety net would let its "cookie"
    # rule discard the article's wrapper: the retry without that name brings it back.
    other = ("<div><p>The Eastmere Gazette has reported on the harbour towns of the coast for "
             "more than a century and is owned by a charitable trust.</p></div>")
    body = (f"<div class='cookie-consent-given'><h1>Council backs ferry plan</h1>"
            f"<div>{'<br>'.join(LINES)}</div></div>{other}")
    article = extract_html(page(body), URL)
    for line in LINES:
        assert line in article.text


MORE_LINES = [
    "The council's engineer said the new quay would be built from recycled concrete and steel.",
    "A second phase, with shops and a café for passengers, could follow if money is found.",
    "Critics on the council said the cost had doubled since the plan was first put forward.",
    "The vote was carried by nine votes to four after a debate that lasted almost three hours.",
]


def test_an_article_body_split_into_rows_between_ads_comes_out_whole() -> None:
    row = "<div class='grid'><div class='body article__body'>{}</div></div>"
    ad = "<div class='row'><div class='ad'><span>Advertisement</span></div></div>"
    body = (f"<main><h1>Council backs ferry plan</h1>{row.format(paragraphs(LINES))}{ad}"
            f"{row.format(paragraphs(MORE_LINES))}</main>")
    article = extract_html(page(body), URL)
    assert article.text.split("\n\n") == LINES + MORE_LINES


def test_body_parts_side_by_side_in_one_container_keep_their_order() -> None:
    quote = "“We have waited nine years for this,” said one ferry captain after the vote."
    body = (f"<article><h1>Council backs ferry plan</h1><div class='entry-content'>"
            f"<section class='article__content'>{paragraphs(LINES)}</section>"
            f"<section class='article__content article__content--quote'><p>{quote}</p></section>"
            f"<section class='article__content'>{paragraphs(MORE_LINES)}</section>"
            f"</div></article>")
    article = extract_html(page(body), URL)
    assert article.text.split("\n\n") == [*LINES, quote, *MORE_LINES]


@pytest.mark.parametrize("lead_class", ["article__summary", "standfirst", "chapo", "entradilla"])
def test_a_standfirst_set_apart_above_the_body_is_the_first_paragraph(lead_class: str) -> None:
    lead = ("Eastmere will get its ferry terminal after all, the council decided on Monday, "
            "ending a dispute that had lasted nine years.")
    body = (f"<article><h1>Council backs ferry plan</h1><div class='{lead_class}'>\n  {lead}\n"
            f"</div><div class='article__text'>{paragraphs(LINES)}</div></article>")
    article = extract_html(page(body), URL)
    assert article.text.split("\n\n") == [lead, *LINES]
