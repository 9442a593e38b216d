"""Where the article writes a person's name: the model's PERSON spans, cleaned, and the names
it missed.

The model's spans are taken with a grain of salt: titles and role words in front ("Administrator
Jim Bridenstine"), possessives and punctuation come off; a first name or hyphenated part it
left out ("Renata", "Botha-Nkosi", "von der Leyen") comes in; a span that is part of a thing's
name (an organisation, a place, a prize, a ship, a product line) or does not look like a name
at all is dropped. Runs of capitalised words the model did not label are added only with
evidence of a person: a stated role, a surname the model found elsewhere, a particle inside,
or a place in a list of people. Every rule reads the article itself, not a list of names.
"""

from __future__ import annotations

import re

from bot.people.analysis import EDGE_PUNCT, WORD, Mention, ParsedArticle, Span, overlaps
from bot.people.evidence import name_stop_word
from bot.people.lexicon import (
    DESCRIPTOR_SUFFIXES,
    NOT_ROLE_CAPITALISED,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    THING_AFTER,
    THING_BEFORE,
    THING_INSIDE,
    THING_LAST,
    TITLE_WORDS,
)
from bot.people.names import PARTICLES, name_tokens
from bot.people.roles import has_stated_role
from bot.text.stopwords import common_words

# Possessive, closing quotes and punctuation after a name: "Geoană’s", "Smith,".
_TRAILING = re.compile(r"(?:['’]s|['’])?[\"“”‘’.,;:!?)\]]*$")
_STOP_NAME_WORDS = TITLE_WORDS | ROLE_HEADS | ROLE_MODIFIERS | NOT_ROLE_CAPITALISED | THING_INSIDE


def model_mentions(article: ParsedArticle) -> list[Mention]:
    """The model's PERSON spans that still name a person once cleaned, in the model's order."""
    return [m for start, end in article.person_spans if (m := clean_span(article, start, end))]


def clean_span(article: ParsedArticle, start: int, end: int) -> Mention | None:
    """A model PERSON span without titles, possessive and punctuation, or None."""
    raw = article.text[start:end]
    if "\n" in raw:  # a span across lines is page debris or a heading run-on
        return None
    if "_" in raw:  # credits written "Director_Oh Kyeong Taek": the name follows the _
        cut = raw.rindex("_") + 1
        start, raw = start + cut, raw[cut:]
    words = [(w.start() + start, w.end() + start, w.group()) for w in WORD.finditer(raw)]
    words = [(s, e, w) for s, e, w in words if w.strip(EDGE_PUNCT)]
    titled = False
    while len(words) > 1:
        first = words[0][2].strip(EDGE_PUNCT)
        if first.casefold() in TITLE_WORDS:
            titled = True
        elif not (_is_descriptor(first) or _is_participle(article, first)):
            break  # "Administrator Jim Bridenstine": the role is not the name
        words.pop(0)
    if not words:
        return None
    name_start = words[0][0] + _lead_len(words[0][2])
    name_end = name_start + len(_TRAILING.sub("", article.text[name_start : words[-1][1]]))
    first_start = name_start
    sentence = article.sentence_at(name_start)
    if sentence is not None:
        first_start = _extend_left(article, name_start, sentence.start)
        name_end = _extend_right(article, name_end, sentence.end)
    name = article.text[first_start:name_end]
    if not _looks_like_name(name):
        return None
    if names_a_thing(article, first_start, name_end, name) or names_a_thing(
        article, start, end, raw
    ):
        return None
    if len(name.split()) > 1 and name.split()[-1].casefold() in THING_LAST:
        return None  # "MacBook Pro", "Davis Cup", "Cuyahoga Falls"
    if len(name.split()) > 1 and all(w.isupper() for w in name.split() if len(w) > 1):
        return None  # "SIOUX FALLS": a dateline or a heading in capitals
    titled = titled or _title_before(article, first_start)
    return Mention(first_start, name_end, name, name_tokens(name), True, titled)


