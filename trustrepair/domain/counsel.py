"""What travels between a counsellor and a client, as plain values (see docs/counsellor.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trustrepair.domain.answers import JSONValue, Status


@dataclass(frozen=True)
class AssignedExercise:
    """One exercise a counsellor suggests, with an optional note and date (YYYY-MM-DD)."""

    exercise_id: str
    note: str = ""
    due: str | None = None


@dataclass(frozen=True)
class ReceivedAssignment:
    """An exercise a client was given by their counsellor (kept in the client's vault)."""

    counsellor: str
    exercise_id: str
    note: str
    due: str | None
    assigned_at: str
    imported_at: str


@dataclass(frozen=True)
class SentAssignment:
    """An exercise a counsellor gave a client (kept in the counsellor's vault)."""

    client: str
    exercise_id: str
    note: str
    due: str | None
    created_at: str


@dataclass(frozen=True)
class SharedAnswer:
    """One answer a client chose to share: the question as they saw it and their answer.

    ``text`` is the answer made readable (option labels, ticks, dates); ``value`` is as stored.
    """

    step_id: str
    position: int
    prompt: str
    value: JSONValue
    text: str
    updated_at: str


@dataclass(frozen=True)
class SharedExercise:
    """One exercise as a client shares it: how far they got and the answers they shared."""

    exercise_id: str
    title: str
    status: Status
    started_at: str | None = None
    completed_at: str | None = None
    answers: tuple[SharedAnswer, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ClientOverview:
    """A client as the counsellor's list shows them."""

    label: str
    exercises: int
    completed: int
    answers: int
    last_shared_at: str | None
    assigned: int
