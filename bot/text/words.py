"""Counting words, the one way every part of the bot counts them.

A word is a run of letters or digits, with inner apostrophes and hyphens ("don't",
"well-known"). Scripts written without spaces (Chinese, Japanese, Thai) count one word per two
characters, about their average word length.
"""

from __future__ import annotations

import math
import re

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Han, Hiragana, Katakana (and the prolonged sound mark), Thai.
UNSPACED_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
UNSPACED_RUN = re.compile(f"[{UNSPACED_CHARS}]+")


def word_count(text: str) -> int:
    runs = UNSPACED_RUN.findall(text)
    if not runs:
        return len(_WORD.findall(text))
    spaced = len(_WORD.findall(UNSPACED_RUN.sub(" ", text)))
    return spaced + sum(math.ceil(len(run) / 2) for run in runs)
