"""An article's tags: the page's own, made readable, merged, ranked by the article and capped.

``choose_tags`` runs ``readable_tag`` on each tag, then uses the article to decide what the
tag alone cannot say: an all-caps word the text never writes is a ticker or a desk code
("MSFT", "PERSON"); a lowercase tag the text capitalises is a name ("adam neumann"); a slug
is words ("doobie-brothers"); the site's own name is not a topic. Near-duplicates are merged
("EA" and "Electronic Arts", "Donald J. Trump" and "Donald Trump", "ios9" and "ios 9"), and
the tags are ordered by where the article uses them (title, then how often in the text, then
the page's order) and cut to ``MAX_TAGS``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.extraction.tag_rules import readable_tag
from bot.text.folding import fold
from bot.text.stopwords import is_stop_word
from bot.text.topic_keys import topic_key

MAX_TAGS = 8
# Tags read per page, in the page's order: enough for any real page (the longest seen lists
# 86), and a page with thousands cannot make merging (pairwise) slow.
MAX_CONSIDERED = 100
_OCCURRENCES_COUNTED = 3
_CAPS_WORD = re.compile(r"^[^\W\d_]{2,}$")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|\n\s*|[\"“«]\s*)$")


@dataclass(slots=True)
class _Candidate:
    name: str
    index: int
    in_title: bool
    count: int

    @property
    def in_text(self) -> bool:
        return self.in_title or self.count > 0

    @property
    def score(self) -> int:
        return (3 if self.in_title else 0) + min(self.count, _OCCURRENCES_COUNTED)


def choose_tags(tags: Sequence[str], *, text: str, title: str | None = None,
                language: str | None = None, site_name: str | None = None,
                url: str | None = None, limit: int = MAX_TAGS) -> tuple[str, ...]:
    """The article's readable tags, best first, at most ``limit``."""
    article = _Article(text, title or "")
    own_names = _site_names(site_name, url)
    candidates: list[_Candidate] = []
    for index, tag in enumerate(_uninverted_pairs(tags[:MAX_CONSIDERED], article)):
        name = readable_tag(tag, language)
        name = _in_context(name, article, language) if name else None
        if not name or _squashed(name) in own_names or article.is_headline(name):
            continue
        candidate = _Candidate(name, index, article.in_title(name), article.count(name))
        if candidate.in_text or not _needs_the_article(name, language):
            candidates.append(candidate)
    chosen = _merged(candidates, article)
    chosen.sort(key=lambda candidate: (-candidate.score, candidate.index))
    return tuple(candidate.name for candidate in chosen[:limit])


_PAIR = re.compile(r"^(?P<surname>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?), "
                   r"(?P<given>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)$")


def _uninverted_pairs(tags: Sequence[str], article: _Article) -> list[str]:
    """"Bevin, Matthew" is the person "Matthew Bevin" when the text names someone Bevin
    in full ("Matt Bevin"); "Elections, Governors" is two tags."""
    result: list[str] = []
    for tag in tags:
        pair = _PAIR.match(tag.strip())
        if pair is None:
            result.append(tag)
        elif article.has_full_name(pair["surname"]):
            result.append(f"{pair['given']} {pair['surname']}")
        else:
            result.extend((pair["surname"], pair["given"]))
    return result


def _is_person_shaped(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words) and all(
        not word.isupper() or len(word.rstrip(".")) == 1 for word in words)


def _needs_the_article(name: str, language: str | None) -> bool:
    """Tags that are topics only if the article uses them: a phrase opening with a function
    word ("No Autolink") and a long run-together lowercase token ("videoarticle")."""
    words = name.split()
    if is_stop_word(words[0], language):
        return True
    return len(words) == 1 and name.isalpha() and name == name.lower() and len(name) >= 10


