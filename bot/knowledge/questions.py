"""What a question asks for: the kind of answer it expects and the words that carry it.

"Who ...?" expects a person or an organisation, "when" a date, "where" a place, "how
many/how much" a number or an amount, and "what/which + noun" that noun's kind ("which
team" an organisation, "what city" a place, "what year" a date). Questions whose answer is
a clause ("what did she say", "why") expect no particular kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.answer_types import (
    DATE,
    GROUP,
    MONEY,
    NAME,
    NUMBER,
    ORGANISATION,
    PERCENT,
    PERSON,
    PLACE,
)
from bot.knowledge.synonyms import join_initials, phrases, synonyms_of
from bot.text.folding import fold
from bot.text.stopwords import ENGLISH_NEWS_STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
WH_WORDS = frozenset({"who", "whom", "whose", "what", "which", "when", "where", "why", "how"})
QUESTION_WORDS = WH_WORDS | frozenset({
    "is", "are", "was", "were", "did", "does", "do", "tell", "about", "know", "anything",
    "much", "many", "name", "named", "called", "kind", "type"})
_AUXILIARIES = frozenset({"is", "are", "was", "were", "did", "does", "do", "has", "have", "had",
                          "will", "would", "can", "could", "should", "may", "might", "must"})

# The noun after "what"/"which" names the kind of answer.
_NOUN_KINDS: dict[str, frozenset[str]] = {}


def _nouns(kinds: frozenset[str], words: str) -> None:
    for word in words.split():
        _NOUN_KINDS[word] = kinds


_nouns(frozenset({PLACE}),
       "country countries city cities state states town towns nation province region "
       "continent county village island islands capital area place location neighborhood "
       "neighbourhood street district park airport hospital prison border sea river lake "
       "mountain hotel stadium base camp building site")
_nouns(frozenset({ORGANISATION}),
       "company companies organization organisation organizations group groups team teams "
       "club clubs agency agencies party network channel newspaper paper magazine "
       "university college school band airline firm bank charity court department ministry "
       "league network station union army militia government carrier brand website "
       "manufacturer retailer studio label")
_nouns(frozenset({PERSON}),
       "man men woman women person people player players actor actress official officials "
       "leader president singer star boy girl son daughter wife husband mother father "
       "brother sister doctor officer journalist reporter judge coach candidate senator "
       "governor minister king queen prince princess rapper artist author writer director "
       "suspect victim child baby teen teenager spokesman spokeswoman celebrity musician "
       "footballer driver pilot soldier captain manager owner founder chief ceo lawyer "
       "attorney general commander striker goalkeeper midfielder defender quarterback "
       "pitcher boxer golfer cyclist activist politician lawmaker legislator dictator "
       "explorer scientist researcher student teacher nurse worker farmer hostage prisoner "
       "inmate gunman shooter killer bomber attacker hijacker mayor ambassador diplomat "
       "envoy monarch emperor pope bishop priest cleric imam rabbi chef designer model "
       "comedian host anchor entrepreneur billionaire")
_nouns(frozenset({DATE}), "year years day days month months date time decade century season "
                          "age era hour")
_nouns(frozenset({NUMBER, PERCENT, MONEY}), "number percentage percent rate amount total")
_nouns(frozenset({MONEY}), "price cost sum salary fine ransom fee budget bail reward "
                           "money value")
_nouns(frozenset({GROUP}), "nationality religion ethnicity faith")
_nouns(frozenset({NAME}), "language event film movie book song album show program "
                          "programme law")

_HOW: dict[str, frozenset[str]] = {
    "many": frozenset({NUMBER}), "much": frozenset({NUMBER, MONEY, PERCENT}),
    "old": frozenset({NUMBER, DATE}), "long": frozenset({DATE, NUMBER}),
    "far": frozenset({NUMBER}), "often": frozenset({DATE, NUMBER}),
    "big": frozenset({NUMBER}), "large": frozenset({NUMBER}), "tall": frozenset({NUMBER}),
    "high": frozenset({NUMBER}), "soon": frozenset({DATE}),
}


# Stop words that are also the short forms of countries and bodies ("U.S." folds to "us").
_KEPT_SHORT_FORMS = frozenset({"us", "uk", "un", "eu"})


def is_content_word(word: str) -> bool:
    """A folded word that carries meaning in a question or a sentence."""
    return word in _KEPT_SHORT_FORMS or (word not in ENGLISH_NEWS_STOP_WORDS and len(word) > 1)


@dataclass(frozen=True, slots=True)
class QuestionAnalysis:
    text: str
    wh: str  # the question word: "who", "how many", "what", or "" when there is none
    expected: frozenset[str]  # answer kinds (answer_types); empty: any answer
    terms: tuple[str, ...]  # folded content words, dotted initials joined ("us")
    # Each term's other forms (synonyms and abbreviations), single words or phrases.
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def words(self) -> frozenset[str]:
        """Every folded word of the question (what an answer must add to)."""
        return frozenset(_WORD.findall(join_initials(fold(self.text))))


def analyse(question: str) -> QuestionAnalysis:
    folded = join_initials(fold(question))
    words = _WORD.findall(folded)
    wh, expected = _expected(words, folded)
    terms = [word for word in words if is_content_word(word) and word not in QUESTION_WORDS]
    terms = list(dict.fromkeys(terms))
    alternatives = []
    for term in terms:
        others = synonyms_of(term)
        if others:
            alternatives.append((term, others))
    for phrase in phrases():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            alternatives.append((phrase, synonyms_of(phrase)))
    return QuestionAnalysis(question, wh, expected, tuple(terms), tuple(alternatives))


def _expected(words: list[str], folded: str) -> tuple[str, frozenset[str]]:
    for index, word in enumerate(words):
        if word not in WH_WORDS:
            continue
        after = words[index + 1:]
        if word in {"who", "whom"}:
            return word, frozenset({PERSON, ORGANISATION, GROUP})
        if word == "whose":
            return word, frozenset({PERSON})
        if word == "when":
            return word, frozenset({DATE})
        if word == "where":
            return word, frozenset({PLACE})
        if word == "why":
            return word, frozenset()
        if word == "how":
            kind = _HOW.get(after[0]) if after else None
            return (f"how {after[0]}", kind) if kind else ("how", frozenset())
        return word, _noun_kind(after, folded)
    return "", frozenset()


def _noun_kind(after: list[str], folded: str) -> frozenset[str]:
    """Kind named by the noun after what/which: "which team", "what is the name of ..."."""
    if " name" in f" {folded}" and re.search(r"\bname(?:s|d)?\b", folded):
        return frozenset({PERSON, ORGANISATION, PLACE, NAME})
    for word in after[:4]:  # "which Egyptian striker": the first word with a kind
        if word in _AUXILIARIES:
            return frozenset()
        kind = _NOUN_KINDS.get(word) or _NOUN_KINDS.get(word.removesuffix("s"))
        if kind:
            return kind
        if len(word) > 5 and word.endswith(("ist", "ists")):  # "which novelist", "cellist"
            return frozenset({PERSON})
    return frozenset()
