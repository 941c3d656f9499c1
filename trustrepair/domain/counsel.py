"""What travels between a counsellor and a client, as plain values (see docs/counsellor.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from trustrepair.domain.answers import JSONValue, Status


@dataclass(frozen=True)
class AssignedExercise:
    """One exercise a counsellor suggests, with an optional note and date (YYYY-MM-DD).

    ``after`` names another exercise of the same assignment: the client sees this one as
    "opens after <title>" until that one is done.
    """

    exercise_id: str
    note: str = ""
    due: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class ReceivedAssignment:
    """An exercise a client was given by their counsellor (kept in the client's vault)."""

    counsellor: str
    exercise_id: str
    note: str
    due: str | None
    assigned_at: str
    imported_at: str
    after: str | None = None
    position: int = 0
    """Its place in the assignment it came in (the order the counsellor chose)."""


@dataclass(frozen=True)
class SentAssignment:
    """An exercise a counsellor gave a client (kept in the counsellor's vault)."""

    client: str
    exercise_id: str
    note: str
    due: str | None
    created_at: str
    title: str = ""
    """The exercise's title when it was assigned (shown if the library no longer has it)."""
    after: str | None = None
    position: int = 0


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


class DeskStatus(StrEnum):
    """How far a client got with an assigned exercise, as their shared files tell it."""

    NOT_STARTED = "not_started"
    """No file mentioned it yet, or the client had not begun."""
    IN_PROGRESS = "in_progress"
    DONE = "done"
    """Finished, with no answers shared."""
    SHARED_BACK = "shared_back"
    """Finished, with answers shared for the counsellor to read."""


@dataclass(frozen=True)
class DeskExercise:
    """One exercise assigned to a client, with what came back about it."""

    exercise_id: str
    title: str
    note: str
    due: str | None
    assigned_at: str
    status: DeskStatus
    overdue: bool
    """Its date has passed and the client has not said it is finished."""
    after: str | None = None
    after_title: str | None = None
    progress: Status = Status.NOT_STARTED
    """What the client's newest file said about it."""
    answers_shared: int = 0
    reported_at: str | None = None
    """When the client made the newest file that mentioned it (None: none did)."""

    @property
    def done(self) -> bool:
        """Whether the client finished it."""
        return self.progress is Status.COMPLETED


@dataclass(frozen=True)
class DeskClient:
    """One client on the counsellor's desk: what was assigned and what came back.

    Counts count only assigned exercises; ``also_shared`` holds the titles of exercises the
    client shared without their being assigned.
    """

    label: str
    archived: bool
    exercises: tuple[DeskExercise, ...]
    last_received: str | None
    """When the client made the newest file the counsellor kept (None: nothing came back)."""
    last_assigned: str | None
    also_shared: tuple[str, ...] = ()
    answers_shared: int = 0
    """Every answer the client shared, assigned exercise or not."""

    @property
    def assigned(self) -> int:
        """How many exercises are assigned."""
        return len(self.exercises)

    @property
    def done(self) -> int:
        """How many of the assigned exercises are finished."""
        return sum(1 for e in self.exercises if e.done)

    @property
    def overdue(self) -> int:
        """How many assigned exercises are past their date and not finished."""
        return sum(1 for e in self.exercises if e.overdue)

    @property
    def next_due(self) -> str | None:
        """The earliest date of an unfinished exercise, if any has one."""
        return min((e.due for e in self.exercises if e.due and not e.done), default=None)

    @property
    def last_activity(self) -> str | None:
        """The later of the last file received and the last assignment made."""
        stamps = [s for s in (self.last_received, self.last_assigned) if s]
        return max(stamps) if stamps else None
