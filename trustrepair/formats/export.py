"""The export file (``trustrepair-export``): everything one profile holds.

Version 2 (written now) holds ``entries``: every time the person went through an exercise,
with its answers, plus the promises' dated status changes. Version 1 (still read) held one
set of answers and one progress row per exercise; :mod:`trustrepair.services.transfer` turns
it into one entry per exercise.

Documented for people in ``docs/export-format.md``; the schema generated from these models is
``docs/schemas/export.schema.json``. The counsellor/client sections are the rows of the vault
tables of the same name (a test keeps their fields and the tables' columns the same).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator

from trustrepair.domain.answers import Status
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import Role
from trustrepair.domain.promises import PromiseStatus
from trustrepair.formats.fields import (
    MAX_TITLE_CHARS,
    AnswerValue,
    Day,
    FileModel,
    Name,
    Note,
    Position,
    Slug,
    Stamp,
    Title,
    YamlSource,
    one_of,
    problem,
    text_of,
)
from trustrepair.formats.jsonfile import Budget
from trustrepair.formats.settings import ProfileSettings

FORMAT = "trustrepair-export"
MAX_TEXT_CHARS = 5_000_000
VERSION = 2
READ_VERSIONS = (1, 2)
MAX_ROWS = 200_000
BUDGET = Budget(max_bytes=256 * 1024 * 1024, max_values=5_000_000)
"""256 MiB; 200,000 rows of a few values each, with room for list answers."""

Text = Annotated[str, text_of(MAX_TEXT_CHARS)]
OptionalTitle = Annotated[str, text_of(MAX_TITLE_CHARS)]
Value = Annotated[Any, AnswerValue(MAX_TEXT_CHARS)]
StatusText = Annotated[Status, Field(strict=False), one_of(Status)]

DEFAULT_TRACK = Track.HURT
DEFAULT_RELATIONSHIP = Relationship.ROMANTIC


class ExportedProfile(FileModel):
    """Who the profile is. Only a profile the import creates uses more than the name."""

    name: Name
    track: Annotated[Track, Field(strict=False), one_of(Track)] = DEFAULT_TRACK
    relationship: Annotated[Relationship, Field(strict=False), one_of(Relationship)] = (
        DEFAULT_RELATIONSHIP
    )
    description: Text = ""
    created_at: Stamp | None = None
    role: Annotated[Role, Field(strict=False), one_of(Role)] = Role.PERSON


class ExportedAnswer(FileModel):
    """One answer to one step."""

    exercise_id: Slug
    step_id: Slug
    value: Value
    shared: bool = False
    updated_at: Stamp | None = None
    revealed: bool = False


class ExportedProgress(FileModel):
    """How far the person got in one exercise."""

    exercise_id: Slug
    status: StatusText
    current_step: Slug | None = None
    started_at: Stamp | None = None
    completed_at: Stamp | None = None
    updated_at: Stamp | None = None


class ExportedPartnerAnswer(FileModel):
    """A copy of an answer a partner revealed in an exercise for two."""

    exercise_id: Slug
    step_id: Slug
    partner_name: Name
    value: Value
    revealed_at: Stamp | None = None


class AssignmentReceivedRow(FileModel):
    """A client's: one exercise a counsellor assigned (key: counsellor, exercise_id)."""

    counsellor: Name
    exercise_id: Slug
    note: Note = ""
    due: Day | None = None
    assigned_at: Stamp
    imported_at: Stamp
    opens_after: Slug | None = None
    position: Position = 0


class CustomExerciseRow(FileModel):
    """A custom exercise's YAML text (key: exercise_id): a client's, as a counsellor sent it;
    a counsellor's, as they wrote it (``counsellor`` is then their own name)."""

    exercise_id: Slug
    source: YamlSource
    counsellor: Name
    imported_at: Stamp


