"""Whether a group of mentions names a thing rather than a person: a product, a work, a place.

The model labels "MacBook Pro", "Mauna Kea" or a company named after its founder as people.
How the article uses the name tells: only in headings, or mostly after a determiner or a
place preposition ("the 16-inch MacBook Pro", "atop Mauna Kea"), is a thing's use; a title or
a role, being quoted, or a following sentence that starts with he or she is a person's. A
name made of common words only ("Silver Crescent") needs a title to stay a person. This runs
after grouping, because it weighs every mention of the name at once.
"""

from __future__ import annotations

from bot.people.analysis import ParsedArticle, Person
from bot.people.evidence import (
    common_words_only,
    is_headline,
    looks_like_thing_use,
    starts_with_pronoun,
)
from bot.people.quotes import is_speaker
from bot.people.roles import role_of


def is_thing(article: ParsedArticle, person: Person) -> bool:
    """A name used like a thing's and never like a person's: a product, work or place.

    Used like a thing: only in headings, or mostly after a determiner or a place
    preposition ("the 16-inch MacBook Pro", "atop Mauna Kea"). Used like a person: with
    a title or role, as a speaker, or followed by he or she.
    """
    uses: list[tuple[bool, bool]] = []  # (in a heading, after a determiner or preposition)
    full_length = len(person.full.tokens)
    # The full name is what the model saw; its surname found again proves little.
    for mention in (m for m in person.mentions if len(m.tokens) == full_length):
        index = article.sentence_index(mention.start)
        if index is None:
            continue
        sentence = article.sentences[index]
        before = article.text[sentence.start : mention.start]
        after = article.text[mention.end : sentence.end]
        uses.append((is_headline(sentence.text), looks_like_thing_use(before, after)))
    if not uses:
        return False
    if common_words_only(person.full.text, article.text):
        return not any(m.titled for m in person.mentions)
    in_headings = all(heading for heading, _ in uses)
    thing_like = 2 * sum(thing for _, thing in uses) >= len(uses)
    if not (in_headings or thing_like):
        return False
    return not _used_as_person(article, person)


def _used_as_person(article: ParsedArticle, person: Person) -> bool:
    if any(m.titled for m in person.mentions) or role_of(article, person, in_headings=False):
        return True
    for mention in person.mentions:
        index = article.sentence_index(mention.start)
        if index is None:
            continue
        sentence = article.sentences[index]
        if is_speaker(article, mention, sentence):
            return True
        if index + 1 < len(article.sentences) and starts_with_pronoun(
            article.sentences[index + 1].text
        ):
            return True
    return False
