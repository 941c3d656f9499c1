"""The schema of a vault database, as append-only sqlite-utils migrations.

Never edit a migration that has shipped: add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("trustrepair")


@migrations()
def m001_initial(db: Database) -> None:
    """Profile, answers, progress and settings."""
    db.execute(
        """
        CREATE TABLE profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            track TEXT NOT NULL,
            relationship TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE answers (
            exercise_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            value TEXT NOT NULL,
            shared INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (exercise_id, step_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE progress (
            exercise_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            current_step TEXT,
            started_at TEXT,
            completed_at TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX progress_updated ON progress (updated_at)")
    db.execute(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """
    )


@migrations()
def m002_partner_answers(db: Database) -> None:
    """Copies of a partner's answers that both people revealed in a joint exercise."""
    db.execute(
        """
        CREATE TABLE partner_answers (
            exercise_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            partner_name TEXT NOT NULL,
            value TEXT NOT NULL,
            revealed_at TEXT NOT NULL,
            PRIMARY KEY (exercise_id, step_id, partner_name)
        )
        """
    )


def apply(db: Database) -> None:
    """Bring ``db`` up to the current schema; each migration is all-or-nothing."""
    migrations.apply(db)


def pending(db: Database) -> list[str]:
    """Names of migrations not yet applied to ``db`` (read-only)."""
    return [m.name for m in migrations.pending(db)]
