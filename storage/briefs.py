"""Turning article rows into ``ArticleBrief``s: shared by the knowledge repositories."""

from __future__ import annotations

import json

from storage.database import Row
from storage.models import ArticleBrief, NameCount
from storage.timestamps import from_text

# Columns every brief query selects from ``articles AS a``.
BRIEF_COLUMNS = ("a.id, a.title, a.canonical_url, a.original_url, a.created_at, a.summary, "
                 "a.site_name, a.published")


def brief(row: Row) -> ArticleBrief:
    return ArticleBrief(
        id=row["id"], title=row["title"], url=row["canonical_url"] or row["original_url"],
        created_at=from_text(row["created_at"]),
        summary=tuple(json.loads(row["summary"])), site_name=row["site_name"],
        published=row["published"])


def name_count(row: Row) -> NameCount:
    return NameCount(key=row["key"], name=row["name"], count=int(row["n"]))


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """``key >= low AND key < high`` is an indexed form of ``key LIKE prefix || '%'``."""
    return prefix, prefix + "\U0010ffff"
