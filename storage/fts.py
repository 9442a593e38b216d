"""What the services ask to match, and its FTS5 syntax: the one place that knows FTS5.

Services say which words and phrases they want (``TextQuery``); this module writes the
query FTS5 reads, every term a quoted string so that nothing typed (``NEAR``, ``^``, ``-``,
``(``, ``"``, ``:``) ever reaches FTS5 as syntax. A second database engine would write its
own syntax from the same ``TextQuery``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "*"  # a term ending with it matches every word it begins
_TERM = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class TextQuery:
    """Words and "phrases" to match, as typed (``port*`` is a prefix): all of them, or any
    of them with ``any_term``; none of ``excluded``."""

    terms: tuple[str, ...]
    any_term: bool = False
    excluded: tuple[str, ...] = ()

    @classmethod
    def any_of(cls, terms: list[str] | tuple[str, ...]) -> TextQuery:
        return cls(tuple(terms), any_term=True)


def fts_match(query: TextQuery) -> str | None:
    """The FTS5 query, or None when no term has a word (FTS5 cannot match on exclusions
    alone)."""
    wanted = [_quoted(term) for term in query.terms if _TERM.search(term)]
    if not wanted:
        return None
    match = (" OR " if query.any_term else " ").join(wanted)
    unwanted = [_quoted(term) for term in query.excluded if _TERM.search(term)]
    if unwanted:
        match = f"({match}) NOT ({' OR '.join(unwanted)})"
    return match


def _quoted(term: str) -> str:
    prefix = term.endswith(PREFIX)
    quoted = '"' + term.removesuffix(PREFIX).replace('"', "") + '"'
    return quoted + PREFIX if prefix else quoted
