"""sqlcipher3 connections behave like sqlite3 ones for sqlite-utils."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as cipher_dbapi

from trustrepair.storage import cipher
from trustrepair.storage.db import open_database

KEY = bytes(range(32))


def test_insert_with_alter_adds_missing_columns(tmp_path: Path) -> None:
    """insert(alter=True) relies on catching sqlite3.OperationalError; it works encrypted."""
    db = open_database(tmp_path / "x.db", KEY)
    db["notes"].insert({"a": 1})
    db["notes"].insert({"a": 2, "b": "new column"}, alter=True)
    assert [r["b"] for r in db["notes"].rows] == [None, "new column"]
    db.close()


def test_drop_ignore_tolerates_missing_table(tmp_path: Path) -> None:
    """drop(ignore=True) relies on catching sqlite3.OperationalError; it works encrypted."""
    db = open_database(tmp_path / "x.db", KEY)
    db["missing"].drop(ignore=True)
    with pytest.raises(sqlite3.OperationalError):
        db["missing"].drop()
    db.close()


def test_errors_are_translated_to_sqlite3_classes(tmp_path: Path) -> None:
    """Every sqlcipher3 error surfaces as the sqlite3 class of the same name."""
    conn = cipher.connect(tmp_path / "x.db", KEY)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as info:
        conn.execute("INSERT INTO t VALUES (1)")
    assert isinstance(info.value.__cause__, cipher_dbapi.IntegrityError)
    with pytest.raises(sqlite3.OperationalError):
        conn.cursor().execute("SELECT nope FROM t")
    conn.close()


def test_wrong_key_is_a_database_error(tmp_path: Path) -> None:
    """A key that does not fit raises sqlite3.DatabaseError on the first read."""
    open_database(tmp_path / "x.db", KEY).close()
    conn = cipher.connect(tmp_path / "x.db", bytes(32))
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    conn.close()