class AssignmentSentRow(FileModel):
    """A counsellor's: one exercise assigned (key: client, exercise_id, created_at)."""

    client: Name
    exercise_id: Slug
    note: Note = ""
    due: Day | None = None
    created_at: Stamp
    title: OptionalTitle = ""
    opens_after: Slug | None = None
    position: Position = 0


class ClientExerciseRow(FileModel):
    """A counsellor's: how far a client got in one exercise (key: client, exercise_id)."""

    client: Name
    exercise_id: Slug
    title: Title
    status: StatusText
    started_at: Stamp | None = None
    completed_at: Stamp | None = None
    shared_at: Stamp


class ClientAnswerRow(FileModel):
    """A counsellor's: one answer a client shared (key: client, exercise_id, step_id)."""

    client: Name
    exercise_id: Slug
    step_id: Slug
    position: Position = 0
    prompt: Text = ""
    value: Value
    text: Text = ""
    updated_at: Stamp


COUNSEL_ROWS: dict[str, type[FileModel]] = {
    "assignments_received": AssignmentReceivedRow,
    "custom_exercises": CustomExerciseRow,
    "assignments_sent": AssignmentSentRow,
    "client_exercises": ClientExerciseRow,
    "client_answers": ClientAnswerRow,
}
"""The model of each counsellor/client section, by vault table."""

COUNSEL_KEYS: dict[str, tuple[str, ...]] = {
    "assignments_received": ("counsellor", "exercise_id"),
    "custom_exercises": ("exercise_id",),
    "assignments_sent": ("client", "exercise_id", "created_at"),
    "client_exercises": ("client", "exercise_id"),
    "client_answers": ("client", "exercise_id", "step_id"),
}
"""The fields that identify a row of each section (the table's primary key)."""


class _Export(FileModel):
    """What every version of an export holds: the profile, its settings and the
    counsellor/client sections."""

    format: Literal["trustrepair-export"]
    version: int
    exported_at: Stamp | None = None
    profile: ExportedProfile
    settings: ProfileSettings = ProfileSettings()
    assignments_received: list[AssignmentReceivedRow] = []
    custom_exercises: list[CustomExerciseRow] = []
    assignments_sent: list[AssignmentSentRow] = []
    client_exercises: list[ClientExerciseRow] = []
    client_answers: list[ClientAnswerRow] = []

    @model_validator(mode="after")
    def _one_counsel_row_per_key(self) -> Self:
        for table, key in COUNSEL_KEYS.items():
            _unique(
                getattr(self, table), table, key, "a second row with the same " + ", ".join(key)
            )
        return self

    def counsel_rows(self, table: str) -> list[dict[str, Any]]:
        """One counsellor/client section as full rows (every column, defaults filled in)."""
        return [row.model_dump(mode="json") for row in getattr(self, table)]

    @property
    def assumed(self) -> tuple[str, ...]:
        """Profile fields the file left out and that a created profile takes defaults for."""
        return tuple(k for k in ("track", "relationship") if k not in self.profile.model_fields_set)


class ExportFile(_Export):
    """A whole export, version 1. Sections other than ``profile`` and ``answers`` may be left
    out."""

    version: Literal[1]
    answers: list[ExportedAnswer]
    progress: list[ExportedProgress] = []
    partner_answers: list[ExportedPartnerAnswer] = []

    @model_validator(mode="after")
    def _one_row_per_key(self) -> ExportFile:
        _unique(
            self.answers, "answers", ("exercise_id", "step_id"), "a second answer to the same step"
        )
        _unique(
            self.progress,
            "progress",
            ("exercise_id",),
            "a second progress row for the same exercise",
        )
        _unique(
            self.partner_answers,
            "partner_answers",
            ("exercise_id", "step_id", "partner_name"),
            "a second partner answer to the same step",
        )
        return self


class EntryPartnerAnswer(FileModel):
    """A copy of an answer a partner revealed during this entry."""

    step_id: Slug
    partner_name: Name
    value: Value
    revealed_at: Stamp | None = None