class _Article:
    def __init__(self, text: str, title: str) -> None:
        self.text = text
        self.title = title
        self._folded_text = fold(text)
        self._folded_title = fold(title)

    def exact_count(self, name: str) -> int:
        return len(_phrase(name).findall(self._folded_text))

    def count(self, name: str) -> int:
        found = self.exact_count(name)
        if not found and _is_person_shaped(name):  # "Donald J. Trump" is "Trump" in the text
            found = len(_phrase(name.rsplit(maxsplit=1)[-1]).findall(self._folded_text))
        return found

    def in_title(self, name: str) -> bool:
        return bool(_phrase(name).search(self._folded_title))

    def is_headline(self, name: str) -> bool:
        """The page's title (or most of it) given as a tag."""
        key, title = fold(name), self._folded_title
        return len(key) >= 12 and key in title and len(key) >= 0.7 * len(title)

    def has_full_name(self, surname: str) -> bool:
        pattern = re.compile(rf"(?<!\w)[A-Z][\w'’.-]+ {re.escape(surname)}(?!\w)")
        return bool(pattern.search(self.text) or pattern.search(self.title))

    def has_exact_word(self, word: str) -> bool:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        return bool(pattern.search(self.text) or pattern.search(self.title))

    def written_forms(self, name: str) -> Counter[str]:
        """How the text writes ``name`` (any case) mid-sentence, where case means something."""
        words = [re.escape(word) for word in name.split()]
        pattern = re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", re.IGNORECASE)
        forms: Counter[str] = Counter()
        for source in (self.text, self.title):
            for match in pattern.finditer(source):
                form = match.group(0)
                # A sentence's first word is capitalised anyway; "Anna Berg" there still
                # shows its second capital.
                if not _SENTENCE_START.search(source[max(0, match.start() - 3):match.start()]) \
                        or any(char.isupper() for char in form[1:]):
                    forms[form] += 1
        return forms


def _phrase(name: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in re.findall(r"\w+", fold(name))]
    return re.compile(r"(?<!\w)" + r"[\s\-'’.]*".join(words) + r"(?:e?s)?(?!\w)")


def _in_context(name: str, article: _Article, language: str | None) -> str | None:
    words = name.split()
    caps = [_is_caps(word) for word in words]
    if all(caps):
        return _all_caps(name, article)
    if any(caps):
        # "Mark Esper GOVERNMENT FIGURE", "PRIME Toyota": codes the text never writes.
        kept = [word for word, is_caps in zip(words, caps, strict=True)
                if not is_caps or article.has_exact_word(word)]
        if not kept or all(is_stop_word(word, language) for word in kept):
            return None
        name = " ".join(kept)
    if name == name.lower():
        name = _as_written(_unslugged(name, article), article)
    return name


def _is_caps(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "").replace("'", "")
    return bool(_CAPS_WORD.match(letters)) and letters.isupper()


def _all_caps(name: str, article: _Article) -> str | None:
    """An acronym the article uses stays; a shouted name the article writes in its own case
    is written so; a code or ticker the article never writes ("MSFT", "PERSON") goes."""
    titled = " ".join(word.capitalize() for word in name.split())
    forms = article.written_forms(name)
    natural = [form for form in forms if not form.isupper()]
    if natural:
        return max(natural, key=lambda form: forms[form])
    if all(article.has_exact_word(word) for word in name.split()):
        short = all(len(word) <= 5 for word in name.split())
        return name if short else titled  # "NATO" stays; a dateline's "HANOI" is "Hanoi"
    return None


def _unslugged(name: str, article: _Article) -> str:
    """"doobie-brothers" is "doobie brothers"; "mosquito-borne" stays when the text writes so."""
    if " " in name or "-" not in name:
        return name
    spaced = name.replace("-", " ")
    return name if article.written_forms(name) else spaced


def _as_written(name: str, article: _Article) -> str:
    """A lowercase tag the text writes capitalised is a name: "adam neumann" is "Adam Neumann"."""
    forms = article.written_forms(name)
    if not forms:
        return name
    best = max(forms, key=lambda form: (forms[form], form != form.lower()))
    if best == best.lower():
        return name
    return re.sub(r"\s+", " ", best)


def _site_names(site_name: str | None, url: str | None) -> set[str]:
    """The site's own names: "The Verge", "theverge", "TechCrunch" and its initials "tc"."""
    names: set[str] = set()
    if site_name:
        names.add(_squashed(site_name))
        words = re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])", site_name)
        if len(words) >= 2:
            names.add("".join(word[0] for word in words).lower())
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in {"www", "m", "amp"}]
    if len(labels) >= 2:
        names.add(labels[-2])
    return names - {""}


