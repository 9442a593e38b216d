"""Scheduled backups are named by their time; one a day is due; the newest N are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.backups.rotation import backup_name, next_due, scheduled_backups, to_delete

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def make(folder: Path, when: datetime) -> Path:
    path = folder / backup_name(when)
    path.write_bytes(b"")
    return path


def test_the_first_backup_is_due_at_once_and_the_next_a_day_after(tmp_path: Path) -> None:
    assert next_due(tmp_path / "not yet created", NOW) == NOW
    make(tmp_path, NOW - timedelta(hours=3))
    assert next_due(tmp_path, NOW) == NOW + timedelta(hours=21)


def test_only_the_newest_are_kept_and_other_files_are_never_touched(tmp_path: Path) -> None:
    made = [make(tmp_path, NOW - timedelta(days=days)) for days in range(5)]
    (tmp_path / "my-own-copy.db").write_bytes(b"")
    assert to_delete(tmp_path, keep=2) == sorted(made[2:])
    assert [path for _, path in scheduled_backups(tmp_path)] == sorted(made)
    assert to_delete(tmp_path, keep=9) == []
