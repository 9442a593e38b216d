"""Sentence notes: what each sentence of a stored article holds, for ``/ask``.

Computed once per article in the worker, when it is stored (``annotate``): where each
sentence is (``bot.text.sentences`` offsets into the stored text), its content words
stemmed, the entities the recognition model found in it, as answer kinds (``answer_types``),
and the name a pronoun subject refers to (``coreference``). Stored as one JSON document per
article (migration 008) and read back at question time (``sentence_index``), so a question
runs no model, no splitter and no stemmer over the articles it reads.

Format (version 2): ``{"v": 2, "s": [[start, end], ...], "t": ["stem stem", ...],
"c": [words, ...], "e": {"<index>": [[kind, text], ...]}, "r": {"<index>": "<name>"}}``;
sentences with no entity or referent are left out of "e" and "r". Version 1 documents
(no "s", "t", "c"; their sentence count in "n") still lend their entities and referents when
the text splits into as many sentences as they were made for; other notes are ignored
rather than misapplied.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.knowledge.answer_types import SPACY_KINDS
from bot.knowledge.coreference import resolve
from bot.knowledge.questions import is_content_word
from bot.knowledge.sentences import stem
from bot.knowledge.synonyms import join_initials
from bot.people import PersonFound
from bot.people.text import clean_article
from bot.text.folding import fold
from bot.text.sentences import Sentence, split_sentences

VERSION = 2
_FIRST_VERSION = 1
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SentenceNote:
    entities: tuple[tuple[str, str], ...] = ()  # (kind, text as written), in order
    referent: str | None = None  # who the sentence's pronoun subject is


@dataclass(frozen=True, slots=True)
class IndexedSentence:
    """One sentence of a stored text, ready for answer scoring."""

    text: str  # white space made single spaces
    stems: tuple[str, ...]  # its content words, folded and stemmed, in order
    words: int  # its word tokens, for the article's length
    tokens: int  # its parts between spaces, for the sentence's length
    note: SentenceNote | None  # None: the article has no recognised entities


def index_sentences(text: str, notes: Sequence[SentenceNote] | None = None
                    ) -> list[IndexedSentence]:
    """The sentences of ``text`` with their stems (and ``notes``, one per sentence)."""
    found = split_sentences(text)
    if notes is not None and len(notes) != len(found):
        notes = None
    return [_indexed(sentence.text, notes[index] if notes is not None else None)
            for index, sentence in enumerate(found)]


def content_stems(text: str) -> tuple[tuple[str, ...], int]:
    """The content words of ``text`` folded and stemmed, in order, and its word count."""
    words = _WORD.findall(join_initials(fold(text)))
    return tuple(stem(word) for word in words if is_content_word(word)), len(words)


def _indexed(text: str, note: SentenceNote | None) -> IndexedSentence:
    stems, words = content_stems(text)
    return IndexedSentence(text, stems, words, text.count(" ") + 1, note)


def annotate(text: str, title: str | None, people: Sequence[PersonFound]) -> str:
    """The notes of an article's sentences as JSON (run where the model is loaded)."""
    from bot.people.model import parse  # noqa: PLC0415  the model lives in workers only

    found = split_sentences(text)
    sentences = [sentence.text for sentence in found]
    body = _recognition_body(text, title)
    entities: list[list[tuple[str, str]]] = [[] for _ in sentences]
    if body:
        _place_entities(body, parse(body).ents, sentences, entities)
    referents = resolve(sentences, entities, _full_names(people))
    return _dumped({
        **_where_and_stems(found),
        "e": {str(number): [list(entity) for entity in held]
              for number, held in enumerate(entities) if held},
        "r": {str(number): name for number, name in referents.items()},
    })


def index_notes(text: str) -> str:
    """Notes without recognised entities (for articles loaded in bulk, where no model runs):
    only where each sentence is and its stems; answers then guess names by pattern."""
    return _dumped(_where_and_stems(split_sentences(text)))


