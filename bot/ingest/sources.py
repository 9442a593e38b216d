"""What a command-line SOURCE names: a URL, a file, a folder of files, or standard input."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.errors import InvalidInputError
from bot.ingest.decoding import decode_text
from bot.ingest.processing import Document, DocumentKind

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})
MAX_FILE_BYTES = 5 * 1024 * 1024
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<article|<!--)", re.I)


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: ``url`` for a link, else ``path`` (``-`` for standard input)."""

    name: str
    url: str | None = None
    path: Path | None = None


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(text: str) -> bool:
    """Anything with a scheme is a URL (the fetcher then refuses all but http and https)."""
    return bool(_SCHEME.match(text))


def expand_sources(arguments: list[str]) -> list[Source]:
    """URLs as they are, folders as the article files inside them (sorted), files as files."""
    sources: list[Source] = []
    for argument in arguments:
        if is_url(argument):
            sources.append(Source(argument, url=argument))
            continue
        path = Path(argument)
        if path.is_dir():
            sources.extend(Source(str(child), path=child) for child in sorted(path.rglob("*"))
                           if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            sources.append(Source(argument, path=path))
    return sources


def read_document(source: Source) -> Document:
    """Read a file (or ``-``) and tell HTML from plain text."""
    if source.path is None:
        raise InvalidInputError(f"{source.name} is not a file")
    if str(source.path) == "-":
        body = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        try:
            if source.path.stat().st_size > MAX_FILE_BYTES:
                raise InvalidInputError(f"{source.name} is larger than 5 MB")
            body = source.path.read_bytes()
        except FileNotFoundError:
            raise InvalidInputError(f"{source.name}: no such file") from None
        except IsADirectoryError:
            raise InvalidInputError(f"{source.name} is a folder") from None
        except PermissionError:
            raise InvalidInputError(f"{source.name}: permission denied") from None
    if len(body) > MAX_FILE_BYTES:
        raise InvalidInputError(f"{source.name} is larger than 5 MB")
    kind = _kind(source.path, body)
    return Document(decode_text(body, html=kind == "html"), kind)


def _kind(path: Path, body: bytes) -> DocumentKind:
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return "html"
    if path.suffix.lower() in {".txt", ".text"}:
        return "text"
    return "html" if _HTML_START.match(body[:1024]) else "text"
