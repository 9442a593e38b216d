"""Which language a text is in, and what the summarizer has for it.

A language is named as Sumy names it ("english", "german") when the bot has more than the
basics for it, else by its ISO 639-1 code ("tr"). The page's declared language is trusted
unless the text's script contradicts it; without one, py3langid (offline, its model ships in
the package, loaded once per worker on first use) decides from the text.

What each language gets (see docs/summaries.md):

* *Sumy*: Sumy's stemmer and stop words (``SUMY``).
* *stemmed*: Sumy's (NLTK Snowball) stemmer and spaCy's stop-word list (``SNOWBALL_ONLY``).
* *segmented*: Chinese, Japanese and Thai, written without spaces between words: sentences
  end at 。！？ (Thai: at spaces), words are character pairs (``SEGMENTED``).
* *basic*: any other language: sentences by the offline splitter, no stemming, spaCy's stop
  words when spaCy has a list.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from bot.errors import InvalidOptionError
from bot.text.stopwords import ENGLISH_MARKER_WORDS

ENGLISH = "english"

# ISO 639-1 code -> Sumy's name, for the languages Sumy stems and has stop words for.
SUMY: dict[str, str] = {
    "ar": "arabic", "cs": "czech", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fr": "french", "he": "hebrew", "it": "italian", "ko": "korean",
    "pl": "polish", "pt": "portuguese", "sk": "slovak", "sv": "swedish", "uk": "ukrainian",
}
# Sumy stems these (NLTK's Snowball stemmers) but has no stop words: spaCy's lists are used.
SNOWBALL_ONLY: dict[str, str] = {
    "da": "danish", "fi": "finnish", "hu": "hungarian", "nl": "dutch", "no": "norwegian",
    "ro": "romanian", "ru": "russian",
}
# Written without spaces between words: segmented by bot.summarizing.tokenizer.
SEGMENTED: dict[str, str] = {"ja": "japanese", "th": "thai", "zh": "chinese"}

NAMES: dict[str, str] = {**SUMY, **SNOWBALL_ONLY, **SEGMENTED}
CODES: dict[str, str] = {name: code for code, name in NAMES.items()}
# Codes that name the same language as one above.
_ALIASES = {"iw": "he", "nb": "no", "nn": "no", "jp": "ja"}
# spaCy's stop-word modules are named by code; Norwegian's is Bokmål's.

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")
_SAMPLE = 3000  # characters the detector reads: enough to be sure, and fast
# Over a declared language, the detector wins only on this much text and at this confidence.
_SURE_LENGTH = 300
_SURE = 0.99


def check_language(language: str) -> str:
    """The language key for a name ("German") or code ("de", "pt-BR"); raises
    ``InvalidOptionError`` for anything else."""
    key = language.strip().lower()
    if key in CODES:
        return key
    match = _CODE.match(key)
    if not match:
        raise InvalidOptionError(
            f"language {language!r} is not supported (give a language's name, such as "
            "'german', or its ISO 639-1 code, such as 'de')"
        )
    code = _ALIASES.get(match.group(1), match.group(1))
    return NAMES.get(code, code)


def code_of(language: str) -> str:
    """The ISO 639-1 code of a language key: "german" is "de"; a code stays itself."""
    return CODES.get(language, language)


def language_of(text: str, declared: str | None = None) -> str:
    """The language key for an article: its declared language (a code or name), unless it is
    missing or unusable, or the text says otherwise (it is mostly in another script, or the
    detector is all but certain of another language); then the language detected."""
    sample = text[:_SAMPLE]
    key = None
    if declared:
        try:
            key = check_language(declared)
        except InvalidOptionError:
            key = None
    if key is None or not _script_fits(key, sample):
        return detect(sample)
    if len(sample) < _SURE_LENGTH:
        return key
    # Templates declare the site's language on every page: on the extraction benchmark, 4
    # of 181 pages declare English or German and are written in the other.
    detected, confidence = _classify(sample)
    return detected if detected != key and confidence >= _SURE else key


def detect(text: str) -> str:
    """The language key py3langid finds for the text (English when there is nothing to read)."""
    return _classify(text[:_SAMPLE])[0]


def _classify(sample: str) -> tuple[str, float]:
    if not any(ch.isalpha() for ch in sample):
        return ENGLISH, 0.0
    if _reads_as_english(sample):
        return ENGLISH, 1.0  # without loading the model (half a second per worker)
    code, confidence = _identifier().classify(sample)
    return check_language(code), float(confidence)


_ENGLISH_SHARE = 0.2
_MIN_WORDS = 30
_LETTERS = re.compile(r"[^\W\d_]+")


def _reads_as_english(sample: str) -> bool:
    """True when English function words are so frequent that the text can only be English."""
    words = _LETTERS.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return False
    return sum(word in ENGLISH_MARKER_WORDS for word in words) >= _ENGLISH_SHARE * len(words)


@functools.cache
def _identifier() -> Any:
    # Imported and loaded once per worker, on first use (about 2 s).
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def is_supported(language: str) -> bool:
    """True for the languages with more than the basics (a stemmer or a segmenter)."""
    return language in CODES


def _script_fits(language: str, sample: str) -> bool:
    """False when the text is mostly in a script the declared language is not written in
    (a page declared English whose article is Chinese)."""
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 20:
        return True
    east_asian = sum(1 for ch in letters if _is_east_asian(ch)) / len(letters)
    if language in ("chinese", "japanese", "korean"):
        return east_asian > 0.3
    thai = sum(1 for ch in letters if "\u0e00" <= ch <= "\u0e7f") / len(letters)
    if language == "thai":
        return thai > 0.3
    return east_asian < 0.3 and thai < 0.3


def _is_east_asian(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
