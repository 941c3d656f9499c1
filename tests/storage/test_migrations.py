"""Tests for trustrepair.storage.migrations: append-only, idempotent, on encrypted vaults too."""

from __future__ import annotations

import secrets
from pathlib import Path

from trustrepair.storage import migrations
from trustrepair.storage.db import open_database


def _schema(db: object) -> list[tuple[str, str]]:
    rows = db.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_migrations_applied_twice_change_nothing(tmp_path: Path) -> None:
    """Applying every migration again (and reopening) leaves schema and history unchanged."""
    key = secrets.token_bytes(32)
    db = open_database(tmp_path / "vault.db", key)
    schema = _schema(db)
    applied = [m.name for m in migrations.migrations.applied(db)]
    assert applied == ["m001_initial", "m002_partner_answers", "m003_counsel"]
    migrations.apply(db)
    assert _schema(db) == schema
    assert [m.name for m in migrations.migrations.applied(db)] == applied
    db.close()

    again = open_database(tmp_path / "vault.db", key)
    assert _schema(again) == schema
    assert migrations.pending(again) == []
    again.close()


def test_migration_names_are_append_only(tmp_path: Path) -> None:
    """Shipped migrations keep their names and order (new ones go at the end)."""
    db = open_database(tmp_path / "plain.db", None)
    names = [m.name for m in migrations.migrations.applied(db)]
    assert names[:3] == ["m001_initial", "m002_partner_answers", "m003_counsel"]
    db.close()
