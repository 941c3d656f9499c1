"""Rotating encrypted backups of a vault database, and restoring one.

Backups are made with SQLite's online backup API from the open connection (never a file copy
of a live database) into a new database encrypted with the same data key, written under a
temporary name and renamed into ``backups/`` only when complete. The newest :data:`KEEP` are
kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from trustrepair.errors import StorageError
from trustrepair.files import fsync_dir
from trustrepair.i18n import tr
from trustrepair.storage import cipher
from trustrepair.storage.db import DatabaseUnreadable, connect, integrity_problems, opens_with

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP = 7
DAILY = timedelta(days=1)
_NAME_RE = re.compile(r"^vault-(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.db$")
_STAMP_FORMAT = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was made and why (``daily``, ``manual``, ``pre-migration``...)."""

    path: Path
    created_at: datetime
    reason: str

    @property
    def name(self) -> str:
        """The file name, which identifies the backup."""
        return self.path.name

    @property
    def size(self) -> int:
        """Size in bytes."""
        return self.path.stat().st_size


def backup_dir(folder: Path) -> Path:
    """The backups folder of a vault folder."""
    return folder / BACKUP_DIR


def list_backups(folder: Path) -> list[BackupInfo]:
    """The vault's backups, newest first."""
    found = []
    directory = backup_dir(folder)
    if not directory.is_dir():
        return []
    for path in directory.iterdir():
        match = _NAME_RE.match(path.name)
        if not match:
            continue
        stamp = match.group(1)
        created = datetime.strptime(stamp[:15], _STAMP_FORMAT).replace(
            microsecond=int(stamp[15:18]) * 1000, tzinfo=UTC
        )
        found.append(BackupInfo(path, created, match.group(2)))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def find_backup(folder: Path, name: str) -> BackupInfo:
    """The backup called ``name`` (a file name from :func:`list_backups`)."""
    for info in list_backups(folder):
        if info.name == name or info.path == Path(name):
            return info
    raise StorageError(tr("There is no backup called {name!r} for this profile.").format(name=name))


def needs_daily_backup(folder: Path, now: datetime | None = None) -> bool:
    """Whether the newest backup is more than a day old (or there is none)."""
    backups = list_backups(folder)
    now = now or datetime.now(UTC)
    return not backups or now - backups[0].created_at >= DAILY


def make_backup(
    db: Database, folder: Path, key: bytes | None, reason: str, *, keep: int | None = KEEP
) -> BackupInfo:
    """Copy the open database into a new encrypted backup, then drop the oldest beyond ``keep``.

    ``keep=None`` prunes nothing (used before a restore, which may restore the oldest one).
    """
    directory = backup_dir(folder)
    directory.mkdir(mode=0o700, exist_ok=True)
    now = datetime.now(UTC)
    stamp = now.strftime(_STAMP_FORMAT) + f"{now.microsecond // 1000:03d}Z"
    final = directory / f"vault-{stamp}-{reason}.db"
    while final.exists():  # two backups in the same millisecond
        now += timedelta(milliseconds=1)
        stamp = now.strftime(_STAMP_FORMAT) + f"{now.microsecond // 1000:03d}Z"
        final = directory / f"vault-{stamp}-{reason}.db"
    temp = directory / f".partial-{secrets.token_hex(6)}.db"
    try:
        _copy_database(db.conn, temp, key)
        os.replace(temp, final)
        fsync_dir(directory)
    finally:
        _remove_quietly(temp)
    if keep is not None:
        prune(folder, keep)
    log.info("backup made (%s)", reason)
    return BackupInfo(final, now, reason)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` backups."""
    for old in list_backups(folder)[keep:]:
        _remove_quietly(old.path)


def verify_backup(path: Path, key: bytes | None) -> None:
    """Raise :class:`StorageError` unless the backup opens with ``key`` and is intact.

    The file is read as it is (nothing written to it, and never created when missing).
    """
    if not path.is_file():
        raise StorageError(tr("That backup is no longer there; please choose another one."))
    try:
        db = connect(path, key, read_only=True)
    except DatabaseUnreadable as exc:
        raise StorageError(tr("That backup could not be read; it may be damaged.")) from exc
    try:
        problems = integrity_problems(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(tr("That backup could not be read; it may be damaged.")) from exc
    finally:
        db.close()
    if problems:
        raise StorageError(tr("That backup is damaged; please choose another one."))


def restore_file(backup: BackupInfo, db_path: Path, key: bytes | None) -> None:
    """Replace the (closed) database at ``db_path`` with a copy of ``backup``, atomically.

    The caller has already backed up the current database and closed every connection to it.
    A leftover write-ahead log of the old file is moved into ``backups/`` (never deleted),
    so it can never be replayed onto the restored one.
    """
    verify_backup(backup.path, key)
    folder = db_path.parent
    temp = folder / f".restore-{secrets.token_hex(6)}.db"
    try:
        source = connect(backup.path, key, read_only=True)
        try:
            _copy_database(source.conn, temp, key)
        finally:
            source.close()
        stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                if suffix == "-wal" and side.stat().st_size > 0:
                    os.replace(side, backup_dir(folder) / f"replaced-{stamp}.db-wal")
                else:
                    side.unlink()
        os.replace(temp, db_path)
        fsync_dir(folder)
    finally:
        _remove_quietly(temp)
    log.info("backup restored")


def rekey_backups(folder: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt under ``new_key`` every database in ``backups/`` that ``old_key`` still opens.

    Each is copied under the new key beside it and renamed over it, so a kill leaves every
    file whole under one key or the other; files already under the new key are skipped, so
    running this again finishes what a killed run began. Files neither key opens (damaged)
    are left as they are. Two files are copied at a time (the copying is decryption and
    encryption, which SQLite does without holding Python's lock): at 100,000 answers that
    takes the seven backups from about 5 s to 3 s on two cores.
    """
    directory = backup_dir(folder)
    if not directory.is_dir():
        return
    todo = []
    for path in sorted(directory.glob("*.db")):
        if path.name.startswith(".") or opens_with(path, new_key):
            continue
        if not opens_with(path, old_key):
            log.warning("a file in backups/ opens with neither key; left as it is")
            continue
        todo.append(path)

    def rekey_one(path: Path) -> None:
        temp = directory / f".partial-{secrets.token_hex(6)}.db"
        try:
            source = cipher.connect(path, old_key)
            try:
                _copy_database(source, temp, new_key)
            finally:
                source.close()
            os.replace(temp, path)
        finally:
            _remove_quietly(temp)

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(pool.map(rekey_one, todo))
    fsync_dir(directory)


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove what killed backups and restores left behind; returns what was removed.

    Those files are only written with the vault's lock held, as the caller holds it now, so
    none of them belongs to a run still going. A folder that cannot be written keeps them.
    """
    removed = []
    leftovers = [*backup_dir(folder).glob(".partial-*"), *folder.glob(".restore-*")]
    for path in leftovers:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("a leftover of an interrupted backup or restore could not be removed")
            continue
        removed.append(path)
    return removed


def _copy_database(source_conn: Any, dest: Path, key: bytes | None) -> None:
    """SQLite online backup of ``source_conn`` into a new file at ``dest`` (private to us)."""
    os.close(os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    target: Any = cipher.connect(dest, key) if key is not None else sqlite3.connect(str(dest))
    try:
        source_conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    with open(dest, "rb") as handle:
        os.fsync(handle.fileno())


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
