"""Many ready-made articles in one transaction, for benchmarks that build large databases.

The rows are what ingesting would have stored (the caller has keyed tags and people already);
the SQL stays here, beside the schema, so a migration that changes a table changes this file
too instead of breaking a benchmark silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True, slots=True)
class BulkTag:
    key: str
    name: str
    position: int
    derived: bool  # a key phrase from the text, not the page's own tag


@dataclass(frozen=True, slots=True)
class BulkPerson:
    key: str
    surname_key: str
    name: str
    role: str | None
    mention_count: int
    position: int


@dataclass(frozen=True, slots=True)
class BulkSentence:
    person_key: str
    kind: str  # "mention" or "quote"
    position: int
    sentence: str


@dataclass(frozen=True, slots=True)
class BulkShare:
    url: str
    url_key: str
    sharer_id: str
    sharer_name: str
    channel_id: str
    message_id: str
    shared_at: str  # storage.timestamps.to_text


@dataclass(frozen=True, slots=True)
class BulkArticle:
    scope: str
    url_key: str
    canonical_url: str | None
    title: str
    site_name: str | None
    author: str | None
    published: str | None
    language: str
    text: str
    summary_json: str
    summary_algorithm: str
    words_in: int
    words_out: int
    created_at: str
    tags: Sequence[BulkTag] = ()
    people: Sequence[BulkPerson] = ()
    sentences: Sequence[BulkSentence] = ()
    shares: Sequence[BulkShare] = ()
    sentence_notes: str | None = None  # JSON from bot.knowledge.notes


async def insert_articles(database: Database, articles: Sequence[BulkArticle]) -> None:
    """Store ``articles`` (new ones: their url keys are not in their scopes yet) at once."""
    async with database.transaction() as connection:
        if database.dialect == "postgresql":  # one loader at a time computes the next ids
            await connection.execute("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE")
        first_id = int(await connection.scalar("SELECT coalesce(max(id), 0) FROM articles")) + 1
        ids = range(first_id, first_id + len(articles))
        await connection.executemany(
            "INSERT INTO articles (id, scope, url_key, canonical_url, original_url, title, "
            "site_name, author, published, language, image, text, summary, summary_algorithm, "
            "words_in, words_out, created_at) "
            "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
            [(article_id, a.scope, a.url_key, a.canonical_url, a.title, a.site_name, a.author,
              a.published, a.language, a.text, a.summary_json, a.summary_algorithm,
              a.words_in, a.words_out, a.created_at) for article_id, a in zip(ids, articles,
                                                                               strict=True)])
        await connection.executemany(
            "INSERT INTO article_tags (article_id, tag_key, tag, position, derived) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(article_id, t.key, t.name, t.position, int(t.derived))
             for article_id, a in zip(ids, articles, strict=True) for t in a.tags])
        await connection.executemany(
            "INSERT INTO article_people (article_id, person_key, surname_key, name, role, "
            "mention_count, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, p.key, p.surname_key, p.name, p.role, p.mention_count, p.position)
             for article_id, a in zip(ids, articles, strict=True) for p in a.people])
        await connection.executemany(
            "INSERT INTO person_sentences (article_id, person_key, kind, position, "
            "sentence) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(article_id, s.person_key, s.kind, s.position, s.sentence)
             for article_id, a in zip(ids, articles, strict=True) for s in a.sentences])
        await connection.executemany(
            "INSERT INTO article_sentence_notes (article_id, notes) VALUES (?, ?)",
            [(article_id, a.sentence_notes) for article_id, a in zip(ids, articles, strict=True)
             if a.sentence_notes is not None])
        await connection.executemany(
            "INSERT INTO shares (article_id, url, url_key, sharer_id, sharer_name, channel_id, "
            "message_id, shared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, s.url, s.url_key, s.sharer_id, s.sharer_name, s.channel_id,
              s.message_id, s.shared_at)
             for article_id, a in zip(ids, articles, strict=True) for s in a.shares])
        if database.dialect == "postgresql":
            # The ids were given, so the identity sequence did not move: the next article
            # stored one by one must not be handed an id taken here.
            await connection.execute(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                "(SELECT max(id) FROM articles))")
