"""Sentence notes: what each sentence of a stored article holds, for ``/ask``.

Computed once per article in the worker, when it is stored (``annotate``): the entities the
recognition model found in each sentence, as answer kinds (``answer_types``), and the name a
pronoun subject refers to (``coreference``). Stored as one JSON document per article
(migration 008) and read back at question time (``read_notes``), so a question runs no
model. Sentences are those of ``bot.people.text.split_sentences`` on the stored text; the
document keeps their count, and notes that do not fit the text (it was split differently)
are ignored rather than misapplied.

Format (version 1): ``{"v": 1, "n": <sentences>, "e": {"<index>": [[kind, text], ...]},
"r": {"<index>": "<name>"}}``; sentences with nothing to note are left out.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.answer_types import SPACY_KINDS
from bot.knowledge.coreference import resolve
from bot.people import PersonFound
from bot.people.text import clean_article, split_sentences

VERSION = 1


@dataclass(frozen=True, slots=True)
class SentenceNote:
    entities: tuple[tuple[str, str], ...] = ()  # (kind, text as written), in order
    referent: str | None = None  # who the sentence's pronoun subject is


def annotate(text: str, title: str | None, people: Sequence[PersonFound]) -> str:
    """The notes of an article's sentences as JSON (run where the model is loaded)."""
    from bot.people.model import parse  # noqa: PLC0415  the model lives in workers only

    sentences = [sentence.text for sentence in split_sentences(text)]
    body = _recognition_body(text, title)
    entities: list[list[tuple[str, str]]] = [[] for _ in sentences]
    if body:
        _place_entities(body, parse(body).ents, sentences, entities)
    referents = resolve(sentences, entities, _full_names(people))
    return json.dumps({
        "v": VERSION, "n": len(sentences),
        "e": {str(index): [list(entity) for entity in found]
              for index, found in enumerate(entities) if found},
        "r": {str(index): name for index, name in referents.items()},
    }, ensure_ascii=False, separators=(",", ":"))


def read_notes(notes: str | None, count: int) -> list[SentenceNote] | None:
    """Per-sentence notes for a text of ``count`` sentences, or None when there are none
    that fit (no notes stored, another version, or another split)."""
    if not notes:
        return None
    try:
        document = json.loads(notes)
        if document.get("v") != VERSION or document.get("n") != count:
            return None
        found = document.get("e", {})
        referents = document.get("r", {})
        return [SentenceNote(tuple((str(kind), str(text))
                                   for kind, text in found.get(str(index), ())),
                             referents.get(str(index)))
                for index in range(count)]
    except (ValueError, TypeError, AttributeError):
        return None


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
