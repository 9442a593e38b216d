"""Line-level clean-up of the text trafilatura extracts.

Trafilatura keeps some boilerplate that sits inside the article container: the headline and
standfirst repeated above the body, "Read more:"/"Related:" teasers, share and newsletter
prompts, contributor credits, copyright and cookie lines. What is boilerplate is decided in
``bot.text.boilerplate``; this module applies it to lines, with the rules only extraction
needs: the header lines above the body, runs of link headlines, excerpts of other stories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.boilerplate import is_boilerplate_line, is_teaser_heading
from bot.text.words import word_count

_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# Headline/standfirst/date lines above the body have no closing punctuation and are short.
_HEADER_WORDS = 30
_HEADER_LINES = 3
_SENTENCE_END = tuple(".!?…:;\"'”’»)]。！？」』）")
# A date or time: "Nov. 20, 2019", "2019-11-20", "11:28 AMT", "5 min read".
_DATELINE_RE = re.compile(
    r"\b(1[89]|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d+ ?min(ute)?s?\b", re.IGNORECASE
)

_LINK_HEADLINE_WORDS = 3
# An excerpt ends mid-sentence: a word, a space or not, then an ellipsis ("... um plano para …").
_CUT_OFF_RE = re.compile(r"\w\s?(…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
_EXCERPT_WORDS = 40
_EXCERPTS = 2
_ADDRESS_RE = re.compile(r"https?://|www\.|\S@\S")
_CLICK_TO_TWEET_RE = re.compile(r"\s*click to tweet\s*$", re.IGNORECASE)


def clean_lines(
    text: str, titles: Iterable[str | None] = (), description: str | None = None,
    link_texts: Iterable[str] = (),
) -> list[str]:
    """The body's paragraphs with boilerplate lines removed, in order.

    ``link_texts`` are the texts of the page's links: lines that are nothing but links, one
    after another, are a list of teasers in any language.
    """
    lines = [_normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_keys = {key for key in (_key(title) for title in titles if title) if key}
    lines = _drop_header(lines, title_keys, description)
    lines = _drop_link_runs(lines, {key for key in map(_key, link_texts) if key})
    lines = _drop_excerpts(lines)
    kept: list[str] = []
    skipping_list = False
    for line in lines:
        words = word_count(line)
        if skipping_list:
            # Items under a teaser heading are short headlines without closing punctuation.
            if words <= 20 and not line.endswith((".", "!", "?")):
                continue
            skipping_list = False
        if is_teaser_heading(line):
            skipping_list = True
            continue
        if words == 0 or is_boilerplate_line(line, words) or _key(line) in title_keys:
            continue
        kept.append(line)
    return kept


def _drop_link_runs(lines: list[str], link_keys: set[str]) -> list[str]:
    """Drop runs of two or more lines that are each the whole text of a link (teasers)."""
    if not link_keys:
        return lines
    teaser = [_is_link_headline(line, link_keys) for line in lines]
    kept = []
    for index, line in enumerate(lines):
        in_run = teaser[index] and (
            (index > 0 and teaser[index - 1]) or (index + 1 < len(lines) and teaser[index + 1]))
        if not in_run:
            kept.append(line)
    return kept


def _drop_excerpts(lines: list[str]) -> list[str]:
    """Drop the excerpts of other stories: long paragraphs cut off with an ellipsis, when there
    are several of them (one alone may be the writer's own trailing thought)."""
    excerpts = [word_count(line) >= _EXCERPT_WORDS and bool(_CUT_OFF_RE.search(line))
                for line in lines]
    if sum(excerpts) < _EXCERPTS:
        return lines
    return [line for line, excerpt in zip(lines, excerpts, strict=True) if not excerpt]


def _is_link_headline(line: str, link_keys: set[str]) -> bool:
    # A headline has a few words; a bare address or a product name in a list is content.
    key = _key(line)
    return (key in link_keys and len(key.split()) >= _LINK_HEADLINE_WORDS
            and not _ADDRESS_RE.search(line))


def _drop_header(lines: list[str], title_keys: set[str], description: str | None) -> list[str]:
    """Drop the headline, standfirst, byline and date lines repeated above the body.

    Only lines without closing punctuation qualify, and each needs positive evidence (the
    title, the meta description, a date, or a one-to-three-word label): a first paragraph that
    merely lacks a full stop is kept.
    """
    description_key = _key(description)
    start = 0
    while start < min(len(lines) - 1, _HEADER_LINES):
        line = lines[start]
        key = _key(line)
        words = word_count(line)
        if key and (key in title_keys or any(key in title for title in title_keys)):
            start += 1
            continue
        if line.endswith(_SENTENCE_END) or words > _HEADER_WORDS:
            break
        if (key and key == description_key) or words <= 3 \
                or (words <= 15 and _DATELINE_RE.search(line)):
            start += 1
            continue
        break
    return lines[start:]


def _normalise(line: str) -> str:
    line = _SPACE_RE.sub(" ", line).strip()
    return _CLICK_TO_TWEET_RE.sub("", line)


def _key(text: str | None) -> str:
    """Case- and punctuation-insensitive comparison key."""
    return " ".join(_WORD_RE.findall(text or "")).casefold()
