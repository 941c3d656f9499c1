"""Repository over one open vault: profile, answers, partner answers, progress, settings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from trustrepair.domain.answers import Answer, JSONValue, PartnerAnswer, Progress, Status
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role


def now_iso() -> str:
    """The current time as an ISO 8601 UTC timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _dump(value: JSONValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class VaultStore:
    """All reads and writes of one person's vault. Holds no Qt and no exercise content."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ profile
    def get_profile(self) -> ProfileInfo | None:
        """The profile, or None for a vault not yet set up."""
        rows = list(self.db.query("SELECT * FROM profile WHERE id = 1"))
        if not rows:
            return None
        row = rows[0]
        return ProfileInfo(
            name=row["name"],
            track=Track(row["track"]),
            relationship=Relationship(row["relationship"]),
            description=row["description"],
            created_at=row["created_at"],
            role=Role(row["role"]),
        )

    def save_profile(self, info: ProfileInfo) -> ProfileInfo:
        """Create or update the profile; returns it with ``created_at`` filled.

        The role is set when the profile is created and kept on later updates.
        """
        created = info.created_at or now_iso()
        self.db.execute(
            """
            INSERT INTO profile (id, name, track, relationship, description, created_at, role)
            VALUES (1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, track = excluded.track,
                relationship = excluded.relationship, description = excluded.description
            """,
            [
                info.name,
                info.track.value,
                info.relationship.value,
                info.description,
                created,
                info.role.value,
            ],
        )
        saved = self.get_profile()
        assert saved is not None  # just written
        return saved

    # ------------------------------------------------------------------ answers
    def save_answer(
        self,
        exercise_id: str,
        step_id: str,
        value: JSONValue,
        *,
        shared: bool | None = None,
        revealed: bool | None = None,
        updated_at: str | None = None,
    ) -> str:
        """Insert or replace one answer.

        ``shared`` and ``revealed`` are separate audiences; None keeps the current choice
        (a new answer is private).
        """
        stamp = updated_at or now_iso()
        self.db.execute(
            """
            INSERT INTO answers (exercise_id, step_id, value, shared, revealed, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (exercise_id, step_id) DO UPDATE SET
                value = excluded.value,
                shared = CASE WHEN ? IS NULL THEN answers.shared ELSE excluded.shared END,
                revealed = CASE WHEN ? IS NULL THEN answers.revealed ELSE excluded.revealed END,
                updated_at = excluded.updated_at
            """,
            [
                exercise_id,
                step_id,
                _dump(value),
                int(bool(shared)),
                int(bool(revealed)),
                stamp,
                shared,
                revealed,
            ],
        )
        return stamp

    def save_answers(self, answers: Iterable[tuple[str, str, JSONValue]]) -> str:
        """Save several answers in one transaction (used by autosave flushes)."""
        stamp = now_iso()
        with self.db.atomic():
            for exercise_id, step_id, value in answers:
                self.save_answer(exercise_id, step_id, value, updated_at=stamp)
        return stamp

    def set_shared(self, exercise_id: str, step_id: str, shared: bool) -> None:
        """Mark one answer as shared with a counsellor and in summaries (or not); nothing else."""
        self.db.execute(
            "UPDATE answers SET shared = ? WHERE exercise_id = ? AND step_id = ?",
            [int(shared), exercise_id, step_id],
        )

    def set_revealed(self, exercise_id: str, step_id: str, revealed: bool) -> None:
        """Mark one answer as revealed to a partner (or not); never touches ``shared``."""
        self.db.execute(
            "UPDATE answers SET revealed = ? WHERE exercise_id = ? AND step_id = ?",
            [int(revealed), exercise_id, step_id],
        )

    def delete_answer(self, exercise_id: str, step_id: str) -> None:
        """Forget one answer."""
        self.db.execute(
            "DELETE FROM answers WHERE exercise_id = ? AND step_id = ?", [exercise_id, step_id]
        )

    def answers_for(self, exercise_id: str) -> dict[str, Answer]:
        """Answers to one exercise, by step id."""
        rows = self.db.query(
            "SELECT * FROM answers WHERE exercise_id = ? ORDER BY step_id", [exercise_id]
        )
        return {row["step_id"]: _answer(row) for row in rows}

    def all_answers(self) -> list[Answer]:
        """Every answer, ordered by exercise then step."""
        rows = self.db.query("SELECT * FROM answers ORDER BY exercise_id, step_id")
        return [_answer(row) for row in rows]

    def count_answers(self) -> int:
        """How many answers the vault holds."""
        return int(next(iter(self.db.query("SELECT count(*) AS n FROM answers")))["n"])

    # ------------------------------------------------------------------ partner answers
    def save_partner_answers(
        self,
        partner_name: str,
        answers: Iterable[tuple[str, str, JSONValue]],
        *,
        revealed_at: str | None = None,
    ) -> str:
        """Keep copies of answers a partner revealed in a joint exercise (one transaction)."""
        stamp = revealed_at or now_iso()
        with self.db.atomic():
            for exercise_id, step_id, value in answers:
                self.put_partner_answer(
                    PartnerAnswer(exercise_id, step_id, partner_name, value, stamp)
                )
        return stamp

    def put_partner_answer(self, answer: PartnerAnswer) -> None:
        """Insert or replace one partner answer as it is (used by joint work and import)."""
        self.db.execute(
            """
            INSERT INTO partner_answers (exercise_id, step_id, partner_name, value, revealed_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (exercise_id, step_id, partner_name) DO UPDATE SET
                value = excluded.value, revealed_at = excluded.revealed_at
            """,
            [
                answer.exercise_id,
                answer.step_id,
                answer.partner_name,
                _dump(answer.value),
                answer.revealed_at or now_iso(),
            ],
        )

    def delete_partner_answers(
        self, partner_name: str, exercise_id: str, step_ids: Iterable[str]
    ) -> None:
        """Forget copies a partner no longer reveals (they held an answer back on a new pass)."""
        with self.db.atomic():
            for step_id in step_ids:
                self.db.execute(
                    "DELETE FROM partner_answers WHERE partner_name = ? AND exercise_id = ? "
                    "AND step_id = ?",
                    [partner_name, exercise_id, step_id],
                )

    def partner_answers_for(self, exercise_id: str) -> list[PartnerAnswer]:
        """A partner's revealed answers to one exercise, by partner then step."""
        rows = self.db.query(
            "SELECT * FROM partner_answers WHERE exercise_id = ? ORDER BY partner_name, step_id",
            [exercise_id],
        )
        return [_partner_answer(row) for row in rows]

    def all_partner_answers(self) -> list[PartnerAnswer]:
        """Every partner answer, ordered by exercise, partner and step (summaries, export)."""
        rows = self.db.query(
            "SELECT * FROM partner_answers ORDER BY exercise_id, partner_name, step_id"
        )
        return [_partner_answer(row) for row in rows]

    # ------------------------------------------------------------------ progress
    def get_progress(self, exercise_id: str) -> Progress | None:
        """Progress in one exercise, or None if never opened."""
        rows = list(self.db.query("SELECT * FROM progress WHERE exercise_id = ?", [exercise_id]))
        return _progress(rows[0]) if rows else None

    def all_progress(self) -> dict[str, Progress]:
        """Progress in every exercise ever opened, by exercise id."""
        return {
            row["exercise_id"]: _progress(row) for row in self.db.query("SELECT * FROM progress")
        }

    def set_position(self, exercise_id: str, step_id: str | None) -> None:
        """Remember the step a person is on; starts the exercise if needed."""
        stamp = now_iso()
        self.db.execute(
            """
            INSERT INTO progress (exercise_id, status, current_step, started_at, updated_at)
            VALUES (?, 'in_progress', ?, ?, ?)
            ON CONFLICT (exercise_id) DO UPDATE SET current_step = excluded.current_step,
                status = CASE WHEN progress.status = 'completed' THEN 'completed'
                              ELSE 'in_progress' END,
                updated_at = excluded.updated_at
            """,
            [exercise_id, step_id, stamp, stamp],
        )

    def mark_completed(self, exercise_id: str) -> None:
        """Mark an exercise finished (it stays revisitable)."""
        stamp = now_iso()
        self.db.execute(
            """
            INSERT INTO progress (exercise_id, status, current_step, started_at,
                                  completed_at, updated_at)
            VALUES (?, 'completed', NULL, ?, ?, ?)
            ON CONFLICT (exercise_id) DO UPDATE SET status = 'completed',
                completed_at = excluded.completed_at, updated_at = excluded.updated_at
            """,
            [exercise_id, stamp, stamp, stamp],
        )

    def put_progress(self, progress: Progress) -> None:
        """Write a progress row as it is (used by import)."""
        self.db.execute(
            """
            INSERT OR REPLACE INTO progress
                (exercise_id, status, current_step, started_at, completed_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                progress.exercise_id,
                progress.status.value,
                progress.current_step,
                progress.started_at,
                progress.completed_at,
                progress.updated_at or now_iso(),
            ],
        )

    def last_active(self) -> Progress | None:
        """The exercise most recently worked on and not yet completed."""
        rows = list(
            self.db.query(
                "SELECT * FROM progress WHERE status = 'in_progress' "
                "ORDER BY updated_at DESC LIMIT 1"
            )
        )
        return _progress(rows[0]) if rows else None

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        """A per-profile setting (JSON value), or ``default``."""
        rows = list(self.db.query("SELECT value FROM settings WHERE key = ?", [key]))
        return json.loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a per-profile setting (any JSON value)."""
        self.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, _dump(value)]
        )

    def delete_setting(self, key: str) -> None:
        """Forget one per-profile setting."""
        self.db.execute("DELETE FROM settings WHERE key = ?", [key])

    def all_settings(self) -> dict[str, Any]:
        """Every setting (used by export)."""
        return {
            row["key"]: json.loads(row["value"]) for row in self.db.query("SELECT * FROM settings")
        }


def _answer(row: dict[str, Any]) -> Answer:
    return Answer(
        exercise_id=row["exercise_id"],
        step_id=row["step_id"],
        value=json.loads(row["value"]),
        shared=bool(row["shared"]),
        updated_at=row["updated_at"],
        revealed=bool(row["revealed"]),
    )


def _partner_answer(row: dict[str, Any]) -> PartnerAnswer:
    return PartnerAnswer(
        exercise_id=row["exercise_id"],
        step_id=row["step_id"],
        partner_name=row["partner_name"],
        value=json.loads(row["value"]),
        revealed_at=row["revealed_at"],
    )


def _progress(row: dict[str, Any]) -> Progress:
    return Progress(
        exercise_id=row["exercise_id"],
        status=Status(row["status"]),
        current_step=row["current_step"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        updated_at=row["updated_at"],
    )
