-- Feeds: a channel's subscriptions to RSS/Atom/JSON feeds, and every item each has seen, with
-- a claim state so that a crash during a poll neither loses nor repeats an item.

CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY,
    scope           TEXT    NOT NULL,            -- "guild:<id>": a server sees only its own
    channel_id      TEXT    NOT NULL,
    url             TEXT    NOT NULL,            -- the feed itself (a page is resolved first)
    title           TEXT,
    filter          TEXT,                        -- search syntax, see bot.feeds.filters
    backlog         INTEGER NOT NULL DEFAULT 0,  -- newest items to post on the first poll
    digest_only     INTEGER NOT NULL DEFAULT 0,  -- store items, post nothing one by one
    thread          INTEGER NOT NULL DEFAULT 0,  -- open a thread on each posted item
    state           TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
    paused_reason   TEXT,                        -- user-safe: why the feed is paused
    pause_notice    TEXT    NOT NULL DEFAULT 'none'
                    CHECK (pause_notice IN ('none', 'due', 'sent')),
    primed          INTEGER NOT NULL DEFAULT 0,  -- the first poll has read the backlog
    ttl_minutes     INTEGER,                     -- the feed's own <ttl>, kept for 304 polls
    etag            TEXT,
    last_modified   TEXT,
    next_poll_at    TEXT    NOT NULL,            -- ISO UTC
    last_polled_at  TEXT,
    last_success_at TEXT,
    failing_since   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    error           TEXT,                        -- the last poll's problem, user-safe
    created_by      TEXT,
    created_at      TEXT    NOT NULL,
    UNIQUE (scope, channel_id, url)
);

CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE state = 'active';
CREATE INDEX feeds_scope ON feeds (scope, id);

-- state: seen (in the backlog when the feed was added: never posted) | pending (new, waits
-- its turn) | claimed (being delivered: maybe posted already) | posted | stored (digest only)
-- | filtered | failed (the article could not be read; the feed's item link is posted).
CREATE TABLE feed_items (
    feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    identity    TEXT    NOT NULL,
    link        TEXT,
    title       TEXT,
    summary     TEXT,                           -- the feed's text, for an item without a link
    published   TEXT,
    position    INTEGER NOT NULL,               -- arrival order: oldest first
    state       TEXT    NOT NULL CHECK (state IN ('seen', 'pending', 'claimed', 'posted',
                                                  'stored', 'filtered', 'failed')),
    claimed_at  TEXT,
    article_id  INTEGER,
    message_id  TEXT,
    error       TEXT,
    seen_at     TEXT    NOT NULL,
    PRIMARY KEY (feed_id, identity)
);

CREATE INDEX feed_items_waiting ON feed_items (feed_id, state, position)
    WHERE state IN ('pending', 'claimed');
