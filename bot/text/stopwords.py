"""Stop words and very common words of every language Sumy summarizes, read from files that
ship with the installed packages (nothing is downloaded), and the language of a text guessed
from them.

- Stop words: Sumy's own list for the language (its ``data/stopwords``) joined with spaCy's
  (``spacy.lang.<code>.stop_words``), which also covers the languages Sumy stems without a
  list (Danish, Dutch, Finnish, Hungarian, Norwegian, Romanian, Russian).
- Common words: jusText's per-language lists of the most frequent words of Wikipedia (it is
  installed with trafilatura). Too general to be a topic on their own ("years", "anos", "city").

Lists are built once per process on first use (the worker builds them for the pages it reads).
"""

from __future__ import annotations

import codecs
import importlib.util
import re
from functools import cache
from importlib import resources
from pathlib import Path

from bot.text.folding import fold

# ISO 639-1 code -> the English name Sumy and jusText file their lists under. These are the
# languages Sumy summarizes (stemmers or tokenizers), plus Norwegian's two written codes.
LANGUAGES: dict[str, str] = {
    "ar": "arabic", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "fi": "finnish", "fr": "french", "he": "hebrew",
    "hu": "hungarian", "it": "italian", "ja": "japanese", "ko": "korean", "nb": "norwegian",
    "nl": "dutch", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sk": "slovak", "sv": "swedish", "th": "thai", "uk": "ukrainian", "zh": "chinese",
}
_ALIASES = {"no": "nb", "nn": "nb", "iw": "he"}
_JUSTEXT_NAMES = {"nb": "Norwegian_Bokmal"}
# Languages written without spaces between words: word-based rules do not apply to them.
UNSPACED = frozenset({"ja", "th", "zh"})

# English words that news uses everywhere and that are never a topic alone: function words,
# reporting verbs, dates and time words (the key phrases' list before the per-language ones).
_ENGLISH_NEWS_TEXT = """
a about above according across after afterwards again against ago ahead all almost alone along
already also although always am among an and another any anyone anything are around as at away
back be became because become becomes been before began begin being below beside besides between
beyond both but by can cannot could day days did do does doing done down during each early
earlier either else enough even ever every everyone everything expected far few first following
for former from further get gets given go going got had has have having he her here hers herself
him himself his how however i if in including instead into is it its itself just last late later
latest least less like likely made main make makes many may me meanwhile might mine more most
mostly much must my myself near nearly need never new next no nobody none nor not nothing now of
off often on once one only onto or other others otherwise our ours ourselves out over own part
per perhaps please put rather really said same say saying says second see seem seemed seems set
several she should show shown since so some someone something sometimes still such take taken
than that the their theirs them themselves then there thereby therefore these they third this
those though three through throughout thus to today together told too took toward towards two
under until up upon us use used very via want was way we week weeks well went were what whatever
when where whether which while who whole whom whose why will with within without would year
years yesterday yet you your yours yourself yourselves monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november december
mr mrs ms dr percent per cent time times added told asked called according statement spokesman
spokeswoman spokesperson news reported report reports reporters people thing things lot lots
around able across want wants wanted think thinks thought know known knows come comes came
"""
ENGLISH_NEWS_STOP_WORDS = frozenset(_ENGLISH_NEWS_TEXT.split())

# NLTK's English stop words: grammatical words only. Sumy's list (580 words) also drops
# reporting verbs, numbers and common nouns ("said", "two", "new", "year"), which tie
# the sentences of one story together.
_ENGLISH_FUNCTION_WORDS_TEXT = """
i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their
theirs themselves what which who whom this that that'll these those am is are was were be been
being have has had having do does did doing a an the and but if or because as until while of at
by for with about against between into through during before after above below to from up down
in out on off over under again further then once here there when where why how all any both
each few more most other some such no nor not only own same so than too very s t can will just
don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't
doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't
needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't
"""
ENGLISH_FUNCTION_WORDS = frozenset(_ENGLISH_FUNCTION_WORDS_TEXT.split())

