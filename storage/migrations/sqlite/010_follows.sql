-- Follows: members follow a person, a topic or a search in one server (scope); every new
-- article there that matches is recorded once per follow and announced in batches.

CREATE TABLE follows (
    id         INTEGER PRIMARY KEY,
    scope      TEXT    NOT NULL,                -- "guild:<id>": another server never matches
    user_id    TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('person', 'topic', 'search')),
    query      TEXT    NOT NULL,                -- as the member typed it
    key        TEXT    NOT NULL,                -- normalised: person key, topic key, folded query
    channel_id TEXT,                            -- NULL: delivered by DM
    role_id    TEXT,                            -- mentioned in channel deliveries
    created_at TEXT    NOT NULL,
    UNIQUE (scope, user_id, kind, key)
);

CREATE INDEX follows_scope ON follows (scope);

-- One batch per announcement: claimed as "sending" before anything is posted; after a
-- crash the target's recent messages are searched for its ref before it is sent again.
CREATE TABLE follow_batches (
    id         INTEGER PRIMARY KEY,
    follow_id  INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    state      TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    ref        TEXT    NOT NULL,                -- marker the announcement carries (and nonce)
    error      TEXT,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE INDEX follow_batches_follow ON follow_batches (follow_id, created_at);

-- An article matched by a follow: the primary key makes it once per follow and article.
CREATE TABLE follow_matches (
    follow_id  INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    matched_at TEXT    NOT NULL,
    batch_id   INTEGER REFERENCES follow_batches (id) ON DELETE SET NULL,
    PRIMARY KEY (follow_id, article_id)
);

CREATE INDEX follow_matches_pending ON follow_matches (follow_id, matched_at)
    WHERE batch_id IS NULL;

-- Members whose DMs Discord refused: their DM follows wait, and they are told once.
CREATE TABLE follow_dm_pauses (
    user_id        TEXT    PRIMARY KEY,
    paused_at      TEXT    NOT NULL,
    notice_pending INTEGER NOT NULL DEFAULT 1
);

-- Members who asked never to be answered automatically in a server.
CREATE TABLE autosummary_optouts (
    scope      TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, user_id)
);

-- Link summaries per channel: auto, reaction (a 📰 reaction asks) or off. NULL: the older
-- autosummary column decides (1 auto, 0 off).
ALTER TABLE channel_settings ADD COLUMN mode TEXT CHECK (mode IN ('auto', 'reaction', 'off'));

-- Messages summarized because of a reaction: once per message, however many react.
CREATE TABLE reaction_summaries (
    message_id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
