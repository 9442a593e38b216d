"""Page furniture: the one place that knows what boilerplate looks like.

Extraction drops boilerplate lines from the page's text (``bot.extraction.cleanup``), people
recognition reads the text without them (``bot.people.text``), and summaries never choose a
sentence that is one (``bot.summarizing.filters``). The rules are generic (no site is named)
and deliberately conservative: a rule only matches a short line with a boilerplate phrase
where that furniture sits (a label opening the line, a line that is only the label), so a real
paragraph that merely mentions a newsletter survives. English phrases are written here; those
of the other supported languages are in ``bot.text.boilerplate_phrases``.
"""

from __future__ import annotations

import re

from bot.text import boilerplate_phrases as phrases
from bot.text.words import word_count

# Lines this long are treated as real paragraphs by the phrase rules below.
_SHORT_WORDS = 40
# A newsletter prompt recognised by words anywhere in it ("... our newsletter ... sign up") is a
# sentence or two; a longer line that mentions a newsletter is reporting.
_PROMPT_WORDS = 30

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


def is_teaser_heading(line: str) -> bool:
    """A heading over a list of teasers ("Related stories", "Most read"): the line goes, and
    so do the short headlines under it."""
    return bool(_LIST_HEADING_RE.match(line))


def is_boilerplate_line(line: str, words: int | None = None) -> bool:
    """A line of page furniture: a teaser, a prompt to share, follow or subscribe, a
    credit, a copyright or cookie notice, a caption, an ad slot. ``words``: its word count,
    when the caller has it."""
    if words is None:
        words = word_count(line)
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