def _squashed(name: str) -> str:
    return re.sub(r"\W+", "", fold(name))


def _merged(candidates: Iterable[_Candidate], article: _Article) -> list[_Candidate]:
    """One candidate per topic: case, plural, spacing, initials, acronym and affix variants
    of one tag become its best-placed form."""
    kept: list[_Candidate] = []
    for candidate in candidates:
        twin = next((other for other in kept if _same_topic(candidate, other)), None)
        if twin is None:
            kept.append(candidate)
        elif _better(candidate, twin, article):
            kept[kept.index(twin)] = _Candidate(candidate.name, min(candidate.index, twin.index),
                                                candidate.in_title or twin.in_title,
                                                max(candidate.count, twin.count))
        else:
            twin.index = min(candidate.index, twin.index)
            twin.in_title = twin.in_title or candidate.in_title
            twin.count = max(candidate.count, twin.count)
    return [candidate for candidate in kept
            if not any(_extends(candidate, other) for other in kept)]


def _better(candidate: _Candidate, twin: _Candidate, article: _Article) -> bool:
    """Which spelling of one topic to show: the one the article writes, then a full name
    over its initials, then the shorter ("Donald Trump" over "Donald J. Trump")."""
    if candidate.in_text != twin.in_text:
        return candidate.in_text
    if _is_person_shaped(candidate.name) != _is_person_shaped(twin.name):
        return _is_person_shaped(candidate.name)  # "Anna Berg" over her surname alone
    exact, twin_exact = article.exact_count(candidate.name), article.exact_count(twin.name)
    if exact != twin_exact:
        return exact > twin_exact
    if _is_initialism(candidate.name) != _is_initialism(twin.name):
        return _is_initialism(twin.name)
    return len(candidate.name) < len(twin.name)


def _same_topic(first: _Candidate, second: _Candidate) -> bool:
    a, b = first.name, second.name
    if _merge_key(a) == _merge_key(b):
        return True
    if _abbreviates(a, b) or _abbreviates(b, a):
        return True
    return _same_person(a, b) or _same_person(b, a)


def _abbreviates(short: str, long: str) -> bool:
    """"EA" for "Electronic Arts", "eee" for "eastern equine encephalitis"."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha()) or " " in short:
        return False
    if not (letters.isupper() or letters.islower()) or len(long.split()) < 2:
        return False
    return _initials(long) == letters.lower()


def _extends(longer: _Candidate, shorter: _Candidate) -> bool:
    """``longer`` is ``shorter`` with words before or after it and the article never uses it:
    "trump impeachment" beside "impeachment", "stock car interlagos" beside "stock car"."""
    if longer.in_text or longer is shorter:
        return False
    long_words, short_words = topic_key(longer.name).split(), topic_key(shorter.name).split()
    size = len(short_words)
    if not 0 < size < len(long_words):
        return False
    return long_words[:size] == short_words or long_words[-size:] == short_words


def _merge_key(name: str) -> str:
    words = topic_key(name).replace("-", " ").split()
    words = [word for word in words if len(word) > 1 or word.isdigit()]  # middle initials
    if words and words[0] == "the":
        words = words[1:]
    return "".join(words)


def _is_initialism(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _initials(name: str) -> str:
    parts = [part for part in re.split(r"[\s\-]+", name) if part]
    return "".join(part[0] for part in parts
                   if part[0].isalnum() and not is_stop_word(part)).lower()


def _same_person(a: str, b: str) -> bool:
    """"Andrew G. Beshear" and "Andy Beshear": two to four capitalised words each, the same
    surname and the same first initial (one article's tags rarely hold two such people);
    "Bevin" beside "Matt Bevin" is that person's surname."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) == 1 and _is_person_shaped(b):
        return fold(a) == fold(words_b[-1])
    if not (2 <= len(words_a) <= 4 and 2 <= len(words_b) <= 4):
        return False
    if not all(word[0].isupper() for word in (*words_a, *words_b)):
        return False
    return (fold(words_a[-1]) == fold(words_b[-1]) and words_a[0][0] == words_b[0][0]
            and a != b)
