"""Bytes to text for pages and files.

The encodings a body declares (BOM, HTTP header, ``<meta>``) are tried first, strictly; a
declaration that names no text encoding (``zlib``, ``base64``, ``rot13``, a typo) or that
fails to decode the body cleanly is set aside, and the encoding is detected from the bytes
(charset-normalizer) instead of replacing characters: a cp1252 page labelled UTF-8, or
Shift_JIS sent as UTF-8, comes out as the text its author wrote.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

from bot.errors import InvalidInputError, UnsupportedContentError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Detection reads this much: enough to tell encodings apart, bounded in time.
_DETECTION_SAMPLE = 256 * 1024
_TIE = 0.01


def decode_text(body: bytes, declared: str | None = None, *, html: bool) -> str:
    """Decode ``body``; raise a clear error for empty, binary or undecodable input."""
    if not body.strip():
        raise InvalidInputError("the input is empty")
    bom = next((name for mark, name in _BOMS if body.startswith(mark)), None)
    if bom is None and b"\x00" in body[:4096]:
        raise UnsupportedContentError("the input is binary data, not text")
    labels = list(_declared_labels(body, bom, declared, html))
    for codec in labels:
        text = _strict(body, codec) or _damaged_utf8(body, codec)
        if text is not None:
            return text.lstrip("\ufeff")
    detected = _detect(body)
    if detected is not None:
        return detected.lstrip("\ufeff")
    # Last resort: the declared (or UTF-8) reading if only a few bytes are wrong.
    text = body.decode(labels[0] if labels else "utf-8", errors="replace")
    if text.count("\ufffd") > max(16, len(text) // 20):
        raise InvalidInputError("the text could not be decoded (its encoding is neither "
                                "declared correctly nor recognisable)")
    return text.lstrip("\ufeff")


def _declared_labels(body: bytes, bom: str | None, declared: str | None,
                     html: bool) -> Iterator[str]:
    """The text codecs to try strictly, in order; UTF-8 last, as the web's default."""
    candidates = [bom, declared]
    if html:
        match = _META_CHARSET.search(body[:8192])
        candidates.append(match.group(1).decode("ascii") if match else None)
    codecs_in_order = [codec for codec in map(_text_codec, candidates) if codec is not None]
    if _is_single_byte(codecs_in_order) and _strict(body, "utf-8") is not None:
        # Valid multi-byte UTF-8 is almost never meant as Latin-1: "cafÃ©" is no reading.
        codecs_in_order.insert(0, "utf-8")
    codecs_in_order.append("utf-8")
    yield from dict.fromkeys(codecs_in_order)


def _text_codec(label: str | None) -> str | None:
    """The codec's name if ``label`` names a text encoding, else None."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    # zlib, base64, rot13, hex ... are codecs too, but they do not turn bytes into text.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _is_single_byte(codec_names: list[str]) -> bool:
    return bool(codec_names) and codec_names[0] in {
        "latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeError, LookupError):
        # "undefined" and friends are text codecs that refuse every byte.
        return None


def _damaged_utf8(body: bytes, codec: str) -> str | None:
    """UTF-8 with a few bad bytes, read with replacement characters; None if not that.

    Text really in UTF-8 has more valid multi-byte characters than broken ones; a cp1252 or
    Shift_JIS body read as UTF-8 has next to none, and is left to detection.
    """
    if codec not in {"utf-8", "utf-8-sig"}:
        return None
    text = body.decode(codec, errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    if valid >= broken and broken <= max(16, len(text) // 20):
        return text
    return None


def _detect(body: bytes) -> str | None:
    matches = list(from_bytes(body[:_DETECTION_SAMPLE]))
    if not matches:
        return None
    best = matches[0]
    tied = [match.encoding for match in matches
            if abs(match.chaos - best.chaos) < _TIE
            and abs(match.coherence - best.coherence) < _TIE]
    # Short Western text reads the same in several code pages; windows-1252 is the one the
    # web means (WHATWG decodes "latin-1" labels with it), so it wins a tie.
    encoding = "cp1252" if "cp1252" in tied else best.encoding
    return _strict(body, encoding) or body.decode(encoding, errors="replace")
