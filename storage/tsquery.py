"""What the services ask to match, in PostgreSQL's ``tsquery`` syntax (the FTS5 form is in
storage/fts.py): the one place that knows it.

Every word becomes a quoted lexeme, so nothing typed (``&``, ``|``, ``!``, ``<->``, ``:``,
quotes) reaches ``to_tsquery`` as syntax. The query is folded by the same ``newsbot_fold``
as the indexed text (migration 010) and stemmed by the ``newsbot`` configuration.
"""

from __future__ import annotations

import re

from storage.fts import PREFIX, TextQuery

_WORD = re.compile(r"\w+", re.UNICODE)

# The parameter is the tsquery text; folded and stemmed in SQL, as the documents were.
TSQUERY = "to_tsquery('newsbot', newsbot_fold(?))"


def tsquery_text(query: TextQuery) -> str | None:
    """The ``to_tsquery`` text, or None when no term has a word (nothing can match on
    exclusions alone, as in FTS5)."""
    wanted = [term for term in (_term(text) for text in query.terms) if term]
    if not wanted:
        return None
    text = (" | " if query.any_term else " & ").join(wanted)
    unwanted = [term for term in (_term(text) for text in query.excluded) if term]
    if unwanted:
        text = f"({text}) & !({' | '.join(unwanted)})"
    return text


def _term(term: str) -> str | None:
    """A word, a prefix (``port*``) or a phrase of words one after another."""
    prefix = term.endswith(PREFIX)
    words = _WORD.findall(term.removesuffix(PREFIX))
    if not words:
        return None
    lexemes = [f"'{word}'" for word in words]
    if prefix:
        lexemes[-1] += ":*"
    joined = " <-> ".join(lexemes)
    return f"({joined})" if len(lexemes) > 1 else joined
