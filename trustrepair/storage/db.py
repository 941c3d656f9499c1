"""The one place that opens vault databases.

Every connection gets WAL journaling and ``synchronous=FULL``: an answer that was
acknowledged survives a killed process or a power cut.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from trustrepair.storage import migrations

SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_MS = 5000


def open_database(path: Path) -> Database:
    """Open (creating if needed) the database at ``path`` and migrate it."""
    conn = sqlite3.connect(str(path), check_same_thread=False)
    db = Database(conn)
    configure(db)
    migrations.apply(db)
    return db


def configure(db: Database) -> None:
    """Pragmas every connection needs."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files on disk