class ExportedEntry(FileModel):
    """One time through one exercise (key: exercise_id, started_at)."""

    exercise_id: Slug
    started_at: Stamp
    completed_at: Stamp | None = None
    current_step: Annotated[str, text_of(100)] | None = None
    updated_at: Stamp | None = None
    answers: dict[Slug, Value] = Field(default_factory=dict, max_length=1000)
    shared: list[Slug] = Field(default_factory=list, max_length=1000)
    """The steps whose answers the person marked as shared (in summaries for others)."""
    revealed: list[Slug] = Field(default_factory=list, max_length=1000)
    """The steps whose answers the person revealed to a partner (an audience of its own)."""
    answered_at: dict[Slug, Stamp] = Field(default_factory=dict, max_length=1000)
    """When each answer was last changed (merging keeps the newer); default: updated_at."""
    partner_answers: list[EntryPartnerAnswer] = Field(default_factory=list, max_length=2000)

    @model_validator(mode="after")
    def _steps_answered(self) -> ExportedEntry:
        for field_name in ("shared", "revealed", "answered_at"):
            for step_id in getattr(self, field_name):
                if step_id not in self.answers:
                    raise problem(f"names {step_id!r}, which has no answer", at=field_name)
        _unique(
            self.partner_answers,
            "partner_answers",
            ("step_id", "partner_name"),
            "a second partner answer to the same step",
        )
        return self


class ExportedPromiseChange(FileModel):
    """One change of a promise's status (the promise: an entry's commitment step)."""

    exercise_id: Slug
    started_at: Stamp
    """The entry's start time: with ``exercise_id`` it names the entry."""
    step_id: Slug
    status: Annotated[PromiseStatus, Field(strict=False), one_of(PromiseStatus)]
    note: Note = ""
    changed_at: Stamp


class ExportFileV2(_Export):
    """A whole export, version 2. Sections other than ``profile`` and ``entries`` may be left
    out."""

    version: Literal[2]
    entries: list[ExportedEntry]
    promise_changes: list[ExportedPromiseChange] = []

    @model_validator(mode="after")
    def _one_row_per_key(self) -> ExportFileV2:
        _unique(
            self.entries,
            "entries",
            ("exercise_id", "started_at"),
            "a second entry of the same exercise with the same start time",
        )
        _unique(
            self.promise_changes,
            "promise_changes",
            ("exercise_id", "started_at", "step_id", "changed_at"),
            "a second change of the same promise at the same time",
        )
        entries = {(e.exercise_id, e.started_at): e for e in self.entries}
        for index, change in enumerate(self.promise_changes):
            entry = entries.get((change.exercise_id, change.started_at))
            if entry is None:
                raise problem(
                    "names no entry of this file (exercise_id and started_at)",
                    at=f"promise_changes[{index}]",
                )
            if change.step_id not in entry.answers:
                raise problem(
                    f"names the step {change.step_id!r}, which that entry has no answer to",
                    at=f"promise_changes[{index}].step_id",
                )
        return self


def row_count(document: dict[str, Any]) -> int:
    """How many rows a parsed export holds in all its lists (counted before validation).

    An entry counts once for itself and once per answer.
    """
    sections = ("answers", "progress", "partner_answers", "promise_changes", *COUNSEL_ROWS)
    count = sum(len(v) for k in sections if isinstance(v := document.get(k), list))
    entries = document.get("entries")
    if isinstance(entries, list):
        count += len(entries)
        for entry in entries:
            if isinstance(entry, dict):
                for key in ("answers", "partner_answers"):
                    inner = entry.get(key)
                    count += len(inner) if isinstance(inner, dict | list) else 0
    return count


def _unique(rows: list[Any], section: str, key: tuple[str, ...], message: str) -> None:
    identify = attrgetter(*key)
    identities = [identify(row) for row in rows]
    if len(set(identities)) == len(identities):
        return
    seen: set[Any] = set()
    for index, identity in enumerate(identities):
        if identity in seen:
            raise problem(message, at=f"{section}[{index}]")
        seen.add(identity)
