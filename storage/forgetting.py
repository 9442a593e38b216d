"""Deleting what people ask to be forgotten, whole: a member's shares, a link, old articles,
a server. Each call is one transaction.

An article's rows hang off it by foreign keys that cascade (tags, shares, people and their
sentences, sentence notes, follow matches); the per-scope indexes (topic and person stats,
topic summaries) and the full-text index follow through their triggers or generated column.
The one loose reference, a feed item's ``article_id`` (the item stays: it must not be posted
again), is cleared here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import Connection, Database, DatabaseError

# How many articles one expiry transaction deletes at most: short enough that a reply
# waiting for the write lock (SQLite) is not held up noticeably.
EXPIRY_BATCH = 200


@dataclass(frozen=True, slots=True)
class Forgotten:
    articles: int  # articles deleted (nobody else had shared them)
    shares: int  # shares deleted


class ForgettingRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def forget_member(self, scope: str, user_id: str) -> Forgotten:
        """The member's shares in the scope; the articles only they shared go with them."""
        async with self._db.transaction() as connection:
            only_theirs = [int(row["article_id"]) for row in await connection.fetch_all(
                "SELECT s.article_id FROM shares AS s JOIN articles AS a ON a.id = s.article_id "
                "WHERE a.scope = ? GROUP BY s.article_id "
                "HAVING sum(CASE WHEN s.sharer_id = ? THEN 0 ELSE 1 END) = 0",
                (scope, user_id))]
            shares = await connection.execute(
                "DELETE FROM shares WHERE sharer_id = ? AND article_id IN "
                "(SELECT id FROM articles WHERE scope = ?)", (user_id, scope))
            articles = await _delete_articles(connection, only_theirs)
        return Forgotten(articles, shares)

    async def forget_link(self, scope: str, url_key: str) -> Forgotten:
        """The article stored under the link (or shared by it), with every share of it."""
        async with self._db.transaction() as connection:
            ids = [int(row["id"]) for row in await connection.fetch_all(
                "SELECT id FROM articles WHERE scope = ? AND url_key = ? UNION "
                "SELECT a.id FROM shares AS s JOIN articles AS a ON a.id = s.article_id "
                "WHERE a.scope = ? AND s.url_key = ?", (scope, url_key, scope, url_key))]
            shares = await _count_shares(connection, ids)
            articles = await _delete_articles(connection, ids)
        return Forgotten(articles, shares)

    async def expire(self, scope: str, before: str, limit: int = EXPIRY_BATCH) -> int:
        """Delete up to ``limit`` of the scope's articles first shared before ``before``
        (ISO UTC); the caller repeats until it returns less than ``limit``."""
        async with self._db.transaction() as connection:
            ids = [int(row["id"]) for row in await connection.fetch_all(
                "SELECT id FROM articles WHERE scope = ? AND created_at < ? "
                "ORDER BY created_at LIMIT ?", (scope, before, limit))]
            return await _delete_articles(connection, ids)

    async def forget_scope(self, scope: str, guild_id: str | None = None) -> int:
        """Everything a server (or a DM scope) stored: articles, feeds, follows, opt-outs,
        and with ``guild_id`` its settings and digests. Returns the articles deleted."""
        async with self._db.transaction() as connection:
            ids = [int(row["id"]) for row in await connection.fetch_all(
                "SELECT id FROM articles WHERE scope = ?", (scope,))]
            articles = await _delete_articles(connection, ids)
            for table in ("feeds", "follows", "autosummary_optouts", "topic_summaries"):
                await connection.execute(f"DELETE FROM {table} WHERE scope = ?", (scope,))
            if guild_id is not None:
                for table in ("guild_settings", "channel_settings", "digest_settings",
                              "digest_runs"):
                    await connection.execute(f"DELETE FROM {table} WHERE guild_id = ?",
                                             (guild_id,))
        return articles


