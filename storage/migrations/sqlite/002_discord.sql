-- Per-server and per-channel settings chosen by admins, and small facts the bot remembers.

CREATE TABLE guild_settings (
    guild_id          TEXT PRIMARY KEY,
    summary_sentences INTEGER,
    summary_algorithm TEXT,
    updated_at        TEXT NOT NULL
);

CREATE TABLE channel_settings (
    channel_id   TEXT PRIMARY KEY,
    guild_id     TEXT NOT NULL,
    autosummary  INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL
);

CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
