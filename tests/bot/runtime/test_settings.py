import re
from pathlib import Path

import pytest

from bot.errors import InvalidOptionError
from bot.runtime.settings import Settings

REPO = Path(__file__).resolve().parents[3]


def test_defaults() -> None:
    settings = Settings.from_mapping({})
    assert settings.database_path == Path("newsbot.db")
    assert settings.fetch_max_bytes == 5 * 1024 * 1024
    assert settings.fetch_max_redirects == 5
    assert not settings.allow_private_urls
    assert settings.discord_token is None


def test_values_from_the_environment() -> None:
    settings = Settings.from_mapping({
        "NEWSBOT_DATABASE": "/tmp/x.db", "NEWSBOT_ALLOW_PRIVATE_URLS": "1",
        "NEWSBOT_FETCH_MAX_BYTES": "2048", "DISCORD_TOKEN": "secret-token",
        "NEWSBOT_SUMMARY_ALGORITHM": "LexRank", "NEWSBOT_DEV_GUILD_ID": "123"})
    assert settings.database_path == Path("/tmp/x.db")
    assert settings.allow_private_urls
    assert settings.fetch_max_bytes == 2048
    assert settings.summary_algorithm == "lexrank"
    assert settings.dev_guild_id == 123


def test_follow_settings_default_to_ten_minutes_and_25_follows() -> None:
    assert Settings.from_mapping({}).follow_batch_minutes == 10
    assert Settings.from_mapping({}).max_follows_per_member == 25
    changed = Settings.from_mapping({"NEWSBOT_FOLLOW_BATCH_MINUTES": "2.5",
                                     "NEWSBOT_MAX_FOLLOWS_PER_MEMBER": "5"})
    assert changed.follow_batch_minutes == 2.5
    assert changed.max_follows_per_member == 5


def test_scheduled_backups_are_off_unless_a_folder_is_given() -> None:
    assert Settings.from_mapping({}).backup_dir is None
    chosen = Settings.from_mapping({"NEWSBOT_BACKUP_DIR": "/var/backups/newsbot",
                                    "NEWSBOT_BACKUP_KEEP": "3"})
    assert (chosen.backup_dir, chosen.backup_keep) == (Path("/var/backups/newsbot"), 3)


def test_the_token_never_appears_in_the_representation() -> None:
    assert "secret-token" not in repr(Settings.from_mapping({"DISCORD_TOKEN": "secret-token"}))


@pytest.mark.parametrize(("key", "value"), [
    ("NEWSBOT_ALLOW_PRIVATE_URLS", "maybe"), ("NEWSBOT_FETCH_MAX_BYTES", "lots"),
    ("NEWSBOT_FETCH_MAX_BYTES", "10"), ("NEWSBOT_FETCH_READ_TIMEOUT", "-1"),
    ("NEWSBOT_DEV_GUILD_ID", "0"), ("NEWSBOT_FOLLOW_BATCH_MINUTES", "0"),
    ("NEWSBOT_MAX_FOLLOWS_PER_MEMBER", "0"), ("NEWSBOT_MAX_FOLLOWS_PER_MEMBER", "many"),
    ("NEWSBOT_BACKUP_KEEP", "0"), ("NEWSBOT_BACKUP_KEEP", "all"),
])
def test_bad_values_are_refused_with_the_key_named(key: str, value: str) -> None:
    with pytest.raises(InvalidOptionError, match=key):
        Settings.from_mapping({key: value})


def test_env_file_is_read_and_the_environment_overrides_it(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("NEWSBOT_DATABASE=from-file.db\nNEWSBOT_WORKERS=3\n")
    settings = Settings.load(env, environ={"NEWSBOT_WORKERS": "1"})
    assert settings.database_path == Path("from-file.db")
    assert settings.workers == 1


def test_env_example_lists_every_setting() -> None:
    example = (REPO / ".env.example").read_text()
    source = (REPO / "bot" / "runtime" / "settings.py").read_text()
    keys = set(re.findall(r'"((?:NEWSBOT|DISCORD)_[A-Z_]+)"', source))
    assert keys, "no settings found"
    for key in keys:
        assert f"{key}=" in example, f"{key} is missing from .env.example"


@pytest.mark.parametrize("url", ["postgresql://newsbot:s3cret@db.example:5432/newsbot",
                                 "postgres://newsbot:s3cret@db.example/newsbot"])
def test_a_postgresql_url_chooses_the_server_and_is_shown_without_its_password(
        url: str) -> None:
    settings = Settings.from_mapping({"NEWSBOT_DATABASE": url})
    assert settings.database_url == url
    assert settings.database_location == url
    assert "s3cret" not in settings.database_shown
    scheme = url.split("://", maxsplit=1)[0]
    assert settings.database_shown.startswith(f"{scheme}://newsbot:***@db.example")
    assert "s3cret" not in repr(settings)


def test_a_path_or_a_sqlite_url_chooses_a_file() -> None:
    assert Settings.from_mapping({"NEWSBOT_DATABASE": "sqlite:///data/news.db"}
                                 ).database_path == Path("data/news.db")
    absolute = Settings.from_mapping({"NEWSBOT_DATABASE": "sqlite:////srv/news.db"})
    assert absolute.database_path == Path("/srv/news.db")
    assert absolute.database_url is None
    assert absolute.database_shown == "/srv/news.db"


def test_with_database_switches_between_a_file_and_a_server() -> None:
    server = Settings().with_database("postgresql://u@h/db")
    assert server.database_url == "postgresql://u@h/db"
    back = server.with_database("other.db")
    assert back.database_url is None
    assert back.database_location == "other.db"


def test_an_unknown_database_scheme_is_refused_with_the_key_named() -> None:
    with pytest.raises(InvalidOptionError, match="NEWSBOT_DATABASE must be a file path"):
        Settings.from_mapping({"NEWSBOT_DATABASE": "mysql://root@localhost/news"})
