"""The schema of a vault database, as append-only sqlite-utils migrations.

Never edit a migration that has shipped: add a new one below it.
"""

from __future__ import annotations

import json

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


@migrations()
def m003_counsel(db: Database) -> None:
    """The profile's role, and what travels between a counsellor and clients.

    A client's vault keeps the assignments it received and the custom exercises that came
    with them (as YAML text, so they are encrypted like everything else). A counsellor's vault
    keeps the assignments it made and what each client chose to share back.
    """
    db.execute("ALTER TABLE profile ADD COLUMN role TEXT NOT NULL DEFAULT 'person'")
    db.execute(
        """
        CREATE TABLE assignments_received (
            counsellor TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            due TEXT,
            assigned_at TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (counsellor, exercise_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE custom_exercises (
            exercise_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            counsellor TEXT NOT NULL,
            imported_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE assignments_sent (
            client TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            due TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (client, exercise_id, created_at)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE client_exercises (
            client TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            title TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT,
            completed_at TEXT,
            shared_at TEXT NOT NULL,
            PRIMARY KEY (client, exercise_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE client_answers (
            client TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            prompt TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (client, exercise_id, step_id)
        )
        """
    )


@migrations()
def m004_audiences(db: Database) -> None:
    """Revealed to a partner becomes a field of its own, apart from shared.

    Release 0.1.0 marked every answer revealed to a partner in an exercise for two, and every
    answer written together, as shared with a counsellor and in summaries for others. Its
    screens for two had no "Share" box, so in an exercise a pair worked on (its
    ``joint:<exercise id>`` setting) a shared answer was marked so only by the reveal: it
    becomes revealed and private again. How many were changed is kept in the setting
    ``audiences_notice`` so the person is told once, plainly.
    """
    db.execute("ALTER TABLE answers ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0")
    joint = [
        row["key"][len("joint:") :]
        for row in db.query("SELECT key, value FROM settings WHERE key LIKE 'joint:%'")
        if _names_a_partner(row["value"])
    ]
    changed = 0
    for exercise_id in joint:
        cursor = db.execute(
            "UPDATE answers SET revealed = 1, shared = 0 WHERE shared = 1 AND exercise_id = ?",
            [exercise_id],
        )
        changed += cursor.rowcount
    if not changed:
        return
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('audiences_notice', ?)",
        [json.dumps({"answers": changed})],
    )


def _names_a_partner(raw: str) -> bool:
    try:
        value = json.loads(raw)
    except ValueError:
        return False
    return isinstance(value, dict) and isinstance(value.get("partner"), str)


