"""Bound a page before any parser sees it: refuse the too complex, drop what is never read.

Parsing and extraction time grows faster than the number of elements (trafilatura walks
the tree with XPath many times), so a 4 MB page of a million ``<p>`` would hold a worker for
its whole time limit and grow it past a gigabyte. One linear pass over the markup counts its
elements and empties the scripts, styles, inline SVG, templates and comments that the
extractor never reads as text (JSON-LD is kept: it carries the metadata), so thousands of
icon paths or megabytes of inline script cost nothing to parse.
"""

from __future__ import annotations

import re

from bot.errors import PageTooComplexError

# About five times the largest page of the extraction benchmark (1,737 elements and 0.5 MB
# of markup outside scripts): real articles pass with a wide margin, and the worst page let
# through is read within a few seconds.
MAX_ELEMENTS = 8_000
MAX_MARKUP_CHARACTERS = 1_000_000
# Summaries and recognition read at most this much of an article (about 8,000 words, a long
# feature); the whole text is still stored and searchable.
MAX_TEXT_CHARACTERS = 50_000
_MAX_METADATA_CHARACTERS = 200_000

_EMPTIED = frozenset({"script", "style", "svg", "template", "noscript"})
_OPENING = re.compile(r"<!--|<([a-z][a-z0-9-]*)")
_JSON_LD = re.compile(r"""type\s*=\s*["']?application/ld\+json""")


def bound_page(html: str) -> str:
    """The page with never-read content emptied; raise ``PageTooComplexError`` beyond bounds.

    Linear in the page's length whatever it holds (unclosed scripts included): each search
    starts where the previous one ended.
    """
    lowered = html.lower()
    kept: list[str] = []
    elements = position = copied = markup = 0
    while (found := _OPENING.search(lowered, position)) is not None:
        name = found.group(1)
        if name is not None:
            elements += 1
            if elements > MAX_ELEMENTS:
                raise PageTooComplexError(
                    f"the page is too complex to read (more than {MAX_ELEMENTS:,} elements)")
        if name is not None and name not in _EMPTIED:
            position = found.end()
            continue
        start, content_start = found.start(), _tag_end(lowered, found)
        closing = "-->" if name is None else f"</{name}"
        close = lowered.find(closing, content_start)
        end = len(lowered) if close < 0 else _after(lowered, close + len(closing), name)
        markup += start - copied
        kept.append(html[copied:start])
        if name == "script" and _JSON_LD.search(lowered, start, content_start) and (
                close - content_start <= _MAX_METADATA_CHARACTERS):
            kept.append(html[start:end])
        elif name is not None:
            kept.append(f"{html[start:content_start]}</{name}>")
        copied = position = end
    markup += len(html) - copied
    if markup > MAX_MARKUP_CHARACTERS:
        raise PageTooComplexError(
            "the page is too complex to read (more than "
            f"{MAX_MARKUP_CHARACTERS // 1_000_000} million characters of markup)")
    kept.append(html[copied:])
    return "".join(kept)


def _tag_end(lowered: str, found: re.Match[str]) -> int:
    """Where the opening tag (or ``<!--``) ends."""
    if found.group(1) is None:
        return found.end()
    end = lowered.find(">", found.end())
    return len(lowered) if end < 0 else end + 1


def _after(lowered: str, position: int, name: str | None) -> int:
    """Past the ``>`` of a closing tag (comments end right after ``-->``)."""
    if name is None:
        return position
    end = lowered.find(">", position)
    return len(lowered) if end < 0 else end + 1