# Words that are common in English prose and rare in other languages' text. On the extraction
# benchmark (development set, 181 pages) they are at least 15% of the words of nearly every
# English article and at most 8.3% of any other; see ``bot.summarizing.languages``.
ENGLISH_MARKER_WORDS = frozenset({
    "the", "of", "and", "to", "that", "for", "was", "with", "said", "it", "as", "by", "from",
    "he", "she", "has", "have", "are", "were", "his", "her", "their", "this", "will", "not",
    "be", "at", "which", "who"})


def language_code(language: str | None) -> str | None:
    """"pt-BR", "PT" and "pt_br" are "pt"; None when the language is not one of ours."""
    if not language:
        return None
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    code = _ALIASES.get(code, code)
    return code if code in LANGUAGES else None


@cache
def stop_words(language: str | None) -> frozenset[str]:
    """Folded stop words of ``language`` (a code); spaCy's alone for a language Sumy does not
    summarize ("id"), empty for one neither knows."""
    code = language_code(language)
    if code is None:
        other = (language or "").strip().lower()[:2]
        return frozenset(fold(word) for word in _spacy_list(other)) if other.isalpha() \
            else frozenset()
    words = _sumy_list(code) | _spacy_list(code)
    if code == "en":
        words |= ENGLISH_NEWS_STOP_WORDS
    return frozenset(fold(word) for word in words if word)


@cache
def common_words(language: str | None) -> frozenset[str]:
    """Folded words too frequent in ``language`` to be a topic alone (its stop words too)."""
    code = language_code(language)
    if code is None:
        return frozenset()
    name = _JUSTEXT_NAMES.get(code, LANGUAGES[code].capitalize())
    try:
        source = resources.files("justext").joinpath("stoplists", f"{name}.txt")
        words = {fold(line) for line in source.read_text(encoding="utf-8").split("\n")}
    except (ModuleNotFoundError, FileNotFoundError):
        words = set()
    return frozenset(words - {""}) | stop_words(code)


@cache
def summarizer_stop_words(language: str) -> frozenset[str]:
    """The stop words Sumy's summarizers are given for ``language`` (as Sumy names it,
    "english"): Sumy's own list, else spaCy's, else none. Not folded: Sumy compares them
    with its own lower-cased words."""
    code = next((code for code, name in LANGUAGES.items() if name == language), None)
    if code is None:
        return frozenset()
    return frozenset(_sumy_list(code) - {""}) or spacy_stop_words(code)


def is_stop_word(word: str, language: str | None = None) -> bool:
    """A stop word of ``language`` or of English (tags and news mix English in everywhere)."""
    key = fold(word)
    return key in stop_words(language) or key in stop_words("en")



def _sumy_list(code: str) -> set[str]:
    try:
        source = resources.files("sumy").joinpath("data", "stopwords", f"{LANGUAGES[code]}.txt")
        text = source.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return set()
    words = set()
    for entry in text.split():
        # A few of Sumy's entries are written as Python escapes ("n\xe3o") and some keep a
        # trailing comma ("se,").
        word = codecs.decode(entry, "unicode_escape") if "\\x" in entry or "\\u" in entry \
            else entry
        words.add(word.strip(",.;").lower())
    return words


@cache
def spacy_stop_words(code: str) -> frozenset[str]:
    """spaCy's stop-word list for an ISO 639-1 code (lower case), none when it has no list:
    the one place spaCy's lists are read, for summaries, topics and people."""
    return frozenset(_spacy_list(code))


def _spacy_list(code: str) -> set[str]:
    """spaCy's ``lang/<code>/stop_words.py``, run alone: importing the language package
    would build its tokenizer exceptions (seconds for French) that nothing here needs."""
    spacy = importlib.util.find_spec("spacy")
    folders = list(spacy.submodule_search_locations or []) if spacy else []
    for folder in folders:
        path = Path(folder) / "lang" / code / "stop_words.py"
        if not path.is_file():
            continue
        spec = importlib.util.spec_from_file_location(f"_newsbot_stop_words_{code}", path)
        if spec is None or spec.loader is None:
            return set()
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return {str(word).lower() for word in getattr(module, "STOP_WORDS", ())}
    return set()
