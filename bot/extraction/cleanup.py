"""Line-level clean-up of the text trafilatura extracts.

Trafilatura keeps some boilerplate that sits inside the article container: the headline and
standfirst repeated above the body, "Read more:"/"Related:" teasers, share and newsletter
prompts, contributor credits, copyright and cookie lines. These rules are generic (no site is
named) and deliberately conservative: a rule only drops short lines that match a boilerplate
phrase, so a real paragraph that merely mentions a newsletter survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# Lines this long are treated as real paragraphs by the phrase rules below.
_SHORT_WORDS = 40
# Headline/standfirst/date lines above the body have no closing punctuation and are short.
_HEADER_WORDS = 30
_HEADER_LINES = 3
_SENTENCE_END = tuple(".!?…:;\"'”’»)]。！？」』）")
# A date or time: "Nov. 20, 2019", "2019-11-20", "11:28 AMT", "5 min read".
_DATELINE_RE = re.compile(
    r"\b(1[89]|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d+ ?min(ute)?s?\b", re.IGNORECASE
)

# A teaser or list heading: the line itself goes, and so do the short list items under it.
_LIST_HEADING_RE = re.compile(
    r"^\W*(related( (stories|articles|posts|content|coverage|links|reading))?|"
    r"(read|see|watch) (more|also|next)|more( stories| on this( story)?| from [\w .'’-]+)?|"
    r"also( read| see)?|recommended( for you| stories)?|you (may|might) also like|"
    r"(most|more) (read|popular|viewed|shared)( [\w .'’-]+)?|don['’]t miss|trending( now)?|"
    r"top stories|popular( now)?|in case you missed it|further reading|keep reading)"
    r"\W*$",
    re.IGNORECASE,
)
# A one-line teaser: "Related: Headline", "READ MORE: Headline", "Also on example.com Headline".
_TEASER_RE = re.compile(
    r"^\W*(related( (post|story|article|content|coverage))?|(read|see|watch) (more|also)|"
    r"more|also( read| see)?|also on [\w.-]+|recommended|most read)\b\s*[:|\-–—]",
    re.IGNORECASE,
)
_ALSO_ON_RE = re.compile(r"^\W*also on [\w-]+\.[a-z]{2,}\b", re.IGNORECASE)
# Share, follow, subscribe and comment prompts.
_PROMPT_RE = re.compile(
    r"^\W*(share (this|on|it|the)|like this (story|article)|follow (us|me|him|her|them|the)?\b|"
    r"subscribe\b|sign up\b|get (the latest|our|access|the day)|join (us|our|the conversation)|"
    r"click (here|to)|tap here|download (our|the app)|listen( to| on|:)|"
    r"(tell us|let us know) what you think|leave a (comment|reply)|add a comment|"
    r"comments?$|\d+ comments?$|have a (news )?tip|email \w+( \w+)? at\b|"
    r"reach (the|him|her|them|\w+) (reporters?|at|on)\b|if you (enjoyed|liked) this)",
    re.IGNORECASE,
)
_PROMPT_ANYWHERE_RE = re.compile(
    r"(newsletters?\b.{0,60}\b(inbox|sign up|subscribe)|(sign up|subscribe)\b.{0,60}"
    r"\bnewsletters?|share (this|it) (story|article|post)? ?(with|on)\b|"
    r"follow [^.]{0,60}\bon (twitter|facebook|instagram|linkedin|youtube)\b|"
    r"@\w+ on twitter)",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"(^\W*(additional )?(reporting|writing|editing) by\b|contributed (to )?(this )?"
    r"(report|reporting|story|article)\b|^\W*source: |^\W*filed under\b|^\W*posted in\b|"
    r"^\W*(tags?|categories|category|topics?)\s*[:|]?\s*$|^\W*(tags?|categories|topics?)\s*:)",
    re.IGNORECASE,
)
_COPYRIGHT_RE = re.compile(
    r"(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|this (copy|material) (is|may)\b)",
    re.IGNORECASE,
)
_COOKIE_RE = re.compile(
    r"\bcookies?\b.{0,120}\b(use|accept|consent|agree|policy|browsing|settings|experience)"
    r"|\b(use|accept|consent|agree)\b.{0,120}\bcookies?\b",
    re.IGNORECASE,
)
_CAPTION_RE = re.compile(
    r"^\W*(photo|image|picture|video|credit|photograph|illustration)s?( credit)?\s*(:|by\b)"
    r"|\((photo|image|credit)s?:?[^)]*\)\s*$|\b(getty images|shutterstock|associated press)\s*$",
    re.IGNORECASE,
)
# Ad slots and page furniture that scraped text keeps as lines of their own.
_FURNITURE_RE = re.compile(
    r"^\W*(advertisement|sponsored( content)?|ad|story continues below( advertisement)?|"
    r"see all\b.*|load more|show more|skip to (main )?content)\W*$",
    re.IGNORECASE,
)
_CLICK_TO_TWEET_RE = re.compile(r"\s*click to tweet\s*$", re.IGNORECASE)


def clean_lines(
    text: str, titles: Iterable[str | None] = (), description: str | None = None
) -> list[str]:
    """The body's paragraphs with boilerplate lines removed, in order."""
    lines = [_normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_keys = {key for key in (_key(title) for title in titles if title) if key}
    lines = _drop_header(lines, title_keys, description)
    kept: list[str] = []
    skipping_list = False
    for line in lines:
        words = word_count(line)
        if skipping_list:
            # Items under a teaser heading are short headlines without closing punctuation.
            if words <= 20 and not line.endswith((".", "!", "?")):
                continue
            skipping_list = False
        if _LIST_HEADING_RE.match(line):
            skipping_list = True
            continue
        if words == 0 or _is_boilerplate(line, words) or _key(line) in title_keys:
            continue
        kept.append(line)
    return kept


def word_count(text: str) -> int:
    """Number of ``\\w+`` runs in ``text``."""
    return len(_WORD_RE.findall(text))


def _is_boilerplate(line: str, words: int) -> bool:
    if words > _SHORT_WORDS:
        # Long lines are prose; only a cookie banner is long and still boilerplate.
        return words < 80 and bool(_COOKIE_RE.search(line)) and "cookie" in line.lower()[:200]
    return bool(
        _TEASER_RE.match(line)
        or _ALSO_ON_RE.match(line)
        or _PROMPT_RE.match(line)
        or _PROMPT_ANYWHERE_RE.search(line)
        or _CREDIT_RE.search(line)
        or _COPYRIGHT_RE.search(line)
        or _COOKIE_RE.search(line)
        or _CAPTION_RE.search(line)
        or _FURNITURE_RE.match(line)
    )


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
