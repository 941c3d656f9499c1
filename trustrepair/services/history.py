"""Looking back: every time a person went through an exercise, newest first, readable.

The same records serve ``trustrepair history`` (as JSON or plain lines) and the window's
"Earlier times" dialog. Answers are read with the step-kind registry, so a scale reads
"6 of 10 (…)", a choice its label, a promise its date; steps no longer in the exercise are
shown as they were stored, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from trustrepair.content.library import Library
from trustrepair.domain.answers import Answer, Entry, EntryRecord, is_answered
from trustrepair.domain.dates import format_date
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import resolve_text
from trustrepair.domain.step_kinds import answer_as_text, describe_any_value, takes_answer
from trustrepair.storage.store import VaultStore


@dataclass(frozen=True)
class ReadableLine:
    """One answer of an entry, as a prompt and plain text."""

    step_id: str
    prompt: str
    text: str


@dataclass(frozen=True)
class ReadableEntry:
    """One time through, ready to show: its dates and answers in step order."""

    exercise_id: str
    title: str
    started_at: str
    completed_at: str | None
    started: str  # "5 January 2026"
    lines: tuple[ReadableLine, ...]

    @property
    def finished(self) -> bool:
        """Whether this time through was finished."""
        return self.completed_at is not None


class EarlierTimes(Sequence[ReadableEntry]):
    """Earlier times through one exercise, newest first: their dates at once, each one's
    answers read when it is first asked for (a daily exercise has hundreds a year)."""

    def __init__(self, history: HistoryService, entries: list[Entry]) -> None:
        self._history = history
        self._entries = entries
        self._read: dict[int, ReadableEntry] = {}
        profile = history.store.get_profile()
        self._relationship = profile.relationship if profile is not None else None

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> ReadableEntry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ReadableEntry]: ...
    def __getitem__(self, index: int | slice) -> ReadableEntry | Sequence[ReadableEntry]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        entry = self._entries[index]
        if entry.id not in self._read:
            answers = self._history.store.answers_for_entry(entry.id)
            self._read[entry.id] = self._history.read(
                EntryRecord(entry, answers), self._relationship
            )
        return self._read[entry.id]

    def when(self, index: int) -> tuple[str, bool]:
        """The date of the time at ``index``, for reading, and whether it was finished (its
        answers are not read)."""
        entry = self._entries[index]
        return format_date(entry.started_at), entry.completed_at is not None


def history_document(record: EntryRecord) -> dict[str, Any]:
    """One entry as ``history --json`` prints it."""
    entry = record.entry
    return {
        "exercise_id": entry.exercise_id,
        "started_at": entry.started_at,
        "completed_at": entry.completed_at,
        "answers": {k: a.value for k, a in sorted(record.answers.items())},
    }


class HistoryService:
    """Reads a vault's entries (Qt-free; the window and the CLI share it)."""

    def __init__(self, store: VaultStore, library: Library) -> None:
        self.store = store
        self.library = library

    def records(self, exercise_id: str | None = None) -> list[EntryRecord]:
        """Entries with their answers, newest first."""
        return self.store.history(exercise_id)

    def documents(self, exercise_id: str | None = None) -> list[dict[str, Any]]:
        """Entries newest first, in the documented JSON shape."""
        return [history_document(r) for r in self.records(exercise_id)]

    @staticmethod
    def document(record: EntryRecord) -> dict[str, Any]:
        """One entry in the documented JSON shape."""
        return history_document(record)

    def readable(self, exercise_id: str | None = None) -> list[ReadableEntry]:
        """Entries newest first, each answer as plain text under its prompt."""
        return self.read_all(self.records(exercise_id))

    def earlier_times(self, entries: list[Entry]) -> EarlierTimes:
        """These entries (newest first), each read only when it is looked at."""
        return EarlierTimes(self, entries)

    def read_all(self, records: list[EntryRecord]) -> list[ReadableEntry]:
        """These entries, each answer as plain text under its prompt (in the person's wording)."""
        profile = self.store.get_profile()
        relationship = profile.relationship if profile is not None else None
        return [self.read(record, relationship) for record in records]

    def read(self, record: EntryRecord, relationship: Relationship | None) -> ReadableEntry:
        """One entry as plain text under its prompts."""
        from trustrepair.services.summary import describe_answer

        entry = record.entry
        exercise = self.library.get(entry.exercise_id)
        lines: list[ReadableLine] = []
        remaining = dict(record.answers)
        if exercise is not None:
            for step in exercise.steps:
                answer = remaining.pop(step.id, None)
                if answer is None or not takes_answer(step) or not is_answered(answer.value):
                    continue
                item = describe_answer(exercise, step, answer, relationship)
                prompt = resolve_text(getattr(step, "prompt", None), relationship)
                lines.append(
                    ReadableLine(
                        step.id, prompt or item.heading, answer_as_text(item, with_status=False)
                    )
                )
        for step_id, answer in sorted(remaining.items()):
            if is_answered(answer.value):
                lines.append(ReadableLine(step_id, step_id, _bare(answer)))
        return ReadableEntry(
            entry.exercise_id,
            exercise.title if exercise is not None else entry.exercise_id,
            entry.started_at,
            entry.completed_at,
            format_date(entry.started_at),
            tuple(lines),
        )


def _bare(answer: Answer) -> str:
    return answer_as_text(describe_any_value(answer.value), with_status=False)
