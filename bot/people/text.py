"""Article text preparation: drop tag lines and page debris, split into sentences with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Past this a text is not one article; the cap keeps a worker's time and memory bounded.
MAX_CHARS = 60_000

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_TAGS_LINE = re.compile(r"^Tags\b[:\s]")
_DEBRIS_LINE = re.compile(
    r"^\s*(?:copyright\b|©|all rights reserved|see all\b|load more\b|most popular\b|"
    r"read more\b|related\b|share this\b|sign up\b|subscribe\b|advertisement\b)",
    re.IGNORECASE,
)
_END_PUNCT = re.compile(r"[.!?:;\"”’)\]]\s*$")
# A sentence may end after . ! ? (and closing quotes/brackets) followed by space and a capital.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9À-Ý])")
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col",
        "capt", "sgt", "cmdr", "adm", "maj", "jr", "sr", "inc", "ltd", "co", "corp", "vs",
        "no", "nos", "fig", "approx", "dept", "est", "mt", "ft", "rev", "hon", "messrs",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "etc",
    }
)  # fmt: skip
_LAST_WORD = re.compile(r"([\w.]+)[.]$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


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
        if _DEBRIS_LINE.match(stripped) and len(stripped.split()) <= 30:
            kept.append("")
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text``: paragraphs first, then sentence punctuation."""
    sentences: list[Sentence] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        _split_paragraph(text, position, end, sentences)
        position = match.end() if match else len(text)
    return sentences


def _split_paragraph(text: str, start: int, end: int, out: list[Sentence]) -> None:
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group().startswith(".") and _is_abbreviation(text[cursor : match.start() + 1]):
            continue
        _add(text, cursor, match.end(), out)
        cursor = match.end()
    _add(text, cursor, end, out)


def _is_abbreviation(chunk: str) -> bool:
    found = _LAST_WORD.search(chunk)
    if not found:
        return False
    word = found.group(1).casefold()
    # Single capital initials ("John F. Kennedy") and known abbreviations do not end sentences.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    out.append(Sentence(begin, begin + len(stripped), " ".join(stripped.split())))