def pattern_mentions(article: ParsedArticle, model_found: list[Mention]) -> list[Mention]:
    """Names the model missed or mislabelled, kept only with evidence of a person.

    Evidence: a stated role ("X, chief economist at Y", "the writer X"), a surname the
    model recognised elsewhere, a particle between capitalised words ("van"), or a place
    in a list of people (a team's line-up, a list of results): an item of a comma list
    whose other items include at least two people the model found.
    """
    taken = [(m.start, m.end) for m in model_found]
    surnames = {m.tokens[-1] for m in model_found}
    found: list[Mention] = []
    for sentence in article.sentences:
        listed = [m for m in model_found if sentence.start <= m.start < sentence.end
                  and _is_list_item(article, m.start, m.end)]
        for run_start, end in _name_runs(article.text, sentence.start, sentence.end):
            if overlaps((run_start, end), taken):
                continue
            start = run_start
            while (first := re.match(r"\S+\s+", article.text[start:end])) and (
                _is_participle(article, first.group().strip())
            ):
                start += first.end()  # "Republicans Are Following Trump"
            name = article.text[start:end]
            tokens = name_tokens(name)
            if len(name.split()) < 2 or names_a_thing(article, start, end, name):
                continue
            mention = Mention(start, end, name, tokens, False, _title_before(article, start))
            has_role = has_stated_role(article, sentence, mention)
            # "Vasco da Gama Tower": a place word at the end needs a stated role to pass.
            if name.split()[-1].casefold() in THING_AFTER and not has_role:
                continue
            has_particle = any(w in PARTICLES for w in name.split()[1:-1])
            in_a_list_of_people = len(listed) >= 2 and _is_list_item(article, start, end)
            if has_role or tokens[-1] in surnames or has_particle or in_a_list_of_people:
                found.append(mention)
                taken.append((start, end))
    return found


def names_a_thing(article: ParsedArticle, start: int, end: int, name: str) -> bool:
    """Whether the name is part of an organisation, place, prize or vessel name."""
    words = name.split()
    if any(w.casefold() in THING_INSIDE for w in words) or (
        len(words) > 1 and words[0].casefold() in THING_BEFORE
    ):
        return True
    after = re.match(r"^(?:['’]s)?\s+([A-Z][\w-]*)", article.text[end : end + 40])
    if after and after.group(1).casefold() in THING_AFTER:
        return True
    # "the ferry Queen Mary Anne", "RRS Sir David Attenborough": titles may come between.
    before = re.findall(r"[\w]+", article.text[max(0, start - 40) : start])
    while before and before[-1].casefold() in TITLE_WORDS:
        before.pop()
    return bool(before and before[-1].casefold() in THING_BEFORE)


def _is_participle(article: ParsedArticle, word: str) -> bool:
    """A verb form in -ing ("Following Trump" in a headline): written in lower case here
    too, or one of English's most common words (surnames in -ing such as Manning or
    Fleming are neither)."""
    folded = word.casefold()
    if len(folded) <= 5 or not folded.endswith("ing"):
        return False
    return folded in common_words("en") or re.search(
        rf"(?<![\w-]){re.escape(folded)}(?![\w-])", article.text) is not None


def _extend_left(article: ParsedArticle, start: int, limit: int) -> int:
    """Take in a first name or name part the model left out ("Renata", "Mei-")."""
    for _ in range(2):
        before = article.text[limit:start]
        hyphen = re.search(r"([^\W\d_][\w'’]*)-$", before)
        if hyphen and hyphen.group(1)[0].isupper():
            start -= len(hyphen.group(0))
            continue
        word = re.search(r"(?:^|[\s_])([^\W\d_](?:[^\W_]|['’])*) $", before)
        if not word or not _is_name_word(word.group(1)):
            break
        span = (start - len(word.group(1)) - 1, start - 1)
        if overlaps(span, article.other_spans) and not overlaps(
            (start, start + 1), article.other_spans
        ):
            break
        start = span[0]
    return start


