"""Topic names and the keys that make spellings of one topic the same topic."""

from __future__ import annotations

import re

from bot.text.folding import fold

# Words that end in "s" but are not plurals, or whose plural is the subject.
_NOT_PLURAL = frozenset({
    "news", "politics", "economics", "physics", "mathematics", "athletics", "series",
    "species", "aids", "olympics", "paralympics", "sars", "wales", "brussels", "paris",
    "texas", "kansas", "athens", "netherlands", "philippines", "bahamas", "honduras",
})


def topic_key(name: str) -> str:
    """"NATO", "Nato" and "nato" are one topic; so are "Cyber attacks" and "cyber attack", and
    "Donald J. Trump" and "Donald Trump"."""
    words = re.findall(r"[\w]+(?:[-'][\w]+)*", fold(name))
    if not words:
        return ""
    if len(words) >= 3:  # "Donald J. Trump" is "Donald Trump": middle initials drop
        words = [words[0], *(word for word in words[1:-1] if len(word) > 1 or word.isdigit()),
                 words[-1]]
    words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if word in _NOT_PLURAL or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word
