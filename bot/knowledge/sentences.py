"""CPU work on stored sentences, run in the worker pool: a summary across a topic's
articles (answers to questions are ``bot.knowledge.answering``).

Both are plain functions of picklable arguments; the stemmer and Sumy come from
``bot.summarizing`` and are built once per worker process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.summarizing import build_document
from bot.summarizing.algorithms import stemmer, stop_words, tokenizer
from bot.summarizing.coherence import keep_readable
from bot.summarizing.filters import is_content, strip_dateline
from bot.text.folding import fold
from bot.text.stopwords import ENGLISH_NEWS_STOP_WORDS

_LANGUAGE = "english"
_BLANK_LINE = re.compile(r"\n\s*\n")  # summarize's paragraph break
# syntok's sentence terminals (single characters; "..." is three of them), and with them the
# opening brackets around which it may also end a sentence (syntok/_segmentation_states.py).
_SYNTOK_TERMINALS = frozenset(".!?;\u203c\u203d\u2047\u2048\u2049\u3002\ufe52\ufe57\uff01"
                              "\uff0e\uff1f\uff61")
_SYNTOK_BREAKS = _SYNTOK_TERMINALS | frozenset("([{\uff5f\uff5b\uff3b\uff08\ufe5d\ufe5b\ufe59"
                                               "\ufd3e\u301a\u3018\u2985\u2983\u2329")
_CLOSING_QUOTES = "'\"\u00b4\u2019\u201d\u232a\u27e9\u27eb\u2e29\u3009\u300b\u301e"
NEAR_DUPLICATE = 0.6  # Jaccard similarity of stemmed words at which two sentences are one
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    # Snowball stemming dominated answer scoring; news reuses a small vocabulary.
    return str(stemmer(_LANGUAGE)(word))


def stems(text: str) -> frozenset[str]:
    return _folded_stems(fold(text))


def _folded_stems(folded: str) -> frozenset[str]:
    return frozenset(map(stem, [word for word in _WORD.findall(folded)
                                 if word not in ENGLISH_NEWS_STOP_WORDS and len(word) > 1]))


def near_duplicate(one: frozenset[str], other: frozenset[str]) -> bool:
    if not one or not other:
        return one == other
    return len(one & other) / len(one | other) >= NEAR_DUPLICATE


def unique_sentences(sentences: Iterable[str]) -> list[str]:
    """The sentences without near-duplicates (the first of each group is kept)."""
    kept: list[tuple[str, frozenset[str]]] = []
    for sentence in sentences:
        words = stems(sentence)
        if any(near_duplicate(words, seen) for _, seen in kept):
            continue
        kept.append((sentence, words))
    return [sentence for sentence, _ in kept]


def topic_summary(summaries: Sequence[Sequence[str]], count: int = 3) -> tuple[str, ...]:
    """A few sentences across the articles' summaries: LexRank over the unique sentences
    that can be read alone (each is one paragraph, as ``build_document`` reads it).

    The same sentences as Sumy's LexRank picks from those sentences joined as paragraphs,
    computed by ``lexrank`` with numpy and the sentence splitting cached.
    """
    # numpy, in the worker only (as bot.summarizing.algorithms keeps Sumy's out of the bot).
    from bot.knowledge.lexrank import best_sentences, lexrank_scores  # noqa: PLC0415

    sentences = unique_sentences(s for summary in summaries for s in summary)
    if len(sentences) <= count:
        return tuple(sentences)
    content = [sentence for block in _BLANK_LINE.split("\n\n".join(sentences))
               for sentence in _content_sentences(block)]
    if not content:
        return tuple(sentences[:count])
    texts = [text for text, _ in content]
    scores = lexrank_scores([terms for _, terms in content])
    return tuple(unique_sentences(best_sentences(texts, scores, min(count, len(content)))))


@lru_cache(maxsize=16_384)
def _content_sentences(block: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The block's sentences that a summary may use, each with its LexRank terms: what
    ``build_document`` (syntok, then the content filter) makes of it, as ``summarize`` runs.

    A stored summary sentence is nearly always one sentence that syntok need not split again
    (see ``_one_sentence``); syntok was most of the time of a topic summary. Blocks are also
    cached, as a topic's summaries overlap from one request to the next.
    """
    text = " ".join(block.split())
    if not _one_sentence(text):
        return tuple((str(sentence), _lexrank_terms(sentence.words))
                     for sentence in build_document(block, None, _LANGUAGE).sentences)
    sentence = strip_dateline(text)
    # Alone, as a summary sentence is here: one that leans on a sentence before it ("She
    # said ...", "But ...") or leaves a quotation open cannot be read in a topic summary.
    if not is_content(sentence) or not keep_readable([sentence], [0], [True], _LANGUAGE)[0]:
        return ()
    return ((sentence, _lexrank_terms(tokenizer(_LANGUAGE).to_words(sentence))),)


def _one_sentence(text: str) -> bool:
    """Whether syntok must keep ``text`` whole: it ends a sentence only at a terminal (. ! ? ;
    and their variants) or around bracketed text, so text with neither before its last
    character (then closing quotes) is one sentence."""
    body = text.rstrip(_CLOSING_QUOTES)
    if body[-1:] in _SYNTOK_TERMINALS:
        body = body[:-1]
    return bool(body) and not any(char in _SYNTOK_BREAKS for char in body)


def _lexrank_terms(words: Iterable[str]) -> tuple[str, ...]:
    """Sumy LexRank's terms of a sentence: lowercased, stop words out, stemmed."""
    stop = _lexrank_stop_words()
    return tuple(stem(word) for word in (word.lower() for word in words) if word not in stop)


@lru_cache(maxsize=1)
def _lexrank_stop_words() -> frozenset[str]:
    return frozenset(word.lower() for word in stop_words(_LANGUAGE))
