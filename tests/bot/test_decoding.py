import pytest

from bot.decoding import decode_text
from bot.errors import InvalidInputError, UnsupportedContentError


def test_declared_charset_wins() -> None:
    assert decode_text("café".encode("latin-1"), "latin-1", html=False) == "café"


def test_meta_charset_is_used_for_html_without_a_header() -> None:
    body = '<html><head><meta charset="windows-1252"></head><p>naïve</p>'.encode("cp1252")
    assert "naïve" in decode_text(body, html=True)


def test_utf8_with_bom() -> None:
    assert decode_text("\ufeffhello".encode(), html=False) == "hello"


def test_utf16_with_bom() -> None:
    assert decode_text("hello wörld".encode("utf-16"), html=False) == "hello wörld"


@pytest.mark.parametrize(("body", "error", "reason"), [
    (b"", InvalidInputError, "empty"),
    (b"   \n ", InvalidInputError, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnsupportedContentError, "binary"),
    (bytes(range(128, 256)) * 20, InvalidInputError, "could not be decoded"),
])
def test_bad_input_is_refused_with_a_reason(body: bytes, error: type[Exception],
                                            reason: str) -> None:
    with pytest.raises(error, match=reason):
        decode_text(body, html=False)


def test_an_unknown_declared_encoding_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="unknown encoding"):
        decode_text(b"hello", "klingon-8", html=False)
