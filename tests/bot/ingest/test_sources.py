from pathlib import Path

import pytest

from bot.errors import InvalidInputError, UnsupportedContentError
from bot.ingest.sources import Source, expand_sources, read_document


def test_urls_files_and_folders_are_expanded(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("x")
    sources = expand_sources(["https://example.com/a", str(tmp_path), "missing.txt"])
    assert [s.url for s in sources[:1]] == ["https://example.com/a"]
    assert [Path(s.name).name for s in sources[1:]] == ["a.html", "b.txt", "c.htm",
                                                        "missing.txt"]


def test_html_and_text_files_are_told_apart(tmp_path: Path) -> None:
    page = tmp_path / "page"
    page.write_text("<!doctype html><html><body><p>x</p></body></html>")
    text = tmp_path / "story.txt"
    text.write_text("Title\n\nBody")
    assert read_document(Source(str(page), path=page)).kind == "html"
    assert read_document(Source(str(text), path=text)).kind == "text"


@pytest.mark.parametrize(("content", "error", "reason"), [
    (b"", InvalidInputError, "empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", UnsupportedContentError, "binary"),
])
def test_bad_files_are_refused(tmp_path: Path, content: bytes, error: type[Exception],
                               reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error, match=reason):
        read_document(Source(str(path), path=path))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InvalidInputError, match="no such file"):
        read_document(Source(str(path), path=path))


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="folder"):
        read_document(Source(str(tmp_path), path=tmp_path))
