"""URL handling that does not touch the network: validation, dedup keys, links in messages."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

from bot.errors import UnsupportedUrlError

# Query parameters that only say where a click came from; they never change the story.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "__hs", "_hs", "vero_", "oly_")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
    "ref", "ref_src", "ref_url", "referrer", "source", "cmpid", "cmp", "_ga", "_gl", "ocid",
    "smid", "sr_share", "share", "spm", "s_cid", "at_medium", "at_campaign", "guccounter",
    "guce_referrer", "guce_referrer_sig", "ito", "rss", "taid", "utm",
})

MAX_URL_LENGTH = 2048
# Invisible format characters (zero-width spaces and joiners, bidirectional controls, the
# BOM) end a link like a space does: they are never part of an address someone meant.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_LINK = re.compile(rf"https?://[^\s<>\"'`|{_INVISIBLE}]+", re.IGNORECASE)
# A message can hold thousands of candidate links; look at no more than this many.
_MAX_CANDIDATES = 100
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\"*_~"


def check_fetchable(url: str) -> str:
    """Return ``url`` stripped, or raise if it is not an absolute http(s) URL with a host."""
    url = url.strip()
    if not url:
        raise UnsupportedUrlError("the URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise UnsupportedUrlError(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(unicodedata.category(character) in {"Cc", "Cf"} for character in url):
        raise UnsupportedUrlError("the URL contains control or invisible characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on an invalid (or non-ASCII) port
    except ValueError:
        raise UnsupportedUrlError("the URL is malformed") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise UnsupportedUrlError("only http and https links can be fetched")
    if not parts.hostname:
        raise UnsupportedUrlError("the URL has no host name")
    if parts.username or parts.password:
        raise UnsupportedUrlError("URLs with a user name or password are not fetched")
    return url


def dedup_key(url: str) -> str:
    """A key that is equal for URLs that name the same page.

    Lower-cased scheme and host, no ``www.``, no default port, no fragment, no tracking
    parameters, sorted query, no trailing slash. A URL too malformed to normalise is its
    own key: it is refused with a reason when it is fetched, never here.
    """
    try:
        normalized = normalize_url(url.strip())
        parts = urlsplit(normalized)
        parts.port  # noqa: B018 - raises ValueError on an invalid port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and not _is_default_port(parts.scheme, parts.port):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted(
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    ))
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def find_links(text: str, limit: int) -> list[str]:
    """The distinct http(s) links in a chat message, outside code blocks, in order."""
    without_code = _CODE.sub(" ", text)
    links: list[str] = []
    seen: set[str] = set()
    for examined, match in enumerate(_LINK.finditer(without_code)):
        if examined >= _MAX_CANDIDATES:
            break
        link = _strip_trailing_punctuation(match.group(0))
        if len(link) > MAX_URL_LENGTH:
            continue
        key = dedup_key(link)
        if key in seen:
            continue
        seen.add(key)
        links.append(link)
        if len(links) >= limit:
            break
    return links


def _strip_trailing_punctuation(link: str) -> str:
    # A link at the end of a sentence or in parentheses: keep balanced ")" of wiki-style URLs.
    while link and link[-1] in _TRAILING_PUNCTUATION:
        if link[-1] == ")" and link.count("(") >= link.count(")"):
            break
        link = link[:-1]
    return link


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _is_default_port(scheme: str, port: int) -> bool:
    return (scheme.lower(), port) in {("http", 80), ("https", 443)}
