"""extract_html: article text and metadata from HTML pages written for these tests."""

from __future__ import annotations

import json

import pytest

from bot.errors import NotAnArticleError, PageTooComplexError
from bot.extraction.complexity import MAX_ELEMENTS
from bot.extraction.html import extract_html
from bot.extraction.model import ExtractedArticle

PAGE_URL = "https://news.example.org/2024/03/harbour-lights?utm_source=feed"

PARAGRAPHS = [
    "The harbour board of Eastmere voted on Tuesday to replace every lamp along the old quay "
    "with low-glare lights, ending a dispute with astronomers that had lasted nine years.",
    "Members said the new fittings would cut the quay's electricity use by almost half while "
    "keeping the walkway safe for the fishing crews who unload their catch before dawn.",
    "The local astronomy club, which counts about two hundred members, had argued that the "
    "orange glow from the quay washed out the sky above its observatory on the cliffs.",
    "Work on the first section will begin in May and should be finished before the autumn "
    "storms, according to the board's engineer, who described the job as straightforward.",
]

BOILERPLATE = {
    "nav": "Home Politics Harbour Weather Sport",
    "caption": "Lamps on the old quay photographed at dusk by a staff photographer",
    "share": "Share this article with your friends on social media",
    "related": "Ten quiet beaches to visit before the summer crowds arrive",
    "popular": "Council approves new ferry timetable for the winter",
    "copyright": "© 2024 Eastmere Gazette. All rights reserved.",
    "cookie": "We use cookies to improve your experience. By continuing you accept our policy.",
}


def article_page(*, head: str = "", lang: str = "en-GB") -> str:
    body = "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    json_ld = json.dumps({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour switches to low-glare lamps",
        "keywords": ["Astronomy", "light pollution", "Eastmere"],
        "datePublished": "2024-03-05T08:30:00Z",
        "author": {"@type": "Person", "name": "Mara Quill"},
    })
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>Harbour switches to low-glare lamps | Eastmere Gazette</title>
  <link rel="canonical" href="/2024/03/harbour-lights">
  <meta property="og:title" content="Harbour switches to low-glare lamps">
  <meta property="og:site_name" content="Eastmere Gazette">
  <meta property="og:image" content="/images/quay-lamps.jpg">
  <meta name="author" content="Mara Quill">
  <meta property="article:published_time" content="2024-03-05T08:30:00Z">
  <meta property="article:tag" content="Harbour">
  <meta property="article:tag" content="astronomy">
  <meta name="keywords" content="harbour, Lighting , energy,, Energy">
  <meta name="news_keywords" content="quay lamps">
  <script type="application/ld+json">{json_ld}</script>
  {head}
</head>
<body>
  <header>
    <nav><ul>
      {"".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in BOILERPLATE["nav"].split())}
    </ul></nav>
  </header>
  <div id="cookie-banner" class="cookie-consent"><p>{BOILERPLATE["cookie"]}</p></div>
  <main>
    <article>
      <h1>Harbour switches to low-glare lamps</h1>
      <p class="byline">By Mara Quill</p>
      <figure>
        <img src="/images/quay-lamps.jpg" alt="">
        <figcaption>{BOILERPLATE["caption"]}</figcaption>
      </figure>
      {body}
      <div class="share-tools"><p>{BOILERPLATE["share"]}</p>
        <a href="#">Facebook</a> <a href="#">Twitter</a></div>
      <section class="related-articles"><h2>Related</h2><ul>
        <li><a href="/beaches">{BOILERPLATE["related"]}</a></li>
        <li><a href="/parking">Parking charges to rise at the seafront next year</a></li>
      </ul></section>
    </article>
    <aside class="most-popular"><h2>Most popular</h2><ol>
      <li><a href="/ferry">{BOILERPLATE["popular"]}</a></li>
      <li><a href="/school">School choir wins regional contest again</a></li>
    </ol></aside>
  </main>
  <footer><p class="copyright">{BOILERPLATE["copyright"]}</p>
    <a href="/about">About us</a> <a href="/contact">Contact</a></footer>
