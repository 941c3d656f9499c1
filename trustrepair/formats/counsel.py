"""The files a counsellor and a client exchange: assignments and shares (version 2, signed).

Documented for people in ``docs/counsellor.md``; the schemas generated from these models are
``docs/schemas/assignment.schema.json`` and ``docs/schemas/share.schema.json``. Each file is
signed by its sender (:mod:`trustrepair.formats.signature`; version 1 was not signed and is
refused). Whether the assigned exercises exist and the custom ones load is checked by the
services against the client's library, after the signature and the file's shape are sound.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from trustrepair.domain.answers import Status
from trustrepair.formats.fields import (
    AnswerValue,
    Day,
    FileModel,
    Name,
    Note,
    OptionalName,
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
from trustrepair.formats.signature import Signature, SignedVersion

ASSIGNMENT_FORMAT = "trustrepair-assignment"
SHARED_FORMAT = "trustrepair-shared"

MAX_EXERCISES = 200
MAX_CUSTOM = 50
MAX_ANSWERS_PER_EXERCISE = 1000
MAX_TEXT_CHARS = 1_000_000
BUDGET = Budget(max_bytes=64 * 1024 * 1024, max_values=1_000_000)
"""64 MiB; 200 exercises of up to 1,000 answers, with room for list answers."""

Text = Annotated[str, text_of(MAX_TEXT_CHARS)]


class AssignedItem(FileModel):
    """One assigned exercise, with the counsellor's note and due date, and the exercise of
    the same file that opens it (``after``)."""

    exercise_id: Slug
    note: Note = ""
    due: Day | None = None
    after: Slug | None = None


class AssignmentFile(FileModel):
    """What a counsellor gives a client: exercises, notes, dates, custom exercises."""

    format: Literal["trustrepair-assignment"]
    version: SignedVersion
    counsellor: Name
    client: Name
    created_at: Stamp
    exercises: Annotated[list[AssignedItem], Field(min_length=1, max_length=MAX_EXERCISES)]
    custom_exercises: Annotated[list[YamlSource], Field(max_length=MAX_CUSTOM)] = []
    signature: Signature

    @model_validator(mode="after")
    def _each_exercise_once_in_one_sequence(self) -> AssignmentFile:
        seen: set[str] = set()
        for index, item in enumerate(self.exercises):
            if item.exercise_id in seen:
                raise problem(f"{item.exercise_id!r} is assigned twice", at=f"exercises[{index}]")
            seen.add(item.exercise_id)
        opens = {item.exercise_id: item.after for item in self.exercises}
        for index, item in enumerate(self.exercises):
            at = f"exercises[{index}].after"
            if item.after is None:
                continue
            if item.after not in opens:
                raise problem(f"{item.after!r} is not assigned in this file", at=at)
            chain = {item.exercise_id}
            current: str | None = item.after
            while current is not None:
                if current in chain:
                    raise problem("the exercises open after each other in a circle", at=at)
                chain.add(current)
                current = opens[current]
        return self

    def document(self) -> dict[str, Any]:
        """The file's JSON object, as written (an empty note, a missing date and no custom
        exercises are left out)."""
        document = self.model_dump(
            mode="json", exclude={"exercises", "custom_exercises", "signature"}
        )
        document["exercises"] = [
            item.model_dump(mode="json", exclude_defaults=True) for item in self.exercises
        ]
        if self.custom_exercises:
            document["custom_exercises"] = list(self.custom_exercises)
        document["signature"] = self.signature.model_dump(mode="json")
        return document


class SharedAnswerItem(FileModel):
    """One answer a client marked as shared, with the question as they saw it."""

    step_id: Slug
    position: Position = 0
    prompt: Text = ""
    value: Annotated[Any, AnswerValue(MAX_TEXT_CHARS)]
    text: Text
    updated_at: Stamp


class SharedExerciseItem(FileModel):
    """One exercise a client shares: how far they got, and the answers they chose."""

    exercise_id: Slug
    title: Title
    status: Annotated[Status, Field(strict=False), one_of(Status)]
    started_at: Stamp | None = None
    completed_at: Stamp | None = None
    answers: Annotated[list[SharedAnswerItem], Field(max_length=MAX_ANSWERS_PER_EXERCISE)]


class SharedFile(FileModel):
    """What a client gives back to their counsellor."""

    format: Literal["trustrepair-shared"]
    version: SignedVersion
    client: Name
    counsellor: OptionalName = ""
    created_at: Stamp
    exercises: Annotated[list[SharedExerciseItem], Field(max_length=MAX_EXERCISES)]
    signature: Signature

    @model_validator(mode="after")
    def _each_exercise_once(self) -> SharedFile:
        seen: set[str] = set()
        for index, item in enumerate(self.exercises):
            if item.exercise_id in seen:
                raise problem("the same exercise twice", at=f"exercises[{index}]")
            seen.add(item.exercise_id)
        return self

    def document(self) -> dict[str, Any]:
        """The file's JSON object, as written."""
        return self.model_dump(mode="json")
