"""Repository over one open vault: profile, entries and their answers, partner answers, settings.

Every time a person goes through an exercise is an *entry*. The exercise-level methods
(``answers_for``, ``save_answer``, ``set_position``…) work on the exercise's newest entry, the
one going through it now changes; ``history`` and the ``entry_id`` arguments reach the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from trustrepair.domain.answers import (
    Answer,
    Entry,
    EntryRecord,
    JSONValue,
    PartnerAnswer,
    Progress,
    Status,
)
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.promises import PromiseChange, PromiseStatus


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

    # ------------------------------------------------------------------ entries
    def current_entry(self, exercise_id: str) -> Entry | None:
        """The newest entry of an exercise (the one going through it now edits), or None."""
        rows = list(
            self.db.query(
                "SELECT * FROM entries WHERE exercise_id = ? "
                "ORDER BY started_at DESC, id DESC LIMIT 1",
                [exercise_id],
            )
        )
        return _entry(rows[0]) if rows else None

    def get_entry(self, entry_id: int) -> Entry | None:
        """One entry by id, or None."""
        rows = list(self.db.query("SELECT * FROM entries WHERE id = ?", [entry_id]))
        return _entry(rows[0]) if rows else None

    def entries_for(self, exercise_id: str) -> list[Entry]:
        """Every entry of one exercise, newest first."""
        rows = self.db.query(
            "SELECT * FROM entries WHERE exercise_id = ? ORDER BY started_at DESC, id DESC",
            [exercise_id],
        )
        return [_entry(row) for row in rows]

    def all_entries(self) -> list[Entry]:
        """Every entry of every exercise, newest first."""
        rows = self.db.query("SELECT * FROM entries ORDER BY started_at DESC, id DESC")
        return [_entry(row) for row in rows]

    def count_entries(self) -> int:
        """How many entries the vault holds."""
        return int(next(iter(self.db.query("SELECT count(*) AS n FROM entries")))["n"])

    def start_entry(
        self,
        exercise_id: str,
        *,
        started_at: str | None = None,
        prefill: Mapping[str, JSONValue] | None = None,
    ) -> Entry:
        """A new entry for ``exercise_id`` (one more time through), with ``prefill`` answers.

        Earlier entries are left exactly as they are. A start time already taken by another
        entry of the exercise moves on by a millisecond, so start times stay unique.
        """
        stamp = started_at or now_iso()
        with self.db.atomic():
            while self._entry_at(exercise_id, stamp) is not None:
                stamp = _later(stamp)
            cursor = self.db.execute(
                "INSERT INTO entries (exercise_id, started_at, completed_at, current_step, "
                "updated_at) VALUES (?, ?, NULL, NULL, ?)",
                [exercise_id, stamp, stamp],
            )
            entry_id = int(cursor.lastrowid or 0)
            for step_id, value in (prefill or {}).items():
                self._put_answer(entry_id, step_id, value, False, stamp)
        entry = self.get_entry(entry_id)
        assert entry is not None  # just written
        return entry

    def ensure_entry(self, exercise_id: str, *, at: str | None = None) -> Entry:
        """The exercise's newest entry, started now (or ``at``) if it has none yet."""
        return self.current_entry(exercise_id) or self.start_entry(exercise_id, started_at=at)

    def put_entry(self, entry: Entry) -> int:
        """Insert or update an entry found by exercise and start time (import); its id."""
        existing = self._entry_at(entry.exercise_id, entry.started_at)
        if existing is None:
            cursor = self.db.execute(
                "INSERT INTO entries (exercise_id, started_at, completed_at, current_step, "
                "updated_at) VALUES (?, ?, ?, ?, ?)",
                [
                    entry.exercise_id,
                    entry.started_at,
                    entry.completed_at,
                    entry.current_step,
                    entry.updated_at or entry.started_at,
                ],
            )
            return int(cursor.lastrowid or 0)
        self.db.execute(
            "UPDATE entries SET completed_at = ?, current_step = ?, updated_at = ? WHERE id = ?",
            [entry.completed_at, entry.current_step, entry.updated_at, existing.id],
        )
        return existing.id

    def _entry_at(self, exercise_id: str, started_at: str) -> Entry | None:
        rows = list(
            self.db.query(
                "SELECT * FROM entries WHERE exercise_id = ? AND started_at = ?",
                [exercise_id, started_at],
            )
        )
        return _entry(rows[0]) if rows else None

    def _entry_id(self, exercise_id: str, entry_id: int | None, at: str | None = None) -> int:
        if entry_id:
            return entry_id
        return self.ensure_entry(exercise_id, at=at).id

    def history(
        self, exercise_id: str | None = None, *, last: int | None = None
    ) -> list[EntryRecord]:
        """Entries with their answers, newest first (one exercise, or all; the newest
        ``last`` only, when given, and only their answers are read)."""
        where, params = ("WHERE e.exercise_id = ?", [exercise_id]) if exercise_id else ("", [])
        limit = f" LIMIT {int(last)}" if last is not None else ""
        entries = [
            _entry(row)
            for row in self.db.query(
                f"SELECT * FROM entries e {where} ORDER BY started_at DESC, id DESC{limit}",  # noqa: S608
                params,
            )
        ]
        answers: dict[int, dict[str, Answer]] = {}
        if last is not None:
            ids = [entry.id for entry in entries]
            marks = ", ".join("?" * len(ids))
            rows = self.db.query(
                "SELECT a.*, e.exercise_id FROM answers a JOIN entries e ON e.id = a.entry_id "  # noqa: S608
                f"WHERE a.entry_id IN ({marks}) ORDER BY a.entry_id, a.step_id",
                ids,
            )
        else:
            rows = self.db.query(
                "SELECT a.*, e.exercise_id FROM answers a JOIN entries e ON e.id = a.entry_id "  # noqa: S608
                f"{where} ORDER BY a.entry_id, a.step_id",
                params,
            )
        for row in rows:
            answers.setdefault(row["entry_id"], {})[row["step_id"]] = _answer(row)
        return [EntryRecord(entry, answers.get(entry.id, {})) for entry in entries]

    def object_answers(self, *, open_dated_by: str | None = None) -> list[EntryRecord]:
        """Entries holding an answer that is a JSON object, with only those answers, newest
        first; with ``open_dated_by`` (``YYYY-MM-DD``), only objects dated that day or
        earlier whose newest status change, if any, left them open.

        Promises (commitment answers) are the only objects answers hold, so the ledger reads
        these instead of the whole history: the home screen asks for what is due on the
        window's thread, and five years of daily entries would take too long to read there.
        """
        answers: dict[int, dict[str, Answer]] = {}
        entries: dict[int, Entry] = {}
        dated, params = "", []
        if open_dated_by is not None:
            # Where a promise stands is its newest change (changed_at is unique per promise).
            dated = """
                AND CASE WHEN json_valid(a.value) THEN json_extract(a.value, '$.date') END <= ?
                AND COALESCE((
                    SELECT c.status FROM promise_changes c
                    WHERE c.entry_id = a.entry_id AND c.step_id = a.step_id
                    ORDER BY c.changed_at DESC LIMIT 1), 'open') = 'open'
            """
            params = [open_dated_by]
        rows = self.db.query(
            "SELECT a.*, e.exercise_id, e.started_at AS e_started_at, "  # noqa: S608 - constants
            "e.completed_at AS e_completed_at, e.current_step AS e_current_step, "
            "e.updated_at AS e_updated_at "
            "FROM answers a JOIN entries e ON e.id = a.entry_id "
            f"WHERE a.value LIKE '{{%'{dated} ORDER BY a.entry_id, a.step_id",
            params,
        )
        for row in rows:
            entry_id = row["entry_id"]
            if entry_id not in entries:
                entries[entry_id] = Entry(
                    id=entry_id,
                    exercise_id=row["exercise_id"],
                    started_at=row["e_started_at"],
                    completed_at=row["e_completed_at"],
                    current_step=row["e_current_step"],
                    updated_at=row["e_updated_at"],
                )
            answers.setdefault(entry_id, {})[row["step_id"]] = _answer(row)
        ordered = sorted(entries.values(), key=lambda e: (e.started_at, e.id), reverse=True)
        return [EntryRecord(entry, answers[entry.id]) for entry in ordered]

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
        entry_id: int | None = None,
    ) -> str:
        """Insert or replace one answer in ``entry_id`` (default: the exercise's newest entry).

        ``shared`` and ``revealed`` are separate audiences; None keeps the current choice
        (a new answer is private).
        """
        stamp = updated_at or now_iso()
        target = self._entry_id(exercise_id, entry_id, stamp)
        self._put_answer(target, step_id, value, shared, stamp, revealed)
        self._touch(target, stamp)
        return stamp

    def _put_answer(
        self,
        entry_id: int,
        step_id: str,
        value: JSONValue,
        shared: bool | None,
        stamp: str,
        revealed: bool | None = None,
    ) -> None:
        self.db.execute(
            """
            INSERT INTO answers (entry_id, step_id, value, shared, revealed, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (entry_id, step_id) DO UPDATE SET
                value = excluded.value,
                shared = CASE WHEN ? IS NULL THEN answers.shared ELSE excluded.shared END,
                revealed = CASE WHEN ? IS NULL THEN answers.revealed ELSE excluded.revealed END,
                updated_at = excluded.updated_at
            """,
            [
                entry_id,
                step_id,
                _dump(value),
                int(bool(shared)),
                int(bool(revealed)),
                stamp,
                shared,
                revealed,
            ],
        )

    def _touch(self, entry_id: int, stamp: str) -> None:
        self.db.execute(
            "UPDATE entries SET updated_at = max(updated_at, ?) WHERE id = ?", [stamp, entry_id]
        )

    def save_answers(
        self,
        answers: Iterable[tuple[str, str, JSONValue]],
        *,
        entry_id: int | None = None,
        updated_at: str | None = None,
    ) -> str:
        """Save several answers in one transaction (used by autosave flushes)."""
        stamp = updated_at or now_iso()
        with self.db.atomic():
            for exercise_id, step_id, value in answers:
                self.save_answer(exercise_id, step_id, value, updated_at=stamp, entry_id=entry_id)
        return stamp

    def set_shared(
        self, exercise_id: str, step_id: str, shared: bool, *, entry_id: int | None = None
    ) -> None:
        """Mark one answer as shared (or private again)."""
        entry = entry_id or self._current_id(exercise_id)
        if entry:
            self.db.execute(
                "UPDATE answers SET shared = ? WHERE entry_id = ? AND step_id = ?",
                [int(shared), entry, step_id],
            )

    def set_revealed(
        self, exercise_id: str, step_id: str, revealed: bool, *, entry_id: int | None = None
    ) -> None:
        """Mark one answer as revealed to a partner (or not); never touches ``shared``."""
        entry = entry_id or self._current_id(exercise_id)
        if entry:
            self.db.execute(
                "UPDATE answers SET revealed = ? WHERE entry_id = ? AND step_id = ?",
                [int(revealed), entry, step_id],
            )

    def delete_answer(self, exercise_id: str, step_id: str) -> None:
        """Forget one answer of the exercise's newest entry."""
        entry = self._current_id(exercise_id)
        if entry:
            self.db.execute(
                "DELETE FROM answers WHERE entry_id = ? AND step_id = ?", [entry, step_id]
            )

    def _current_id(self, exercise_id: str) -> int:
        current = self.current_entry(exercise_id)
        return current.id if current is not None else 0

    def answers_for(self, exercise_id: str) -> dict[str, Answer]:
        """Answers of the exercise's newest entry, by step id."""
        entry = self._current_id(exercise_id)
        return self.answers_for_entry(entry) if entry else {}

    def answers_for_entry(self, entry_id: int) -> dict[str, Answer]:
        """Answers of one entry, by step id."""
        rows = self.db.query(
            "SELECT a.*, e.exercise_id FROM answers a JOIN entries e ON e.id = a.entry_id "
            "WHERE a.entry_id = ? ORDER BY a.step_id",
            [entry_id],
        )
        return {row["step_id"]: _answer(row) for row in rows}

    def all_answers(self) -> list[Answer]:
        """Every answer of each exercise's newest entry, ordered by exercise then step.

        Earlier entries' answers are in :meth:`history`.
        """
        rows = self.db.query(
            f"""
            SELECT a.*, e.exercise_id FROM answers a
            JOIN ({_NEWEST}) e ON e.id = a.entry_id
            ORDER BY e.exercise_id, a.step_id
            """  # noqa: S608 - a constant
        )
        return [_answer(row) for row in rows]

    def answers_of(self, exercise_ids: Iterable[str]) -> list[Answer]:
        """:meth:`all_answers` of these exercises only (their newest entries)."""
        wanted = sorted(set(exercise_ids))
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = self.db.query(
            f"""
            SELECT a.*, e.exercise_id FROM answers a
            JOIN ({_NEWEST} AND x.exercise_id IN ({marks})) e ON e.id = a.entry_id
            ORDER BY e.exercise_id, a.step_id
            """,  # noqa: S608 - placeholders only
            wanted,
        )
        return [_answer(row) for row in rows]

    def exercises_with_answers(self) -> list[str]:
        """The exercises whose newest entry holds an answer, by id (no answer is read)."""
        rows = self.db.query(
            f"""
            SELECT DISTINCT e.exercise_id AS id FROM ({_NEWEST}) e
            WHERE EXISTS (SELECT 1 FROM answers a WHERE a.entry_id = e.id)
            ORDER BY e.exercise_id
            """  # noqa: S608 - a constant
        )
        return [str(row["id"]) for row in rows]

    def count_answers(self) -> int:
        """How many answers the vault holds, in every entry."""
        return int(next(iter(self.db.query("SELECT count(*) AS n FROM answers")))["n"])

    # ------------------------------------------------------------------ partner answers
    def save_partner_answers(
        self,
        partner_name: str,
        answers: Iterable[tuple[str, str, JSONValue]],
        *,
        revealed_at: str | None = None,
    ) -> str:
        """Keep copies of answers a partner revealed in a joint exercise (one transaction).

        They belong to this vault's newest entry of each exercise (the time the two went
        through it together).
        """
        stamp = revealed_at or now_iso()
        with self.db.atomic():
            for exercise_id, step_id, value in answers:
                self.put_partner_answer(
                    PartnerAnswer(exercise_id, step_id, partner_name, value, stamp)
                )
        return stamp

    def put_partner_answer(self, answer: PartnerAnswer) -> None:
        """Insert or replace one partner answer as it is (used by joint work and import)."""
        stamp = answer.revealed_at or now_iso()
        entry = self._entry_id(answer.exercise_id, answer.entry_id, stamp)
        self.db.execute(
            """
            INSERT INTO partner_answers (entry_id, step_id, partner_name, value, revealed_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (entry_id, step_id, partner_name) DO UPDATE SET
                value = excluded.value, revealed_at = excluded.revealed_at
            """,
            [entry, answer.step_id, answer.partner_name, _dump(answer.value), stamp],
        )

    def delete_partner_answers(
        self, partner_name: str, exercise_id: str, step_ids: Iterable[str]
    ) -> None:
        """Forget copies a partner no longer reveals (they held an answer back on a new pass).

        Only in the exercise's newest entry: what was revealed in an earlier time stays.
        """
        entry = self._current_id(exercise_id)
        if not entry:
            return
        with self.db.atomic():
            for step_id in step_ids:
                self.db.execute(
                    "DELETE FROM partner_answers WHERE partner_name = ? AND entry_id = ? "
                    "AND step_id = ?",
                    [partner_name, entry, step_id],
                )

    def partner_answers_for(self, exercise_id: str) -> list[PartnerAnswer]:
        """A partner's revealed answers in the exercise's newest entry, by partner then step."""
        rows = self.db.query(
            f"""
            SELECT p.*, e.exercise_id FROM partner_answers p
            JOIN ({_NEWEST}) e ON e.id = p.entry_id
            WHERE e.exercise_id = ? ORDER BY p.partner_name, p.step_id
            """,  # noqa: S608 - a constant
            [exercise_id],
        )
        return [_partner_answer(row) for row in rows]

    def all_partner_answers(self, *, every_entry: bool = False) -> list[PartnerAnswer]:
        """Partner answers of each exercise's newest entry (or of ``every_entry``).

        Ordered by exercise, entry, partner and step (summaries, export, charts).
        """
        source = "entries" if every_entry else f"({_NEWEST})"
        rows = self.db.query(
            f"""
            SELECT p.*, e.exercise_id FROM partner_answers p
            JOIN {source} e ON e.id = p.entry_id
            ORDER BY e.exercise_id, e.started_at, p.partner_name, p.step_id
            """  # noqa: S608 - constants
        )
        return [_partner_answer(row) for row in rows]

    # ------------------------------------------------------------------ progress
    def get_progress(self, exercise_id: str) -> Progress | None:
        """Progress in one exercise (its newest entry), or None if never opened."""
        rows = list(
            self.db.query(
                """
                SELECT e.*, (SELECT count(*) FROM entries c WHERE c.exercise_id = e.exercise_id
                             AND c.completed_at IS NOT NULL) AS done
                FROM entries e WHERE e.exercise_id = ?
                ORDER BY e.started_at DESC, e.id DESC LIMIT 1
                """,
                [exercise_id],
            )
        )
        return _progress(rows[0]) if rows else None

    def all_progress(self, only: Iterable[str] | None = None) -> dict[str, Progress]:
        """Progress in every exercise ever opened (or in those of ``only``), by exercise id."""
        # Start times are unique per exercise, so the newest is found through that index
        # (the home screen asks for this on each visit, over years of entries).
        ids = list(only) if only is not None else None
        where = f"WHERE exercise_id IN ({', '.join('?' * len(ids))})" if ids is not None else ""
        rows = self.db.query(
            f"""
            SELECT e.*, n.done FROM (
                SELECT exercise_id, max(started_at) AS newest, count(completed_at) AS done
                FROM entries {where} GROUP BY exercise_id) n
            JOIN entries e ON e.exercise_id = n.exercise_id AND e.started_at = n.newest
            """,  # noqa: S608 - placeholders only
            ids or [],
        )
        return {row["exercise_id"]: _progress(row) for row in rows}

    def set_position(
        self,
        exercise_id: str,
        step_id: str | None,
        *,
        entry_id: int | None = None,
        at: str | None = None,
    ) -> None:
        """Remember the step a person is on; starts an entry if the exercise has none."""
        stamp = at or now_iso()
        target = self._entry_id(exercise_id, entry_id, stamp)
        self.db.execute(
            "UPDATE entries SET current_step = ?, updated_at = max(updated_at, ?) WHERE id = ?",
            [step_id, stamp, target],
        )

    def mark_completed(
        self, exercise_id: str, *, entry_id: int | None = None, at: str | None = None
    ) -> None:
        """Mark an entry finished (it stays revisitable; the first finish keeps its date)."""
        stamp = at or now_iso()
        target = self._entry_id(exercise_id, entry_id, stamp)
        self.db.execute(
            """
            UPDATE entries SET completed_at = COALESCE(completed_at, ?),
                updated_at = max(updated_at, ?) WHERE id = ?
            """,
            [stamp, stamp, target],
        )

    def last_active(self) -> Progress | None:
        """The exercise most recently worked on whose newest entry is not yet finished."""
        rows = list(
            self.db.query(
                f"""
                SELECT e.*, 0 AS done FROM ({_NEWEST}) e
                WHERE e.completed_at IS NULL ORDER BY e.updated_at DESC LIMIT 1
                """  # noqa: S608 - a constant
            )
        )
        return _progress(rows[0]) if rows else None

    # ------------------------------------------------------------------ promise changes
    def add_promise_change(self, change: PromiseChange) -> bool:
        """Append one change of a promise's status; False if that very change is already kept.

        Changes are only ever added: a later one supersedes an earlier one, which stays.
        """
        cursor = self.db.execute(
            """
            INSERT OR IGNORE INTO promise_changes (entry_id, step_id, status, note, changed_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            [change.entry_id, change.step_id, change.status.value, change.note, change.changed_at],
        )
        return bool(cursor.rowcount)

    def promise_changes(
        self, entry_id: int | None = None, *, entry_ids: Iterable[int] | None = None
    ) -> list[PromiseChange]:
        """Every status change (of one entry's promises, of these entries', or all), oldest
        first."""
        where, params = ("WHERE entry_id = ?", [entry_id]) if entry_id else ("", [])
        if entry_ids is not None:
            wanted = sorted(set(entry_ids))
            where = f"WHERE entry_id IN ({', '.join('?' for _ in wanted)})"
            params = wanted
        rows = self.db.query(
            f"SELECT * FROM promise_changes {where} ORDER BY changed_at, id",  # noqa: S608
            params,
        )
        return [
            PromiseChange(
                row["entry_id"],
                row["step_id"],
                PromiseStatus(row["status"]),
                row["note"],
                row["changed_at"],
            )
            for row in rows
        ]

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


_NEWEST = """
    SELECT * FROM entries x WHERE x.id = (
        SELECT y.id FROM entries y WHERE y.exercise_id = x.exercise_id
        ORDER BY y.started_at DESC, y.id DESC LIMIT 1)
"""
"""Each exercise's newest entry (a subquery)."""


def _later(stamp: str) -> str:
    """A timestamp one millisecond after ``stamp``."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    later = moment.astimezone(UTC) + timedelta(milliseconds=1)
    return later.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        id=row["id"],
        exercise_id=row["exercise_id"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        current_step=row["current_step"],
        updated_at=row["updated_at"],
    )


def _answer(row: dict[str, Any]) -> Answer:
    return Answer(
        exercise_id=row["exercise_id"],
        step_id=row["step_id"],
        value=json.loads(row["value"]),
        shared=bool(row["shared"]),
        updated_at=row["updated_at"],
        revealed=bool(row["revealed"]),
        entry_id=row["entry_id"],
    )


def _partner_answer(row: dict[str, Any]) -> PartnerAnswer:
    return PartnerAnswer(
        exercise_id=row["exercise_id"],
        step_id=row["step_id"],
        partner_name=row["partner_name"],
        value=json.loads(row["value"]),
        revealed_at=row["revealed_at"],
        entry_id=row["entry_id"],
    )


def _progress(row: dict[str, Any]) -> Progress:
    return Progress(
        exercise_id=row["exercise_id"],
        status=Status.COMPLETED if row["completed_at"] else Status.IN_PROGRESS,
        current_step=row["current_step"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        updated_at=row["updated_at"],
        times_completed=int(row["done"]),
    )
