"""SQLCipher connections that sqlite-utils can drive safely.

sqlite-utils recovers from some errors by catching ``sqlite3.OperationalError`` (for example
``Table.drop(ignore=True)`` and ``insert(..., alter=True)``), but sqlcipher3 raises its own,
unrelated exception classes. :class:`CipherConnection` wraps a sqlcipher3 connection (and the
cursors it hands out) and re-raises every sqlcipher3 error as the ``sqlite3`` class of the same
name, so sqlite-utils and our own code see the exceptions they expect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3  # type: ignore[import-untyped, unused-ignore]
from sqlcipher3 import dbapi2 as cipher_dbapi  # type: ignore[import-untyped, unused-ignore]

T = TypeVar("T")

# Subclasses first, so the most specific sqlite3 class wins.
_ERROR_MAP: tuple[tuple[type[BaseException], type[sqlite3.Error]], ...] = (
    (cipher_dbapi.OperationalError, sqlite3.OperationalError),
    (cipher_dbapi.IntegrityError, sqlite3.IntegrityError),
    (cipher_dbapi.NotSupportedError, sqlite3.NotSupportedError),
    (cipher_dbapi.ProgrammingError, sqlite3.ProgrammingError),
    (cipher_dbapi.InternalError, sqlite3.InternalError),
    (cipher_dbapi.DataError, sqlite3.DataError),
    (cipher_dbapi.DatabaseError, sqlite3.DatabaseError),
    (cipher_dbapi.InterfaceError, sqlite3.InterfaceError),
    (cipher_dbapi.Error, sqlite3.Error),
)


def translate_error(exc: BaseException) -> BaseException:
    """The ``sqlite3`` equivalent of a sqlcipher3 exception (other exceptions unchanged)."""
    for cipher_class, sqlite_class in _ERROR_MAP:
        if isinstance(exc, cipher_class):
            translated = sqlite_class(*exc.args)
            for attr in ("sqlite_errorcode", "sqlite_errorname"):
                if hasattr(exc, attr):
                    setattr(translated, attr, getattr(exc, attr))
            return translated
    return exc


def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    except cipher_dbapi.Error as exc:
        raise translate_error(exc) from exc


class CipherCursor:
    """A sqlcipher3 cursor whose errors are ``sqlite3`` errors."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        """Run one statement."""
        _call(self._cursor.execute, sql, parameters)
        return self

    def executemany(self, sql: str, seq: Any) -> CipherCursor:
        """Run one statement for each parameter set."""
        _call(self._cursor.executemany, sql, seq)
        return self

    def executescript(self, sql: str) -> CipherCursor:
        """Run several statements."""
        _call(self._cursor.executescript, sql)
        return self

    def fetchone(self) -> Any:
        """The next row, or None."""
        return _call(self._cursor.fetchone)

    def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to ``size`` rows."""
        if size is None:
            return list(_call(self._cursor.fetchmany))
        return list(_call(self._cursor.fetchmany, size))

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return list(_call(self._cursor.fetchall))

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return _call(next, self._cursor)

    def __getattr__(self, name: str) -> Any:
        # description, rowcount, lastrowid, arraysize, close ...
        return getattr(self._cursor, name)


class CipherConnection:
    """A sqlcipher3 connection raising ``sqlite3`` errors, to hand to ``sqlite_utils.Database``."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    @property
    def raw(self) -> Any:
        """The wrapped sqlcipher3 connection (for the backup API)."""
        return self._conn

    def execute(self, sql: str, parameters: Any = ()) -> CipherCursor:
        """Run one statement on a new cursor."""
        return CipherCursor(_call(self._conn.execute, sql, parameters))

    def executemany(self, sql: str, seq: Any) -> CipherCursor:
        """Run one statement for each parameter set."""
        return CipherCursor(_call(self._conn.executemany, sql, seq))

    def executescript(self, sql: str) -> CipherCursor:
        """Run several statements."""
        return CipherCursor(_call(self._conn.executescript, sql))

    def cursor(self, *args: Any) -> CipherCursor:
        """A new cursor."""
        return CipherCursor(_call(self._conn.cursor, *args))

    def commit(self) -> None:
        """Commit the open transaction."""
        _call(self._conn.commit)

    def rollback(self) -> None:
        """Roll back the open transaction."""
        _call(self._conn.rollback)

    def close(self) -> None:
        """Close the connection."""
        _call(self._conn.close)

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return bool(self._conn.in_transaction)

    @property
    def isolation_level(self) -> str | None:
        """The driver's implicit-transaction mode."""
        level: str | None = self._conn.isolation_level
        return level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._conn.isolation_level = value

    def backup(self, target: CipherConnection, **kwargs: Any) -> None:
        """Copy this database into ``target`` through SQLite's online backup API."""
        _call(self._conn.backup, target.raw, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # create_function, row_factory, total_changes, ...
        return getattr(self._conn, name)


def connect(path: Path | str, raw_key: bytes, *, uri: bool = False) -> CipherConnection:
    """Open the SQLCipher database at ``path`` with a 32-byte raw key (no key derivation).

    The key is only set here; whether it fits is found out by the first read. With ``uri``,
    ``path`` is an SQLite ``file:`` URI (for its ``mode`` and ``immutable`` parameters).
    """
    if len(raw_key) != 32:
        raise ValueError("a vault key is 32 bytes")
    conn = _call(sqlcipher3.connect, str(path), check_same_thread=False, uri=uri)
    wrapped = CipherConnection(conn)
    # SQLCipher would otherwise print decryption failures to stderr.
    wrapped.execute("PRAGMA cipher_log_level = NONE")
    wrapped.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
    return wrapped


def is_cipher_connection(conn: object) -> bool:
    """Whether ``conn`` is an encrypted connection from :func:`connect`."""
    return isinstance(conn, CipherConnection)
