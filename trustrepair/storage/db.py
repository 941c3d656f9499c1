"""The one place that opens vault databases.

Vault databases are SQLCipher-encrypted with a raw 32-byte data key (see ``keys.py``); the
connection is wrapped so sqlite-utils sees ``sqlite3`` exceptions (see ``cipher.py``). Without a
key a plain sqlite3 database is opened (used only for throwaway databases in tests).

Every connection gets WAL journaling and ``synchronous=FULL``: an answer that was
acknowledged survives a killed process or a power cut. SQLCipher encrypts WAL pages too, and
temporary tables and indices stay in memory, so nothing is written to disk in plaintext.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from trustrepair.errors import DamagedVault, StorageError
from trustrepair.i18n import tr
from trustrepair.storage import cipher, migrations

DB_FILE = "vault.db"
"""A vault's database file, in its folder."""
SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_MS = 5000
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024
"""Bytes the WAL file is cut back to after a checkpoint (about one auto-checkpoint's worth).

Without it a large transaction (an import) leaves a WAL of tens of MB behind until the vault
is closed; measured after writing 100,000 answers at once: 45 MB, and autosave p99 1.1-1.2 ms
instead of 0.15-0.5 ms. Durability is unchanged (``synchronous`` stays FULL)."""


class DatabaseUnreadable(DamagedVault):
    """The key is right but the database file cannot be read: it may be damaged."""


def damaged_message(folder: Path) -> str:
    """What to tell a person whose (correctly unlocked) vault file cannot be read."""
    return tr(
        "This profile's data file could not be read; it may be damaged. Nothing was changed or "
        "deleted. You can restore one of its automatic backups (kept in {folder})."
    ).format(folder=folder / "backups")


_DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB: the file is not (or no longer) a database
_READ_ONLY = (8, 14)  # SQLITE_READONLY, SQLITE_CANTOPEN: the folder or file cannot be written


def connect(path: Path, key: bytes | None, *, read_only: bool = False) -> Database:
    """Open the database at ``path`` (creating it, private to this user, if missing) without
    migrating it.

    Args:
        path: The database file.
        key: The 32-byte data key; None only for throwaway plaintext databases.
        read_only: Open it as it is on disk, writing nothing at all (no lock, no shared-memory
            file; for a folder that cannot be written). A connection opened so refuses writes.

    Raises:
        DatabaseUnreadable: the file is not a database this key opens.
        sqlite3.OperationalError: a disk fault (full, read-only, I/O error), left for the
            caller to put in words; it is never mistaken for damage.
    """
    if read_only:
        uri = f"file:{urllib.parse.quote(str(path))}?mode=ro&immutable=1"
        conn: Any = (
            cipher.connect(uri, key, uri=True)
            if key is not None
            else sqlite3.connect(uri, uri=True)
        )
    else:
        if not path.exists():
            # Made private before SQLite writes a byte (its -wal and -shm take these modes).
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        conn = cipher.connect(path, key) if key is not None else sqlite3.connect(str(path))
    # No sqlite-utils plugins: none is needed, and a plugin installed beside us would be
    # handed the decrypted connection (looking for them also read every package's metadata).
    db = Database(conn, execute_plugins=False)
    try:
        # The first read is where SQLCipher finds out whether the key fits the file.
        db.execute("SELECT count(*) FROM sqlite_master").fetchall()
        if read_only:
            db.execute("PRAGMA query_only = ON")
        else:
            configure(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_damage(exc):
            raise DatabaseUnreadable(damaged_message(path.parent)) from exc
        raise
    return db


def is_damage(exc: BaseException) -> bool:
    """Whether a database error says the file is damaged (not a full or read-only disk)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGED
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def is_read_only_fault(exc: BaseException) -> bool:
    """Whether an error says the database's file or folder cannot be written."""
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno == errno.EROFS):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _READ_ONLY


def is_read_only(db: Database) -> bool:
    """Whether ``db`` was opened with ``read_only`` (it refuses writes)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def opens_with(path: Path, key: bytes) -> bool:
    """Whether ``path`` is an existing database that ``key`` decrypts (nothing is written)."""
    if not path.is_file():
        return False
    try:
        conn = cipher.connect(path, key)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return True


def rekey(db: Database, new_key: bytes) -> None:
    """Re-encrypt the open database under ``new_key``, in place, in one transaction.

    SQLCipher rewrites every page (free pages too) inside one SQLite transaction, so a kill
    leaves the database wholly under the old key or wholly under the new one. The checkpoint
    then moves the re-encrypted pages from the write-ahead log into the file itself.
    """
    if len(new_key) != 32 or not cipher.is_cipher_connection(db.conn):
        raise ValueError("a vault key is 32 bytes, for an encrypted database")
    db.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def open_database(
    path: Path,
    key: bytes | None = None,
    *,
    before_migrations: Callable[[Database], object] | None = None,
) -> Database:
    """Open (creating if needed) the database at ``path`` and migrate it.

    Args:
        path: The database file.
        key: The vault's 32-byte data key; None only for throwaway plaintext databases.
        before_migrations: Called with the open database when an existing database has
            migrations pending (the vault takes a backup there).
    """
    db = connect(path, key)
    try:
        if before_migrations is not None and has_tables(db) and migrations.pending(db):
            before_migrations(db)
        migrations.apply(db)
    except BaseException:
        db.close()
        raise
    return db


def open_database_read_only(path: Path, key: bytes | None) -> Database:
    """Open an existing database that cannot be written, as it is (see ``connect``).

    Raises:
        StorageError: it was not closed properly (its write-ahead log holds changes, which a
            read-only open would not see), or it needs updating by a newer version first.
    """
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(
            tr(
                "This profile's folder cannot be written, and the profile was not closed "
                "properly last time; open it once where its folder can be written."
            )
        )
    db = connect(path, key, read_only=True)
    try:
        if migrations.pending(db):
            raise StorageError(
                tr(
                    "This profile needs a small update before it can be opened, but its folder "
                    "cannot be written."
                )
            )
    except BaseException:
        db.close()
        raise
    return db


def has_tables(db: Database) -> bool:
    """Whether the database holds anything yet."""
    return bool(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def configure(db: Database) -> None:
    """Pragmas every connection needs."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    db.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files on disk
    db.execute("PRAGMA secure_delete = ON")  # deleted answers do not linger in free pages


def integrity_problems(db: Database) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` (and SQLCipher's page HMAC check)."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    problems = [p for p in problems if p != "ok"]
    if cipher.is_cipher_connection(db.conn):
        problems += [row[0] for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]
    return problems
