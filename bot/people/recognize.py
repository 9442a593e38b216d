"""Named people of one article: model PERSON entities, cleaned, merged, with roles and quotes."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from bot.people.evidence import (
    common_words_only,
    is_headline,
    looks_like_thing_use,
    name_stop_word,
    starts_with_pronoun,
)
from bot.people.lexicon import (
    DESCRIPTOR_SUFFIXES,
    NOT_ROLE_CAPITALISED,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    SPEECH_VERBS,
    THING_AFTER,
    THING_BEFORE,
    THING_INSIDE,
    THING_LAST,
    TITLE_WORDS,
)
from bot.people.model import parse
from bot.people.names import PARTICLES, name_tokens, person_key, surname_of
from bot.people.text import clean_article
from bot.text.folding import fold_keep_case
from bot.text.sentences import Sentence, split_sentences
from bot.text.stopwords import common_words

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PersonFound:
    """One person named in an article, all their mentions merged.

    ``name`` is the fullest form written in the article ("Mircea Geoană"); ``key`` is its
    accent-folded lower-case form for matching across articles ("mircea geoana").
    """

    name: str
    key: str
    role: str | None
    mention_sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    mention_count: int


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    from_model: bool
    titled: bool = False


@dataclass(slots=True)
class _Person:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def full(self) -> _Mention:
        # The fullest written form names the person; accents win over their absence.
        return max(
            self.mentions,
            key=lambda m: (len(m.tokens), sum(not c.isascii() for c in m.text), -m.start),
        )


_WORD = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?*_—–-"
# Possessive, closing quotes and punctuation after a name: "Geoană’s", "Smith,".
_TRAILING = re.compile(r"(?:['’]s|['’])?[\"“”‘’.,;:!?)\]]*$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")
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


def find_people(text: str, *, title: str | None = None) -> tuple[PersonFound, ...]:
    """The people named in an article, in order of first mention.

    ``text`` is the article body (paragraphs separated by blank lines); a tags line and
    page debris after it are ignored. ``title``, when given, is read as a first paragraph.
    """
    body = clean_article(text)
    if title and title.strip() and not body.startswith(title.strip()):
        body = f"{title.strip()}\n\n{body}"
    if not body.strip():
        return ()
    doc = parse(body)
    return _Analysis(body, doc).run()


def people_jsonl_line(obj: dict[str, Any]) -> dict[str, Any]:
    """``{"id", "text"[, "title"]}`` -> ``{"id", "people": [canonical names]}`` for JSONL output."""
    found = find_people(str(obj.get("text") or ""), title=obj.get("title"))
    return {"id": obj.get("id"), "people": [person.name for person in found]}


class _Analysis:
    """The work for one article; a class only to share its text, entities and sentences."""

    def __init__(self, text: str, doc: Any) -> None:
        self.text = text
        self.folded = fold_keep_case(text)
        self.sentences = split_sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        self.person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
        self.other_spans = sorted(
            (e.start_char, e.end_char) for e in doc.ents if e.label_ != "PERSON"
        )

    def run(self) -> tuple[PersonFound, ...]:
        mentions = [m for e in self.person_ents if (m := self._clean(e.start_char, e.end_char))]
        mentions += self._pattern_mentions(mentions)
        people = self._group(mentions)
        for person in people:
            self._add_unrecognised_mentions(person, people)
        people = [person for person in people if not self._is_thing(person)]
        people.sort(key=lambda p: min(m.start for m in p.mentions))
        quotes = self._quotes(people)
        return tuple(self._result(person, quotes.get(id(person), [])) for person in people)

    # --- mentions -----------------------------------------------------------------------

    def _clean(self, start: int, end: int) -> _Mention | None:
        """A model PERSON span without titles, possessive and punctuation, or None."""
        raw = self.text[start:end]
        if "\n" in raw:  # a span across lines is page debris or a heading run-on
            return None
        if "_" in raw:  # credits written "Director_Oh Kyeong Taek": the name follows the _
            cut = raw.rindex("_") + 1
            start, raw = start + cut, raw[cut:]
        words = [(w.start() + start, w.end() + start, w.group()) for w in _WORD.finditer(raw)]
        words = [(s, e, w) for s, e, w in words if w.strip(_EDGE_PUNCT)]
        titled = False
        while len(words) > 1:
            first = words[0][2].strip(_EDGE_PUNCT)
            if first.casefold() in TITLE_WORDS:
                titled = True
            elif not (_is_descriptor(first) or self._is_participle(first)):
                break  # "Administrator Jim Bridenstine": the role is not the name
            words.pop(0)
        if not words:
            return None
        name_start = words[0][0] + _lead_len(words[0][2])
        name_end = name_start + len(_TRAILING.sub("", self.text[name_start : words[-1][1]]))
        first_start = name_start
        sentence = self._sentence_at(name_start)
        if sentence is not None:
            first_start = self._extend_left(name_start, sentence.start)
            name_end = self._extend_right(name_end, sentence.end)
        name = self.text[first_start:name_end]
        if not _looks_like_name(name):
            return None
        if self._names_a_thing(first_start, name_end, name) or self._names_a_thing(start, end, raw):
            return None
        if len(name.split()) > 1 and name.split()[-1].casefold() in THING_LAST:
            return None  # "MacBook Pro", "Davis Cup", "Cuyahoga Falls"
        if len(name.split()) > 1 and all(w.isupper() for w in name.split() if len(w) > 1):
            return None  # "SIOUX FALLS": a dateline or a heading in capitals
        titled = titled or self._title_before(first_start)
        return _Mention(first_start, name_end, name, name_tokens(name), True, titled)

    def _is_participle(self, word: str) -> bool:
        """A verb form in -ing ("Following Trump" in a headline): written in lower case here
        too, or one of English's most common words (surnames in -ing such as Manning or
        Fleming are neither)."""
        folded = word.casefold()
        if len(folded) <= 5 or not folded.endswith("ing"):
            return False
        return folded in common_words("en") or re.search(
            rf"(?<![\w-]){re.escape(folded)}(?![\w-])", self.text) is not None

    def _extend_left(self, start: int, limit: int) -> int:
        """Take in a first name or name part the model left out ("Renata", "Mei-")."""
        for _ in range(2):
            before = self.text[limit:start]
            hyphen = re.search(r"([^\W\d_][\w'’]*)-$", before)
            if hyphen and hyphen.group(1)[0].isupper():
                start -= len(hyphen.group(0))
                continue
            word = re.search(r"(?:^|[\s_])([^\W\d_](?:[^\W_]|['’])*) $", before)
            if not word or not _is_name_word(word.group(1)):
                break
            span = (start - len(word.group(1)) - 1, start - 1)
            if _overlaps(span, self.other_spans) and not _overlaps(
                (start, start + 1), self.other_spans
            ):
                break
            start = span[0]
        return start

    def _extend_right(self, end: int, limit: int) -> int:
        """Take in a hyphenated part or particles and surname ("Botha-Nkosi", "von der Leyen")."""
        particles = "|".join(sorted(PARTICLES))
        while True:
            rest = self.text[end:limit]
            found = re.match(r"-([^\W\d_][\w'’]*)", rest) or re.match(
                rf"(?:\s+(?:{particles}))+\s+([^\W\d_][\w'’-]*)", rest
            )
            if not found or not found.group(1)[0].isupper():
                return end
            end += found.end()

    def _pattern_mentions(self, model_mentions: list[_Mention]) -> list[_Mention]:
        """Names the model missed or mislabelled, kept only with evidence of a person.

        Evidence: a stated role ("X, chief economist at Y", "the writer X"), a surname the
        model recognised elsewhere, a particle between capitalised words ("van"), or a place
        in a list of people (a team's line-up, a list of results): an item of a comma list
        whose other items include at least two people the model found.
        """
        taken = [(m.start, m.end) for m in model_mentions]
        surnames = {m.tokens[-1] for m in model_mentions}
        found: list[_Mention] = []
        for sentence in self.sentences:
            listed = [m for m in model_mentions if sentence.start <= m.start < sentence.end
                      and self._is_list_item(m.start, m.end)]
            for run_start, end in _name_runs(self.text, sentence.start, sentence.end):
                if _overlaps((run_start, end), taken):
                    continue
                start = run_start
                while (first := re.match(r"\S+\s+", self.text[start:end])) and (
                    self._is_participle(first.group().strip())
                ):
                    start += first.end()  # "Republicans Are Following Trump"
                name = self.text[start:end]
                tokens = name_tokens(name)
                if len(name.split()) < 2 or self._names_a_thing(start, end, name):
                    continue
                mention = _Mention(start, end, name, tokens, False, self._title_before(start))
                has_role = bool(
                    self._role_before(sentence, mention)[0]
                    or self._role_after(sentence, mention)
                    or self._role_comma_before(sentence, mention)
                )
                # "Vasco da Gama Tower": a place word at the end needs a stated role to pass.
                if name.split()[-1].casefold() in THING_AFTER and not has_role:
                    continue
                has_particle = any(w in PARTICLES for w in name.split()[1:-1])
                in_a_list_of_people = len(listed) >= 2 and self._is_list_item(start, end)
                if has_role or tokens[-1] in surnames or has_particle or in_a_list_of_people:
                    found.append(mention)
                    taken.append((start, end))
        return found

    def _is_list_item(self, start: int, end: int) -> bool:
        """Whether the span is an item of a list: a comma, semicolon or "and" on one side and
        a list mark on the other ("Belgium - Filip De Wilde, Bertrand Crasson, ...")."""
        before = self.text[max(0, start - 6):start].rstrip()
        after = self.text[end:end + 6].lstrip()
        comma_before = before.endswith((",", ";")) or before.endswith(" and")
        comma_after = after.startswith((",", ";")) or after.startswith("and ")
        mark_before = before.endswith(("-", ":", "(")) or not before
        mark_after = after.startswith((".", ")", "(")) or not after or bool(re.match(r"\d", after))
        return (comma_before and (comma_after or mark_after)) or (comma_after and mark_before)

    def _names_a_thing(self, start: int, end: int, name: str) -> bool:
        """Whether the name is part of an organisation, place, prize or vessel name."""
        words = name.split()
        if any(w.casefold() in THING_INSIDE for w in words) or (
            len(words) > 1 and words[0].casefold() in THING_BEFORE
        ):
            return True
        after = re.match(r"^(?:['’]s)?\s+([A-Z][\w-]*)", self.text[end : end + 40])
        if after and after.group(1).casefold() in THING_AFTER:
            return True
        # "the ferry Queen Mary Anne", "RRS Sir David Attenborough": titles may come between.
        before = re.findall(r"[\w]+", self.text[max(0, start - 40) : start])
        while before and before[-1].casefold() in TITLE_WORDS:
            before.pop()
        return bool(before and before[-1].casefold() in THING_BEFORE)

    def _title_before(self, start: int) -> bool:
        found = re.search(r"([A-Za-z]+)\.?\s+$", self.text[max(0, start - 20) : start])
        return bool(found and found.group(1).casefold() in TITLE_WORDS)

    def _is_thing(self, person: _Person) -> bool:
        """A name used like a thing's and never like a person's: a product, work or place.

        Used like a thing: only in headings, or mostly after a determiner or a place
        preposition ("the 16-inch MacBook Pro", "atop Mauna Kea"). Used like a person: with
        a title or role, as a speaker, or followed by he or she.
        """
        uses: list[tuple[bool, bool]] = []  # (in a heading, after a determiner or preposition)
        full_length = len(person.full.tokens)
        # The full name is what the model saw; its surname found again proves little.
        for mention in (m for m in person.mentions if len(m.tokens) == full_length):
            index = self._sentence_index(mention.start)
            if index is None:
                continue
            sentence = self.sentences[index]
            before = self.text[sentence.start : mention.start]
            after = self.text[mention.end : sentence.end]
            uses.append((is_headline(sentence.text), looks_like_thing_use(before, after)))
        if not uses:
            return False
        if common_words_only(person.full.text, self.text):
            return not any(m.titled for m in person.mentions)
        in_headings = all(heading for heading, _ in uses)
        thing_like = 2 * sum(thing for _, thing in uses) >= len(uses)
        if not (in_headings or thing_like):
            return False
        return not self._used_as_person(person)

    def _used_as_person(self, person: _Person) -> bool:
        if any(m.titled for m in person.mentions) or self._role(person, in_headings=False):
            return True
        for mention in person.mentions:
            index = self._sentence_index(mention.start)
            if index is None:
                continue
            sentence = self.sentences[index]
            if self._is_speaker(mention, sentence):
                return True
            if index + 1 < len(self.sentences) and starts_with_pronoun(
                self.sentences[index + 1].text
            ):
                return True
        return False

    # --- merging ------------------------------------------------------------------------

    def _group(self, mentions: list[_Mention]) -> list[_Person]:
        """Merge mentions: same folded name, then shorter forms into the full names."""
        by_key: dict[tuple[str, ...], _Person] = {}
        for mention in mentions:
            by_key.setdefault(mention.tokens, _Person()).mentions.append(mention)
        keys = sorted(by_key, key=len, reverse=True)
        people: list[_Person] = []
        full_keys: list[tuple[str, ...]] = []
        for tokens in keys:
            group = by_key[tokens]
            holders = [k for k in full_keys if len(k) > len(tokens) and _part_of(tokens, k)]
            if not holders:
                if len(tokens) == 1 and not self._confident_single(group):
                    logger.debug("dropping lone mention %r", group.mentions[0].text)
                    continue
                people.append(group)
                full_keys.append(tokens)
                continue
            for mention in group.mentions:
                target = self._best_holder(mention, [by_key[k] for k in holders], holders)
                target.mentions.append(mention)
        return people

    def _best_holder(
        self, mention: _Mention, holders: list[_Person], keys: list[tuple[str, ...]]
    ) -> _Person:
        """Among people a short form could refer to, prefer a surname match, then recency."""

        def rank(index: int) -> tuple[int, int]:
            is_surname = keys[index][-len(mention.tokens) :] == mention.tokens
            before = [m.start for m in holders[index].mentions if m.start < mention.start]
            return (int(is_surname), max(before, default=-1))

        return holders[max(range(len(holders)), key=rank)]

    def _confident_single(self, group: _Person) -> bool:
        """A one-word name alone is kept only with a title, as a speaker, or named twice."""
        if any(m.titled for m in group.mentions):
            return True
        for mention in group.mentions:
            sentence = self._sentence_at(mention.start)
            after = self.text[mention.end : mention.end + 40]
            # "Clipster said it would appeal": an organisation speaks of itself as "it".
            if re.match(r"^\s+\w+\s+(?:it|its)\b", after):
                continue
            if sentence is not None and self._is_speaker(mention, sentence):
                return True
        return False

    def _add_unrecognised_mentions(self, person: _Person, people: list[_Person]) -> None:
        """Find the person's name forms where the model missed them ("Geoană, who …")."""
        forms = {m.text for m in person.mentions}
        full = person.full.text
        if len(person.full.tokens) > 1:
            forms.add(surname_of(full))
            forms.add(full.split()[-1])
        taken = [(m.start, m.end) for p in people for m in p.mentions]
        for form in sorted(forms, key=len, reverse=True):
            pattern = re.compile(r"(?<![\w-])" + re.escape(fold_keep_case(form)) + r"(?![\w-])")
            for found in pattern.finditer(self.folded):
                span = (found.start(), found.end())
                if _overlaps(span, taken) or any(
                    s < span[1] and span[0] < e and (s < span[0] or e > span[1])
                    for s, e in self.other_spans
                ):
                    continue  # inside a longer non-person name ("Johns Hopkins University")
                if self._names_a_thing(*span, self.text[span[0] : span[1]]):
                    continue
                text = self.text[span[0] : span[1]]
                mention = _Mention(*span, text, name_tokens(text), False)
                person.mentions.append(mention)
                taken.append(span)

    # --- roles and quotes ---------------------------------------------------------------

    def _role(self, person: _Person, *, in_headings: bool = True) -> str | None:
        """The first role the text gives; in a title-case heading every word is capitalised,
        so "Online Leader" before a name is no role: ``in_headings=False`` skips headings."""
        for mention in sorted(person.mentions, key=lambda m: m.start):
            sentence = self._sentence_at(mention.start)
            if sentence is None or (not in_headings and is_headline(sentence.text)):
                continue
            role, _ = self._role_before(sentence, mention)
            role = (
                role
                or self._role_after(sentence, mention)
                or self._role_comma_before(sentence, mention)
            )
            if role:
                return role
        return None

    def _role_before(self, sentence: Sentence, mention: _Mention) -> tuple[str | None, int]:
        """Title words right before the name ("Swedish Prime Minister") and where they start."""
        prefix = self.text[sentence.start : mention.start]
        words = list(_WORD.finditer(prefix))
        taken: list[str] = []
        run_start = len(prefix)
        for word in reversed(words):
            token = word.group()
            if token[-1] in ',;:“”"()' or token[0] in '“"‘(':
                break
            bare = token.strip(_EDGE_PUNCT) if not _ACRONYM.match(token) else token
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
        if not any(_is_role_head(w) for w in taken):
            return None, len(prefix)
        return " ".join(taken), run_start

    def _role_comma_before(self, sentence: Sentence, mention: _Mention) -> str | None:
        """A role set off before the name: "The bank's chief executive, Mads Holm, said"."""
        before = self.text[sentence.start : mention.start]
        found = _ROLE_COMMA.search(before)
        if not found or not _is_role_head(found.group("role").split()[-1]):
            return None
        return " ".join(found.group("role").split())

    def _role_after(self, sentence: Sentence, mention: _Mention) -> str | None:
        """An appositive role: "<name>, the prime minister," / "<name>, head of X,"."""
        found = _APPOSITIVE.match(self.text[mention.end : sentence.end])
        if not found:
            return None
        body = " ".join(found.group("body").split())
        body = re.sub(r"^(?:the|a|an)\s+", "", body, flags=re.IGNORECASE)
        words = body.split()
        if not words or len(words) > 14 or words[0].casefold() in _NOT_APPOSITIVE_START:
            return None
        if not any(_is_role_head(w) for w in words):
            return None
        return body

    def _is_speaker(self, mention: _Mention, sentence: Sentence) -> bool:
        after = self.text[mention.end : sentence.end]
        if _SPEAKER_AFTER.match(after):
            return True
        # "said <name>" only when the clause ends there: "Brennan said Clipster had …" is not it.
        if not _CLAUSE_END.match(after):
            return False
        _, run_start = self._role_before(sentence, mention)
        before = self.text[sentence.start : mention.start][:run_start]
        return bool(_SPEAKER_BEFORE.search(before))

    def _quotes(self, people: list[_Person]) -> dict[int, list[int]]:
        """Sentence indexes quoting each person, by id(person)."""
        quotes: dict[int, list[int]] = {}
        in_sentence: dict[int, list[tuple[_Person, _Mention]]] = {}
        for person in people:
            for mention in person.mentions:
                index = self._sentence_index(mention.start)
                if index is not None:
                    in_sentence.setdefault(index, []).append((person, mention))
        speakers: dict[int, set[int]] = {}
        for index, sentence in enumerate(self.sentences):
            for person, mention in in_sentence.get(index, []):
                if self._is_speaker(mention, sentence):
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
        for index, ids in sorted(speakers.items()):
            for person_id in ids:
                quotes.setdefault(person_id, []).append(index)
        return quotes

    # --- output -------------------------------------------------------------------------

    def _result(self, person: _Person, quote_indexes: list[int]) -> PersonFound:
        mentions = sorted(person.mentions, key=lambda m: m.start)
        indexes: list[int] = []
        for mention in mentions:
            index = self._sentence_index(mention.start)
            if index is not None and index not in indexes:
                indexes.append(index)
        name = " ".join(person.full.text.split())
        return PersonFound(
            name=name,
            key=person_key(name),
            role=self._role(person),
            mention_sentences=tuple(self.sentences[i].text for i in indexes),
            quotes=tuple(self.sentences[i].text for i in quote_indexes),
            mention_count=len(mentions),
        )

    def _sentence_index(self, offset: int) -> int | None:
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index < 0 or offset >= self.sentences[index].end:
            return None
        return index

    def _sentence_at(self, offset: int) -> Sentence | None:
        index = self._sentence_index(offset)
        return None if index is None else self.sentences[index]


def _lead_len(word: str) -> int:
    return len(word) - len(word.lstrip(_EDGE_PUNCT))


def _is_role_head(word: str) -> bool:
    bare = word.casefold().strip(_EDGE_PUNCT)
    # Occupations in -ist ("volcanologist", "economist") are roles even when unlisted.
    return bare in ROLE_HEADS or (len(bare) > 5 and bare.endswith("ist"))


def _is_descriptor(word: str) -> bool:
    """A capitalised noun before a name that is not part of it ("Frenchman", "Architect")."""
    bare = word.casefold()
    if bare in ROLE_HEADS or bare in ROLE_MODIFIERS:
        return True
    return len(bare) > 6 and bare.endswith(DESCRIPTOR_SUFFIXES)


_STOP_NAME_WORDS = TITLE_WORDS | ROLE_HEADS | ROLE_MODIFIERS | NOT_ROLE_CAPITALISED | THING_INSIDE


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


def _name_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of two or more consecutive name words (particles allowed inside)."""
    runs: list[tuple[int, int]] = []
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


def _part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is a run of consecutive words of ``full``, particles aside."""
    if all(t in PARTICLES for t in short):
        return False
    for start in range(len(full) - len(short) + 1):
        if full[start : start + len(short)] == short:
            return True
    return False


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
