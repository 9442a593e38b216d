"""Headlines without the site's own name around them.

Pages put their publication's name in the title: "Clymer manual review | MoreBikes",
"Daily Deals - IGN", "WeWork investigated – TechCrunch", "LinkNaija: Chelsea sign Kepa".
``strip_site_name`` removes such a prefix or suffix only when it is one of the site's known
names (the page's ``og:site_name``, the extractor's site name, the host name), compared without
case, accents, punctuation, a leading "The" or a trailing ".com"; a part that merely looks like
a label ("Opinion | ...", "... | Editorial") is kept, and the title is never left empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bot.text.folding import fold

# A separator between headline and site: a bar, dash, en/em dash, bullet, middle dot or
# guillemet with spaces around it ("80/90" or "e-tron" are not separators), or a colon ending
# a prefix ("Site: Title").
_SEPARATOR = re.compile(r"\s+(?:[|\-–—•·»«~/]|::)\s+|:\s+")
_COLON_ONLY = re.compile(r":\s+")
# "SpaceNews.com", "Express.co.uk", "https://www.newsnation.in": the same name as the host's.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_DOMAIN_SUFFIX = re.compile(r"(?<=\w)(?:\.[a-z]{2,12})?\.[a-z]{2,12}/?$")
_LEADING_THE = re.compile(r"^the\s+")
_NOT_WORD = re.compile(r"[\W_]+")
# Second-level labels under a country code: "co" in morebikes.co.uk is not the site.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go"})
_MIN_KEY = 2  # a one-letter "name" would match any stray initial


def strip_site_name(title: str, site_names: Iterable[str | None]) -> str:
    """``title`` without a leading or trailing part that names the site.

    Each side is stripped at most once, suffix first ("Title - Section | Site" loses only
    " | Site"). The result always keeps a word of the headline; otherwise ``title`` is returned.
    """
    keys = {key for name in site_names if name for key in _keys(name)}
    if not keys:
        return title
    stripped = _strip_suffix(title, keys)
    stripped = _strip_prefix(stripped, keys)
    return stripped if _has_word(stripped) else title


def site_names_of(declared: Iterable[str | None], url: str | None) -> list[str]:
    """The names a page's site goes by: the declared ones, then its host's registered name."""
    names = [name for name in declared if name]
    host = _host_label(url)
    if host:
        names.append(host)
    return names


def _strip_suffix(title: str, keys: set[str]) -> str:
    # Earliest separator first: a site name with a separator inside ("Remember 80/90 -
    # Memorabilia anni 80/90") is matched whole.
    for separator in _SEPARATOR.finditer(title):
        if _COLON_ONLY.fullmatch(separator.group()):
            continue  # "Title: Site" is not a form sites use; "Review: Subject" is common
        head, tail = title[:separator.start()], title[separator.end():]
        if _has_word(head) and _matches(tail, keys):
            return head.rstrip()
    return title


def _strip_prefix(title: str, keys: set[str]) -> str:
    # Longest head first: "LinkNaija | Nigeria's news platform: Title" loses the whole name
    # the page declares, not only the host's "LinkNaija".
    for separator in reversed(list(_SEPARATOR.finditer(title))):
        head, tail = title[:separator.start()], title[separator.end():]
        if _matches(head, keys) and _has_word(tail):
            return tail.lstrip()
    return title


def _matches(part: str, keys: set[str]) -> bool:
    return any(key in keys for key in _keys(part))


def _keys(name: str) -> set[str]:
    """Comparable forms of a site's name: "The Anti-June Cleaver", "theantijunecleaver.com"
    and "ANTI-JUNE CLEAVER" share one."""
    text = _SCHEME.sub("", fold(name.strip())).removeprefix("www.")
    if " " not in text:
        text = _DOMAIN_SUFFIX.sub("", text)
    key = _NOT_WORD.sub("", _LEADING_THE.sub("", text))
    keys = {key} if len(key) >= _MIN_KEY else set()
    # A host written together: "theguardian" is "Guardian" too.
    if key.startswith("the") and len(key) - 3 >= _MIN_KEY + 2 and " " not in text:
        keys.add(key[3:])
    return keys


def _host_label(url: str | None) -> str | None:
    """The registered name of the host: "ign" for www.ign.com, "morebikes" for
    www.morebikes.co.uk, "sky" for news.sky.com; None without a host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return None  # an IP address has no name
    labels = host.split(".")
    if len(labels) < 2:
        return None
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1] or None


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)
