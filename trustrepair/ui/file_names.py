"""Default names for the files the program offers to save: neutral ones.

A file called ``trustrepair-me-summary.pdf`` in a downloads folder tells whoever sees the list
what the person is working on. The names offered here say neither the program nor what it is
for (the person may still rename the file to anything).
"""

from __future__ import annotations

from datetime import date

NEUTRAL_STEMS: dict[str, str] = {
    "summary": "document",
    "recovery_key": "key",
    "export": "backup",
    "share": "notes",
    "partner": "letter",
}
"""The first part of each kind of file's name; the date follows."""


def neutral_file_name(kind: str, suffix: str, today: date | None = None) -> str:
    """``document-2026-12-04.pdf``: a stem from :data:`NEUTRAL_STEMS`, the date, ``suffix``."""
    return f"{NEUTRAL_STEMS[kind]}-{(today or date.today()).isoformat()}{suffix}"
