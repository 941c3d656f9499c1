"""Rotating encrypted backups and restoring them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trustrepair.errors import StorageError
from trustrepair.storage import backup
from trustrepair.storage.db import open_database
from trustrepair.storage.store import VaultStore

KEY = bytes(range(32))


def _vault(tmp_path: Path) -> Path:
    folder = tmp_path / "v"
    folder.mkdir()
    return folder


def test_backup_is_encrypted_and_restorable(tmp_path: Path) -> None:
    """A backup holds the data encrypted with the same key, and restoring brings it back."""
    folder = _vault(tmp_path)
    path = folder / "vault.db"
    db = open_database(path, KEY)
    VaultStore(db).save_answer("ex", "step", "MARKER-before")
    info = backup.make_backup(db, folder, KEY, "manual")
    VaultStore(db).save_answer("ex", "step", "MARKER-after")
    db.close()
    assert b"MARKER" not in info.path.read_bytes()
    backup.restore_file(info, path, KEY)
    db = open_database(path, KEY)
    assert VaultStore(db).answers_for("ex")["step"].value == "MARKER-before"
    db.close()


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    """Only the newest ``keep`` backups stay."""
    folder = _vault(tmp_path)
    db = open_database(folder / "vault.db", KEY)
    made = [backup.make_backup(db, folder, KEY, "manual", keep=3) for _ in range(5)]
    db.close()
    assert [b.path for b in backup.list_backups(folder)] == [m.path for m in reversed(made[-3:])]


def test_daily_backup_due_after_a_day(tmp_path: Path) -> None:
    """A daily backup is due without backups, and again a day after the newest."""
    folder = _vault(tmp_path)
    assert backup.needs_daily_backup(folder)
    db = open_database(folder / "vault.db", KEY)
    backup.make_backup(db, folder, KEY, "daily")
    db.close()
    assert not backup.needs_daily_backup(folder)
    assert backup.needs_daily_backup(folder, datetime.now(UTC) + timedelta(days=1, minutes=1))


def test_damaged_backup_is_refused(tmp_path: Path) -> None:
    """Restoring a damaged backup fails before touching the current data."""
    folder = _vault(tmp_path)
    path = folder / "vault.db"
    db = open_database(path, KEY)
    info = backup.make_backup(db, folder, KEY, "manual")
    db.close()
    info.path.write_bytes(b"\0" * 4096)
    before = path.read_bytes()
    with pytest.raises(StorageError):
        backup.restore_file(info, path, KEY)
    assert path.read_bytes() == before
