"""The one sentence splitter: summaries, answers and people all cut text the same way.

Paragraphs end at blank lines; inside a paragraph, sentences are found by syntok (rule-based,
no data files; it knows abbreviations such as Mr. and U.S., decimals and quotes). After
syntok, a split is undone where the full stop ends an abbreviation syntok does not know: a
title ("Gov.", "Sig."), a German ordinal date ("am 3. Oktober"), or a short upper-case name
that a name or number follows ("VW's ID. Buzz", "the ID. 4"); and where syntok stopped at a
semicolon, as it does in some lists ("1 - Lama; 2 - Thuram").

Chinese and Japanese sentences end at 。！？; Thai, which has no full stop, at spaces.

Every sentence keeps its offsets in the text it came from, so what is found in a sentence
(a person, an entity, an answer) can be placed back in the article.

syntok was chosen over pysbd after measuring both on 200 BBC articles: about 4 ms against 28 ms
per 800 words, and 99.2% against 98.2% of sentences identical to the reference segmentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syntok import segmenter

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# A sentence ends at 。！？ (or ! ? .), with the closing quotes and brackets that follow.
_EAST_ASIAN_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+|\.(?=\s|$))[」』”’\"')）\]]*|.+$")
_NON_SPACE_RUN = re.compile(r"\S+")
_SEGMENTED_LANGUAGES = frozenset({"chinese", "japanese"})

# Abbreviations that come before a name or number, which syntok does not all know.
_TITLES = frozenset((
    "gov", "sen", "rep", "gen", "lt", "col", "capt", "sgt", "cmdr", "adm", "maj", "prof", "rev",
    "hon", "st", "atty", "supt", "det", "insp", "sig", "sigg", "dott", "ing", "avv", "sr", "sra",
    "srta", "dña", "lic", "dra", "profa", "mme", "mlle", "hr", "nr", "bzw", "ca", "abs", "vs",
))
_GERMAN_MONTHS = frozenset((
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember",
))
_LAST_TOKEN = re.compile(r"(\S+)\.$")
_FIRST_WORD = re.compile(r"^\W*(\w+)")
_ALPHANUMERIC = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence at ``text[start:end]`` of the text it was split from; ``text`` is that
    slice with its runs of white space made single spaces."""

    start: int
    end: int
    text: str


def split_sentences(text: str, language: str = "english") -> list[Sentence]:
    """Sentences of ``text`` in order, paragraphs first, with offsets into ``text``."""
    sentences: list[Sentence] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        for start, stop in sentence_spans(text[position:end], language):
            sentences.append(Sentence(position + start, position + stop,
                                      " ".join(text[position + start:position + stop].split())))
        position = match.end() if match else len(text)
    return sentences


def sentence_spans(paragraph: str, language: str = "english") -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, stripped of surrounding space."""
    if language == "thai":
        return [match.span() for match in _NON_SPACE_RUN.finditer(paragraph)]
    if language in _SEGMENTED_LANGUAGES:
        spans = [match.span() for match in _EAST_ASIAN_SENTENCE.finditer(paragraph)]
    else:
        spans = _syntok_spans(paragraph)
    return [stripped for span in spans if (stripped := _strip(paragraph, span))]


def _syntok_spans(paragraph: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for chunk in segmenter.analyze(paragraph):
        for tokens in chunk:
            if not tokens:
                continue
            # Offsets of the first and last token: syntok may normalise token values.
            first, last = tokens[0], tokens[-1]
            start, end = first.offset, last.offset + len(last.value)
            if spans and _continues(paragraph[spans[-1][0]:spans[-1][1]], paragraph[start:end]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _continues(sentence: str, following: str) -> bool:
    """True when the full stop ending ``sentence`` ends an abbreviation, not the sentence."""
    if not _ALPHANUMERIC.search(following):
        return True  # a lone closing quote or bracket belongs to the sentence before
    if sentence.endswith((";", ",")):
        return True  # syntok ends some lists at a semicolon; a sentence ends at . ! ?
    last = _LAST_TOKEN.search(sentence)
    first = _FIRST_WORD.match(following)
    if not last or not first:
        return False
    token, word = last.group(1), first.group(1)
    bare = token.rsplit("'", 1)[-1].rsplit("’", 1)[-1]
    if bare.lower() in _TITLES and (word[:1].isupper() or word[:1].isdigit()):
        return True
    if bare.isdigit() and len(bare) <= 2 and word.lower() in _GERMAN_MONTHS:
        return True
    # "VW's ID. Buzz", "the ID. 4": a short upper-case name in a fragment of at most three
    # words, or followed by a number; "... by the EU. Officials said" stays two sentences.
    if 2 <= len(bare) <= 3 and bare.isupper() and bare.isalpha():
        return word[:1].isdigit() or (len(sentence.split()) <= 3 and word[:1].isupper())
    return False
