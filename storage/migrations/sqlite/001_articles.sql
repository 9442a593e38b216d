-- Articles, their tags and every time they were shared, with a full-text index.
-- A scope is where an article is visible: "guild:<id>", "dm:<user id>" or "cli".

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    scope             TEXT    NOT NULL,
    url_key           TEXT    NOT NULL,  -- dedup key: normalised canonical URL, or a content hash
    canonical_url     TEXT,
    original_url      TEXT,
    title             TEXT,
    site_name         TEXT,
    author            TEXT,
    published         TEXT,
    language          TEXT,
    image             TEXT,
    text              TEXT    NOT NULL,
    summary           TEXT    NOT NULL,  -- JSON list of sentences
    summary_algorithm TEXT    NOT NULL,
    words_in          INTEGER NOT NULL,
    words_out         INTEGER NOT NULL,
    created_at        TEXT    NOT NULL,  -- ISO 8601, UTC
    UNIQUE (scope, url_key)
);

CREATE INDEX articles_scope_created ON articles (scope, created_at);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_key    TEXT    NOT NULL,  -- folded form: "nato" for NATO, Nato and nato
    tag        TEXT    NOT NULL,  -- as the page wrote it
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_key)
);

CREATE INDEX article_tags_key ON article_tags (tag_key);

CREATE TABLE shares (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    url         TEXT,              -- the link or file as it was shared
    url_key     TEXT,              -- its dedup key, so a re-share is known before fetching
    sharer_id   TEXT,
    sharer_name TEXT,
    channel_id  TEXT,
    message_id  TEXT,
    reply_id    TEXT,              -- the bot's summary message, for jump links
    shared_at   TEXT    NOT NULL
);

CREATE INDEX shares_article ON shares (article_id, shared_at);
CREATE INDEX shares_url_key ON shares (url_key);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
