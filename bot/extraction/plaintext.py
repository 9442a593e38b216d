"""Plain-text articles as scraped pages save them.

The format: the first line is the title (a line that is only the publication date may come
just above it or within the three lines below it), then the body one paragraph a line, then a
``Tags ...`` line with the tags run together, then a copyright notice and page debris
("See all Video", "Most Popular", "Load more"). Only the title, the date, the body and the
tags are kept.
"""

from __future__ import annotations

import re

from bot.errors import InvalidInputError, NotAnArticleError
from bot.extraction.cleanup import clean_lines
from bot.extraction.dates import dateline
from bot.extraction.model import ExtractedArticle
from bot.extraction.tags import split_run_together_tags
from bot.text.words import word_count

_TAGS_LINE = re.compile(r"^\s*tags\s*:?\s+(?P<tags>.+?)\s*$", re.IGNORECASE)
_MAX_TITLE_WORDS = 30
# Headlines seldom end with a full stop; a first line that does and runs this long is the
# lead sentence of a text without a headline ("(CNN) -- World number two Roger Federer ...").
_MAX_SENTENCE_TITLE_WORDS = 12
_MIN_ARTICLE_WORDS = 25


def extract_plaintext(text: str) -> ExtractedArticle:
    """Split a plain-text article into title, body and tags; raise if there is no body."""
    if "\x00" in text:
        raise InvalidInputError("the input is binary data, not text")
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise InvalidInputError("the input is empty")

    # "Published 20 November 2019" above or under the headline: the date, not a paragraph.
    published = None
    found = dateline(lines[:1])
    if found and len(lines) > 1:
        published, lines = found[1], lines[1:]
    title = _title(lines[0])
    body_lines = lines[1:] if title else lines
    found = None if published else dateline(body_lines)
    if found:
        published = found[1]
        body_lines = body_lines[:found[0]] + body_lines[found[0] + 1:]
    tags_raw: str | None = None
    for index, line in enumerate(body_lines):
        match = _TAGS_LINE.match(line)
        if match and index > 0:
            # Everything from the tags line on is page furniture, not the article.
            tags_raw = match.group("tags")
            body_lines = body_lines[:index]
            break

    # The same line rules as for web pages: captions, prompts, teasers, credits, copyright.
    paragraphs = _drop_trailing_debris(clean_lines("\n".join(body_lines), [title]))
    body = "\n\n".join(paragraphs)
    if word_count(body) < _MIN_ARTICLE_WORDS:
        raise NotAnArticleError("no article text found (the text is too short to summarize)")

    context = "\n".join([title or "", body])
    tags = split_run_together_tags(tags_raw, context) if tags_raw else ()
    return ExtractedArticle(text=body, title=title, tags=tags, published=published)


def _title(first_line: str) -> str | None:
    # A first line that reads like a sentence of body text is not a headline.
    words = word_count(first_line)
    if words > _MAX_TITLE_WORDS or (
            first_line.endswith(".") and words > _MAX_SENTENCE_TITLE_WORDS):
        return None
    return first_line.rstrip(".").strip() or None


def _drop_trailing_debris(paragraphs: list[str]) -> list[str]:
    """Short lines without sentence punctuation at the very end are page furniture."""
    while paragraphs and word_count(paragraphs[-1]) <= 6 and not paragraphs[-1].endswith(
            (".", "!", "?", '"', "”", "’")):
        paragraphs = paragraphs[:-1]
    return paragraphs
