"""Offline sentence and word tokenizer that Sumy accepts in place of its NLTK-based one.

Sumy's default ``Tokenizer`` needs NLTK's punkt data, which cannot be downloaded where the bot
runs. Sentences are those of the project's one splitter (``bot.text.sentences``, the same cut
answers and people use); words are found by a regular expression.

Chinese, Japanese and Thai have no spaces between words: their words are pairs of characters,
which ties sentences together as well as a word segmenter does for extractive summaries and
needs no dictionary. Latin words and numbers inside such text are words as usual.
"""

from __future__ import annotations

import re

from bot.text.sentences import sentence_spans
from bot.text.words import UNSPACED_CHARS, UNSPACED_RUN

# Same idea as Sumy's word pattern: a word starts with a letter and may continue with letters,
# apostrophes or hyphens ("don't", "well-known"); numbers and punctuation are not words.
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

_LATIN_WORD = re.compile(f"(?:(?![{UNSPACED_CHARS}])[^\\W\\d_])+(?:['’\\-][^\\W\\d_]+)*")


class OfflineTokenizer:
    """Duck-typed replacement for ``sumy.nlp.tokenizers.Tokenizer`` that needs no data files."""

    def __init__(self, language: str = "english") -> None:
        self._language = language.lower()
        self._segmented = self._language in ("chinese", "japanese", "thai")

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[start:end]
                     for start, end in sentence_spans(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        if not self._segmented:
            return tuple(_WORD.findall(sentence))
        words = _LATIN_WORD.findall(sentence)
        for run in UNSPACED_RUN.findall(sentence):
            words.extend(run[i: i + 2] for i in range(max(1, len(run) - 1)))
        return tuple(words)
