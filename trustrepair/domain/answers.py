"""Answers, progress and the pure rules over them (which steps show, what counts as done).

How each step kind checks and reads its answer is in :mod:`trustrepair.domain.step_kinds`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Only for annotations: the vault's store reads answers without the exercise models
    # (pydantic), so a command that only reads them never imports those.
    from trustrepair.domain.exercise import AnyStep, Condition, Exercise

JSONValue = Any
"""An answer value as stored: str, int, list[str] or a commitment dict (see docs)."""


class Status(StrEnum):
    """Where a person is with an exercise."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Answer:
    """One saved answer to one step, with its audiences.

    Each audience is its own choice, and none implies another: ``shared`` is shared with a
    counsellor and in summaries for others; ``revealed`` is revealed to a partner in an
    exercise for two. Neither set: private to the person.
    """

    exercise_id: str
    step_id: str
    value: JSONValue
    shared: bool = False
    updated_at: str = ""
    revealed: bool = False
    entry_id: int = 0
    """The entry it belongs to (0: not stored yet, e.g. read from a file)."""


@dataclass(frozen=True)
class PartnerAnswer:
    """A copy of one answer a partner revealed in an exercise for two (never the person's own)."""

    exercise_id: str
    step_id: str
    partner_name: str
    value: JSONValue
    revealed_at: str = ""
    entry_id: int = 0
    """The entry of this vault it was revealed in (0: the exercise's newest)."""


@dataclass(frozen=True)
class Progress:
    """How far a person got in one exercise: its newest entry, and how many came before."""

    exercise_id: str
    status: Status
    current_step: str | None
    started_at: str | None = None
    completed_at: str | None = None
    updated_at: str | None = None
    times_completed: int = 0
    """Entries finished so far, the newest included (a repeatable exercise has many)."""


@dataclass(frozen=True)
class Entry:
    """One time a person went (or is going) through one exercise.

    A repeatable exercise gets a new entry each time; an earlier entry is never changed once
    a newer one exists. ``completed_at`` is None while the entry is unfinished.
    """

    id: int
    exercise_id: str
    started_at: str
    completed_at: str | None = None
    current_step: str | None = None
    updated_at: str = ""

    @property
    def completed(self) -> bool:
        """Whether this time through was finished."""
        return self.completed_at is not None

    @property
    def status(self) -> Status:
        """The entry's status (an entry exists, so it is at least in progress)."""
        return Status.COMPLETED if self.completed else Status.IN_PROGRESS


@dataclass(frozen=True)
class EntryRecord:
    """An entry with its answers (history, export, charts)."""

    entry: Entry
    answers: Mapping[str, Answer]

    def values(self) -> dict[str, JSONValue]:
        """The answer values by step id."""
        return {k: a.value for k, a in self.answers.items()}


class InvalidAnswer(ValueError):
    """An answer value does not fit its step."""


def is_answered(value: JSONValue) -> bool:
    """Whether a stored value counts as an answer (empty text or lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(not isinstance(v, str) or v.strip() for v in value)
    if isinstance(value, dict):
        return bool(str(value.get("text", "")).strip())
    return True


def condition_holds(condition: Condition, answers: Mapping[str, JSONValue]) -> bool:
    """Whether ``condition`` is met by the answers given so far (keyed by step id)."""
    value = answers.get(condition.step)
    name, expected = condition.test
    if name == "answered":
        return is_answered(value) is bool(expected)
    if value is None:
        return False
    if name == "equals":
        return bool(value == expected)
    if name == "not_equals":
        return bool(value != expected)
    if name in ("at_least", "at_most"):
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        bound = int(expected)
        return value >= bound if name == "at_least" else value <= bound
    if name == "includes":
        return isinstance(value, list) and expected in value
    return False  # pragma: no cover


def visible_steps(exercise: Exercise, answers: Mapping[str, JSONValue]) -> list[AnyStep]:
    """The steps a person sees now, given their answers (conditions evaluated in order)."""
    return [s for s in exercise.steps if s.when is None or condition_holds(s.when, answers)]
