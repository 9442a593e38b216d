-- Scheduled digests: each server's settings, and an outbox row per scheduled occurrence so
-- that a restart neither repeats nor skips a digest.

CREATE TABLE digest_settings (
    guild_id    TEXT    PRIMARY KEY,
    channel_id  TEXT    NOT NULL,
    local_time  TEXT    NOT NULL,               -- "HH:MM", wall-clock time in `timezone`
    timezone    TEXT    NOT NULL,               -- IANA name, e.g. "Europe/Berlin"
    weekdays    INTEGER NOT NULL DEFAULT 127,   -- bit 0 = Monday ... bit 6 = Sunday
    max_items   INTEGER NOT NULL DEFAULT 10 CHECK (max_items BETWEEN 1 AND 25),
    empty_note  INTEGER NOT NULL DEFAULT 0,     -- post a one-line note when nothing was shared
    enabled     INTEGER NOT NULL DEFAULT 1,
    anchor_at   TEXT    NOT NULL,               -- ISO UTC: occurrences at or before it never run
    updated_at  TEXT    NOT NULL
);

-- One row per occurrence (kind "scheduled") or per /digest now (kind "manual").
-- state: composing (claimed, maybe partly posted) -> sent | skipped | failed.
CREATE TABLE digest_runs (
    id            INTEGER PRIMARY KEY,
    guild_id      TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('scheduled', 'manual')),
    scheduled_for TEXT    NOT NULL,             -- ISO UTC occurrence (or request) instant
    channel_id    TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('composing', 'sent', 'skipped', 'failed')),
    ref           TEXT    NOT NULL,             -- marker carried by every posted message
    claimed_by    TEXT,                         -- process that owns a "composing" row
    period_start  TEXT,                         -- the shares a run covers: fixed when claimed,
    period_end    TEXT,                         -- NULL for missed occurrences (nothing covered)
    article_count INTEGER,
    message_ids   TEXT    NOT NULL DEFAULT '[]', -- JSON list of message ids, in order
    error         TEXT,                         -- failure or skip reason, user-safe
    retryable     INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (guild_id, kind, scheduled_for)
);

CREATE INDEX digest_runs_guild ON digest_runs (guild_id, id);
CREATE INDEX digest_runs_open ON digest_runs (state) WHERE state IN ('composing', 'failed');

-- Digests select articles by when they were first shared.
CREATE INDEX shares_shared_at ON shares (shared_at, article_id);
