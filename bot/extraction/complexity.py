"""Refuse pages too large or too complex to read before any parser sees them.

Parsing and extraction time grows faster than the number of elements (trafilatura walks
the tree with XPath many times), so a 3 MB page of a million ``<p>`` would hold a worker
for its whole time limit and grow it past a gigabyte. Counting is one linear pass over the
markup; scripts, styles, inline SVG and comments are set aside first, because real pages
carry thousands of elements there that the extractor never reads.
"""

from __future__ import annotations

import re

from bot.errors import PageTooComplexError

# Ten times the largest page of the extraction benchmark (1,737 elements, 0.5 MB of markup
# outside scripts): real articles pass with a wide margin, and the worst page left through
# is read within a few seconds.
MAX_ELEMENTS = 20_000
MAX_MARKUP_CHARACTERS = 2_000_000
# Article text beyond this is kept out of summarizing and recognition (about 30,000 words).
MAX_TEXT_CHARACTERS = 200_000

# Elements whose content the extractor never reads as text; counted as one element each.
_SKIPPED = frozenset({"script", "style", "svg", "template", "noscript"})
_OPENING = re.compile(r"<!--|<([A-Za-z][A-Za-z0-9-]*)")


def check_page_complexity(html: str) -> None:
    """Raise ``PageTooComplexError`` for a page beyond the bounds above.

    One pass, linear in the page's length whatever it holds (unclosed scripts included):
    each search starts where the previous one ended.
    """
    lowered = html.lower()
    elements = skipped = position = 0
    while (found := _OPENING.search(lowered, position)) is not None:
        name = found.group(1)
        if name is None or name in _SKIPPED:
            closing = "-->" if name is None else f"</{name}"
            end = lowered.find(closing, found.end())
            end = len(lowered) if end < 0 else end + len(closing)
            skipped += end - found.start()
            position = end
        else:
            position = found.end()
        if name is not None:
            elements += 1
            if elements > MAX_ELEMENTS:
                raise PageTooComplexError(
                    f"the page is too complex to read (more than {MAX_ELEMENTS:,} elements)")
    if len(html) - skipped > MAX_MARKUP_CHARACTERS:
        raise PageTooComplexError(
            "the page is too complex to read (more than "
            f"{MAX_MARKUP_CHARACTERS // 1_000_000} million characters of markup)")
