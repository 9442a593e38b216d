"""Bytes to text for pages and files: declared charset, BOM, <meta> charset, then UTF-8."""

from __future__ import annotations

import codecs
import re

from bot.errors import InvalidInputError, UnsupportedContentError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(body: bytes, declared: str | None = None, *, html: bool) -> str:
    """Decode ``body``; raise a clear error for empty, binary or undecodable input."""
    if not body.strip():
        raise InvalidInputError("the input is empty")
    bom = next((name for mark, name in _BOMS if body.startswith(mark)), None)
    if bom is None and b"\x00" in body[:4096]:
        raise UnsupportedContentError("the input is binary data, not text")
    charset = bom or declared
    if charset is None and html:
        match = _META_CHARSET.search(body[:8192])
        charset = match.group(1).decode("ascii") if match else None
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except LookupError:
        raise InvalidInputError(f"the text uses an unknown encoding ({charset})") from None
    text = body.decode(codec, errors="replace")
    # A few bad bytes are tolerated; mostly garbage means the encoding is wrong.
    if text.count("\ufffd") > max(16, len(text) // 20):
        raise InvalidInputError("the text could not be decoded (it is not valid UTF-8 "
                                "and declares no other encoding)")
    return text.lstrip("\ufeff")
