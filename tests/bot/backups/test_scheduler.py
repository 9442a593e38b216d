"""While the bot runs: a sound backup a day, old ones rotated, a failure retried later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.backups.rotation import scheduled_backups
from bot.backups.scheduler import RETRY_AFTER, BackupScheduler
from storage.backup import check
from storage.database import Database


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_a_backup_a_day_and_the_newest_kept(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "newsbot.db")
    await database.close()
    clock = Clock()
    scheduler = BackupScheduler(tmp_path / "newsbot.db", tmp_path / "backups", 2, clock)
    for _day in range(3):
        for task in await scheduler.tick():
            await task
        assert await scheduler.tick() == []  # not again the same day
        clock.now += timedelta(days=1)
    kept = scheduled_backups(tmp_path / "backups")
    assert [taken.day for taken, _ in kept] == [4, 5]
    assert all(check(path).sound for _, path in kept)


async def test_a_failed_backup_waits_an_hour_before_the_next_try(tmp_path: Path) -> None:
    clock = Clock()
    scheduler = BackupScheduler(tmp_path / "missing.db", tmp_path / "backups", 2, clock)
    for task in await scheduler.tick():
        await task  # logged, not raised
    assert await scheduler.next_due() == clock.now + RETRY_AFTER
    assert await scheduler.tick() == []
    clock.now += RETRY_AFTER
    assert len(await scheduler.tick()) == 1
