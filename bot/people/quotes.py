"""Who speaks in which sentence: the sentences that quote each person.

A mention is a speaker when a speech verb follows it ("Carvalho said", "Holm, who chairs the
board, added") or comes before it at the end of a clause ("…," said Finance Minister Inês
Carvalho). "Brennan said Clipster had …" makes Brennan the speaker, not Clipster: the name
after the verb must end its clause. A sentence that names nobody but has "he said" / "she
added" quotes whoever the previous sentence names, when that is one person (or one of the
several it names speaks there). Grouping and the thing filter also ask ``is_speaker``: being
quoted is evidence of a person.
"""

from __future__ import annotations

import re

from bot.people.analysis import Mention, ParsedArticle, Person
from bot.people.lexicon import SPEECH_VERBS
from bot.people.roles import role_before
from bot.text.sentences import Sentence

_SPEECH = rf"(?:{SPEECH_VERBS})"
# "<name>[’s][ (…)][, who …,] [also] said" — the name is the speaker.
_SPEAKER_AFTER = re.compile(
    r"^(?:['’]s?)?(?:\s*\([^)]{0,60}\))?\s*(?:,[^,.;“”\"]{1,140},)?\s*"
    r"(?:(?:also|then|later|previously|has|had|have|once|again|recently|publicly|simply|"
    r"further)\s+){0,2}" + _SPEECH + r"\b"
)
# "said [the X’s] <role> <name>" / "according to <role> <name>".
_SPEAKER_BEFORE = re.compile(
    r"(?:\b" + _SPEECH + r"|\baccording\s+to)\s+(?:the\s+)?(?:[\w.’'-]+['’]s\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"^(?:['’]s?)?\s*(?:[,.;:!?”\"]|$|(?:in|on|at|during|after|before|to|from|when)\b)"
)
_PRONOUN_SPEECH = re.compile(
    r"\b(?:he|she)\s+(?:(?:also|then|later|further)\s+)?"
    + _SPEECH
    + r"\b|\b"
    + _SPEECH
    + r"\s+(?:he|she)\b",
    re.IGNORECASE,
)


def is_speaker(article: ParsedArticle, mention: Mention, sentence: Sentence) -> bool:
    """Whether the sentence has the mentioned person speak."""
    after = article.text[mention.end : sentence.end]
    if _SPEAKER_AFTER.match(after):
        return True
    # "said <name>" only when the clause ends there: "Brennan said Clipster had …" is not it.
    if not _CLAUSE_END.match(after):
        return False
    _, run_start = role_before(article, sentence, mention)
    before = article.text[sentence.start : mention.start][:run_start]
    return bool(_SPEAKER_BEFORE.search(before))


def quoted_sentences(article: ParsedArticle, people: list[Person]) -> dict[int, list[int]]:
    """Sentence indexes quoting each person, by ``id(person)``, in text order."""
    in_sentence: dict[int, list[tuple[Person, Mention]]] = {}
    for person in people:
        for mention in person.mentions:
            index = article.sentence_index(mention.start)
            if index is not None:
                in_sentence.setdefault(index, []).append((person, mention))
    speakers: dict[int, set[int]] = {}
    for index, sentence in enumerate(article.sentences):
        for person, mention in in_sentence.get(index, []):
            if is_speaker(article, mention, sentence):
                speakers.setdefault(index, set()).add(id(person))
        if index in speakers or not _PRONOUN_SPEECH.search(sentence.text):
            continue
        # "…," he added: the speaker is whoever the previous sentence names or quotes.
        previous = index - 1
        named = {id(p) for p, _ in in_sentence.get(previous, [])}
        if index in in_sentence:
            continue
        candidates = speakers.get(previous, set()) if len(named) > 1 else named
        if len(candidates) == 1:
            speakers[index] = set(candidates)
    quotes: dict[int, list[int]] = {}
    for index, ids in sorted(speakers.items()):
        for person_id in ids:
            quotes.setdefault(person_id, []).append(index)
    return quotes