def _where_and_stems(found: Sequence[Sentence]) -> dict[str, Any]:
    """The version, each sentence's offsets, its stems and its word count."""
    index = [_indexed(sentence.text, None) for sentence in found]
    return {
        "v": VERSION,
        "s": [[sentence.start, sentence.end] for sentence in found],
        "t": [" ".join(sentence.stems) for sentence in index],
        "c": [sentence.words for sentence in index],
    }


def _dumped(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def sentence_index(text: str, notes: str | None) -> list[IndexedSentence]:
    """The sentences of a stored text as its notes describe them, computed afresh from the
    text where the notes are missing, of another version or do not fit it."""
    document = _document(notes)
    if document is not None and document.get("v") == VERSION:
        try:
            return _stored_index(text, document)
        except (ValueError, TypeError, AttributeError, IndexError):
            pass
    return index_sentences(text, _first_version_notes(document))


def _document(notes: str | None) -> dict[str, Any] | None:
    if not notes:
        return None
    try:
        document = json.loads(notes)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _stored_index(text: str, document: dict[str, Any]) -> list[IndexedSentence]:
    spans, stems, words = document["s"], document["t"], document["c"]
    if not len(spans) == len(stems) == len(words) or (spans and spans[-1][1] > len(text)):
        raise ValueError("notes made for another text")
    notes: list[SentenceNote | None] = (
        [*_notes(document, len(spans))] if "e" in document else [None] * len(spans))
    index = []
    for (start, end), terms, count, note in zip(spans, stems, words, notes, strict=True):
        parts = text[start:end].split()
        index.append(IndexedSentence(" ".join(parts), tuple(terms.split()), int(count),
                                     len(parts), note))
    return index


def _first_version_notes(document: dict[str, Any] | None) -> list[SentenceNote] | None:
    if document is None or document.get("v") != _FIRST_VERSION:
        return None
    try:
        return _notes(document, int(document["n"]))
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _notes(document: dict[str, Any], count: int) -> list[SentenceNote]:
    found = document.get("e", {})
    referents = document.get("r", {})
    return [SentenceNote(tuple((str(kind), str(text)) for kind, text in found.get(str(index), ())),
                         referents.get(str(index)))
            for index in range(count)]


def _recognition_body(text: str, title: str | None) -> str:
    """The text exactly as ``find_people`` gives it to the model, so its parse is reused."""
    body = clean_article(text)
    if title and title.strip() and not body.startswith(title.strip()):
        body = f"{title.strip()}\n\n{body}"
    return body if body.strip() else ""


def _place_entities(body: str, ents: Sequence[object], sentences: list[str],
                    entities: list[list[tuple[str, str]]]) -> None:
    """Each recognised entity into the stored text's sentence that holds it."""
    body_sentences = split_sentences(body)
    starts = [sentence.start for sentence in body_sentences]
    # Body sentence -> stored sentence, by equal text in order (the body may have a title
    # line first and page debris removed).
    free: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        free.setdefault(sentence, []).append(index)
    target: dict[int, int] = {}
    for body_index, body_sentence in enumerate(body_sentences):
        slots = free.get(body_sentence.text)
        if slots:
            target[body_index] = slots.pop(0)
    for ent in ents:
        kind = SPACY_KINDS.get(getattr(ent, "label_", ""))
        if kind is None:
            continue
        body_index = bisect.bisect_right(starts, int(getattr(ent, "start_char", 0))) - 1
        stored = target.get(body_index)
        written = " ".join(str(getattr(ent, "text", "")).split())
        if stored is not None and written and written in sentences[stored]:
            entities[stored].append((kind, written))


def _full_names(people: Sequence[PersonFound]) -> dict[str, str]:
    """Folded mentions (full name, each name word) -> the person's fullest name."""
    names: dict[str, str] = {}
    for person in people:
        names.setdefault(person.key, person.name)
    for person in people:
        for word in person.key.split():
            names.setdefault(word, person.name)
    return names
