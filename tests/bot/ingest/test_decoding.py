import pytest

from bot.errors import InvalidInputError, UnsupportedContentError
from bot.ingest.decoding import decode_text


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


def test_an_unknown_declared_encoding_falls_back_to_detection() -> None:
    assert decode_text(b"hello", "klingon-8", html=False) == "hello"


# Codecs that are not text encodings, or refuse every byte, must never decode a page.
@pytest.mark.parametrize("label", ["zlib", "rot13", "base64", "hex", "uu", "undefined",
                                   "bz2", "quopri"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_only_text_encodings_are_used_to_decode(label: str, where: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><p>Plain café news.</p></html>'
    declared = label if where == "header" else None
    assert "Plain café news." in decode_text(page.encode(), declared, html=True)


@pytest.mark.parametrize(("text", "encoding", "declared"), [
    ("Zoë Lefèvre, membre du directoire de la BCE, a déclaré mardi que la réunion "
     "était très importante.", "latin-1", None),
    ("ECB Executive Board member Zoë Lefèvre said the café was naïve.", "cp1252", None),
    ("Президент заявил во вторник, что переговоры будут продолжены в следующем месяце.",
     "cp1251", "utf-8"),
    ("東京都は火曜日、新しい計画を発表した。計画は来年から始まる予定です。", "shift_jis", "utf-8"),
    ("Prezydent powiedział we wtorek, że spotkanie będzie w Łodzi.", "cp1250", None),
    ("Der Bürgermeister sagte, die Straße werde für Fußgänger gesperrt.", "cp1252", "utf-8"),
])
def test_text_in_another_encoding_than_declared_is_detected_not_garbled(
        text: str, encoding: str, declared: str | None) -> None:
    assert decode_text(text.encode(encoding), declared, html=False) == text


def test_a_cp1252_page_that_declares_utf8_in_meta_is_detected() -> None:
    page = ('<html><head><meta charset="utf-8"></head><body><p>Zoë Lefèvre said the '
            '“café” was naïve and très cher.</p></body></html>')
    assert decode_text(page.encode("cp1252"), html=True) == page


def test_valid_utf8_labelled_latin1_is_read_as_utf8() -> None:
    assert decode_text("Zoë Lefèvre".encode(), "iso-8859-1", html=False) == "Zoë Lefèvre"
