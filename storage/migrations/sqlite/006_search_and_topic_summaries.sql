-- Latency at 100,000 articles: the scope as one search token, a covering index for search's
-- site: filter, and a memo of each topic's summary across its latest articles.

-- The scope column of the full-text index held "guild:<id>" as two tokens, "guild" (in every
-- server's articles) and the id: each query matched the phrase, and BM25 counted the
-- phrase's rows across the whole table before ranking, which cost more than ranking a rare
-- word in a large server. One token per scope ("guild<id>", "dm<id>", "cli": the colon
-- removed, no two scopes alike) is matched from its own list of rows. Searching the word
-- "guild" no longer matches every article either. The index reads the scope through a view,
-- so that 'rebuild' and the triggers index the same token.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;

CREATE VIEW articles_fts_content AS
SELECT id, title, text, replace(scope, ':', '') AS scope FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, scope,
    content = 'articles_fts_content', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text, scope)
    VALUES (new.id, new.title, new.text, replace(new.scope, ':', ''));
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, scope)
    VALUES ('delete', old.id, old.title, old.text, replace(old.scope, ':', ''));
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, scope ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text, scope)
    VALUES ('delete', old.id, old.title, old.text, replace(old.scope, ':', ''));
    INSERT INTO articles_fts (rowid, title, text, scope)
    VALUES (new.id, new.title, new.text, replace(new.scope, ':', ''));
END;

INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

-- site: compares both URLs and the site name of every article in the scope. Read from the
-- table, each article is a separate page (the text makes rows several kilobytes), so a
-- server of 15,000 articles cost 15,000 page reads; this index holds those columns, packed.
CREATE INDEX articles_scope_sites ON articles (scope, canonical_url, original_url, site_name);

-- The summary across a topic's latest articles (LexRank in a worker), kept with a digest of
-- exactly what it was computed from (the stored summaries, in order, and the sentence count):
-- a new or removed article changes that input, so a stale row is never served, only
-- replaced. One row per (scope, topic) that someone has looked at.
CREATE TABLE topic_summaries (
    scope     TEXT NOT NULL,
    tag_key   TEXT NOT NULL,
    basis     TEXT NOT NULL,  -- digest of the input
    sentences TEXT NOT NULL,  -- JSON list
    PRIMARY KEY (scope, tag_key)
) WITHOUT ROWID;

-- Removing an article removes the sentences summarised from it, not only on the next view.
CREATE TRIGGER topic_summaries_forget AFTER DELETE ON topic_articles BEGIN
    DELETE FROM topic_summaries WHERE scope = old.scope AND tag_key = old.tag_key;
END;
