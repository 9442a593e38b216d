"""Articles, tags and shares: every query for them lives here."""

from __future__ import annotations

import json
from typing import Any

from storage.database import Connection, Database, Row
from storage.models import (
    NewArticle,
    NewShare,
    Person,
    SavedShare,
    StoredArticle,
    StoredShare,
)
from storage.people import merge_surname_mentions
from storage.timestamps import from_text, to_text

_ARTICLE_COLUMNS = (
    "url_key", "canonical_url", "original_url", "title", "site_name", "author", "published",
    "language", "image", "text", "summary", "summary_algorithm", "words_in", "words_out",
)


class ArticleRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def find_by_url_key(self, scope: str, url_key: str) -> StoredArticle | None:
        """The article stored under ``url_key``, or one that was shared by that link."""
        row = await self._db.fetch_one(
            """
            SELECT a.* FROM articles AS a WHERE a.scope = ? AND a.url_key = ?
            UNION ALL
            SELECT a.* FROM shares AS s JOIN articles AS a ON a.id = s.article_id
            WHERE a.scope = ? AND s.url_key = ?
            LIMIT 1
            """,
            (scope, url_key, scope, url_key),
        )
        return None if row is None else await self._article(row)

    async def get(self, scope: str, article_id: int) -> StoredArticle | None:
        row = await self._db.fetch_one(
            "SELECT * FROM articles WHERE scope = ? AND id = ?", (scope, article_id))
        return None if row is None else await self._article(row)

    async def recent(self, scope: str, limit: int = 10) -> list[StoredArticle]:
        rows = await self._db.fetch_all(
            "SELECT * FROM articles WHERE scope = ? ORDER BY created_at DESC, id DESC LIMIT ?",
            (scope, limit),
        )
        return [await self._article(row) for row in rows]

    async def count(self, scope: str) -> int:
        return int(await self._db.scalar("SELECT count(*) FROM articles WHERE scope = ?",
                                         (scope,)))

    async def save_share(self, scope: str, article: NewArticle, share: NewShare) -> SavedShare:
        """Store the article unless its key is already there, and record the share: atomically."""
        created_at = to_text(share.shared_at)
        async with self._db.transaction() as connection:
            values = [getattr(article, name) for name in _ARTICLE_COLUMNS]
            values[_ARTICLE_COLUMNS.index("summary")] = json.dumps(list(article.summary))
            placeholders = ", ".join("?" for _ in _ARTICLE_COLUMNS)
            new_id = await connection.scalar(
                f"INSERT INTO articles (scope, {', '.join(_ARTICLE_COLUMNS)}, created_at) "
                f"VALUES (?, {placeholders}, ?) ON CONFLICT (scope, url_key) DO NOTHING "
                "RETURNING id",
                (scope, *values, created_at),
            )
            created = new_id is not None
            if new_id is not None:
                article_id = int(new_id)
                # In key order: concurrent transactions (PostgreSQL) then lock the per-scope
                # topic rows in one order and cannot deadlock on them.
                await connection.executemany(
                    "INSERT INTO article_tags (article_id, tag_key, tag, position, derived) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    sorted(((article_id, tag.key, tag.name, position, int(tag.derived))
                            for position, tag in enumerate(article.tags)),
                           key=lambda row: (row[1], row[3])),
                )
                await _insert_people(connection, article_id, article.people)
                await merge_surname_mentions(connection, article_id)
                if article.sentence_notes is not None:
                    await connection.execute(
                        "INSERT INTO article_sentence_notes (article_id, notes) VALUES (?, ?)",
                        (article_id, article.sentence_notes))
            else:
                article_id = await _scalar(
                    connection, "SELECT id FROM articles WHERE scope = ? AND url_key = ?",
                    (scope, article.url_key))
            share_id = await _insert_share(connection, article_id, share)
        return await self._saved(scope, article_id, share_id, created)

    async def add_share(self, scope: str, article_id: int, share: NewShare) -> SavedShare:
        """Record one more share of an article that is already stored."""
        async with self._db.transaction() as connection:
            share_id = await _insert_share(connection, article_id, share)
        return await self._saved(scope, article_id, share_id, created=False)

    async def set_reply(self, share_id: int, reply_id: str) -> None:
        async with self._db.transaction() as connection:
            await connection.execute("UPDATE shares SET reply_id = ? WHERE id = ?",
                                     (reply_id, share_id))

    async def first_share(self, article_id: int) -> StoredShare | None:
        """The earliest share that got a reply, for jump links to the first summary."""
        row = await self._db.fetch_one(
            "SELECT * FROM shares WHERE article_id = ? "
            "ORDER BY reply_id IS NULL, shared_at, id LIMIT 1", (article_id,))
        return None if row is None else _share(row)

    async def shares(self, article_id: int) -> list[StoredShare]:
        rows = await self._db.fetch_all(
            "SELECT * FROM shares WHERE article_id = ? ORDER BY shared_at, id", (article_id,))
        return [_share(row) for row in rows]

    async def _saved(self, scope: str, article_id: int, share_id: int,
                     created: bool) -> SavedShare:
        article = await self.get(scope, article_id)
        share_row = await self._db.fetch_one("SELECT * FROM shares WHERE id = ?", (share_id,))
        assert article is not None
        assert share_row is not None
        return SavedShare(article=article, share=_share(share_row), created=created)

    async def _article(self, row: Row) -> StoredArticle:
        tag_rows = await self._db.fetch_all(
            "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY position", (row["id"],))
        return StoredArticle(
            id=row["id"], scope=row["scope"], url_key=row["url_key"], text=row["text"],
            summary=tuple(json.loads(row["summary"])),
            summary_algorithm=row["summary_algorithm"], words_in=row["words_in"],
            words_out=row["words_out"], created_at=from_text(row["created_at"]),
            canonical_url=row["canonical_url"], original_url=row["original_url"],
            title=row["title"], site_name=row["site_name"], author=row["author"],
            published=row["published"], language=row["language"], image=row["image"],
            tags=tuple(tag_row["tag"] for tag_row in tag_rows),
        )