class DepartureRepository:
    """Servers the bot has left, and when: their data waits out a grace period (a server
    that re-adds the bot by mistake gets it back), then goes. Kept as bot_state facts."""

    _PREFIX = "departed:"

    def __init__(self, database: Database) -> None:
        self._db = database

    async def record(self, guild_id: int, left_at: str) -> None:
        """The first departure counts: a later one (READY again without it) keeps it."""
        async with self._db.transaction() as connection:
            await connection.execute(
                "INSERT INTO bot_state (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (f"{self._PREFIX}{guild_id}", left_at))

    async def cancel(self, guild_id: int) -> bool:
        async with self._db.transaction() as connection:
            return await connection.execute("DELETE FROM bot_state WHERE key = ?",
                                            (f"{self._PREFIX}{guild_id}",)) > 0

    async def departed(self) -> dict[int, str]:
        """Guild id -> when it was left (ISO UTC)."""
        rows = await self._db.fetch_all(
            "SELECT key, value FROM bot_state WHERE key >= ? AND key < ?",
            (self._PREFIX, self._PREFIX[:-1] + ";"))
        return {int(row["key"].removeprefix(self._PREFIX)): row["value"] for row in rows}

    async def guilds_with_data(self) -> set[int]:
        """Every server the database holds anything of."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT scope FROM articles WHERE scope >= 'guild:' AND scope < 'guild;' "
            "UNION SELECT DISTINCT scope FROM feeds UNION SELECT DISTINCT scope FROM follows "
            "UNION SELECT 'guild:' || guild_id FROM guild_settings "
            "UNION SELECT 'guild:' || guild_id FROM digest_settings "
            "UNION SELECT 'guild:' || guild_id FROM channel_settings")
        return {int(row[0].removeprefix("guild:")) for row in rows
                if str(row[0]).startswith("guild:") and row[0][6:].isdigit()}


async def _count_shares(connection: Connection, article_ids: Sequence[int]) -> int:
    if not article_ids:
        return 0
    marks = ", ".join("?" for _ in article_ids)
    return int(await connection.scalar(
        f"SELECT count(*) FROM shares WHERE article_id IN ({marks})", tuple(article_ids)))


async def _delete_articles(connection: Connection, article_ids: Sequence[int]) -> int:
    if not article_ids:
        return 0
    marks = ", ".join("?" for _ in article_ids)
    await connection.execute(
        f"UPDATE feed_items SET article_id = NULL WHERE article_id IN ({marks})",
        tuple(article_ids))
    return await connection.execute(f"DELETE FROM articles WHERE id IN ({marks})",
                                    tuple(article_ids))


async def orphans(database: Database) -> dict[str, int]:
    """Rows that refer to an article (or a person row) that no longer exists, per table;
    empty when the database is whole. (SQLite's full-text index has its own check:
    ``fts_is_whole``.)"""
    checks = {
        "article_tags": "SELECT count(*) FROM article_tags WHERE article_id NOT IN "
                        "(SELECT id FROM articles)",
        "shares": "SELECT count(*) FROM shares WHERE article_id NOT IN (SELECT id FROM articles)",
        "article_people": "SELECT count(*) FROM article_people WHERE article_id NOT IN "
                          "(SELECT id FROM articles)",
        "person_sentences": "SELECT count(*) FROM person_sentences AS s WHERE NOT EXISTS "
                            "(SELECT 1 FROM article_people AS p WHERE p.article_id = "
                            "s.article_id AND p.person_key = s.person_key)",
        "topic_articles": "SELECT count(*) FROM topic_articles WHERE article_id NOT IN "
                          "(SELECT id FROM articles)",
        "person_articles": "SELECT count(*) FROM person_articles WHERE article_id NOT IN "
                           "(SELECT id FROM articles)",
        "topic_stats": "SELECT count(*) FROM topic_stats AS t WHERE NOT EXISTS (SELECT 1 FROM "
                       "topic_articles AS x WHERE x.scope = t.scope AND x.tag_key = t.tag_key)",
        "person_stats": "SELECT count(*) FROM person_stats AS t WHERE NOT EXISTS (SELECT 1 FROM "
                        "person_articles AS x WHERE x.scope = t.scope "
                        "AND x.person_key = t.person_key)",
        "topic_summaries": "SELECT count(*) FROM topic_summaries AS t WHERE NOT EXISTS "
                           "(SELECT 1 FROM topic_articles AS x WHERE x.scope = t.scope "
                           "AND x.tag_key = t.tag_key)",
        "article_sentence_notes": "SELECT count(*) FROM article_sentence_notes WHERE "
                                  "article_id NOT IN (SELECT id FROM articles)",
        "follow_matches": "SELECT count(*) FROM follow_matches WHERE article_id NOT IN "
                          "(SELECT id FROM articles)",
        "feed_items": "SELECT count(*) FROM feed_items WHERE article_id IS NOT NULL AND "
                      "article_id NOT IN (SELECT id FROM articles)",
    }
    found = {}
    for table, sql in checks.items():
        count = int(await database.scalar(sql))
        if count:
            found[table] = count
    return found


async def fts_is_whole(database: Database) -> bool:
    """SQLite: whether the FTS5 index holds exactly the stored articles (its own
    integrity-check). PostgreSQL's index is a generated column of the row: always whole."""
    if database.dialect != "sqlite":
        return True
    try:
        async with database.transaction() as connection:
            await connection.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    except DatabaseError:
        return False
    return True
