"""Copies of a SQLite database you can trust: backup while it runs, restore, check.

A backup is ``VACUUM INTO`` through a read connection: one consistent snapshot of what was
committed when it started (WAL lets the bot keep writing meanwhile), written to a temporary
file beside the target and renamed into place only once it is whole, so a crash never leaves
a half-written backup under the chosen name.

A restore refuses a database that some process has open. Every connection to a database in
WAL mode holds a shared lock on one byte of its ``-shm`` file (the "DMS" slot SQLite itself
uses to know whether it is the first to open the file); whoever can take that byte
exclusively knows nobody else has the database open.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storage.database import DatabaseError, latest_version

# WALINDEX_LOCK_OFFSET (120) + SQLITE_SHM_NLOCK (8): the DMS byte of the -shm file.
_DMS_BYTE = 128
_SIDECARS = ("-wal", "-shm", "-journal")


class BackupError(DatabaseError):
    """A backup, restore or check that cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class Health:
    """What ``newsbot db check`` reports."""

    path: Path
    problems: tuple[str, ...]  # PRAGMA integrity_check's findings; empty when sound
    schema_version: int
    latest_version: int
    rows: dict[str, int]

    @property
    def sound(self) -> bool:
        return not self.problems


def check(path: Path) -> Health:
    """Integrity, schema version and row counts of a database file (opened read-only)."""
    with _read_only(path) as connection:
        try:
            problems = tuple(row[0] for row in connection.execute("PRAGMA integrity_check"))
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'articles_fts_%' ORDER BY name")]
            rows = {table: int(connection.execute(
                f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a newsbot database ({error})") from None
    return Health(path, () if problems == ("ok",) else problems, version,
                  latest_version("sqlite"), rows)


def backup(source: Path, target: Path) -> Health:
    """Copy the live database ``source`` to ``target`` (which must not exist) and check the
    copy."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _read_only(source) as connection:
            connection.execute("VACUUM INTO ?", (str(partial),))
        health = check(partial)
        if not health.sound:
            raise BackupError(f"the copy of {source} failed its integrity check: "
                              f"{health.problems[0]}")
        os.replace(partial, target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot back up {source}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return Health(target, health.problems, health.schema_version, health.latest_version,
                  health.rows)


def restore(backup_file: Path, target: Path) -> Health:
    """Put ``backup_file`` in place of ``target``: refused while any process has ``target``
    open, or when the backup fails its integrity check; checked again once in place."""
    health = check(backup_file)
    if not health.sound:
        raise BackupError(f"{backup_file} failed its integrity check ({health.problems[0]}): "
                          "nothing was changed")
    if in_use(target):
        raise BackupError(f"{target} is in use by a running newsbot (or another program): "
                          "stop it first; nothing was changed")
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(backup_file, partial)
    with open(partial, "rb") as copied:
        os.fsync(copied.fileno())
    # The old database's write-ahead log belongs to the old file: applied to the restored
    # one it would corrupt it.
    for suffix in _SIDECARS:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)
    restored = check(target)
    if not restored.sound:  # pragma: no cover - the copy was checked; only a disk fault
        raise BackupError(f"{target} failed its integrity check after the restore")
    return restored


def in_use(path: Path) -> bool:
    """Whether another process has the database open (see the module's docstring)."""
    shm = Path(f"{path}-shm")
    if not shm.exists():
        return False
    descriptor = os.open(shm, os.O_RDWR)
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS_BYTE, os.SEEK_SET)
    except OSError:
        return True
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, _DMS_BYTE, os.SEEK_SET)
        return False
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot open {path}: {error}") from None
    try:
        yield connection
    finally:
        connection.close()
