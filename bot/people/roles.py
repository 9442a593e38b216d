"""A person's role, as the article states it around a mention of their name.

Three sentence shapes give a role: title words right before the name ("Swedish Prime
Minister Magdalena Andersson"), an appositive after it ("Thomas Brenner, the state secretary
for finance,") and a role set off before it at a sentence start ("The bank's chief
executive, Mads Holm, said"). A run of words is a role only when it holds a role head
("minister", "secretary", an occupation in -ist): honorifics alone ("Mr") and capitalised
words that merely stand before a name are not. The mention step also reads these shapes, as
evidence that a name the model missed is a person's.
"""

from __future__ import annotations

import re

from bot.people.analysis import EDGE_PUNCT, WORD, Mention, ParsedArticle, Person
from bot.people.evidence import is_headline
from bot.people.lexicon import NOT_ROLE_CAPITALISED, ROLE_HEADS, ROLE_MODIFIERS, TITLE_WORDS
from bot.text.sentences import Sentence

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")
_APPOSITIVE = re.compile(
    r"^(?:['’]s)?\s*,\s*(?:\d{1,3}\s*,\s*)?(?:who\s+is\s+|who\s+was\s+|now\s+)?"
    r"(?P<body>[^,;:!?“”\"()\[\]]{2,120}?)\s*(?:[,;:!?)]|\.(?:\s|$)|$)"
)
# At a sentence start: "The bank's chief executive, <name>" / "Its chief investment officer,".
_ROLE_COMMA = re.compile(
    r"^[\"“]?(?:(?:But|And|Meanwhile|However),?\s+)?(?:The|Its|His|Her|Their|Our|[\w’'-]+['’]s)"
    r"\s+(?:[\w’'-]+['’]s\s+)?(?P<role>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*),\s*$"
)
_NOT_APPOSITIVE_START = frozenset(
    {"who", "which", "that", "whose", "where", "when", "said", "says", "told", "added", "and"}
    | {"or", "but", "while", "as", "he", "she", "they", "it", "we", "i"}
)


def role_of(article: ParsedArticle, person: Person, *, in_headings: bool = True) -> str | None:
    """The first role the text gives; in a title-case heading every word is capitalised,
    so "Online Leader" before a name is no role: ``in_headings=False`` skips headings."""
    for mention in sorted(person.mentions, key=lambda m: m.start):
        sentence = article.sentence_at(mention.start)
        if sentence is None or (not in_headings and is_headline(sentence.text)):
            continue
        role, _ = role_before(article, sentence, mention)
        role = (
            role
            or role_after(article, sentence, mention)
            or role_comma_before(article, sentence, mention)
        )
        if role:
            return role
    return None


def role_before(
    article: ParsedArticle, sentence: Sentence, mention: Mention
) -> tuple[str | None, int]:
    """Title words right before the name ("Swedish Prime Minister") and where they start
    (an offset into the sentence's text before the name; its length when there is no role)."""
    prefix = article.text[sentence.start : mention.start]
    words = list(WORD.finditer(prefix))
    taken: list[str] = []
    run_start = len(prefix)
    for word in reversed(words):
        token = word.group()
        if token[-1] in ',;:“”"()' or token[0] in '“"‘(':
            break
        bare = token.strip(EDGE_PUNCT) if not _ACRONYM.match(token) else token
        if not bare:
            break
        possessive = bool(re.search(r"['’]s$", bare))
        if bare[0].isupper():
            if bare.casefold() in NOT_ROLE_CAPITALISED:
                break
            taken.insert(0, bare)
            run_start = word.start()
            if possessive:
                break
        elif not possessive and bare.casefold() in ROLE_MODIFIERS | ROLE_HEADS:
            taken.insert(0, bare)
            run_start = word.start()
        else:
            break
    while taken and taken[0].casefold() in {"of", "for", "and"}:
        taken.pop(0)
    while taken and taken[0].casefold() in TITLE_WORDS - ROLE_HEADS:
        taken.pop(0)  # honorifics ("Mr", "Dr") are not roles
    if not any(is_role_head(w) for w in taken):
        return None, len(prefix)
    return " ".join(taken), run_start


def role_comma_before(article: ParsedArticle, sentence: Sentence, mention: Mention) -> str | None:
    """A role set off before the name: "The bank's chief executive, Mads Holm, said"."""
    before = article.text[sentence.start : mention.start]
    found = _ROLE_COMMA.search(before)
    if not found or not is_role_head(found.group("role").split()[-1]):
        return None
    return " ".join(found.group("role").split())


def role_after(article: ParsedArticle, sentence: Sentence, mention: Mention) -> str | None:
    """An appositive role: "<name>, the prime minister," / "<name>, head of X,"."""
    found = _APPOSITIVE.match(article.text[mention.end : sentence.end])
    if not found:
        return None
    body = " ".join(found.group("body").split())
    body = re.sub(r"^(?:the|a|an)\s+", "", body, flags=re.IGNORECASE)
    words = body.split()
    if not words or len(words) > 14 or words[0].casefold() in _NOT_APPOSITIVE_START:
        return None
    if not any(is_role_head(w) for w in words):
        return None
    return body


def has_stated_role(article: ParsedArticle, sentence: Sentence, mention: Mention) -> bool:
    """Whether the sentence gives the mention a role in any of the three shapes."""
    return bool(
        role_before(article, sentence, mention)[0]
        or role_after(article, sentence, mention)
        or role_comma_before(article, sentence, mention)
    )


def is_role_head(word: str) -> bool:
    """Whether a word names a role ("minister", "economist"), punctuation and case aside."""
    bare = word.casefold().strip(EDGE_PUNCT)
    # Occupations in -ist ("volcanologist", "economist") are roles even when unlisted.
    return bare in ROLE_HEADS or (len(bare) > 5 and bare.endswith("ist"))
