"""Whether one tag a page declares would make sense as a heading for a reader.

Pages fill their keyword metadata with what their CMS knows: wire-service and desk labels
("A Wire", "Top News"), section and format labels ("Articles", "video"), identifiers
("@post-id:123", "channel_other"), stock tickers ("7974.TO"), HTML debris ("&quot") and
inverted catalogue names ("Trump, Donald J"). ``readable_tag`` returns the tag as a reader
should see it, or ``None`` when it is not a topic; the rules that need the article (is an
all-caps word a ticker or an acronym the text uses?) are in ``bot.extraction.tag_choice``.
"""

from __future__ import annotations

import html
import re

from bot.text.folding import fold
from bot.text.stopwords import is_stop_word

MAX_WORDS = 6
MAX_CHARS = 60

_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = "\"'“”‘’«»„()[]{}<>|/\\,;:!?*#+=~^`•·–—- \u00a0！？。、，：；（）「」『』【】"
# "Category: Jupiter", "topic: White House": a facet name before the value.
_FACET = re.compile(
    r"^(?:category|categories|topics?|tags?|sections?|subjects?|keywords?|channel|type|"
    r"source|label|genre|rubri[ck]|thema|tema|categoria|kategorie|catégorie)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE)
_ENTITY_LEFT = re.compile(r"&#?\w+;")
# A ticker with its exchange: "7974.TO", "UBI.FR", "BRK.B".
_TICKER = re.compile(r"^[A-Z0-9]{1,6}\.[A-Z]{1,3}$")
_DOMAIN = re.compile(
    r"[a-z0-9-]{2,}\.(?:com|net|org|info|biz|io|co|tv|news|gov|edu|uk|de|fr|ru|in|au|ca|it|"
    r"es|br|jp|cn|nl|pl)\b", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\d{5,}")
# "News - Political - Stories", "Site | Section", "Home > World": a path or a page title.
_SEPARATOR = re.compile(r"\s(?:-{1,2}|–|—|\||>|»|::)\s")
_WORD = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*\.?")
_CAMEL_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

# Wire services and news agencies: a byline's source, never what a story is about.
_WIRE_SERVICES = frozenset({
    "ap", "afp", "upi", "dpa", "ansa", "efe", "anp", "apa", "pti", "ians", "tass", "reuters",
    "xinhua", "kyodo", "yonhap", "bernama", "associated press", "the associated press",
    "agence france presse", "agence france-presse", "press association", "pa media",
    "united press international", "thomson reuters", "reuters staff",
})
# Words that name a page's section, desk, format or place on the site, in the languages we
# summarize. A tag made only of these (and stop words) is a label, not a topic.
_LABEL_TEXT = """
    news newsbrief newsbriefs article articles story stories post posts page pages front home
    homepage top latest breaking trending featured feature features headline headlines
    uncategorized uncategorised general misc miscellaneous other others main more video videos
    photo photos picture pictures image images gallery galleries slideshow slideshows slide
    audio podcast podcasts live blog blogs opinion opinions commentary commentaries editorial
    editorials column columns analysis explainer explainers review reviews update updates local
    national world international regional section sections category categories content
    premium sponsored partner partners paid promoted member members subscriber subscribers
    exclusive standard daily weekly edition wire wires brief briefs digest roundup report
    reports special autoplay syndicate syndicated routine amp app apps river stream feed rss
    index default null none undefined test draft widget
    noticias noticia notícias notizie notizia nachrichten aktuell aktuelles meldungen
    actualités actualité actus infos nieuws новости статьи wiadomości zprávy uutiset nyheter
    nyheder hírek știri ειδήσεις חדשות inicio portada accueil une startseite página pagina
    inicial principal destaque destaques destacado destacados última últimas ultime ultima
    vídeo vídeos foto fotos galeria galería galleria opinião opinión opinione meinung
    tribune artikel artículo artículos artigo artigos articolo articoli rubrik rubrique
"""
_LABEL_WORDS = frozenset(fold(word) for word in _LABEL_TEXT.split())
# The last word of a desk or feed label: "Business News", "Asia News", "A Wire".
_LABEL_ENDINGS = frozenset({"news", "wire", "wires", "stories", "newsletter", "headlines",
                            "briefs", "noticias", "nachrichten", "notizie", "nieuws"})


def readable_tag(tag: str, language: str | None = None) -> str | None:
    """The tag as a reader should see it, or ``None`` when it is not a topic."""
    text = _decoded(tag)
    facet = _FACET.match(text)
    if facet:  # "Category: Jupiter" is "Jupiter"; "Section: News:World" is still refused
        text = facet["value"].strip(_EDGE_PUNCTUATION)
    if not text or _is_identifier(text) or _is_label(text) or _is_stop_phrase(text, language):
        return None
    if len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return None  # a sentence or a headline stuffed into the keywords
    return text


def invert_catalogue_names(value: str) -> str:
    """"Beshear, Andrew G (1977- )" and "Trump, Donald J" as "Andrew G. Beshear", "Donald J.
    Trump", wherever they stand in a comma list; other commas are left alone."""
    return _INVERTED.sub(_uninverted, value)


# "Surname, Given" is only read as a name when it carries what catalogue names carry and
# ordinary "Category, Subcategory" pairs do not: life dates or a trailing middle initial.
_NAME_WORD = r"[A-Z][\w'’-]*"
_PARTICLES = r"(?:(?:de|da|di|do|dos|das|del|della|van|von|der|den|du|le|la|al|el|bin|ibn) )*"
_INVERTED = re.compile(
    rf"(?<![^,;|])\s*(?P<surname>{_PARTICLES}{_NAME_WORD}(?: {_NAME_WORD})?),\s+"
    rf"(?P<given>{_NAME_WORD}\.?(?: {_NAME_WORD}\.?)*?)"
    r"(?:(?P<initial> [A-Z]\.?)|\s*\((?P<dates>[^()]*\d{4}[^()]*)\))+"
    r"\s*(?=$|[,;|])")


def _uninverted(match: re.Match[str]) -> str:
    initial = (match["initial"] or "").strip().rstrip(".")
    given = match["given"] + (f" {initial}." if initial else "")
    lead = " " if match.group(0).startswith(" ") else ""
    return f"{lead}{given} {match['surname']}"


def _decoded(tag: str) -> str:
    text = tag
    for _ in range(3):  # "&amp;quot;" is encoded twice
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _SPACES.sub(" ", text.replace("\u00ad", "")).strip()
    text = text.lstrip("#")  # "#MeToo" is the topic "MeToo"
    return text.strip(_EDGE_PUNCTUATION)


def _is_identifier(text: str) -> bool:
    """Ids, slugs with markers, paths, addresses, tickers, numbers and entity debris."""
    if sum(1 for char in text if char.isalpha()) < 2:
        return True
    if any(mark in text for mark in ("@", "_", ":", "{", "}", "<", ">", "=")):
        return True
    if text.startswith("&") or text.endswith("&") or _ENTITY_LEFT.search(text):
        return True  # "PG&amp" cut in two, or an entity no decoder knows
    if "/" in text and not re.fullmatch(r"[A-Z0-9]+/[A-Z0-9]+", text):
        return True  # "Asia / Pacific", "/article"; "AC/DC" is a name
    return bool(_TICKER.match(text) or _DOMAIN.search(text) or _LONG_NUMBER.search(text)
                or _SEPARATOR.search(text))


def _is_label(text: str) -> bool:
    key = fold(text)
    if key in _WIRE_SERVICES:
        return True
    words = _label_parts(text)
    if not words:
        return False
    if words[-1] in _LABEL_ENDINGS:
        return True
    return all(word in _LABEL_WORDS or is_stop_word(word) for word in words)


def _label_parts(text: str) -> list[str]:
    """Folded words, with CamelCase words cut ("NewsBrief" is "news brief")."""
    parts: list[str] = []
    for word in _WORD.findall(text):
        camel = re.search(r"[a-z][A-Z]", word) and word.isascii()
        pieces = _CAMEL_PARTS.findall(word) if camel else [word]
        parts.extend(fold(piece) for piece in (pieces or [word]))
    return parts


def _is_stop_phrase(text: str, language: str | None) -> bool:
    words = _WORD.findall(text)
    return bool(words) and all(is_stop_word(word.rstrip("."), language) for word in words)


def normalized(text: str) -> str:
    """Whitespace collapsed; used for comparing tags with the article."""
    return _SPACES.sub(" ", text).strip()
