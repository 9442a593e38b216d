"""Recognise sentences that are not article content: they are never put in a summary.

Applied before any algorithm runs, so every algorithm (not only the default) chooses among
content sentences only.
"""

from __future__ import annotations

import re

from bot.text.boilerplate import is_boilerplate_line
from bot.text.words import word_count

MIN_WORDS = 5
MAX_WORDS = 70

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")

# "LONDON (Reuters) - ", "Marseille, France (CNN)", "(CNN) -- ": a dateline glued to the lead.
_DATELINE_AGENCY = re.compile(
    r"^(?:[A-Z][\w.'’\- ]{0,40}(?:,\s*[A-Z][\w.'’\- ]{0,30}){0,2}\s*)?"
    r"\((?:CNN|Reuters|AP|AFP|Bloomberg|BBC|PA|UPI|dpa|EFE|Xinhua|CNN Money)[^)]{0,20}\)"
    r"\s*(?:[-–—]{1,2}\s*)?"
)
# "WASHINGTON — " or "NEW YORK, March 3 - ": an upper-case place name and a dash.
_DATELINE_CAPS = re.compile(r"^[A-Z][A-Z .'’\-]{2,30}(?:,\s*[\w .]{1,25})?\s+[-–—]{1,2}\s+")

_LEADING_DASH = re.compile(r"^\s*[-–—]{1,2}\s+")

_BYLINE = re.compile(
    r"^(?:by\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}\s*(?:[,|.]|$)"
    r"|(?:published|updated|last updated|posted)\s*:?\s*\d"
    r"|(?:published|updated|last updated|posted)\s*:)",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^\s*(?:tags|tagged|topics|related topics|filed under)\s*[:\-–]?\s", re.I)
_CAPTION = re.compile(
    r"^\s*[(\[]?(?:photo|photograph|picture|pictured|image|caption|video|gallery|credit"
    r"|file photo|illustration)s?\b\s*[:|\-–]"
    r"|\b(?:getty images|ap photo|afp photo|reuters/|epa/|shutterstock|photo credit)\b"
    r"|^\s*\((?:photo|image|picture)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"scroll down for (?:video|more)|click here|share this (?:article|story|page)"
    r"|all rights reserved|^\s*copyright\b|copyright\s+(?:©\s*)?\d{4}|©|\(c\)\s*\d{4}"
    r"|sign up for|subscribe to (?:our|the)|follow (?:us|him|her|them) on|read more\s*:"
    r"|(?:^|\s)related\s*:|^\s*advertisement\b"
    r"|e-?mail to a friend|watch the video|contributed to this report"
    r"|this (?:story|article) (?:has been|was) (?:updated|corrected)"
    r"|^(?:CNN|AP|BBC|Reuters)'s\s.*\b(?:reported|contributed)\b",
    re.IGNORECASE,
)
_READER_QUESTION = re.compile(
    r"^(?:what do you think|have your say|do you|have you|are you|would you|tell us)\b", re.I
)
_CLOSING_QUOTES = "\"'”’»)] 」』）"
# A sentence ends with terminal punctuation, possibly inside quotes or brackets; a line without
# it is a headline, a related-story link or a list item.
_TERMINAL = re.compile(r"[.!?…。！？]['\"”’»)\]」』）]*\s*$")


def strip_dateline(sentence: str) -> str:
    """Remove a dateline glued to the start of a lead sentence; the rest is content."""
    # The splitter may cut "CITY (Reuters)" off as its own fragment, leaving "- The ...".
    sentence = _LEADING_DASH.sub("", sentence)
    for pattern in (_DATELINE_AGENCY, _DATELINE_CAPS):
        match = pattern.match(sentence)
        if match and match.end() < len(sentence):
            rest = sentence[match.end() :].lstrip(" -–—:")
            # Only strip when real text follows (avoid eating a whole short sentence).
            if len(_WORD.findall(rest)) >= MIN_WORDS:
                return rest
    return sentence


def _normalise(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def is_title_repeat(sentence: str, title: str | None) -> bool:
    """True when the sentence is the headline again (possibly with trivial punctuation)."""
    if not title:
        return False
    norm_sentence, norm_title = _normalise(sentence), _normalise(title)
    if not norm_title:
        return False
    if norm_sentence == norm_title:
        return True
    # A headline with a short kicker or suffix ("... - BBC News") is still the headline.
    title_words, sentence_words = norm_title.split(), norm_sentence.split()
    return norm_title in norm_sentence and len(sentence_words) <= len(title_words) + 4


def rejection_reason(sentence: str, title: str | None = None,
                     language: str | None = None) -> str | None:
    """Why a sentence is not content (``None`` when it is content)."""
    text = sentence.strip()
    words = word_count(text)
    if is_title_repeat(text, title):
        return "title"
    if _TAGS.match(text):
        return "tags"
    if _BYLINE.match(text):
        return "byline"
    if _CAPTION.search(text):
        return "caption"
    if _BOILERPLATE.search(text) or is_boilerplate_line(text, words):
        return "boilerplate"
    if text.rstrip(_CLOSING_QUOTES).endswith(("?", "？")) or _READER_QUESTION.match(text):
        return "question"
    # Thai marks the end of a sentence with a space, not a full stop.
    if language != "thai" and not _TERMINAL.search(text):
        return "fragment"
    if words < MIN_WORDS:
        return "too short"
    if words > MAX_WORDS:
        return "too long"
    return None


def is_content(sentence: str, title: str | None = None, language: str | None = None) -> bool:
    return rejection_reason(sentence, title, language) is None