async def _insert_share(connection: Connection, article_id: int, share: NewShare) -> int:
    return int(await connection.scalar(
        "INSERT INTO shares (article_id, url, url_key, sharer_id, sharer_name, channel_id, "
        "message_id, shared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (article_id, share.url, share.url_key, share.sharer_id, share.sharer_name,
         share.channel_id, share.message_id, to_text(share.shared_at)),
    ))


async def _insert_people(connection: Connection, article_id: int,
                         people: tuple[Person, ...]) -> None:
    """The article's people with their mention sentences and quotes (same transaction)."""
    seen: set[str] = set()
    for position, person in enumerate(people):
        if not person.key or person.key in seen:
            continue
        seen.add(person.key)
        await connection.execute(
            "INSERT INTO article_people (article_id, person_key, surname_key, name, role, "
            "mention_count, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article_id, person.key, person.surname_key, person.name, person.role,
             person.mention_count, position))
        rows = [(article_id, person.key, "mention", index, sentence)
                for index, sentence in enumerate(person.mention_sentences)]
        rows += [(article_id, person.key, "quote", index, quote)
                 for index, quote in enumerate(person.quotes)]
        await connection.executemany(
            "INSERT INTO person_sentences (article_id, person_key, kind, position, "
            "sentence) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)


async def _scalar(connection: Connection, sql: str, parameters: tuple[Any, ...]) -> Any:
    row = await connection.fetch_one(sql, parameters)
    if row is None:
        raise LookupError(sql)
    return row[0]


def _share(row: Row) -> StoredShare:
    return StoredShare(
        id=row["id"], article_id=row["article_id"], shared_at=from_text(row["shared_at"]),
        url=row["url"], sharer_id=row["sharer_id"], sharer_name=row["sharer_name"],
        channel_id=row["channel_id"], message_id=row["message_id"], reply_id=row["reply_id"],
    )
