"""Opening databases: migrations are all-or-nothing, damage is not mistaken for anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from trustrepair.storage import migrations
from trustrepair.storage.db import DatabaseUnreadable, connect, integrity_problems, open_database

KEY = bytes(range(32))


def test_failing_migration_rolls_back(tmp_path: Path) -> None:
    """A migration that raises leaves no trace: no table, no record, still pending."""
    db = open_database(tmp_path / "x.db", KEY)
    throwaway = Migrations("throwaway")

    @throwaway()
    def m001_half_done(d: Database) -> None:
        d.execute("CREATE TABLE half (x)")
        d.execute("INSERT INTO half VALUES (1)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        throwaway.apply(db)
    assert "half" not in db.table_names()
    assert [m.name for m in throwaway.pending(db)] == ["m001_half_done"]
    assert integrity_problems(db) == []
    db.close()


def test_before_migrations_hook_runs_only_when_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing database with pending migrations is handed to the hook (for a backup) first."""
    calls: list[str] = []
    open_database(tmp_path / "x.db", KEY, before_migrations=lambda d: calls.append("new")).close()
    assert calls == []  # a brand-new database has nothing to protect
    monkeypatch.setattr(migrations, "pending", lambda d: ["m999_future"])
    monkeypatch.setattr(migrations, "apply", lambda d: None)
    open_database(tmp_path / "x.db", KEY, before_migrations=lambda d: calls.append("old")).close()
    assert calls == ["old"]


def test_wrong_key_or_garbage_is_unreadable_and_untouched(tmp_path: Path) -> None:
    """A file the key does not open raises DatabaseUnreadable and is not modified."""
    path = tmp_path / "x.db"
    open_database(path, KEY).close()
    before = path.read_bytes()
    with pytest.raises(DatabaseUnreadable):
        connect(path, bytes(32))
    assert path.read_bytes() == before


def test_plaintext_header_absent(tmp_path: Path) -> None:
    """An encrypted database does not start with SQLite's plaintext header."""
    path = tmp_path / "x.db"
    open_database(path, KEY).close()
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_wal_is_cut_back_but_every_save_is_still_synced(tmp_path: Path) -> None:
    """After a big write the WAL shrinks at the next checkpoint; synchronous stays FULL."""
    from trustrepair.storage.db import JOURNAL_SIZE_LIMIT

    db = open_database(tmp_path / "x.db", KEY)
    try:
        assert db.execute("PRAGMA journal_size_limit").fetchone()[0] == JOURNAL_SIZE_LIMIT
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        db.close()
