"""Which mentions name the same person, and which people are named at all.

Mentions with the same folded name are one person; a shorter form ("Carvalho", "Inês")
joins a fuller name it is a run of, preferring a surname match, then the person named most
recently before it. A one-word name that joins no one is kept only with evidence (a title,
or being quoted): a lone "Lisbon" or "Clipster" is more often a place or a company. Once the
people are known, the article is searched again for their name forms where the model did not
label them ("Geoană, who chaired …"), so every mention counts and carries its sentence.
"""

from __future__ import annotations

import logging
import re

from bot.people.analysis import Mention, ParsedArticle, Person, overlaps
from bot.people.mentions import names_a_thing
from bot.people.names import PARTICLES, name_tokens, surname_of
from bot.people.quotes import is_speaker
from bot.text.folding import fold_keep_case

logger = logging.getLogger(__name__)


def group_mentions(article: ParsedArticle, mentions: list[Mention]) -> list[Person]:
    """Merge mentions: same folded name, then shorter forms into the full names."""
    by_key: dict[tuple[str, ...], Person] = {}
    for mention in mentions:
        by_key.setdefault(mention.tokens, Person()).mentions.append(mention)
    keys = sorted(by_key, key=len, reverse=True)
    people: list[Person] = []
    full_keys: list[tuple[str, ...]] = []
    for tokens in keys:
        group = by_key[tokens]
        holders = [k for k in full_keys if len(k) > len(tokens) and _part_of(tokens, k)]
        if not holders:
            if len(tokens) == 1 and not _confident_single(article, group):
                logger.debug("dropping lone mention %r", group.mentions[0].text)
                continue
            people.append(group)
            full_keys.append(tokens)
            continue
        for mention in group.mentions:
            target = _best_holder(mention, [by_key[k] for k in holders], holders)
            target.mentions.append(mention)
    return people


def add_unrecognised_mentions(
    article: ParsedArticle, person: Person, people: list[Person]
) -> None:
    """Find the person's name forms where the model missed them ("Geoană, who …")."""
    forms = {m.text for m in person.mentions}
    full = person.full.text
    if len(person.full.tokens) > 1:
        forms.add(surname_of(full))
        forms.add(full.split()[-1])
    taken = [(m.start, m.end) for p in people for m in p.mentions]
    for form in sorted(forms, key=len, reverse=True):
        pattern = re.compile(r"(?<![\w-])" + re.escape(fold_keep_case(form)) + r"(?![\w-])")
        for found in pattern.finditer(article.folded):
            span = (found.start(), found.end())
            if overlaps(span, taken) or any(
                s < span[1] and span[0] < e and (s < span[0] or e > span[1])
                for s, e in article.other_spans
            ):
                continue  # inside a longer non-person name ("Johns Hopkins University")
            if names_a_thing(article, *span, article.text[span[0] : span[1]]):
                continue
            text = article.text[span[0] : span[1]]
            mention = Mention(*span, text, name_tokens(text), False)
            person.mentions.append(mention)
            taken.append(span)


def _best_holder(mention: Mention, holders: list[Person], keys: list[tuple[str, ...]]) -> Person:
    """Among people a short form could refer to, prefer a surname match, then recency."""

    def rank(index: int) -> tuple[int, int]:
        is_surname = keys[index][-len(mention.tokens) :] == mention.tokens
        before = [m.start for m in holders[index].mentions if m.start < mention.start]
        return (int(is_surname), max(before, default=-1))

    return holders[max(range(len(holders)), key=rank)]


def _confident_single(article: ParsedArticle, group: Person) -> bool:
    """A one-word name alone is kept only with a title or as a speaker."""
    if any(m.titled for m in group.mentions):
        return True
    for mention in group.mentions:
        sentence = article.sentence_at(mention.start)
        after = article.text[mention.end : mention.end + 40]
        # "Clipster said it would appeal": an organisation speaks of itself as "it".
        if re.match(r"^\s+\w+\s+(?:it|its)\b", after):
            continue
        if sentence is not None and is_speaker(article, mention, sentence):
            return True
    return False


def _part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is a run of consecutive words of ``full``, particles aside."""
    if all(t in PARTICLES for t in short):
        return False
    for start in range(len(full) - len(short) + 1):
        if full[start : start + len(short)] == short:
            return True
    return False
