-- Per-scope indexes for topics and people, kept by triggers, so that autocomplete, /topic,
-- /person and /search filters read one scope's rows instead of every scope's.
--
-- article_tags and article_people have no scope: queries joined every row of a key (or a
-- prefix) to articles and threw away the other servers'. With 100,000 articles over 50
-- servers a popular topic has thousands of rows, and an autocomplete prefix tens of thousands.
-- These tables repeat (scope, key, created_at) per row and keep per-scope counts; an
-- article's scope and created_at never change, so insert and delete triggers suffice.

-- One row per (scope, topic): what autocomplete and lookups rank by.
CREATE TABLE topic_stats (
    scope   TEXT    NOT NULL,
    tag_key TEXT    NOT NULL,
    name    TEXT    NOT NULL,  -- max(tag): one written form, accented forms win
    n       INTEGER NOT NULL,  -- articles in the scope with this topic
    last_at TEXT    NOT NULL,  -- max(articles.created_at)
    PRIMARY KEY (scope, tag_key)
) WITHOUT ROWID;

-- A topic's articles in one scope, latest first by index order.
CREATE TABLE topic_articles (
    scope      TEXT    NOT NULL,
    tag_key    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (scope, tag_key, created_at, article_id)
) WITHOUT ROWID;

CREATE INDEX topic_articles_article ON topic_articles (article_id);

CREATE TABLE person_stats (
    scope       TEXT    NOT NULL,
    person_key  TEXT    NOT NULL,
    surname_key TEXT    NOT NULL,
    name        TEXT    NOT NULL,  -- max(name)
    n           INTEGER NOT NULL,
    last_at     TEXT    NOT NULL,
    PRIMARY KEY (scope, person_key)
) WITHOUT ROWID;

CREATE INDEX person_stats_surname ON person_stats (scope, surname_key);

CREATE TABLE person_articles (
    scope      TEXT    NOT NULL,
    person_key TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (scope, person_key, created_at, article_id)
) WITHOUT ROWID;

CREATE INDEX person_articles_article ON person_articles (article_id);

CREATE TRIGGER article_tags_scope_insert AFTER INSERT ON article_tags BEGIN
    INSERT INTO topic_articles (scope, tag_key, created_at, article_id)
    SELECT a.scope, new.tag_key, a.created_at, a.id FROM articles AS a WHERE a.id = new.article_id;
    INSERT INTO topic_stats (scope, tag_key, name, n, last_at)
    SELECT a.scope, new.tag_key, new.tag, 1, a.created_at FROM articles AS a
    WHERE a.id = new.article_id
    ON CONFLICT (scope, tag_key) DO UPDATE SET
        n = n + 1, name = max(name, excluded.name), last_at = max(last_at, excluded.last_at);
END;

-- On delete (an article removed: the cascade deletes its tags) the stats row is recomputed
-- from what is left; the article row may already be gone, so the scope comes from the index.
CREATE TRIGGER article_tags_scope_delete AFTER DELETE ON article_tags BEGIN
    DELETE FROM topic_articles WHERE article_id = old.article_id AND tag_key = old.tag_key;
    DELETE FROM topic_stats WHERE tag_key = old.tag_key AND scope NOT IN (
        SELECT scope FROM topic_articles WHERE tag_key = old.tag_key);
    UPDATE topic_stats SET
        n = (SELECT count(*) FROM topic_articles AS x
             WHERE x.scope = topic_stats.scope AND x.tag_key = old.tag_key),
        last_at = (SELECT max(created_at) FROM topic_articles AS x
                   WHERE x.scope = topic_stats.scope AND x.tag_key = old.tag_key),
        name = (SELECT max(t.tag) FROM topic_articles AS x JOIN article_tags AS t
                ON t.article_id = x.article_id AND t.tag_key = x.tag_key
                WHERE x.scope = topic_stats.scope AND x.tag_key = old.tag_key)
    WHERE tag_key = old.tag_key;
END;

CREATE TRIGGER article_people_scope_insert AFTER INSERT ON article_people BEGIN
    INSERT INTO person_articles (scope, person_key, created_at, article_id)
    SELECT a.scope, new.person_key, a.created_at, a.id FROM articles AS a
    WHERE a.id = new.article_id;
    INSERT INTO person_stats (scope, person_key, surname_key, name, n, last_at)
    SELECT a.scope, new.person_key, new.surname_key, new.name, 1, a.created_at
    FROM articles AS a WHERE a.id = new.article_id
    ON CONFLICT (scope, person_key) DO UPDATE SET
        n = n + 1, name = max(name, excluded.name), last_at = max(last_at, excluded.last_at);
END;

CREATE TRIGGER article_people_scope_delete AFTER DELETE ON article_people BEGIN
    DELETE FROM person_articles WHERE article_id = old.article_id
                                  AND person_key = old.person_key;
    DELETE FROM person_stats WHERE person_key = old.person_key AND scope NOT IN (
        SELECT scope FROM person_articles WHERE person_key = old.person_key);
    UPDATE person_stats SET
        n = (SELECT count(*) FROM person_articles AS x
             WHERE x.scope = person_stats.scope AND x.person_key = old.person_key),
        last_at = (SELECT max(created_at) FROM person_articles AS x
                   WHERE x.scope = person_stats.scope AND x.person_key = old.person_key),
        name = (SELECT max(p.name) FROM person_articles AS x JOIN article_people AS p
                ON p.article_id = x.article_id AND p.person_key = x.person_key
                WHERE x.scope = person_stats.scope AND x.person_key = old.person_key)
    WHERE person_key = old.person_key;
END;

-- What is already stored.
INSERT INTO topic_articles (scope, tag_key, created_at, article_id)
SELECT a.scope, t.tag_key, a.created_at, a.id
FROM article_tags AS t JOIN articles AS a ON a.id = t.article_id;

INSERT INTO topic_stats (scope, tag_key, name, n, last_at)
SELECT a.scope, t.tag_key, max(t.tag), count(*), max(a.created_at)
FROM article_tags AS t JOIN articles AS a ON a.id = t.article_id
GROUP BY a.scope, t.tag_key;

INSERT INTO person_articles (scope, person_key, created_at, article_id)
SELECT a.scope, p.person_key, a.created_at, a.id
FROM article_people AS p JOIN articles AS a ON a.id = p.article_id;

INSERT INTO person_stats (scope, person_key, surname_key, name, n, last_at)
SELECT a.scope, p.person_key, max(p.surname_key), max(p.name), count(*), max(a.created_at)
FROM article_people AS p JOIN articles AS a ON a.id = p.article_id
GROUP BY a.scope, p.person_key;

-- Full-text search within one scope: the index gets the scope as a third column, and queries
-- add `scope : "<scope>" AND (...)`, so FTS5 intersects the posting lists and ranks only
-- that scope's matches. Before, a common word matched every server's articles and each
-- match was looked up in articles to be thrown away. The scope column weighs 0 in BM25.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, scope,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text, scope)
    VALUES (new.id, new.title, new.text, new.scope);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, scope)
    VALUES ('delete', old.id, old.title, old.text, old.scope);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, scope ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, scope)
    VALUES ('delete', old.id, old.title, old.text, old.scope);
    INSERT INTO articles_fts (rowid, title, text, scope)
    VALUES (new.id, new.title, new.text, new.scope);
END;

INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
