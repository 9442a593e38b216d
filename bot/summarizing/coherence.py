"""Summaries that read on their own: which sentences a sentence cannot be read without.

A sentence that opens with a pronoun ("He", "They", "This") or a connective ("But", "However",
"Also") leans on the sentence before it; a sentence that opens or closes a quotation without
its other half leans on its neighbour in the paragraph. ``reading_units`` gives, for each
sentence, the smallest run of sentences around it that reads alone (or ``None`` when there is
none of a reasonable size), and ``choose_readable`` fills a summary from a ranking with whole
units only: a leaning sentence either brings what it leans on or gives its place to the next
candidate. Both work on plain strings, so every algorithm can use them.

The word lists are per language (Sumy's language names); a language without a list gets the
quotation rule only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# A unit larger than this is not worth its place in a summary: skip the sentence instead.
MAX_UNIT = 3


@dataclass(frozen=True)
class OpenerRules:
    """The first words that make a sentence lean on the one before it, in one language."""

    pronouns: frozenset[str]  # a single first word
    connectives: tuple[str, ...]  # first words, space-joined
    time_words: frozenset[str] = frozenset()  # "This year": a time expression, not a reference
    prefixes: tuple[str, ...] = ()  # for scripts without spaces: the text's first characters


def _rules(pronouns: str, connectives: str, time_words: str = "") -> OpenerRules:
    return OpenerRules(
        pronouns=frozenset(pronouns.split()),
        connectives=tuple(c.strip() for c in connectives.split(",") if c.strip()),
        time_words=frozenset(time_words.split()),
    )


# Articles that double as pronouns (German "das", Dutch "het", "die") are left out: a sentence
# that opens with "Das Unternehmen" does not lean on anything.
RULES: dict[str, OpenerRules] = {
    "english": _rules(
        "he she they it this these those that his her their its him them such",
        "but, however, also, meanwhile, and, yet, still, instead, nevertheless, nonetheless,"
        "moreover, furthermore, additionally, besides, otherwise, therefore, thus, hence, so,"
        "then, later, afterwards, consequently, or, in addition, as a result, in fact, even so,"
        "on the other hand, by contrast, in contrast, at the same time, for example,"
        "for instance, despite this, the latter, the former, as well",
        "year years week weeks month months morning afternoon evening night weekend season "
        "summer winter spring autumn time day days century decade quarter",
    ),
    "german": _rules(
        "er sie es dies diese dieser dieses diesen diesem sein seine seiner ihr ihre ihrer "
        "deren dessen solche",
        "aber, jedoch, doch, außerdem, zudem, auch, dennoch, trotzdem, allerdings, deshalb,"
        "daher, dann, später, stattdessen, darüber hinaus, und, oder, dabei, damit, somit",
        "jahr woche monat morgen abend nacht wochenende saison sommer winter frühjahr herbst "
        "mal tag",
    ),
    "french": _rules(
        "il elle ils elles cela ceci ce cet cette ces celui celle ceux celles c son sa ses "
        "leur leurs",
        "mais, cependant, pourtant, toutefois, aussi, en outre, de plus, également, néanmoins,"
        "donc, ainsi, puis, ensuite, par ailleurs, et, ou, or, en revanche",
        "année an semaine mois matin soir jour week-end été hiver printemps automne fois",
    ),
    "spanish": _rules(
        "él ella ellos ellas esto este esta estos estas eso ese esa esos esas su sus",
        "pero, sin embargo, además, también, no obstante, asimismo, entonces, luego, después,"
        "por otra parte, por su parte, y, o, mientras tanto, por ello, por eso",
        "año semana mes mañana tarde noche fin verano invierno primavera otoño vez día",
    ),
    "italian": _rules(
        "lui lei egli ella essi esse loro questo questa questi queste ciò quello quella "
        "quelli quelle suo sua suoi sue",
        "ma, tuttavia, però, inoltre, anche, in più, quindi, poi, dopo, nel frattempo, intanto,"
        "e, o, dunque, pertanto",
        "anno settimana mese mattina sera notte estate inverno primavera autunno volta giorno",
    ),
    "portuguese": _rules(
        "ele ela eles elas isso isto este esta estes estas esse essa esses essas seu sua "
        "seus suas",
        "mas, porém, no entanto, contudo, além disso, também, entretanto, depois, então, e, ou,"
        "por isso, todavia",
        "ano semana mês manhã tarde noite verão inverno primavera outono vez dia",
    ),
    "dutch": _rules(
        "hij zij ze dit deze dat zijn haar hun",
        "maar, echter, ook, bovendien, daarnaast, toch, dus, en, of, daarom, vervolgens",
        "jaar week maand ochtend avond nacht weekend zomer winter keer dag",
    ),
    "chinese": OpenerRules(
        pronouns=frozenset(), connectives=(),
        prefixes=("他", "她", "它", "这", "此", "该", "其", "但", "然而", "不过", "此外", "另外",
                  "同时", "而且", "并且", "因此", "所以", "于是"),
    ),
    "japanese": OpenerRules(
        pronouns=frozenset(), connectives=(),
        prefixes=("彼", "これ", "それ", "あれ", "この", "その", "しかし", "だが", "ただ", "また",
                  "さらに", "一方", "なお", "そして"),
    ),
    "korean": _rules(
        "그는 그가 그녀는 그녀가 그들은 그들이 이는 이것은 그것은 이번에",
        "그러나, 하지만, 또한, 한편, 그리고, 따라서, 그러면서, 이에",
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Quotation marks, dashes and brackets before the first word do not change what it leans on.
_LEAD_IN = re.compile(r"^[\s\"“”„«»‘’'「『(\[—–-]+")


def leans_back(sentence: str, language: str) -> bool:
    """True when the sentence opens with a pronoun or connective that refers backwards."""
    rules = RULES.get(language)
    if rules is None:
        return False
    text = _LEAD_IN.sub("", sentence)
    if rules.prefixes and text.startswith(rules.prefixes):
        return True
    words = [w.lower() for w in _WORD.findall(text[:80])]
    if not words:
        return False
    first = re.split(r"['’]", words[0])[0]  # "It's", "C'est"
    if first in rules.pronouns:
        return not (len(words) > 1 and words[1] in rules.time_words)
    head = " ".join(words[:4])
    return any(head == c or head.startswith(c + " ") for c in rules.connectives)


# Marks that only open or only close; "“" closes a German „ and opens elsewhere.
_OPENERS = {"„": "“", "«": "»", "「": "」", "『": "』", "“": "”"}
_CLOSERS = {"”", "»", "」", "』"}


def quote_balance(sentence: str) -> tuple[bool, bool]:
    """(closes a quotation opened before it, opens one it does not close)."""
    stack: list[str] = []
    closes_earlier = False
    for i, char in enumerate(sentence):
        if char == '"':
            before = sentence[i - 1] if i else " "
            after = sentence[i + 1] if i + 1 < len(sentence) else " "
            opening = (before.isspace() or before in "([—–-") and not after.isspace()
            if opening and (not stack or stack[-1] != '"'):
                stack.append('"')
            elif stack and stack[-1] == '"':
                stack.pop()
            else:
                closes_earlier = True
        elif char == "“" and stack and stack[-1] == "„":
            stack.pop()
        elif char in _OPENERS:
            stack.append(char)
        elif char in _CLOSERS:
            if stack and _OPENERS.get(stack[-1]) == char:
                stack.pop()
            else:
                closes_earlier = True
    return closes_earlier, bool(stack)


def quote_states(sentences: Sequence[str], paragraphs: Sequence[int]) -> list[tuple[bool, bool]]:
    """For each sentence: (it continues or closes a quotation opened before it, it leaves one
    open). A paragraph, or a sentence that opens with a quotation mark, starts outside any
    quotation: one that goes on reopens with a new mark, by the usual convention (the sentence
    before still needs it); when the next paragraph opens with no mark, the quotation ended
    with its paragraph (a closing mark forgotten)."""
    states = []
    inside = False
    n = len(sentences)
    for i, sentence in enumerate(sentences):
        closes, opens = quote_balance(sentence)
        if (i and paragraphs[i] != paragraphs[i - 1]) or (_REOPENS.match(sentence) and not closes):
            inside = False  # a new paragraph, or a new mark: the quotation starts afresh
        before = inside or closes
        if closes:
            inside = opens
        elif opens:
            inside = True
        last_of_paragraph = i + 1 < n and paragraphs[i + 1] != paragraphs[i]
        if inside and last_of_paragraph and not _REOPENS.match(sentences[i + 1]):
            inside = False
        states.append((before, inside))
    return states


_REOPENS = re.compile(r"^\s*[\"“„«「『]")


def keep_readable(sentences: Sequence[str], paragraphs: Sequence[int], keep: Sequence[bool],
                  language: str) -> list[bool]:
    """``keep`` less what cannot be read without a sentence that is not kept.

    Out go the rest of a quotation that holds a left-out sentence, a sentence that leans back
    on a left-out one (or on nothing: the article's first sentence), and a sentence that leaves
    a quotation open into a left-out one; and so on, until nothing changes.
    """
    kept = list(keep)
    n = len(sentences)
    states = quote_states(sentences, paragraphs)
    back = [leans_back(s, language) for s in sentences]
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if not kept[i]:
                continue
            in_quote, leaves_open = states[i]
            orphan = (back[i] or in_quote) and (i == 0 or not kept[i - 1])
            if orphan or (leaves_open and (i + 1 >= n or not kept[i + 1])):
                kept[i] = False
                changed = True
    return kept


def reading_units(sentences: Sequence[str], paragraphs: Sequence[int],
                  language: str) -> list[tuple[int, ...] | None]:
    """For each sentence, the sorted indices of the sentences it reads with (itself included).

    ``paragraphs`` gives each sentence's paragraph number. A pronoun or connective needs the
    sentence before it, across paragraphs. Inside a quotation, a sentence needs the one before
    it in its paragraph, and a sentence that leaves a quotation open needs the next one (across
    paragraphs too: a quotation that goes on reopens each paragraph and closes at its end).
    ``None``: no unit of at most ``MAX_UNIT`` sentences reads alone (a first sentence that
    opens with "He", a closing quotation mark that opens a paragraph).
    """
    n = len(sentences)
    states = quote_states(sentences, paragraphs)
    back = [leans_back(s, language) for s in sentences]
    units: list[tuple[int, ...] | None] = []
    for i in range(n):
        unit = {i}
        pending = [i]
        resolvable = True
        while pending and resolvable:
            j = pending.pop()
            in_quote, leaves_open = states[j]
            wanted = []
            if back[j] or in_quote:
                wanted.append(j - 1)
            if leaves_open:
                wanted.append(j + 1)
            for k in wanted:
                if not 0 <= k < n or (k == j - 1 and in_quote and paragraphs[k] != paragraphs[j]):
                    # Nothing before the first sentence or after the last; a closing mark at
                    # a paragraph's start belongs to a quotation we cannot see.
                    resolvable = False
                    break
                if k not in unit:
                    unit.add(k)
                    pending.append(k)
            if len(unit) > MAX_UNIT:
                resolvable = False
        units.append(tuple(sorted(unit)) if resolvable else None)
    return units


def choose_readable(ranked: Iterable[int], count: int,
                    units: Sequence[tuple[int, ...] | None]) -> list[int]:
    """Up to ``count`` sentence indices, best first by ``ranked``, in whole units only.

    A candidate whose unit does not fit the room left is passed over for the next one. Only
    when no whole unit can fill the summary are single sentences taken as they come, so that a
    summary is never shorter than asked because every sentence leans on another.
    """
    order = list(ranked)
    chosen: list[int] = []
    taken: set[int] = set()
    for i in order:
        if len(chosen) >= count:
            break
        unit = units[i]
        if i in taken or unit is None:
            continue
        new = [j for j in unit if j not in taken]
        if len(chosen) + len(new) <= count:
            chosen.extend(new)
            taken.update(new)
    for i in order:
        if len(chosen) >= count:
            break
        if i not in taken:
            chosen.append(i)
            taken.add(i)
    return sorted(chosen)


class ReadableCount:
    """A Sumy sentence count (Sumy accepts a callable) that picks whole reading units.

    Every Sumy summarizer ends with ``_get_best_sentences``, which hands the callable the
    sentence infos best first; their ``order`` is the index in ``document.sentences``.
    """

    def __init__(self, count: int, units: Sequence[tuple[int, ...] | None]) -> None:
        self.count = count
        self.units = units

    def __call__(self, infos: Sequence[Any]) -> list[Any]:
        by_order = {info.order: info for info in infos}
        picked = choose_readable((info.order for info in infos), self.count, self.units)
        return [by_order[i] for i in picked]