</body>
</html>"""


@pytest.fixture(scope="module")
def article() -> ExtractedArticle:
    return extract_html(article_page(), PAGE_URL)


def test_title_is_the_headline_without_the_site_suffix(article: ExtractedArticle) -> None:
    assert article.title == "Harbour switches to low-glare lamps"


HEADLINE = "Harbour switches to low-glare lamps"


@pytest.mark.parametrize(("og_title", "expected"), [
    (f"{HEADLINE} | Eastmere Gazette", HEADLINE),
    (f"Eastmere Gazette: {HEADLINE}", HEADLINE),
    # The host's name (news.example.org) counts as the site's name too.
    (f"{HEADLINE} – Example", HEADLINE),
    # A section label is not the site's name.
    (f"Opinion | {HEADLINE}", f"Opinion | {HEADLINE}"),
])
def test_the_site_name_is_stripped_from_the_title(og_title: str, expected: str) -> None:
    page = article_page().replace('content="Harbour switches to low-glare lamps"',
                                  f'content="{og_title}"')
    assert extract_html(page, PAGE_URL).title == expected


@pytest.mark.parametrize(("stated", "expected"), [
    ("2024-03-05T08:30:00+01:00", "2024-03-05"),
    ("2024-03-05", "2024-03-05"),
])
def test_the_publication_date_is_an_iso_day(stated: str, expected: str) -> None:
    page = article_page().replace("2024-03-05T08:30:00Z", stated)
    assert extract_html(page, PAGE_URL).published == expected


def test_canonical_url_is_made_absolute_against_the_page_url(article: ExtractedArticle) -> None:
    assert article.canonical_url == "https://news.example.org/2024/03/harbour-lights"


def test_og_url_is_used_when_there_is_no_canonical_link() -> None:
    page = article_page().replace('<link rel="canonical" href="/2024/03/harbour-lights">',
                                  '<meta property="og:url" content="/og/harbour-lights">')
    assert extract_html(page, PAGE_URL).canonical_url == "https://news.example.org/og/harbour-lights"


def test_site_name_author_date_and_language(article: ExtractedArticle) -> None:
    assert article.site_name == "Eastmere Gazette"
    assert article.author == "Mara Quill"
    assert article.published == "2024-03-05"
    assert article.language == "en"


def test_lead_image_is_absolute(article: ExtractedArticle) -> None:
    assert article.image == "https://news.example.org/images/quay-lamps.jpg"


def test_tags_come_from_article_tag_keywords_and_json_ld(article: ExtractedArticle) -> None:
    # Comma lists are split and stripped; duplicates differ only in case and keep the first
    # spelling seen ("astronomy" from article:tag beats "Astronomy" from JSON-LD).
    assert article.tags == (
        "Harbour", "astronomy", "quay lamps", "Lighting", "energy", "light pollution", "Eastmere",
    )


def test_body_keeps_every_paragraph_separated_by_blank_lines(article: ExtractedArticle) -> None:
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("part", sorted(BOILERPLATE))
def test_body_excludes_boilerplate(article: ExtractedArticle, part: str) -> None:
    assert BOILERPLATE[part] not in article.text


def test_body_excludes_the_repeated_headline_and_byline(article: ExtractedArticle) -> None:
    assert "low-glare lamps" not in article.text
    assert "By Mara Quill" not in article.text


def test_prompts_and_teasers_inside_the_article_are_dropped() -> None:
    extra = (
        "<p>Read more: Eastmere pier reopens after repairs</p>"
        "<p>Like this story? Share it with a friend!</p>"
        "<p>Sign up for our morning newsletter to get the headlines in your inbox.</p>"
        "<p>Additional reporting by Ned Farrow</p>"
    )
    page = article_page().replace(f"<p>{PARAGRAPHS[-1]}</p>", f"<p>{PARAGRAPHS[-1]}</p>{extra}")
    text = extract_html(page, PAGE_URL).text
    assert text.split("\n\n") == PARAGRAPHS


def test_language_falls_back_to_meta_when_html_has_no_lang() -> None:
    page = article_page(lang="", head='<meta property="og:locale" content="de_DE">')
    assert extract_html(page, PAGE_URL).language == "de"


def test_without_a_url_relative_links_are_left_out() -> None:
    result = extract_html(article_page())
    assert result.canonical_url is None
    assert result.image is None
    assert result.text.split("\n\n") == PARAGRAPHS


def test_a_page_without_an_article_raises() -> None:
    login = """<html><head><title>Sign in</title></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <form action="/login"><label>Email <input name="email"></label>
      <label>Password <input type="password" name="password"></label>
      <button>Sign in</button></form>
      <footer>© 2024 Example</footer></body></html>"""
    with pytest.raises(NotAnArticleError, match="no article text found in the page"):
        extract_html(login, "https://example.org/login")


def test_an_index_page_of_headlines_raises() -> None:
    links = "".join(
        f'<li><a href="/story/{n}">Short headline number {n} about the town</a></li>'
        for n in range(30)
    )
    page = f"<html><head><title>Latest news</title></head><body><ul>{links}</ul></body></html>"
    with pytest.raises(NotAnArticleError):
        extract_html(page, "https://example.org/")


@pytest.mark.parametrize("html", ["", "   \n\t", "<html><body></body></html>", "\x00\x01"])
def test_empty_pages_raise(html: str) -> None:
    with pytest.raises(NotAnArticleError):
        extract_html(html)


def test_deeply_nested_html_does_not_crash() -> None:
    depth = 100_000
    page = ("<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</div>" * depth + "</body></html>")
    with pytest.raises(PageTooComplexError, match="more than"):
        extract_html(page)


def test_nesting_within_the_element_bound_is_read() -> None:
    depth = MAX_ELEMENTS - 50
    page = ("<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</div>" * depth + "</body></html>")
    try:
        result = extract_html(page)
    except NotAnArticleError:
        return
    assert "harbour board" in result.text


def test_invalid_characters_do_not_crash() -> None:
    page = article_page().replace(PARAGRAPHS[0], PARAGRAPHS[0] + "\x00\x0b\ud800\ufffe")
    result = extract_html(page, PAGE_URL)
    assert result.text.split("\n\n")[0] == PARAGRAPHS[0]


def test_an_xml_encoding_declaration_is_accepted() -> None:
    page = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + article_page()
    assert extract_html(page, PAGE_URL).text.split("\n\n") == PARAGRAPHS


def test_unclosed_tags_still_give_the_article() -> None:
    page = article_page().replace("</p>", "").replace("</article>", "")
    text = extract_html(page, PAGE_URL).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
