"""Repository over the counsellor/client tables of one open vault (schema: migration m003).

A client's vault holds the assignments it received and the custom exercises that came with
them (YAML text, encrypted with the vault). A counsellor's vault holds the assignments it made
and, per client label, what the client shared back (newest answer wins).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import (
    AssignedExercise,
    ReceivedAssignment,
    SentAssignment,
    SharedAnswer,
    SharedExercise,
)
from trustrepair.storage.store import now_iso


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class ExerciseReport:
    """What a client's newest file said about one exercise (the counsellor's side)."""

    client: str
    exercise_id: str
    title: str
    status: Status
    shared_at: str
    answers: int


def _sent(row: dict[str, Any]) -> SentAssignment:
    return SentAssignment(
        row["client"],
        row["exercise_id"],
        row["note"],
        row["due"],
        row["created_at"],
        row["title"],
        row["opens_after"],
        row["position"],
    )


class CounselStore:
    """Reads and writes of assignments, custom exercises and clients' shared answers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ client side
    def save_received(
        self,
        counsellor: str,
        assignments: Iterable[AssignedExercise],
        custom: Iterable[tuple[str, str]],
        *,
        assigned_at: str,
    ) -> None:
        """Keep assignments and custom exercises ``(id, yaml text)`` in one transaction.

        The same exercise assigned again by the same counsellor replaces the older note, date
        and order, unless what is kept came in a file made later (stamps are canonical, so
        text order is time order); the caller leaves out custom exercises kept from a newer
        file.
        """
        stamp = now_iso()
        with self.db.atomic():
            for position, item in enumerate(assignments):
                self.db.execute(
                    """
                    INSERT INTO assignments_received (counsellor, exercise_id, note, due,
                        assigned_at, imported_at, opens_after, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (counsellor, exercise_id) DO UPDATE SET note = excluded.note,
                        due = excluded.due, assigned_at = excluded.assigned_at,
                        imported_at = excluded.imported_at,
                        opens_after = excluded.opens_after, position = excluded.position
                    WHERE excluded.assigned_at >= assignments_received.assigned_at
                    """,
                    [
                        counsellor,
                        item.exercise_id,
                        item.note,
                        item.due,
                        assigned_at,
                        stamp,
                        item.after,
                        position,
                    ],
                )
            self._keep_custom(counsellor, custom, stamp)

    def save_own_custom(self, author: str, custom: Iterable[tuple[str, str]]) -> None:
        """Keep custom exercises a counsellor wrote ``(id, yaml text)``, to assign them again."""
        with self.db.atomic():
            self._keep_custom(author, custom, now_iso())

    def _keep_custom(self, author: str, custom: Iterable[tuple[str, str]], stamp: str) -> None:
        for exercise_id, source in custom:
            self.db.execute(
                """
                INSERT OR REPLACE INTO custom_exercises
                    (exercise_id, source, counsellor, imported_at)
                VALUES (?, ?, ?, ?)
                """,
                [exercise_id, source, author, stamp],
            )

    def received(self) -> list[ReceivedAssignment]:
        """Every assignment received, newest file first, each in the counsellor's order."""
        rows = self.db.query(
            "SELECT * FROM assignments_received ORDER BY assigned_at DESC, position, exercise_id"
        )
        return [
            ReceivedAssignment(
                row["counsellor"],
                row["exercise_id"],
                row["note"],
                row["due"],
                row["assigned_at"],
                row["imported_at"],
                row["opens_after"],
                row["position"],
            )
            for row in rows
        ]

    def custom_sources(self) -> dict[str, str]:
        """The YAML text of every custom exercise received, by exercise id."""
        rows = self.db.query("SELECT exercise_id, source FROM custom_exercises ORDER BY 1")
        return {row["exercise_id"]: row["source"] for row in rows}

    # ------------------------------------------------------------------ counsellor side
    def save_sent(
        self,
        client: str,
        assignments: Iterable[tuple[AssignedExercise, str]],
        *,
        created_at: str,
    ) -> None:
        """Remember an assignment made for ``client``: each exercise with its title."""
        with self.db.atomic():
            for position, (item, title) in enumerate(assignments):
                self.db.execute(
                    """
                    INSERT OR REPLACE INTO assignments_sent
                        (client, exercise_id, note, due, created_at, title, opens_after,
                         position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        client,
                        item.exercise_id,
                        item.note,
                        item.due,
                        created_at,
                        title,
                        item.after,
                        position,
                    ],
                )

    def sent(self, client: str | None = None) -> list[SentAssignment]:
        """Assignments made (for one client, or all), newest first, each in its order."""
        where, params = ("WHERE client = ?", [client]) if client is not None else ("", [])
        rows = self.db.query(
            f"SELECT * FROM assignments_sent {where} "  # noqa: S608 - fixed text
            "ORDER BY created_at DESC, position, exercise_id",
            params,
        )
        return [_sent(row) for row in rows]

    def latest_sent(self) -> list[SentAssignment]:
        """Per client and exercise, the newest assignment: by client, then in order."""
        rows = self.db.query(
            """
            SELECT * FROM (
                SELECT *, row_number() OVER (
                    PARTITION BY client, exercise_id ORDER BY created_at DESC
                ) AS newest
                FROM assignments_sent
            ) WHERE newest = 1
            ORDER BY client, created_at, position, exercise_id
            """
        )
        return [_sent(row) for row in rows]

    def save_shared(
        self, client: str, exercises: Iterable[SharedExercise], *, shared_at: str
    ) -> tuple[int, int]:
        """Store what a client shared; per answer the newer ``updated_at`` wins.

        ``shared_at`` is when the client made the file: an exercise's status follows the
        file made last, so an older file opened later changes none.

        Returns (answers stored, answers kept because the stored one was newer).
        """
        stored = kept = 0
        with self.db.atomic():
            for exercise in exercises:
                self.db.execute(
                    """
                    INSERT INTO client_exercises (client, exercise_id, title, status,
                        started_at, completed_at, shared_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (client, exercise_id) DO UPDATE SET title = excluded.title,
                        status = excluded.status, started_at = excluded.started_at,
                        completed_at = excluded.completed_at, shared_at = excluded.shared_at
                    WHERE excluded.shared_at >= client_exercises.shared_at
                    """,
                    [
                        client,
                        exercise.exercise_id,
                        exercise.title,
                        exercise.status.value,
                        exercise.started_at,
                        exercise.completed_at,
                        shared_at,
                    ],
                )
                for answer in exercise.answers:
                    changed = self.db.execute(
                        """
                        INSERT INTO client_answers (client, exercise_id, step_id, position,
                            prompt, value, text, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (client, exercise_id, step_id) DO UPDATE SET
                            position = excluded.position, prompt = excluded.prompt,
                            value = excluded.value, text = excluded.text,
                            updated_at = excluded.updated_at
                        WHERE excluded.updated_at > client_answers.updated_at
                        """,
                        [
                            client,
                            exercise.exercise_id,
                            answer.step_id,
                            answer.position,
                            answer.prompt,
                            _dump(answer.value),
                            answer.text,
                            answer.updated_at,
                        ],
                    ).rowcount
                    if changed:
                        stored += 1
                    else:
                        kept += 1
        return stored, kept

    def labels(self) -> list[str]:
        """Every client label with something assigned or shared, by label."""
        rows = self.db.query(
            """
            SELECT client FROM (
                SELECT client FROM client_exercises UNION SELECT client FROM assignments_sent
            ) ORDER BY lower(client), client
            """
        )
        return [row["client"] for row in rows]

    def reports(self) -> list[ExerciseReport]:
        """What every client's newest files said, per exercise, with the answers shared."""
        rows = self.db.query(
            """
            SELECT e.client, e.exercise_id, e.title, e.status, e.shared_at,
                (SELECT count(*) FROM client_answers a
                    WHERE a.client = e.client AND a.exercise_id = e.exercise_id) AS answers
            FROM client_exercises e ORDER BY e.client, e.rowid
            """
        )
        return [
            ExerciseReport(
                row["client"],
                row["exercise_id"],
                row["title"],
                Status(row["status"]),
                row["shared_at"],
                row["answers"],
            )
            for row in rows
        ]

    def client_exercises(self, client: str) -> list[SharedExercise]:
        """What one client shared, by exercise (in the order first shared), answers in order."""
        answers: dict[str, list[SharedAnswer]] = {}
        for row in self.db.query(
            "SELECT * FROM client_answers WHERE client = ? ORDER BY exercise_id, position, step_id",
            [client],
        ):
            answers.setdefault(row["exercise_id"], []).append(
                SharedAnswer(
                    row["step_id"],
                    row["position"],
                    row["prompt"],
                    json.loads(row["value"]),
                    row["text"],
                    row["updated_at"],
                )
            )
        return [
            SharedExercise(
                row["exercise_id"],
                row["title"],
                Status(row["status"]),
                row["started_at"],
                row["completed_at"],
                tuple(answers.get(row["exercise_id"], ())),
            )
            for row in self.db.query(
                "SELECT * FROM client_exercises WHERE client = ? ORDER BY rowid", [client]
            )
        ]


# ---------------------------------------------------------------------- whole tables (export)
COUNSEL_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "assignments_received": (
        ("counsellor", "exercise_id"),
        ("note", "due", "assigned_at", "imported_at", "opens_after", "position"),
    ),
    "custom_exercises": (("exercise_id",), ("source", "counsellor", "imported_at")),
    "assignments_sent": (
        ("client", "exercise_id", "created_at"),
        ("note", "due", "title", "opens_after", "position"),
    ),
    "client_exercises": (
        ("client", "exercise_id"),
        ("title", "status", "started_at", "completed_at", "shared_at"),
    ),
    "client_answers": (
        ("client", "exercise_id", "step_id"),
        ("position", "prompt", "value", "text", "updated_at"),
    ),
}
"""Each counsel table: (primary key columns, other columns). Export carries all of them."""


def table_rows(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of one counsel table as a dict, in the order the rows were first written.

    ``client_answers.value`` is decoded from its stored JSON.
    """
    key, rest = COUNSEL_TABLES[table]
    columns = ", ".join((*key, *rest))
    rows = [dict(row) for row in db.query(f"SELECT {columns} FROM {table} ORDER BY rowid")]  # noqa: S608 - fixed names
    if table == "client_answers":
        for row in rows:
            row["value"] = json.loads(row["value"])
    return rows


def put_rows(db: Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert or update whole rows of one counsel table (the caller decides which win).

    An existing row is updated in place, so the order rows were first written is kept.
    Call inside the caller's transaction.
    """
    key, rest = COUNSEL_TABLES[table]
    columns = (*key, *rest)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in rest)
    )
    for row in rows:
        values = [row[c] for c in columns]
        if table == "client_answers":
            values[columns.index("value")] = _dump(row["value"])
        db.execute(sql, values)
