"""Article text prepared for recognition: without the tags line and page furniture
(``bot.text.boilerplate``)."""

from __future__ import annotations

import re

from bot.text.boilerplate import is_boilerplate_line, is_teaser_heading

# Past this a text is not one article; the cap keeps a worker's time and memory bounded.
MAX_CHARS = 60_000

_TAGS_LINE = re.compile(r"^Tags\b[:\s]")
_END_PUNCT = re.compile(r"[.!?:;\"”’)\]]\s*$")


def clean_article(text: str) -> str:
    """Article body without the tags line, what follows it, and short page-debris lines.

    Lines are blanked rather than removed only where that keeps paragraphs intact; the
    result is what recognition and sentence offsets refer to.
    """
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\u00a0", " ")
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        # The tags line closes the article on the sites we read; all after it is page chrome.
        if _TAGS_LINE.match(stripped) and not _END_PUNCT.search(stripped):
            break
        if is_boilerplate_line(stripped) or is_teaser_heading(stripped):
            kept.append("")
            continue
        kept.append(line)
    return "\n".join(kept).strip()
