"""What every recognition step reads: one article's text, its sentences and the model's entities.

The steps (``mentions``, ``grouping``, ``things``, ``roles``, ``quotes``) are functions of a
``ParsedArticle``; it is built once per article by ``bot.people.recognize`` and never changed,
so the steps can run in any order their inputs allow. A ``Mention`` is one place a name is
written; a ``Person`` collects the mentions of one person.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from bot.text.folding import fold_keep_case
from bot.text.sentences import Sentence, split_sentences

# A word of the text, and the punctuation around a word that is never part of a name.
WORD = re.compile(r"\S+")
EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?*_—–-"

Span = tuple[int, int]


@dataclass(slots=True)
class Mention:
    """One written form of a name: its character span, text and folded name tokens.

    ``from_model`` says whether the model found it (else a pattern or a search for a known
    form did); ``titled`` whether an honorific ("Mr", "Dr") stands before it.
    """

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    from_model: bool
    titled: bool = False


@dataclass(slots=True)
class Person:
    """The mentions taken to name one person."""

    mentions: list[Mention] = field(default_factory=list)

    @property
    def full(self) -> Mention:
        # The fullest written form names the person; accents win over their absence.
        return max(
            self.mentions,
            key=lambda m: (len(m.tokens), sum(not c.isascii() for c in m.text), -m.start),
        )


class ParsedArticle:
    """One article's text with its sentences and the model's entity spans."""

    def __init__(self, text: str, doc: Any) -> None:
        self.text = text
        self.folded = fold_keep_case(text)
        self.sentences = split_sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        self.person_spans: list[Span] = [
            (e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"
        ]
        # Organisations, places, works ...: a name inside one of these is not a person's.
        self.other_spans: list[Span] = sorted(
            (e.start_char, e.end_char) for e in doc.ents if e.label_ != "PERSON"
        )

    def sentence_index(self, offset: int) -> int | None:
        """The index of the sentence holding ``offset``, or None between sentences."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index < 0 or offset >= self.sentences[index].end:
            return None
        return index

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``, or None between sentences."""
        index = self.sentence_index(offset)
        return None if index is None else self.sentences[index]


def overlaps(span: Span, spans: list[Span]) -> bool:
    """Whether ``span`` shares a character with any of ``spans``."""
    return any(span[0] < end and start < span[1] for start, end in spans)
