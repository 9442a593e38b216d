"""The daily backup while the bot runs: one copy a day into NEWSBOT_BACKUP_DIR, the newest
NEWSBOT_BACKUP_KEEP kept. The copy is file I/O in SQLite (which releases the GIL), so it runs
in a thread and never holds the event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from bot.background import BackgroundLoop
from bot.backups.rotation import backup_name, next_due, to_delete
from bot.runtime.settings import Settings
from storage.backup import BackupError, backup

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(hours=1)


class BackupScheduler(BackgroundLoop[str, None]):
    def __init__(self, database: Path, folder: Path, keep: int,
                 now: Callable[[], datetime]) -> None:
        super().__init__("backup scheduler", concurrency=1)
        self._database = database
        self._folder = folder
        self._keep = keep
        self._now = now
        self._failed_at: datetime | None = None

    def now(self) -> datetime:
        return self._now()

    async def next_due(self) -> datetime | None:
        return await self._due_at()

    async def _due_at(self) -> datetime:
        due = await asyncio.to_thread(next_due, self._folder, self.now())
        if self._failed_at is not None:  # a full disk is not retried in a tight loop
            due = max(due, self._failed_at + RETRY_AFTER)
        return due

    async def tick(self) -> list[asyncio.Task[None]]:
        if self._busy("backup") or await self._due_at() > self.now():
            return []
        return [self._spawn("backup", self.back_up(), "backup")]

    async def back_up(self) -> None:
        target = self._folder / backup_name(self.now())
        try:
            await asyncio.to_thread(self._folder.mkdir, parents=True, exist_ok=True)
            health = await asyncio.to_thread(backup, self._database, target)
        except (BackupError, OSError) as error:
            self._failed_at = self.now()
            log.error("the scheduled backup failed (trying again in an hour): %s", error)
            return
        self._failed_at = None
        log.info("backed up the database to %s (%d articles)", target,
                 health.rows.get("articles", 0))
        for old in await asyncio.to_thread(to_delete, self._folder, self._keep):
            await asyncio.to_thread(old.unlink, True)
            log.info("removed the old backup %s", old)


def scheduled_backups(settings: Settings, now: Callable[[], datetime]) -> BackupScheduler | None:
    """The scheduler NEWSBOT_BACKUP_DIR asks for, or None."""
    if settings.backup_dir is None or settings.database_url is not None:
        return None  # PostgreSQL has its own tools (pg_dump, base backups)
    return BackupScheduler(settings.database_path, settings.backup_dir, settings.backup_keep,
                           now)