def _extend_right(article: ParsedArticle, end: int, limit: int) -> int:
    """Take in a hyphenated part or particles and surname ("Botha-Nkosi", "von der Leyen")."""
    particles = "|".join(sorted(PARTICLES))
    while True:
        rest = article.text[end:limit]
        found = re.match(r"-([^\W\d_][\w'’]*)", rest) or re.match(
            rf"(?:\s+(?:{particles}))+\s+([^\W\d_][\w'’-]*)", rest
        )
        if not found or not found.group(1)[0].isupper():
            return end
        end += found.end()


def _is_list_item(article: ParsedArticle, start: int, end: int) -> bool:
    """Whether the span is an item of a list: a comma, semicolon or "and" on one side and
    a list mark on the other ("Belgium - Filip De Wilde, Bertrand Crasson, ...")."""
    before = article.text[max(0, start - 6):start].rstrip()
    after = article.text[end:end + 6].lstrip()
    comma_before = before.endswith((",", ";")) or before.endswith(" and")
    comma_after = after.startswith((",", ";")) or after.startswith("and ")
    mark_before = before.endswith(("-", ":", "(")) or not before
    mark_after = after.startswith((".", ")", "(")) or not after or bool(re.match(r"\d", after))
    return (comma_before and (comma_after or mark_after)) or (comma_after and mark_before)


def _title_before(article: ParsedArticle, start: int) -> bool:
    """Whether an honorific ("Mr", "Dr.") stands right before ``start``."""
    found = re.search(r"([A-Za-z]+)\.?\s+$", article.text[max(0, start - 20) : start])
    return bool(found and found.group(1).casefold() in TITLE_WORDS)


def _lead_len(word: str) -> int:
    return len(word) - len(word.lstrip(EDGE_PUNCT))


def _is_descriptor(word: str) -> bool:
    """A capitalised noun before a name that is not part of it ("Frenchman", "Architect")."""
    bare = word.casefold()
    if bare in ROLE_HEADS or bare in ROLE_MODIFIERS:
        return True
    return len(bare) > 6 and bare.endswith(DESCRIPTOR_SUFFIXES)


def _is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a person's name."""
    if not word or not word[0].isupper() or _is_descriptor(word):
        return False
    if word.casefold() in _STOP_NAME_WORDS or re.search(r"['’]s$", word):
        return False
    if name_stop_word(word):
        return False
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    if not letters.isalpha():
        return False
    return not (len(letters) > 1 and letters.isupper())


def _name_runs(text: str, start: int, end: int) -> list[Span]:
    """Spans of two or more consecutive name words (particles allowed inside)."""
    runs: list[Span] = []
    current: list[tuple[int, int, str]] = []

    def close() -> None:
        while current and current[-1][2].casefold() in PARTICLES:
            current.pop()
        if sum(w.casefold() not in PARTICLES for _, _, w in current) >= 2:
            runs.append((current[0][0], current[-1][1]))
        current.clear()

    for word in re.finditer(r"\b[A-Z]\.(?=\s)|[^\s,;:.!?\"“”()]+|[,;:.!?\"“”()]", text[start:end]):
        token = word.group()
        span = (start + word.start(), start + word.end(), token)
        if _is_name_word(token) or (current and token.casefold() in PARTICLES):
            if current and text[current[-1][1] : span[0]].strip():
                close()
            current.append(span)
        elif re.fullmatch(r"[A-Z]\.", token):
            current.append(span)  # an initial: "James T. Whitfield", "R. Ponting"
        else:
            close()
    close()
    return runs


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 6 or any(ch.isdigit() for ch in name):
        return False
    if "@" in name or "/" in name:
        return False
    capitalised = 0
    for word in words:
        if word.casefold() in PARTICLES:
            continue
        if not word[0].isupper():
            return False
        capitalised += 1
    if capitalised == 0:
        return False
    # A lone all-capitals word is an acronym ("NATO"), not a person.
    return not (len(words) == 1 and len(name) > 1 and name.isupper())