@migrations()
def m005_entries(db: Database) -> None:
    """Dated entries: every time a person goes through an exercise, kept as its own row.

    Each exercise's answers and progress become its first entry (started when its progress
    says, else at its first answer); answers and partners' revealed answers move to that
    entry. A promise marked kept or missed inside its answer becomes a dated status change,
    and the answer keeps only the promise: from here on status changes are rows of their own,
    never written over.
    """
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    db.execute(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            exercise_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            current_step TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (exercise_id, started_at)
        )
        """
    )
    db.execute("CREATE INDEX entries_updated ON entries (updated_at)")
    db.execute(
        f"""
        INSERT INTO entries (exercise_id, started_at, completed_at, current_step, updated_at)
        SELECT x.exercise_id,
            COALESCE(p.started_at,
                     (SELECT min(a.updated_at) FROM answers a
                      WHERE a.exercise_id = x.exercise_id),
                     (SELECT min(q.revealed_at) FROM partner_answers q
                      WHERE q.exercise_id = x.exercise_id),
                     p.updated_at, {now}),
            CASE WHEN p.status = 'completed'
                 THEN COALESCE(p.completed_at, p.updated_at, {now}) END,
            p.current_step,
            COALESCE(max(COALESCE(p.updated_at, ''),
                         COALESCE((SELECT max(a.updated_at) FROM answers a
                                   WHERE a.exercise_id = x.exercise_id), '')), {now})
        FROM (SELECT exercise_id FROM progress
              UNION SELECT exercise_id FROM answers
              UNION SELECT exercise_id FROM partner_answers) AS x
        LEFT JOIN progress p ON p.exercise_id = x.exercise_id
        ORDER BY x.exercise_id
        """  # noqa: S608 - the only insert is a constant SQL expression
    )
    db.execute("UPDATE entries SET updated_at = started_at WHERE updated_at = ''")
    db.execute(
        """
        CREATE TABLE entry_answers (
            entry_id INTEGER NOT NULL REFERENCES entries (id),
            step_id TEXT NOT NULL,
            value TEXT NOT NULL,
            shared INTEGER NOT NULL DEFAULT 0,
            revealed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, step_id)
        )
        """
    )
    db.execute(
        """
        INSERT INTO entry_answers (entry_id, step_id, value, shared, revealed, updated_at)
        SELECT e.id, a.step_id, a.value, a.shared, a.revealed, a.updated_at
        FROM answers a JOIN entries e ON e.exercise_id = a.exercise_id
        """
    )
    db.execute(
        """
        CREATE TABLE entry_partner_answers (
            entry_id INTEGER NOT NULL REFERENCES entries (id),
            step_id TEXT NOT NULL,
            partner_name TEXT NOT NULL,
            value TEXT NOT NULL,
            revealed_at TEXT NOT NULL,
            PRIMARY KEY (entry_id, step_id, partner_name)
        )
        """
    )
    db.execute(
        """
        INSERT INTO entry_partner_answers (entry_id, step_id, partner_name, value, revealed_at)
        SELECT e.id, q.step_id, q.partner_name, q.value, q.revealed_at
        FROM partner_answers q JOIN entries e ON e.exercise_id = q.exercise_id
        """
    )
    db.execute(
        """
        CREATE TABLE promise_changes (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id),
            step_id TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            changed_at TEXT NOT NULL,
            UNIQUE (entry_id, step_id, changed_at)
        )
        """
    )
    db.execute(
        """
        INSERT INTO promise_changes (entry_id, step_id, status, note, changed_at)
        SELECT entry_id, step_id,
            CASE json_type(value, '$.kept') WHEN 'true' THEN 'kept' ELSE 'missed' END,
            '', updated_at
        FROM entry_answers
        WHERE json_valid(value) AND json_type(value) = 'object'
          AND json_type(value, '$.kept') IN ('true', 'false')
        """
    )
    db.execute(
        """
        UPDATE entry_answers SET value = json_set(value, '$.kept', NULL)
        WHERE json_valid(value) AND json_type(value) = 'object'
          AND json_type(value, '$.kept') IN ('true', 'false')
        """
    )
    db.execute("DROP TABLE answers")
    db.execute("DROP TABLE partner_answers")
    db.execute("DROP TABLE progress")
    db.execute("ALTER TABLE entry_answers RENAME TO answers")
    db.execute("ALTER TABLE entry_partner_answers RENAME TO partner_answers")


@migrations()
def m006_signing(db: Database) -> None:
    """The profile's own signing key pair, and the senders whose keys it accepted.

    The private key never leaves the vault. A profile made before this migration gets its key
    the first time it needs one (``SigningStore.ensure_own_key``).
    """
    db.execute(
        """
        CREATE TABLE own_signing_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL CHECK (length(private_key) = 32),
            public_key BLOB NOT NULL CHECK (length(public_key) = 32),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE pinned_senders (
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            public_key BLOB NOT NULL CHECK (length(public_key) = 32),
            pinned_at TEXT NOT NULL,
            last_file_at TEXT NOT NULL,
            PRIMARY KEY (role, name)
        )
        """
    )


@migrations()
def m007_counsel_desk(db: Database) -> None:
    """A counsellor's desk: each assigned exercise keeps its title, its place in the
    assignment and the exercise that opens it, on both sides."""
    db.execute("ALTER TABLE assignments_sent ADD COLUMN title TEXT NOT NULL DEFAULT ''")
    for table in ("assignments_sent", "assignments_received"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN opens_after TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN position INTEGER NOT NULL DEFAULT 0")


@migrations()
def m008_sealing(db: Database) -> None:
    """Work at a distance: each profile's own X25519 key pair, for files sealed to it, and
    the sealing key of each partner it accepted (beside their signing key)."""
    db.execute(
        """
        CREATE TABLE own_sealing_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL CHECK (length(private_key) = 32),
            public_key BLOB NOT NULL CHECK (length(public_key) = 32),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("ALTER TABLE pinned_senders ADD COLUMN seal_key BLOB CHECK (length(seal_key) = 32)")


def apply(db: Database) -> None:
    """Bring ``db`` up to the current schema; each migration is all-or-nothing."""
    migrations.apply(db)


def pending(db: Database) -> list[str]:
    """Names of migrations not yet applied to ``db`` (read-only)."""
    return [m.name for m in migrations.pending(db)]
