"""Line-level clean-up of the text trafilatura extracts.

Trafilatura keeps some boilerplate that sits inside the article container: the headline and
standfirst repeated above the body, "Read more:"/"Related:" teasers, share and newsletter
prompts, contributor credits, copyright and cookie lines. These rules are generic (no site is
named) and deliberately conservative: a rule only drops short lines that match a boilerplate
phrase where that furniture sits (a label opening the line, a line that is only the label), so
a real paragraph that merely mentions a newsletter survives. English phrases are written here;
those of the other supported languages are in ``bot.extraction.phrases``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.extraction import phrases

_WORD_RE = re.compile(r"\w+")
# Scripts written without spaces: a run of them is many words, counted as one per two
# characters (a Chinese word is one to two characters long).
_UNSPACED_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# Lines this long are treated as real paragraphs by the phrase rules below.
_SHORT_WORDS = 40
# A newsletter prompt recognised by words anywhere in it ("... our newsletter ... sign up") is a
# sentence or two; a longer line that mentions a newsletter is reporting.
_PROMPT_WORDS = 30
# Headline/standfirst/date lines above the body have no closing punctuation and are short.
_HEADER_WORDS = 30
_HEADER_LINES = 3
_SENTENCE_END = tuple(".!?…:;\"'”’»)]。！？」』）")
# A date or time: "Nov. 20, 2019", "2019-11-20", "11:28 AMT", "5 min read".
_DATELINE_RE = re.compile(
    r"\b(1[89]|20)\d\d\b|\b\d{1,2}[:h]\d\d\b|\b\d+ ?min(ute)?s?\b", re.IGNORECASE
)

# A teaser or list heading: the line itself goes, and so do the short list items under it.
_LIST_HEADING_RE = re.compile(
    r"^\W*(related( (stories|articles|posts|content|coverage|links|reading))?|"
    r"(read|see|watch) (more|also|next)|more( stories| on this( story)?| from [\w .'’-]+)?|"
    r"also( read| see)?|recommended( for you| stories)?|you (may|might) also like|"
    r"(most|more) (read|popular|viewed|shared)( [\w .'’-]+)?|don['’]t miss|trending( now)?|"
    r"top stories|popular( now)?|in case you missed it|further reading|keep reading|"
    + phrases.alternation(phrases.TEASER_LABELS) + r")\W*$",
    re.IGNORECASE,
)
# A one-line teaser: "Related: Headline", "READ MORE: Headline", "Also on example.com Headline".
_TEASER_RE = re.compile(
    r"^\W*(related( (post|story|article|content|coverage))?|(read|see|watch) (more|also)|"
    r"more|also( read| see)?|also on [\w.-]+|recommended|most read|"
    + phrases.alternation(phrases.TEASER_LABELS) + r")(?!\w)\s*[:|\-–—»›]",
    re.IGNORECASE,
)
_ALSO_ON_RE = re.compile(r"^\W*also on [\w-]+\.[a-z]{2,}\b", re.IGNORECASE)
# Share, follow, subscribe and comment prompts.
_PROMPT_RE = re.compile(
    r"^\W*(share (this|on|it|the)|like this (story|article)|follow (us|me|him|her|them|the)?\b|"
    r"subscribe\b|sign up\b|get (the latest|our|access|the day)|join (us|our|the conversation)|"
    r"click (here|to)|tap here|download (our|the app)|listen( to| on|:)|"
    r"(tell us|let us know) what you think|leave a (comment|reply)|add a comment|"
    r"comments?$|\d+ comments?$|have a (news )?tip|email \w+( \w+)? at\b|"
    r"reach (the|him|her|them|\w+) (reporters?|at|on)\b|if you (enjoyed|liked) this|"
    r"(get|download|install) the [\w .'’-]{1,30} app\b|"
    r"(" + phrases.alternation(phrases.PROMPTS) + r")(?!\w))",
    re.IGNORECASE,
)
_PROMPT_ANYWHERE_RE = re.compile(
    r"(newsletters?\b.{0,60}\b(inbox|sign up|subscribe)|(sign up|subscribe)\b.{0,60}"
    r"\bnewsletters?|share (this|it) (story|article|post)? ?(with|on)\b|"
    r"follow [^.]{0,60}\bon (twitter|facebook|instagram|linkedin|youtube)\b|"
    r"@\w+ on twitter)",
    re.IGNORECASE,
)
_NEWSLETTER_RE = re.compile(
    r"newsletter\w*\b.{0,80}(" + phrases.alternation(phrases.NEWSLETTER) + r")|"
    r"(" + phrases.alternation(phrases.NEWSLETTER) + r").{0,80}\bnewsletter",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"(^\W*(additional )?(reporting|writing|editing) by\b|contributed (to )?(this )?"
    r"(report|reporting|story|article)\b|^\W*source: |^\W*filed under\b|^\W*posted in\b|"
    r"^\W*(tags?|categories|category|topics?)\s*[:|]?\s*$|^\W*(tags?|categories|topics?)\s*:)",
    re.IGNORECASE,
)
_COPYRIGHT_RE = re.compile(
    r"(©|\(c\)\s*\d{4}|\bcopyright\b|this (copy|material) (is|may)\b|"
    + phrases.alternation(phrases.COPYRIGHT) + ")",
    re.IGNORECASE,
)
# "cookie" is the word in every supported language (Polish adds "ciasteczka"); the words around
# it say that the line asks for consent.
_COOKIE_WORD = r"(cookies?|ciasteczk\w*|pliki? cookie)"
_CONSENT_WORDS = (
    r"(use|accept|consent|agree|policy|browsing|settings|experience|"
    r"verwende\w*|nutze\w*|akzeptier\w*|zustimm\w*|einwillig\w*|datenschutz\w*|"
    r"utiliza\w*|usamos|acepta\w*|consentimiento|política|configuración|"
    r"utilis\w*|accept\w*|consentement|politique|paramètres|"
    r"utilizz\w*|accett\w*|consenso|informativa|impostazioni|"
    r"usa\w*|aceit\w*|concord\w*|privacidade|definições|"
    r"gebruik\w*|accepte\w*|toestemming|akkoord|instellingen|"
    r"używa\w*|akceptu\w*|zgod\w*|polityk\w*|ustawie\w*)"
)
_COOKIE_RE = re.compile(
    r"\b" + _COOKIE_WORD + r"\b.{0,120}\b" + _CONSENT_WORDS
    + r"|\b" + _CONSENT_WORDS + r"\b.{0,120}\b" + _COOKIE_WORD + r"\b",
    re.IGNORECASE,
)
_COOKIE_WORD_RE = re.compile(r"\b" + _COOKIE_WORD + r"\b", re.IGNORECASE)
# A cookie policy's paragraphs are long; one that names cookies this often is about nothing else.
_COOKIE_POLICY_WORDS = 150
_COOKIE_MENTIONS = 3
_CAPTION_RE = re.compile(
    r"^\W*(photo|image|picture|video|credit|photograph|illustration)s?( credit)?\s*(:|by\b)"
    r"|^\W*(foto|fotos|bild|bilder|imagen|imágenes|crédits?|fotografia|immagine|zdjęcie|"
    r"fot\.|grafik|vídeo|credito)\s*:"
    r"|\((photo|image|credit|foto|bild|fot\.)s?:?[^)]*\)\s*$"
    r"|\b(getty images|shutterstock|associated press|afp|dpa|reuters|efe|ansa|pap|anp|lusa)"
    r"\s*\)?\s*$",
    re.IGNORECASE,
)
# Ad slots and page furniture that scraped text keeps as lines of their own.
_FURNITURE_RE = re.compile(
    r"^\W*((the )?(story|article) continues (below|after)( this| the)?"
    r"( ad| advert| advertisement)?|"
    r"see all\b.*|load more|show more|skip to (main )?content|"
    + phrases.alternation(phrases.AD_LABELS) + r")\W*$",
    re.IGNORECASE,
)
_LINK_HEADLINE_WORDS = 3
# An excerpt ends mid-sentence: a word, a space or not, then an ellipsis ("... um plano para …").
_CUT_OFF_RE = re.compile(r"\w\s?(…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
_EXCERPT_WORDS = 40
_EXCERPTS = 2
_ADDRESS_RE = re.compile(r"https?://|www\.|\S@\S")
_CLICK_TO_TWEET_RE = re.compile(r"\s*click to tweet\s*$", re.IGNORECASE)


def clean_lines(
    text: str, titles: Iterable[str | None] = (), description: str | None = None,
    link_texts: Iterable[str] = (),
) -> list[str]:
    """The body's paragraphs with boilerplate lines removed, in order.

    ``link_texts`` are the texts of the page's links: lines that are nothing but links, one
    after another, are a list of teasers in any language.
    """
    lines = [_normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_keys = {key for key in (_key(title) for title in titles if title) if key}
    lines = _drop_header(lines, title_keys, description)
    lines = _drop_link_runs(lines, {key for key in map(_key, link_texts) if key})
    lines = _drop_excerpts(lines)
    kept: list[str] = []
    skipping_list = False
    for line in lines:
        words = word_count(line)
        if skipping_list:
            # Items under a teaser heading are short headlines without closing punctuation.
            if words <= 20 and not line.endswith((".", "!", "?")):
                continue
            skipping_list = False
        if _LIST_HEADING_RE.match(line):
            skipping_list = True
            continue
        if words == 0 or _is_boilerplate(line, words) or _key(line) in title_keys:
            continue
        kept.append(line)
    return kept


def _drop_link_runs(lines: list[str], link_keys: set[str]) -> list[str]:
    """Drop runs of two or more lines that are each the whole text of a link (teasers)."""
    if not link_keys:
        return lines
    teaser = [_is_link_headline(line, link_keys) for line in lines]
    kept = []
    for index, line in enumerate(lines):
        in_run = teaser[index] and (
            (index > 0 and teaser[index - 1]) or (index + 1 < len(lines) and teaser[index + 1]))
        if not in_run:
            kept.append(line)
    return kept


def _drop_excerpts(lines: list[str]) -> list[str]:
    """Drop the excerpts of other stories: long paragraphs cut off with an ellipsis, when there
    are several of them (one alone may be the writer's own trailing thought)."""
    excerpts = [word_count(line) >= _EXCERPT_WORDS and bool(_CUT_OFF_RE.search(line))
                for line in lines]
    if sum(excerpts) < _EXCERPTS:
        return lines
    return [line for line, excerpt in zip(lines, excerpts, strict=True) if not excerpt]


def _is_link_headline(line: str, link_keys: set[str]) -> bool:
    # A headline has a few words; a bare address or a product name in a list is content.
    key = _key(line)
    return (key in link_keys and len(key.split()) >= _LINK_HEADLINE_WORDS
            and not _ADDRESS_RE.search(line))


def word_count(text: str) -> int:
    """Number of words in ``text``: ``\\w+`` runs, and for scripts written without spaces
    (Chinese, Japanese, Thai) one word per two characters."""
    runs = _WORD_RE.findall(text)
    unspaced = len(_UNSPACED_RE.findall(text))
    if not unspaced:
        return len(runs)
    spaced = sum(1 for run in runs if not _UNSPACED_RE.search(run))
    return spaced + (unspaced + 1) // 2


def _is_boilerplate(line: str, words: int) -> bool:
    if words > _SHORT_WORDS:
        # Long lines are prose; only a cookie banner or policy is long and still boilerplate.
        if not _COOKIE_RE.search(line):
            return False
        if words < 80 and _COOKIE_WORD_RE.search(line[:200]):
            return True
        return words < _COOKIE_POLICY_WORDS and len(
            _COOKIE_WORD_RE.findall(line)) >= _COOKIE_MENTIONS
    return bool(
        _TEASER_RE.match(line)
        or _ALSO_ON_RE.match(line)
        or _PROMPT_RE.match(line)
        or _PROMPT_ANYWHERE_RE.search(line)
        or (words <= _PROMPT_WORDS and _NEWSLETTER_RE.search(line))
        or _CREDIT_RE.search(line)
        or _COPYRIGHT_RE.search(line)
        or _COOKIE_RE.search(line)
        or _CAPTION_RE.search(line)
        or _FURNITURE_RE.match(line)
    )


def _drop_header(lines: list[str], title_keys: set[str], description: str | None) -> list[str]:
    """Drop the headline, standfirst, byline and date lines repeated above the body.

    Only lines without closing punctuation qualify, and each needs positive evidence (the
    title, the meta description, a date, or a one-to-three-word label): a first paragraph that
    merely lacks a full stop is kept.
    """
    description_key = _key(description)
    start = 0
    while start < min(len(lines) - 1, _HEADER_LINES):
        line = lines[start]
        key = _key(line)
        words = word_count(line)
        if key and (key in title_keys or any(key in title for title in title_keys)):
            start += 1
            continue
        if line.endswith(_SENTENCE_END) or words > _HEADER_WORDS:
            break
        if (key and key == description_key) or words <= 3 \
                or (words <= 15 and _DATELINE_RE.search(line)):
            start += 1
            continue
        break
    return lines[start:]


def _normalise(line: str) -> str:
    line = _SPACE_RE.sub(" ", line).strip()
    return _CLICK_TO_TWEET_RE.sub("", line)


def _key(text: str | None) -> str:
    """Case- and punctuation-insensitive comparison key."""
    return " ".join(_WORD_RE.findall(text or "")).casefold()
