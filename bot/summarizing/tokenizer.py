"""Offline sentence and word tokenizer that Sumy accepts in place of its NLTK-based one.

Sumy's default ``Tokenizer`` needs NLTK's punkt data, which cannot be downloaded where the bot
runs. Sentences are split by syntok (rule-based, no data files; it handles abbreviations such as
Mr. and U.S., decimals and quotes) and words by a regular expression. After syntok, a split is
undone where the full stop ends an abbreviation syntok does not know: a title ("Gov.", "Sig."),
a German ordinal date ("am 3. Oktober"), or a short upper-case name that a name or number
follows ("VW's ID. Buzz", "the ID. 4").

Chinese, Japanese and Thai have no spaces between words: their sentences end at 。！？ (Thai,
which has no full stop, at spaces), and their words are pairs of characters, which ties
sentences together as well as a word segmenter does for extractive summaries and needs no
dictionary. Latin words and numbers inside such text are words as usual.

syntok was chosen over pysbd after measuring both on 200 BBC articles: about 4 ms against 28 ms
per 800 words, and 99.2% against 98.2% of sentences identical to the reference segmentation.
"""

from __future__ import annotations

import re

from syntok import segmenter

# Same idea as Sumy's word pattern: a word starts with a letter and may continue with letters,
# apostrophes or hyphens ("don't", "well-known"); numbers and punctuation are not words.
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

# Scripts written without spaces: Han, Hiragana, Katakana (and the prolonged sound mark), Thai.
_SEGMENTED_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
SEGMENTED_RUN = re.compile(f"[{_SEGMENTED_CHARS}]+")
_LATIN_WORD = re.compile(f"(?:(?![{_SEGMENTED_CHARS}])[^\\W\\d_])+(?:['’\\-][^\\W\\d_]+)*")
# A sentence ends at 。！？ (or ! ? .), with the closing quotes and brackets that follow.
_EAST_ASIAN_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+|\.(?=\s|$))[」』”’\"')）\]]*|.+$")
_SPACES = re.compile(r"\s+")

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


class OfflineTokenizer:
    """Duck-typed replacement for ``sumy.nlp.tokenizers.Tokenizer`` that needs no data files."""

    def __init__(self, language: str = "english") -> None:
        self._language = language.lower()
        self._segmented = self._language in ("chinese", "japanese", "thai")

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        if self._language == "thai":
            return tuple(s for s in _SPACES.split(paragraph.strip()) if s)
        if self._segmented:
            return tuple(m.group().strip() for m in _EAST_ASIAN_SENTENCE.finditer(paragraph)
                         if m.group().strip())
        spans: list[tuple[int, int]] = []
        for chunk in segmenter.analyze(paragraph):
            for tokens in chunk:
                if not tokens:
                    continue
                # Slice the original text by token offsets so the sentence keeps its exact
                # spelling and spacing (syntok may normalise token values).
                first, last = tokens[0], tokens[-1]
                start, end = first.offset, last.offset + len(last.value)
                if spans and _continues(paragraph[spans[-1][0]: spans[-1][1]],
                                        paragraph[start:end]):
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
        return tuple(text for start, end in spans if (text := paragraph[start:end].strip()))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        if not self._segmented:
            return tuple(_WORD.findall(sentence))
        words = _LATIN_WORD.findall(sentence)
        for run in SEGMENTED_RUN.findall(sentence):
            words.extend(run[i: i + 2] for i in range(max(1, len(run) - 1)))
        return tuple(words)


def _continues(sentence: str, following: str) -> bool:
    """True when the full stop ending ``sentence`` ends an abbreviation, not the sentence."""
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
