"""Typed settings read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotenv import dotenv_values

from bot.errors import InvalidOptionError
from storage.database import is_postgresql_url, sqlite_path

DEFAULT_DATABASE = Path("newsbot.db")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything newsbot can be configured with; ``.env.example`` documents each key."""

    database_path: Path = DEFAULT_DATABASE
    # A PostgreSQL server (postgresql://user:pass@host/db) instead of the SQLite file above;
    # it holds a password, so it is never printed (``database_shown`` is).
    database_url: str | None = field(default=None, repr=False)
    discord_token: str | None = field(default=None, repr=False)  # never printed
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    dev_guild_id: int | None = None
    allow_private_urls: bool = False
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 20.0
    fetch_max_redirects: int = 5
    user_agent: str = "Mozilla/5.0 (compatible; newsbot/0.1; +https://github.com/newsbot)"
    processing_timeout: float = 30.0
    workers: int = 0  # 0: one worker process per CPU core
    # Memory a worker may allocate beyond its loaded models before a page is refused (0: no
    # ceiling).
    worker_memory_mb: int = 768
    summary_sentences: int = 3
    summary_algorithm: str = "news"
    # Discord requests a second for posting digests, all servers together (Discord's global
    # limit is 50; the rest is headroom for replies and commands).
    digest_requests_per_second: float = 40.0
    # Follows: at most one announcement per follow per this many minutes, listing what
    # arrived; and how many follows one member may have in a server.
    follow_batch_minutes: float = 10.0
    max_follows_per_member: int = 25
    # Scheduled backups (bot.backups): a daily copy of the SQLite database into this folder
    # (None: no scheduled backups), the newest ``backup_keep`` kept.
    backup_dir: Path | None = None
    backup_keep: int = 7
    # A server that removed the bot keeps its data this many days (added back: kept), then
    # it is deleted.
    departed_grace_days: int = 30
    log_level: str = "INFO"
    # Feeds (bot.feeds): the shortest time between two polls of one feed, the most items one
    # feed posts per poll (the rest wait, oldest first), and feeds polled at once.
    feed_min_interval_minutes: int = 10
    feed_max_posts_per_poll: int = 5
    feed_concurrency: int = 8

    @classmethod
    def load(cls, env_file: str | Path | None = ".env",
             environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``.env`` (if present) overlaid by the real environment."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        def text(key: str) -> str | None:
            value = values.get(key, "").strip()
            return value or None

        defaults = cls()
        database_path, database_url = parse_database(
            text("NEWSBOT_DATABASE") or str(defaults.database_path), "NEWSBOT_DATABASE")
        return cls(
            database_path=database_path,
            database_url=database_url,
            discord_token=text("DISCORD_TOKEN"),
            discord_api_base_url=text("DISCORD_API_BASE_URL"),
            discord_gateway_url=text("DISCORD_GATEWAY_URL"),
            dev_guild_id=_optional_integer(values, "NEWSBOT_DEV_GUILD_ID", minimum=1),
            allow_private_urls=_boolean(values, "NEWSBOT_ALLOW_PRIVATE_URLS", False),
            fetch_max_bytes=_integer(values, "NEWSBOT_FETCH_MAX_BYTES",
                                     defaults.fetch_max_bytes, minimum=1024),
            fetch_connect_timeout=_number(values, "NEWSBOT_FETCH_CONNECT_TIMEOUT",
                                          defaults.fetch_connect_timeout),
            fetch_read_timeout=_number(values, "NEWSBOT_FETCH_READ_TIMEOUT",
                                       defaults.fetch_read_timeout),
            fetch_max_redirects=_integer(values, "NEWSBOT_FETCH_MAX_REDIRECTS",
                                         defaults.fetch_max_redirects, minimum=0),
            user_agent=text("NEWSBOT_USER_AGENT") or defaults.user_agent,
            processing_timeout=_number(values, "NEWSBOT_PROCESSING_TIMEOUT",
                                       defaults.processing_timeout),
            workers=_integer(values, "NEWSBOT_WORKERS", defaults.workers, minimum=0),
            worker_memory_mb=_integer(values, "NEWSBOT_WORKER_MEMORY_MB",
                                      defaults.worker_memory_mb, minimum=0),
            summary_sentences=_integer(values, "NEWSBOT_SUMMARY_SENTENCES",
                                       defaults.summary_sentences, minimum=1),
            summary_algorithm=(text("NEWSBOT_SUMMARY_ALGORITHM")
                               or defaults.summary_algorithm).lower(),
            digest_requests_per_second=_number(values, "NEWSBOT_DIGEST_REQUESTS_PER_SECOND",
                                               defaults.digest_requests_per_second,
                                               what="a number of requests per second"),
            follow_batch_minutes=_number(values, "NEWSBOT_FOLLOW_BATCH_MINUTES",
                                         defaults.follow_batch_minutes,
                                         what="a number of minutes"),
            max_follows_per_member=_integer(values, "NEWSBOT_MAX_FOLLOWS_PER_MEMBER",
                                            defaults.max_follows_per_member, minimum=1),
            backup_dir=Path(folder) if (folder := text("NEWSBOT_BACKUP_DIR")) else None,
            backup_keep=_integer(values, "NEWSBOT_BACKUP_KEEP", defaults.backup_keep, minimum=1),
            departed_grace_days=_integer(values, "NEWSBOT_DEPARTED_GRACE_DAYS",
                                         defaults.departed_grace_days, minimum=0),
            log_level=_log_level(values, defaults.log_level),
            feed_min_interval_minutes=_integer(values, "NEWSBOT_FEED_MIN_INTERVAL_MINUTES",
                                               defaults.feed_min_interval_minutes, minimum=1),
            feed_max_posts_per_poll=_integer(values, "NEWSBOT_FEED_MAX_POSTS_PER_POLL",
                                             defaults.feed_max_posts_per_poll, minimum=1),
            feed_concurrency=_integer(values, "NEWSBOT_FEED_CONCURRENCY",
                                      defaults.feed_concurrency, minimum=1),
        )


    @property
    def database_location(self) -> str:
        """What ``storage.database.Database.open`` opens: the URL, or the file."""
        return self.database_url or str(self.database_path)

    @property
    def database_shown(self) -> str:
        """The database, safe to print or log: the file, or the URL without its password."""
        if self.database_url is None:
            return str(self.database_path)
        from storage.postgresql import redacted  # noqa: PLC0415  asyncpg only when used

        return redacted(self.database_url)

    def with_database(self, location: str, option: str = "--database") -> Settings:
        path, url = parse_database(location, option)
        return replace(self, database_path=path, database_url=url)


def parse_database(location: str, key: str) -> tuple[Path, str | None]:
    """A file path, ``sqlite:///path`` or ``postgresql://...`` (``postgres://``): the SQLite
    file (kept as the default path when a server is chosen) and the server's URL, if any."""
    location = location.strip()
    if is_postgresql_url(location):
        return DEFAULT_DATABASE, location
    if "://" in location and not location.startswith("sqlite:///"):
        scheme = location.split("://", 1)[0]
        raise InvalidOptionError(
            f"{key} must be a file path, sqlite:///path or postgresql://user:password@host/"
            f"database (got a {scheme}:// address)")
    return sqlite_path(location), None


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(values: Mapping[str, str], default: str) -> str:
    raw = values.get("NEWSBOT_LOG_LEVEL", "").strip()
    if not raw:
        return default
    if raw.upper() not in _LOG_LEVELS:
        raise InvalidOptionError(
            f"NEWSBOT_LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)} (got {raw!r})")
    return raw.upper()


def _boolean(values: Mapping[str, str], key: str, default: bool) -> bool:
    raw = values.get(key)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InvalidOptionError(f"{key} must be 1 or 0 (got {raw!r})")


def _integer(values: Mapping[str, str], key: str, default: int, *, minimum: int) -> int:
    number = _optional_integer(values, key, minimum=minimum)
    return default if number is None else number


def _optional_integer(values: Mapping[str, str], key: str, *, minimum: int) -> int | None:
    raw = values.get(key, "").strip()
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        raise InvalidOptionError(f"{key} must be a whole number (got {raw!r})") from None
    if number < minimum:
        raise InvalidOptionError(f"{key} must be at least {minimum} (got {number})")
    return number


def _number(values: Mapping[str, str], key: str, default: float, *,
            what: str = "a number of seconds") -> float:
    raw = values.get(key, "").strip()
    if not raw:
        return default
    try:
        number = float(raw)
    except ValueError:
        raise InvalidOptionError(f"{key} must be {what} (got {raw!r})") from None
    if number <= 0:
        raise InvalidOptionError(f"{key} must be greater than 0 (got {number})")
    return number
