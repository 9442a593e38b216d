"""Which backups exist, whether one is due, and which to delete: names carry the time.

A scheduled backup is ``newsbot-YYYYMMDD-HHMMSS.db`` (UTC) in the backup folder. Files of
any other name there are never touched, so a copy an admin made by hand is safe.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

INTERVAL = timedelta(days=1)
_NAME = re.compile(r"^newsbot-(\d{8}-\d{6})\.db$")
_FORMAT = "%Y%m%d-%H%M%S"


def backup_name(now: datetime) -> str:
    return f"newsbot-{now.astimezone(UTC).strftime(_FORMAT)}.db"


def scheduled_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The folder's scheduled backups, oldest first."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match and path.is_file():
            taken = datetime.strptime(match.group(1), _FORMAT).replace(tzinfo=UTC)
            found.append((taken, path))
    return sorted(found)


def next_due(folder: Path, now: datetime) -> datetime:
    """A day after the newest scheduled backup; now when there is none."""
    backups = scheduled_backups(folder)
    return backups[-1][0] + INTERVAL if backups else now


def to_delete(folder: Path, keep: int) -> list[Path]:
    """All but the newest ``keep`` scheduled backups."""
    backups = scheduled_backups(folder)
    return [path for _taken, path in backups[:max(0, len(backups) - keep)]]
