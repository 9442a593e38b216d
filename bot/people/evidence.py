"""Signs in the text around a name that it names a thing rather than a person.

The model takes products, works, events and places written like names for people ("MacBook
Pro", "Blue Moon", "Mauna Kea"). A person is usually introduced the way people are: with a
title or role, as a speaker, or referred to as he or she. These rules read how a name is
used, never which name it is.
"""

from __future__ import annotations

import re

from bot.people.lexicon import (
    PERSON_CONTEXT_AFTER,
    PLACE_PREPOSITIONS,
    ROLE_HEADS,
    THING_DETERMINERS,
)
from bot.text.stopwords import spacy_stop_words

# Function words are never the first word of a name ("Once Trump", "Would Adam Schiff"),
# except the few that are also given names.
_NAME_STOP = spacy_stop_words("en") - {"will", "may", "bill", "mark"}
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# A next sentence about a person often starts with "He" or "She" ("“...,” she said" aside).
_PRONOUN_START = re.compile(r"^[\"“‘']?(?:But|And|Then|Now|Later)?,?\s*(?:He|She)\b")
_SMALL = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by",
                    "with", "from", "vs", "v", "as", "is"})
# Lower-case words that describe people: "the late X", "a young X".
_PERSON_ADJECTIVES = frozenset({"late", "young", "old", "legendary", "great", "embattled",
                                "disgraced", "former", "acting", "interim", "incoming",
                                "outgoing", "then", "longtime", "veteran", "star"})


def name_stop_word(word: str) -> bool:
    """Whether a capitalised word is a function word ("Once", "Yet", "Are"), not a name."""
    # A single capital is an initial ("A. Ranatunga"), not the article "a".
    return len(word.rstrip(".")) > 1 and word.casefold() in _NAME_STOP


def is_headline(sentence: str) -> bool:
    """Title-case or all-capital text: a heading, a product line, a page's navigation.

    "How to Adopt an Online Leader Success Mindset", "Get Motor Cycle Monthly delivered"
    still count: most words of five or more are capitalised, small words aside. A line
    with commas or figures is a list or a result ("Billy Andrade, Duffy Waldorf"), not one.
    """
    if "," in sentence or any(c.isdigit() for c in sentence):
        return False
    words = [w for w in _WORD.findall(sentence) if w.casefold() not in _SMALL]
    if len(words) < 5:  # "Man of the Match: Aravinda de Silva" is a label and a name
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return bool(capitalised >= 0.75 * len(words))


def looks_like_thing_use(before: str, after: str = "") -> bool:
    """Whether the words right before a name use it as a thing's name.

    ``before`` is the sentence up to the name. A determiner with at most a few lower-case
    words between ("the new 16-inch MacBook Pro", "our Blue Moon lander"), or a possessive
    with some ("Apple's 16-inch MacBook Pro"; "BBC's Emily Maitlis" is a person), unless one
    of them is a role or describes a person ("the actor X", "the late X"); or a place
    preposition right before ("atop Mauna Kea"). One such use proves little ("the Trump
    administration"): callers weigh it against the name's other uses.
    """
    words = before.split()
    if not words:
        return False
    if words[-1].casefold() in PLACE_PREPOSITIONS:
        return True
    following = re.match(r"\s*([a-z]+)", after)
    if following and following.group(1) in PERSON_CONTEXT_AFTER:
        return False  # "the Trump administration", "the Dutroux case": a person's
    between: list[str] = []
    for word in reversed(words[-3:]):
        bare = word.strip("\"'“”‘’()")
        folded = bare.casefold()
        if bare != bare.rstrip(",;:") or folded in _NAME_STOP - THING_DETERMINERS:
            return False  # a clause boundary or a function word: "the break when X"
        if folded in THING_DETERMINERS or re.search(r"\w['’]s$", bare):
            return bool(between) or folded in THING_DETERMINERS
        if not bare or bare[0].isupper() or folded in ROLE_HEADS:
            return False
        if folded in _PERSON_ADJECTIVES or folded.endswith("ist"):
            return False
        between.append(folded)
    return False


def starts_with_pronoun(sentence: str) -> bool:
    """Whether a sentence starts with he or she: the person of the sentence before."""
    return bool(_PRONOUN_START.match(sentence))


def common_words_only(name: str, text: str) -> bool:
    """Whether every word of a name is also written in lower case in the text: a phrase of
    common words given capitals ("Success Mindset" beside "success mindset"), not a name."""
    words = name.split()
    if len(words) < 2:
        return False
    # Not inside an address: "jeffrey.hodgson@reuters.com".
    return all(re.search(rf"(?<![\w.@-]){re.escape(w.casefold())}(?![\w@-]|\.\w)", text)
               for w in words if w.isalpha()) and all(w.isalpha() for w in words)
